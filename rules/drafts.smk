# Drafts for supervisors (scripts/drafts/): `snakemake --cores all draft`
# publishes drafts/<date>-<commit>/ from the committed state and tags it;
# `snakemake --cores 1 feedback --config feedback=PATH.docx` (or .pdf) reads a review.
#
# Whether a draft may be made (a clean tree; not yet published; which draft
# to compare with) is decided while the DAG is built, before any job runs:
# a refusal is one message and nothing is written. The draft's files are
# made in build/drafts/<id>/ by the same render steps as the thesis (with the
# draft stamp); only the last step, `draft`, writes under drafts/: one
# atomic rename, then the index, then the tag. No rule has an output under
# drafts/, so Snakemake never deletes a published draft.


wildcard_constraints:
    draft=r"\d{4}-\d{2}-\d{2}-[0-9a-f]+",


rule draft:
    input:
        unpack(draft_inputs),
    log:
        "logs/drafts/draft.log",
    params:
        plan=lambda wildcards: get_draft_plan().as_dict(),
        since=config.get("since", ""),
        bib=config["citations"]["bibliography"],
    run:
        if params.plan["published"]:
            step.say(
                f"draft {params.plan['id']} is already published in drafts/{params.plan['id']}/"
                " — nothing to do; commit a change to make a new draft"
            )
        else:
            step.run(
                "python -m scripts.drafts.publish publish --id {params.plan[id]}"
                " --stage build/drafts/{params.plan[id]} --since={params.since} --bibliography {params.bib}",
                echo=True,
            )


rule draft_plan_file:
    output:
        plan=f"{DRAFT}/plan.json",
    log:
        "logs/drafts/{draft}/plan.log",
    params:
        plan=lambda wildcards: json.dumps(get_draft_plan().as_dict()),
    run:
        Path(output.plan).write_text(f"{params.plan}\n", encoding="utf-8")


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
        standards=get_pdf_standards(),
        meta=draft_meta,
    run:
        step.run(
            "python -m scripts.render pdf {input.ast} --template {input.template}"
            " --typst-source {output.typ} {params.standards} {params.meta} -o {output.pdf}"
        )


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
        meta=draft_meta,
    run:
        step.run(
            "python -m scripts.render docx {input.ast} --reference {input.reference}"
            " {params.meta} -o {output.docx}"
        )


rule draft_source:
    input:
        ast="build/thesis.cited.json",
    output:
        ast=f"{DRAFT}/thesis.json",
    log:
        "logs/drafts/{draft}/source.log",
    run:
        step.copy(input.ast, output.ast)


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
        ref=lambda wildcards: get_draft_plan().previous,
        args=previous_args,
    run:
        step.run(
            "python -m scripts.drafts.previous --ref {params.ref} {params.args} -o {output.ast}"
        )


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
        previous=lambda wildcards: get_draft_plan().previous_id,
        date=lambda wildcards: get_draft_plan().date,
    run:
        step.run(
            "python -m scripts.drafts.changes --old {input.old} --new {input.new}"
            " --draft-docx {input.draft_docx} --reference {input.reference} --report {input.report}"
            " --id {wildcards.draft} --previous-id {params.previous} --date {params.date}"
            " --chapters {input.sources} --asts {input.asts}"
            " --docx-out {output.docx} --html-out {output.html} --json-out {output.summary}",
            echo=True,
        )


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
        changes=lambda wildcards, input: (
            ["--changes", input.changes] if "changes" in input.keys() else []
        ),
    run:
        step.run(
            "python -m scripts.drafts.publish record --id {wildcards.draft} --plan {input.plan}"
            " --pdf {input.pdf} --cited {input.cited} --report {input.report} {params.changes}"
            " -o {output.record}"
        )


rule feedback:
    input:
        review=get_feedback_review,
        draft_ast=get_feedback_draft_ast,
        # the current source, to point each item at its line
        sources=get_chapter_sources,
        asts=get_chapter_asts,
        data=sorted(str(p) for p in Path("data").glob("*.csv"))
        + sorted(str(p) for p in Path("data").glob("*.yaml")),
        code=[
            "scripts/drafts/feedback.py",
            "scripts/drafts/feedback_pdf.py",
            "scripts/drafts/draft_text.py",
            "scripts/drafts/identity.py",
            "scripts/drafts/sources.py",
            "scripts/locate.py",
        ],
    output:
        md=f"feedback/{FEEDBACK_STEM}.md",
        csv=f"feedback/{FEEDBACK_STEM}.csv",
    log:
        f"logs/feedback/{FEEDBACK_STEM}.log",
    run:
        step.run(
            "python -m scripts.drafts.feedback {input.review} --chapters {input.sources} --asts {input.asts}"
            " --data {input.data} --md {output.md} --csv {output.csv}",
            echo=True,
        )
