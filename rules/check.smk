# The gate: citations, cross-references, figures, data and draft markers are
# checked before anything is rendered, so a bad edit never costs the last
# good build/thesis.pdf. `snakemake --cores 1 check` runs it alone.


rule check:
    input:
        config="build/config.json",
        bib=config["citations"]["bibliography"],
        bib_json="build/bib.json",
        # the Markdown is read only to put a line on each finding
        sources=get_chapter_sources,
        chapters=get_chapter_asts,
        reader_warnings="build/checks/reader-warnings.json",
        figures_meta="build/figures/figures.json",
        data="build/data.json",
        code=[
            "scripts/bibliography.py",
            "scripts/check/bib.py",
            "scripts/check/document.py",
            "scripts/check/reader.py",
            "scripts/check/run.py",
            "scripts/markers.py",
            "scripts/locate.py",
            "scripts/evidence.py",
            "scripts/data.py",
        ],
    output:
        report="build/checks/report.json",
        markers="build/checks/markers.txt",
    log:
        "logs/check.log",
    benchmark:
        "logs/benchmarks/check.tsv"
    params:
        strict=get_strict_flag(),
        strays=get_stray_flags(),
    run:
        step.run(
            "python -m scripts.check --config {input.config} --bib {input.bib} --bib-json {input.bib_json}"
            " --chapters {input.sources} --asts {input.chapters} --reader-warnings {input.reader_warnings}"
            " --figures-meta {input.figures_meta}"
            " --data-json {input.data} {params.strays} {params.strict}"
            " -o {output.report} --markers {output.markers}",
            echo=True,
        )
