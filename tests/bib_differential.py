"""Print the differential table behind tests/test_bib_pandoc.py: per file,
the check's verdict and pandoc's, and the median time of each (5 runs).
Run: python tests/bib_differential.py [files...] (default: the fixtures and
../shared/corpora/bib)."""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from test_bib_pandoc import check_verdict, fixture_files, pandoc_verdict  # noqa: E402


def main(argv) -> int:
    files = [Path(a) for a in argv] or fixture_files()
    print("| file | size | check | pandoc | check s (median) | pandoc s (median) |")
    print("|---|---|---|---|---|---|")
    for p in files:
        runs = [check_verdict(p) for _ in range(5)]
        pruns = [pandoc_verdict(p) for _ in range(1 if runs[0][0] == "errors" else 5)]
        ct = statistics.median(r[1] for r in runs)
        pt = statistics.median(r[1] for r in pruns)
        pv = pruns[0][0] + (" (hangs)" if pruns[0][2] == "hangs" else "")
        print(f"| {p.name} | {p.stat().st_size} B | {runs[0][0]} | {pv} | {ct:.4f} | {pt:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
