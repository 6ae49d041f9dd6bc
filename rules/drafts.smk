# Drafts for supervisors (scripts/drafts.py): `snakemake --cores all draft`
# publishes drafts/<date>-<commit>/ from the committed state and tags it;
# `snakemake --cores 1 feedback --config feedback=PATH.docx` reads a review.


rule draft:
    input:
        cited="build/thesis.cited.json",
        published="build/thesis.pdf",
        reference="build/reference.docx",
        template="templates/thesis.typ",
        code="scripts/drafts.py",
    output:
        pdf=f"drafts/{get_draft_id()}/thesis.pdf",
    log:
        "logs/draft.log",
    conda:
        "../environment.yml"
    params:
        py=PY,
        since=config.get("since", ""),
    shell:
        "{params.py:q} -m scripts.drafts publish --since={params.since:q} 2> {log:q}"
        " && status=0 || status=$?; cat {log:q} >&2; exit $status"


rule feedback:
    input:
        docx=get_feedback_docx,
        code="scripts/drafts.py",
    output:
        done=touch(f"logs/feedback/{Path(config.get('feedback', 'none')).stem}.done"),
    log:
        f"logs/feedback/{Path(config.get('feedback', 'none')).stem}.log",
    conda:
        "../environment.yml"
    params:
        py=PY,
    shell:
        "{params.py:q} -m scripts.drafts feedback {input.docx:q} 2> {log:q}"
        " && status=0 || status=$?; cat {log:q} >&2; exit $status"
