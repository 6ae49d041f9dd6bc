"""Drafts for supervisors, one module per concern:

- ``git``: the draft id, the clean-tree and previous-draft preconditions, tags;
- ``redline``: old AST + new AST -> the new AST with revisions (pure);
- ``revisions``: the DOCX side of the revisions (paragraph marks, ids,
  accept-all / reject-all text for verification);
- ``publish``: the record, changes.html, the atomic publication and the index;
- ``feedback``: a reviewed DOCX back to lines of the chapters.

``snakemake --cores all draft`` runs them as rules (rules/drafts.smk);
``python -m scripts.drafts feedback REVIEW.docx`` and ``… index`` by hand.
"""
