# The data (codebook, evidence, timeline, diagram specs) is read and
# validated once, by the `data` rule, into build/data.json. From it, two
# parallel jobs: figures.json (metadata and the numbers quoted in the text;
# no matplotlib, so citing never waits for it) and the drawing of every
# figure in one Python process (matplotlib's import dominates a figure's
# cost), which only the renders wait for.


rule data:
    input:
        specs=sorted(
            str(p)
            for p in Path("data/diagrams").glob("*.yaml")
            if not p.name.startswith("_")
        ),
        legend="data/diagrams/_legend.yaml",
        data=sorted(str(p) for p in Path("data").glob("*.csv"))
        + sorted(str(p) for p in Path("data").glob("*.yaml")),
        code=[
            "scripts/data.py",
            "scripts/evidence.py",
            "scripts/diagram_specs.py",
            "scripts/diagram_text.py",
        ]
        + [
            f"schemas/{s}.schema.yaml"
            for s in ("diagram", "codebook", "evidence", "timeline")
        ],
    output:
        data="build/data.json",
    log:
        "logs/data.log",
    benchmark:
        "logs/benchmarks/data.tsv"
    priority: 50
    run:
        step.run(
            "python -m scripts.data --data {input.data} --specs {input.specs} --legend {input.legend}"
            " -o {output.data}"
        )


FIGURE_INPUTS = dict(
    data="build/data.json",
    code=[
        "scripts/figures.py",
        "scripts/diagrams.py",
        "scripts/diagram_text.py",
        "scripts/evidence_numbers.py",
        "scripts/evidence_charts.py",
        "scripts/labels.py",
        # the figures' words in the thesis's language
        "templates/labels.yaml",
    ],
)


rule figure_data:
    input:
        **FIGURE_INPUTS,
    output:
        meta="build/figures/figures.json",
    log:
        "logs/figure_data.log",
    benchmark:
        "logs/benchmarks/figure_data.tsv"
    priority: 50
    params:
        language=config.get("language", "id"),
    run:
        step.run(
            "python -m scripts.figures --metadata-only --data-json {input.data}"
            " --language {params.language} -o {output.meta}"
        )


rule figures:
    input:
        **FIGURE_INPUTS,
    output:
        drawn="build/figures/drawn.json",
        # the drawings themselves, so the DAG knows them (drawn.json lists
        # their SHA-256 for the renders)
        files=get_drawn_figures(),
    log:
        "logs/figures.log",
    benchmark:
        "logs/benchmarks/figures.tsv"
    params:
        out_dir=lambda wildcards, output: str(Path(output.drawn).parent),
        # the body font, in the figures too; the log names the one used
        fonts=config["layout"]["fonts"],
        language=config.get("language", "id"),
    run:
        step.run(
            "python -m scripts.figures --data-json {input.data} --out-dir {params.out_dir}"
            " --fonts {params.fonts} --language {params.language} -o {output.drawn}",
            echo=True,
        )
