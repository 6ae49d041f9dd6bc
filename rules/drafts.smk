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
    conda:
        "../environment.yml"
    params:
        py=PY,
        plan=lambda wildcards: get_draft_plan().as_dict(),
        since=config.get("since", ""),
        bib=config["citations"]["bibliography"],
    shell:
        "{{ if [ {params.plan[published]} = True ]; then"
        " echo 'draft {params.plan[id]} is already published in drafts/{params.plan[id]}/ — nothing to do;"
        " commit a change to make a new draft' >&2;"
        " else {params.py:q} -m scripts.drafts.publish publish --id {params.plan[id]}"
        " --stage build/drafts/{params.plan[id]} --since={params.since:q} --bibliography {params.bib:q}; fi; }}"
        " 2> {log:q} && status=0 || status=$?; cat {log:q} >&2; exit $status"


rule draft_plan_file:
    output:
        plan=f"{DRAFT}/plan.json",
    log:
        "logs/drafts/{draft}/plan.log",
    conda:
        "../environment.yml"
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
    conda:
        "../environment.yml"
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
    conda:
        "../environment.yml"
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
    log:
        "logs/drafts/{draft}/source.log",
    conda:
        "../environment.yml"
    shell:
        "cp {input.ast:q} {output.ast:q} 2> {log:q}"


rule draft_previous:
    input:
        unpack(previous_inputs),
        plan=f"{DRAFT}/plan.json",
        code=["scripts/drafts/previous.py", "scripts/drafts/git.py"],
    output:
        ast=f"{DRAFT}/previous.json",
    log:
        "logs/drafts/{draft}/previous.log",
    conda:
        "../environment.yml"
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
    conda:
        "../environment.yml"
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
    conda:
        "../environment.yml"
    params:
        py=PY,
        changes=lambda wildcards, input: (
            f"--changes {input.changes}" if "changes" in input.keys() else ""
        ),
    shell:
        "{params.py:q} -m scripts.drafts.publish record --id {wildcards.draft} --plan {input.plan:q}"
        " --pdf {input.pdf:q} --cited {input.cited:q} --report {input.report:q} {params.changes}"
        " -o {output.record:q} 2> {log:q} || {{ cat {log:q} >&2; exit 1; }}"


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
    conda:
        "../environment.yml"
    params:
        py=PY,
    shell:
        "{params.py:q} -m scripts.drafts.feedback {input.review:q} --chapters {input.sources:q} --asts {input.asts:q}"
        " --data {input.data:q} --md {output.md:q} --csv {output.csv:q} 2> {log:q}"
        " && status=0 || status=$?; cat {log:q} >&2; exit $status"
