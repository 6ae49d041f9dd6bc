"""The citation, cross-reference, figure and data gate (``snakemake check``)."""
