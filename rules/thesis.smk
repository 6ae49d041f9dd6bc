# Chapters -> one AST (read once per chapter) -> citations (once) -> PDF and DOCX.
# Priorities put the jobs on the way to the PDF (chapters first, the longest;
# then front pages, style, cite, pdf) ahead of the rest when both cores are busy.


# All chapters are read by one pandoc process (scripts/read_chapters.lua),
# which reuses the cached AST of every chapter whose text did not change:
# a full build pays pandoc's start-up once, an edit re-reads one chapter.
rule chapters:
    input:
        md=get_chapter_sources,
        reader="scripts/read_chapters.lua",
    output:
        ast=get_chapter_asts(),
        # pandoc's reader warnings per chapter, located: the check reports them
        warnings="build/checks/reader-warnings.json",
    log:
        "logs/chapters.log",
    benchmark:
        "logs/benchmarks/chapters.tsv"
    priority: 60
    params:
        # where get_chapter_asts() expects them; the cache of unchanged
        # chapters' ASTs (build/cache/ast) is no output: it must outlive a run
        ast_dir=lambda wildcards, output: Path(output.ast[0]).parent,
    run:
        step.run(
            "pandoc lua {input.reader} {pandoc} build/cache/ast {params.ast_dir} {output.warnings} {input.md}",
            echo=True,
            timeout=TOOL_TIMEOUT_S,
        )


rule front_pages:
    input:
        config="config.yaml",
        template="templates/frontmatter.md.j2",
        code="scripts/frontmatter.py",
    output:
        md="build/md/front-pages.md",
        ast="build/ast/_front-pages.json",
        # config.yaml is read here, once: the later steps read this
        config="build/config.json",
    log:
        "logs/front_pages.log",
    priority: 50
    run:
        step.run(
            "python -m scripts.frontmatter --config {input.config} --template {input.template}"
            " --config-out {output.config} -o {output.md}",
            "python -m scripts.read_chapter {output.md} {output.ast}",
        )


rule csl_style:
    input:
        config="config.yaml",
        code="scripts/csl_style.py",
    output:
        csl="build/style.csl",
    log:
        "logs/csl_style.log",
    priority: 50
    params:
        style=config["citations"]["style"],
        plain=[] if config["citations"].get("indonesian_terms", True) else ["--plain"],
    run:
        step.run(
            "python -m scripts.csl_style --style {params.style} {params.plain} -o {output.csl}"
        )


# Joining the chapters and citing run beside the check (two cores): the
# check gates rendering, not this step, which only builds an AST.
rule cite:
    input:
        config="build/config.json",
        front="build/ast/_front-pages.json",
        chapters=get_chapter_asts,
        figures_meta="build/figures/figures.json",
        bib=config["citations"]["bibliography"],
        bib_json="build/bib.json",
        csl="build/style.csl",
        filters=[
            "filters/data-in-text/data-in-text.lua",
            "filters/crossref/crossref.lua",
            "filters/figures/figures.lua",
            "filters/inline-sources/inline-sources.lua",
        ],
        code=[
            "scripts/assemble.py",
            "scripts/render.py",
            "scripts/foreign_terms.py",
            "scripts/bibliography.py",
        ],
    output:
        ast="build/thesis.cited.json",
        # pandoc's citeproc warnings, for the verification before publishing
        warnings="build/checks/citeproc-warnings.txt",
    log:
        "logs/cite.log",
    benchmark:
        "logs/benchmarks/cite.tsv"
    priority: 40
    run:
        step.run(
            "python -m scripts.render cite --config {input.config} --front-pages {input.front}"
            " --chapters {input.chapters} --figures-meta {input.figures_meta} --bib {input.bib}"
            " --bib-json {input.bib_json} --csl {input.csl}"
            " --log {output.warnings} -o {output.ast}"
        )


rule pdf:
    input:
        ast="build/thesis.cited.json",
        check="build/checks/report.json",
        template="templates/thesis.typ",
        filters=["filters/layout/layout.lua", "filters/draft-markers/draft-markers.lua"],
        figures="build/figures/drawn.json",
        code="scripts/render.py",
    output:
        pdf="build/render/thesis.pdf",
        typ="build/render/thesis.typ",
    log:
        "logs/pdf.log",
    benchmark:
        "logs/benchmarks/pdf.tsv"
    priority: 30
    params:
        standards=get_pdf_standards(),
    run:
        step.run(
            "python -m scripts.render pdf {input.ast} --template {input.template}"
            " --typst-source {output.typ} {params.standards} -o {output.pdf}",
            echo=True,
        )


rule reference_docx:
    input:
        config="build/config.json",
        code="scripts/reference_docx.py",
    output:
        docx="build/reference.docx",
    log:
        "logs/reference_docx.log",
    run:
        step.run(
            "python -m scripts.reference_docx --config {input.config} -o {output.docx}"
        )


rule docx:
    input:
        ast="build/thesis.cited.json",
        check="build/checks/report.json",
        reference="build/reference.docx",
        filters=["filters/layout/layout.lua", "filters/draft-markers/draft-markers.lua"],
        figures="build/figures/drawn.json",
        code=["scripts/render.py", "scripts/docx_finish.py"],
    output:
        docx="build/render/thesis.docx",
    log:
        "logs/docx.log",
    benchmark:
        "logs/benchmarks/docx.tsv"
    run:
        step.run(
            "python -m scripts.render docx {input.ast} --reference {input.reference} -o {output.docx}"
        )


# Rendering writes to build/render/; the renders are verified (no raw
# citations, notes in both formats, every cited work listed) and only then
# copied to build/thesis.{pdf,docx}. Snakemake deletes a job's outputs before
# it runs, so a failing render must never own the published files.
rule publish:
    input:
        pdf="build/render/thesis.pdf",
        docx="build/render/thesis.docx",
        typ="build/render/thesis.typ",
        cited="build/thesis.cited.json",
        warnings="build/checks/citeproc-warnings.txt",
        code="scripts/check/verify.py",
    output:
        # update(): Snakemake neither deletes these before the job nor
        # leaves them deleted when it fails (it restores them), so a render
        # that fails verification never costs the last good thesis; the
        # script replaces them by atomic rename only when all is well.
        pdf=update("build/thesis.pdf"),
        docx=update("build/thesis.docx"),
        report="build/checks/verify.json",
    log:
        "logs/publish.log",
    benchmark:
        "logs/benchmarks/publish.tsv"
    run:
        step.run(
            "python -m scripts.check.verify --pdf {input.pdf} --docx {input.docx}"
            " --typst-source {input.typ} --cited {input.cited} --citeproc-warnings {input.warnings}"
            " --publish-pdf {output.pdf} --publish-docx {output.docx} -o {output.report}",
            echo=True,
        )
