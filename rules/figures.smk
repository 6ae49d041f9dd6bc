# Figures from data/ in two parallel jobs: figures.json (metadata and the
# numbers quoted in the text; no matplotlib, so citing never waits for it)
# and the drawing of every figure in one Python process (matplotlib's import
# dominates a figure's cost), which only the renders wait for.

FIGURE_INPUTS = dict(
    specs=sorted(
        str(p)
        for p in Path("data/diagrams").glob("*.yaml")
        if not p.name.startswith("_")
    ),
    legend="data/diagrams/_legend.yaml",
    data=sorted(str(p) for p in Path("data").glob("*.csv"))
    + sorted(str(p) for p in Path("data").glob("*.yaml")),
    code=["scripts/diagrams.py", "scripts/figures.py", "scripts/evidence.py"]
    + [
        f"schemas/{s}.schema.yaml"
        for s in ("diagram", "codebook", "evidence", "timeline")
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
    conda:
        "../environment.yml"
    params:
        py=PY,
    shell:
        "{params.py:q} -m scripts.figures --metadata-only --specs {input.specs:q} --legend {input.legend:q} --data data"
        " -o {output.meta:q} 2> {log:q} || {{ cat {log:q} >&2; exit 1; }}"


rule figures:
    input:
        **FIGURE_INPUTS,
    output:
        drawn="build/figures/drawn.json",
    log:
        "logs/figures.log",
    benchmark:
        "logs/benchmarks/figures.tsv"
    conda:
        "../environment.yml"
    params:
        py=PY,
        # the body font, in the figures too; the log names the one used
        fonts=config["layout"]["fonts"],
    shell:
        "{params.py:q} -m scripts.figures --specs {input.specs:q} --legend {input.legend:q} --data data --out-dir build/figures"
        " --fonts {params.fonts:q} -o {output.drawn:q} 2> {log:q} && status=0 || status=$?; cat {log:q} >&2; exit $status"
