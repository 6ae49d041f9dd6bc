# Drafts for supervisors (scripts/drafts/): `snakemake --cores all draft`
# publishes drafts/<date>-<commit>/ from the committed state and tags it;
# `snakemake --cores 1 feedback --config feedback=PATH.docx` reads a review.
#
# Whether a draft may be made (a clean tree; not yet published; which draft
# to compare with) is decided while the DAG is built, before any job runs:
# a refusal is one message and nothing is written. The draft's files are
# made in build/drafts/<id>/ by the same render steps as the thesis (with the
# draft stamp); only the last step, `draft`, writes under drafts/: one
# atomic rename, then the index, then the tag. No rule has an output under
# drafts/, so Snakemake never deletes a published draft.

import json

DRAFT = "build/drafts/{draft}"
_DRAFT_PLAN = {}


wildcard_constraints:
    draft=r"\d{4}-\d{2}-\d{2}-[0-9a-f]+",


def get_draft_plan():
    """scripts.drafts.git.plan, once per run; a refusal ends the run here."""
    if "plan" not in _DRAFT_PLAN:
        from scripts.drafts import git as draft_git

        try:
            _DRAFT_PLAN["plan"] = draft_git.plan(
                config.get("since") or None, config["citations"]["bibliography"]
            )
        except ThesisError as exc:
            sys.stderr.write(f"{exc}\n")
            sys.exit(1)
    return _DRAFT_PLAN["plan"]


def draft_inputs(wildcards):
    """What `draft` publishes: nothing when this commit's draft exists."""
    plan = get_draft_plan()
    if plan.published:
        return {}
    d = DRAFT.format(draft=plan.id)
    files = dict(
        pdf=f"{d}/thesis.pdf",
        docx=f"{d}/thesis.docx",
        record=f"{d}/draft.json",
        ast=f"{d}/thesis.json",
        index="templates/drafts-index.html.j2",
        code=["scripts/drafts/publish.py", "scripts/drafts/git.py"],
    )
    if plan.previous:
        files.update(changes=f"{d}/changes.docx", html=f"{d}/changes.html")
    return files


def draft_meta(wildcards, kind=""):
    commit = wildcards.draft.rsplit("-", 1)[1]
    return (
        f"--meta draft-id={wildcards.draft} --meta draft-commit={commit}"
        f" --meta {shlex.quote(f'subject=draft {wildcards.draft}{kind}')}"
    )


def previous_inputs(wildcards):
    """The previous draft's cited AST as published, or what re-citing it needs."""
    plan = get_draft_plan()
    stored = Path("drafts") / (plan.previous_id or "-") / "thesis.json"
    if stored.is_file():
        return {"stored": str(stored)}
    return dict(
        config="build/config.json",
        front="build/ast/_front-pages.json",
        figures_meta="build/figures/figures.json",
        bib=config["citations"]["bibliography"],
        csl="build/style.csl",
        filters=[
            "filters/data-in-text/data-in-text.lua",
            "filters/crossref/crossref.lua",
            "filters/figures/figures.lua",
        ],
    )


def previous_args(wildcards, input):
    if "stored" in input.keys():
        return f"--stored {shlex.quote(input.stored)}"
    return (
        f"--config {input.config} --front-pages {input.front} --figures-meta {input.figures_meta}"
        f" --bib {shlex.quote(input.bib)} --csl {input.csl}"
    )


rule draft:
    input:
        unpack(draft_inputs),
    params:
        py=PY,
        plan=lambda wildcards: get_draft_plan().as_dict(),
        since=config.get("since", ""),
        bib=config["citations"]["bibliography"],
    shell:
        "if [ {params.plan[published]} = True ]; then"
        " echo 'draft {params.plan[id]} is already published in drafts/{params.plan[id]}/ — nothing to do;"
        " commit a change to make a new draft' >&2;"
        " else {params.py:q} -m scripts.drafts.publish publish --id {params.plan[id]}"
        " --stage build/drafts/{params.plan[id]} --since={params.since:q} --bibliography {params.bib:q}; fi"


rule draft_plan_file:
    output:
        plan=f"{DRAFT}/plan.json",
    params:
        plan=lambda wildcards: json.dumps(get_draft_plan().as_dict()),
    run:
        Path(output.plan).write_text(params.plan + "\n", encoding="utf-8")


rule draft_pdf:
    input:
        ast="build/thesis.cited.json",
        verified="build/checks/verify.json",
        template="templates/thesis.typ",
        filters=["filters/layout/layout.lua", "filters/draft-markers/draft-markers.lua"],
        figures="build/figures/drawn.json",
        code="scripts/render.py",
    output:
        pdf=f"{DRAFT}/thesis.pdf",
        typ=f"{DRAFT}/thesis.typ",
    log:
        "logs/drafts/{draft}/pdf.log",
    params:
        py=PY,
        standards=get_pdf_standards(),
        meta=draft_meta,
    shell:
        "timeout 600 {params.py:q} -m scripts.render pdf {input.ast:q} --template {input.template:q}"
        " --typst-source {output.typ:q} {params.standards} {params.meta} -o {output.pdf:q} 2> {log:q}"
        " || {{ cat {log:q} >&2; exit 1; }}"


rule draft_docx:
    input:
        ast="build/thesis.cited.json",
        verified="build/checks/verify.json",
        reference="build/reference.docx",
        filters=["filters/layout/layout.lua", "filters/draft-markers/draft-markers.lua"],
        figures="build/figures/drawn.json",
        code="scripts/render.py",
    output:
        docx=f"{DRAFT}/thesis.docx",
    log:
        "logs/drafts/{draft}/docx.log",
    params:
        py=PY,
        meta=draft_meta,
    shell:
        "{params.py:q} -m scripts.render docx {input.ast:q} --reference {input.reference:q}"
        " {params.meta} -o {output.docx:q} 2> {log:q} || {{ cat {log:q} >&2; exit 1; }}"


