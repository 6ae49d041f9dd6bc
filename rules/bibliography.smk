# The bibliography is read once, here, into build/bib.json: entries with
# their lines, and every finding of the reader (pandoc's grammar, encoding,
# crossref/xdata cycles). The check and cite both read that file.


rule bibliography:
    input:
        bib=config["citations"]["bibliography"],
        code="scripts/bibliography.py",
    output:
        json="build/bib.json",
    log:
        "logs/bibliography.log",
    benchmark:
        "logs/benchmarks/bibliography.tsv"
    priority: 50
    run:
        step.run("python -m scripts.bibliography {input.bib} -o {output.json}")
