# Every figure from data/, drawn in one Python process (matplotlib's import
# dominates a figure's cost), plus figures.json for the filters.


rule figures:
    input:
        specs=sorted(str(p) for p in Path("data/diagrams").glob("*.yaml")),
        data=sorted(str(p) for p in Path("data").glob("*.csv"))
        + sorted(str(p) for p in Path("data").glob("*.yaml")),
        code=["scripts/diagrams.py", "scripts/figures.py", "scripts/evidence.py"],
    output:
        meta="build/figures/figures.json",
    log:
        "logs/figures.log",
    benchmark:
        "logs/benchmarks/figures.tsv"
    conda:
        "../environment.yml"
    params:
        py=PY,
    shell:
        "{params.py:q} -m scripts.figures --diagrams data/diagrams --data data --out-dir build/figures"
        " -o {output.meta:q} 2> {log:q} || {{ cat {log:q} >&2; exit 1; }}"
