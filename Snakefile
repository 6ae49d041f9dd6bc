# The thesis as a build: chapters/, data/ and references.bib in,
# build/thesis.pdf and build/thesis.docx out. Logic lives in scripts/ and
# filters/; rules/ wires it together.
from snakemake.utils import min_version

min_version("9.0")

# config.yaml is read by rules/common.smk (located YAML errors), not by
# `configfile:`.


include: "rules/common.smk"
include: "rules/figures.smk"
include: "rules/bibliography.smk"
include: "rules/check.smk"
include: "rules/thesis.smk"
include: "rules/drafts_inputs.smk"
include: "rules/drafts.smk"


localrules:
    check,
    publish,
    draft,
    draft_plan_file,
    draft_source,
    feedback,


rule all:
    default_target: True
    input:
        pdf="build/thesis.pdf",
        docx="build/thesis.docx",
        # written only when both were verified and published: a build that
        # could not publish (verification failed, or thesis.pdf open in a
        # viewer on Windows) is done again next time, though Snakemake has
        # restored the last good files with a new date
        report="build/checks/verify.json",
