# Input functions and constants of rules/drafts.smk (kept apart from the
# rules, as snakemake --lint asks): the draft plan, decided once per run
# while the DAG is built, and the files each draft step reads.

import json

DRAFT = "build/drafts/{draft}"


_DRAFT_PLAN = {}


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


def draft_meta(wildcards):
    """The draft stamp (title page, page headers) and identity (the files'
    subject, scripts/drafts/identity.py) of a draft's PDF and DOCX."""
    from scripts.drafts.identity import Identity, subject

    return [
        *("--meta", f"draft-id={wildcards.draft}"),
        *("--meta", f"draft-commit={Identity(wildcards.draft).commit}"),
        *("--meta", f"subject={subject(wildcards.draft)}"),
    ]


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
        bib_json="build/bib.json",
        csl="build/style.csl",
        filters=[
            "filters/data-in-text/data-in-text.lua",
            "filters/crossref/crossref.lua",
            "filters/figures/figures.lua",
            "filters/inline-sources/inline-sources.lua",
        ],
    )


def previous_args(wildcards, input):
    if "stored" in input.keys():
        return ["--stored", input.stored]
    return [
        *("--config", input.config),
        *("--front-pages", input.front),
        *("--figures-meta", input.figures_meta),
        *("--bib", input.bib),
        *("--bib-json", input.bib_json),
        *("--csl", input.csl),
    ]


def record_inputs(wildcards):
    d = DRAFT.format(draft=wildcards.draft)
    return {"changes": f"{d}/changes.json"} if get_draft_plan().previous else {}


def get_feedback_draft_ast(wildcards):
    """The cited AST of the draft the review names (its text, its notes'
    citations), by scripts/drafts/identity.py, the one reader of it."""
    from scripts.drafts.identity import read

    found = read(get_feedback_review(wildcards))
    ast = Path("drafts") / (found.id if found else "-") / "thesis.json"
    return [str(ast)] if ast.is_file() else []


def feedback_stem():
    """feedback/<draft>-<reviewer>-<hash>: one pair of files per review. A
    draft's PDF without annotations ends the run here, in one line, exit 0."""
    from scripts.drafts.feedback import nothing_to_read, review_stem

    path = config.get("feedback")
    said = nothing_to_read(path) if path else None
    if said:
        sys.stderr.write(f"{said}\n")
        sys.exit(0)
    return review_stem(path) if path else "none"


FEEDBACK_STEM = feedback_stem()