rule draft_source:
    input:
        ast="build/thesis.cited.json",
    output:
        ast=f"{DRAFT}/thesis.json",
    shell:
        "cp {input.ast:q} {output.ast:q}"


rule draft_previous:
    input:
        unpack(previous_inputs),
        plan=f"{DRAFT}/plan.json",
        code=["scripts/drafts/previous.py", "scripts/drafts/git.py"],
    output:
        ast=f"{DRAFT}/previous.json",
    log:
        "logs/drafts/{draft}/previous.log",
    params:
        py=PY,
        ref=lambda wildcards: get_draft_plan().previous,
        args=previous_args,
    shell:
        "{params.py:q} -m scripts.drafts.previous --ref {params.ref:q} {params.args} -o {output.ast:q} 2> {log:q}"
        " || {{ cat {log:q} >&2; exit 1; }}"


rule draft_changes:
    input:
        old=f"{DRAFT}/previous.json",
        new="build/thesis.cited.json",
        draft_docx=f"{DRAFT}/thesis.docx",
        reference="build/reference.docx",
        report="build/checks/report.json",
        sources=get_chapter_sources,
        asts=get_chapter_asts,
        filters=["filters/layout/layout.lua", "filters/draft-markers/draft-markers.lua"],
        # the figures the DOCX embeds
        figures="build/figures/drawn.json",
        template="templates/changes.html.j2",
        code=[
            "scripts/drafts/changes.py",
            "scripts/drafts/redline.py",
            "scripts/drafts/revisions.py",
            "scripts/drafts/sources.py",
            "scripts/locate.py",
        ],
    output:
        docx=f"{DRAFT}/changes.docx",
        html=f"{DRAFT}/changes.html",
        summary=f"{DRAFT}/changes.json",
    log:
        "logs/drafts/{draft}/changes.log",
    params:
        py=PY,
        previous=lambda wildcards: get_draft_plan().previous_id,
        date=lambda wildcards: get_draft_plan().date,
    shell:
        "{params.py:q} -m scripts.drafts.changes --old {input.old:q} --new {input.new:q}"
        " --draft-docx {input.draft_docx:q} --reference {input.reference:q} --report {input.report:q}"
        " --id {wildcards.draft} --previous-id {params.previous:q} --date {params.date:q}"
        " --chapters {input.sources:q} --asts {input.asts:q}"
        " --docx-out {output.docx:q} --html-out {output.html:q} --json-out {output.summary:q} 2> {log:q}"
        " && status=0 || status=$?; cat {log:q} >&2; exit $status"


def record_inputs(wildcards):
    d = DRAFT.format(draft=wildcards.draft)
    return {"changes": f"{d}/changes.json"} if get_draft_plan().previous else {}


rule draft_record:
    input:
        unpack(record_inputs),
        plan=f"{DRAFT}/plan.json",
        pdf=f"{DRAFT}/thesis.pdf",
        cited="build/thesis.cited.json",
        report="build/checks/report.json",
        code="scripts/drafts/publish.py",
    output:
        record=f"{DRAFT}/draft.json",
    log:
        "logs/drafts/{draft}/record.log",
    params:
        py=PY,
        changes=lambda wildcards, input: (
            f"--changes {input.changes}" if "changes" in input.keys() else ""
        ),
    shell:
        "{params.py:q} -m scripts.drafts.publish record --id {wildcards.draft} --plan {input.plan:q}"
        " --pdf {input.pdf:q} --cited {input.cited:q} --report {input.report:q} {params.changes}"
        " -o {output.record:q} 2> {log:q} || {{ cat {log:q} >&2; exit 1; }}"


def get_feedback_draft_ast(wildcards):
    """The cited AST of the draft the review names (its footnotes' citations)."""
    import re
    import zipfile

    try:
        with zipfile.ZipFile(get_feedback_docx(wildcards)) as z:
            core = z.read("docProps/core.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return []
    m = re.search(r"<dc:subject>\s*draft ([0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9a-f]+)", core)
    ast = Path("drafts") / (m.group(1) if m else "-") / "thesis.json"
    return [str(ast)] if ast.is_file() else []


def feedback_stem():
    """feedback/<draft>-<reviewer>-<hash>: one pair of files per review."""
    from scripts.drafts.feedback import review_stem

    path = config.get("feedback")
    return review_stem(path) if path else "none"


FEEDBACK_STEM = feedback_stem()


rule feedback:
    input:
        docx=get_feedback_docx,
        draft_ast=get_feedback_draft_ast,
        # the current source, to point each item at its line
        sources=get_chapter_sources,
        asts=get_chapter_asts,
        data=sorted(str(p) for p in Path("data").glob("*.csv"))
        + sorted(str(p) for p in Path("data").glob("*.yaml")),
        code=[
            "scripts/drafts/feedback.py",
            "scripts/drafts/sources.py",
            "scripts/locate.py",
        ],
    output:
        md=f"feedback/{FEEDBACK_STEM}.md",
        csv=f"feedback/{FEEDBACK_STEM}.csv",
    log:
        f"logs/feedback/{FEEDBACK_STEM}.log",
    conda:
        "../environment.yml"
    params:
        py=PY,
    shell:
        "{params.py:q} -m scripts.drafts.feedback {input.docx:q} --chapters {input.sources:q} --asts {input.asts:q}"
        " --data {input.data:q} --md {output.md:q} --csv {output.csv:q} 2> {log:q}"
        " && status=0 || status=$?; cat {log:q} >&2; exit $status"
