"""The benchmark's arithmetic and its large-thesis generator: the targets of
issue 7 must be computed as the issue states them."""

from __future__ import annotations

import re

import pytest

from bench.large import make_large, words
from bench.run import markdown, ratios
from conftest import ROOT


def size(**medians):
    return {k: ({"median_s": v, "peak_mb": 100.0} if v is not None else {"skipped": "x"}) for k, v in medians.items()}


ONE = size(floor=1.0, raw=1.0, latex=10.0, noop=1.2, edit=3.0, full=5.0)
BIG = size(floor=1.0, raw=7.0, latex=30.0, noop=1.3, edit=9.0, full=11.0)
BIG["full"]["peak_mb"] = 600.0


def test_targets_are_the_issues_ratios():
    t = ratios(ONE, BIG)
    assert t["noop / floor"] == {"value": 1.2, "target": 1.5, "ok": True}
    assert t["edit / (floor + raw)"]["value"] == 1.5 and t["edit / (floor + raw)"]["ok"]
    assert t["full / (floor + raw)"]["value"] == 2.5
    assert t["edit / latex"]["value"] == 0.3
    assert t["full 17x / latex 17x"]["value"] == pytest.approx(0.367, abs=1e-3)
    # overhead = full - raw: 4 s at 1x, so 17x may have 1.5 * 4 + 1 = 7 s; it has 4 s
    ov = t["overhead 17x (s) vs 1.5 x overhead 1x + 1 s"]
    assert ov["value"] == 4.0 and ov["target"] == 7.0 and ov["ok"]
    assert t["peak memory 17x (MB)"] == {"value": 600.0, "target": 1536, "ok": True}


def test_a_missed_target_says_no():
    slow = dict(ONE, edit={"median_s": 3.5, "peak_mb": 1.0})
    t = ratios(slow, None)
    assert t["edit / (floor + raw)"]["ok"] is False  # 1.75 > 1.6
    assert "full 17x / latex 17x" not in t  # no large run, no large targets
    assert "| edit / (floor + raw) | 1.75 | 1.6 | NO |" in markdown(
        {"date": "d", "machine": "m", "1x": dict(slow, words=1), "targets": t}
    )


def test_without_xelatex_the_latex_targets_are_left_out_and_said_skipped():
    one = dict(ONE, latex={"skipped": "xelatex is not installed"}, words=1)
    t = ratios(one, None)
    assert "edit / latex" not in t
    md = markdown({"date": "d", "machine": "m", "1x": one, "targets": t})
    assert "| latex | skipped |" in md


def test_large_thesis_is_about_17_times_the_text_with_unique_labels(tmp_path):
    big = make_large(ROOT, tmp_path / "big")
    ratio = words(big) / words(ROOT)
    assert 14 <= ratio <= 20, ratio
    ids = re.findall(
        r"\{#((?:sec|fig|tbl):[\w-]+)", "".join(p.read_text(encoding="utf-8") for p in (big / "chapters").glob("*.md"))
    )
    assert len(ids) == len(set(ids)), "duplicate labels would break crossref"
