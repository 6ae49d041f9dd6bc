# The gate: citations, cross-references, figures, data and draft markers are
# checked before anything is rendered, so a bad edit never costs the last
# good build/thesis.pdf. `snakemake --cores 1 check` runs it alone.


rule check:
    input:
        config="config.yaml",
        bib=config["citations"]["bibliography"],
        chapters=get_chapter_asts,
        specs=sorted(str(p) for p in Path("data/diagrams").glob("*.yaml")),
        data=sorted(str(p) for p in Path("data").glob("*.csv")) + sorted(str(p) for p in Path("data").glob("*.yaml")),
        code=sorted(str(p) for p in Path("scripts/check").glob("*.py")),
    output:
        report="build/checks/report.json",
    log:
        "logs/check.log",
    params:
        strict=get_strict_flag(),
    shell:
        "{PY:q} -m scripts.check --config {input.config:q} --bib {input.bib:q} {params.strict}"
        " -o {output.report:q} 2> {log:q}; status=$?; cat {log:q} >&2; exit $status"
