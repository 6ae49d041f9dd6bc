"""Benchmark the pipeline against Snakemake's floor, the raw tool work and
the LaTeX route, at 1x and about 17x the thesis text. One command:

    python -m bench.run            # writes bench/results/bench.{md,json}
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.large import copy_project, make_large, words
from scripts.common import ROOT

RESULTS = ROOT / "bench" / "results"
PY = sys.executable


def env():
    e = dict(os.environ)
    e["PATH"] = str(Path(PY).parent) + os.pathsep + e.get("PATH", "")
    return e


def measure(cmd, cwd, shell=False):
    """Wall time and peak resident memory of the whole process tree."""
    import psutil

    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, shell=shell, env=env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak = 0
    done = threading.Event()

    def poll():
        nonlocal peak
        try:
            p = psutil.Process(proc.pid)
        except psutil.Error:
            return
        while not done.is_set():
            try:
                procs = [p] + p.children(recursive=True)
                rss = 0
                for q in procs:
                    try:
                        rss += q.memory_info().rss
                    except psutil.Error:
                        pass
                peak = max(peak, rss)
            except psutil.Error:
                pass
            time.sleep(0.02)

    th = threading.Thread(target=poll, daemon=True)
    th.start()
    out, _ = proc.communicate()
    wall = time.perf_counter() - t0
    done.set()
    th.join()
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd!r} failed in {cwd}:\n{out.decode(errors='replace')[-3000:]}")
    return wall, peak


def median_of(reps, fn):
    walls, peaks = [], []
    for _ in range(reps):
        w, p = fn()
        walls.append(w)
        peaks.append(p)
    return {
        "median_s": round(statistics.median(walls), 3),
        "runs_s": [round(w, 3) for w in walls],
        "peak_mb": round(max(peaks) / 2**20, 1),
    }


SNAKE = [PY, "-m", "snakemake", "--cores", "2", "--quiet"]


def floor(work: Path, reps):
    d = work / "floor"
    d.mkdir()
    (d / "Snakefile").write_text(
        'rule all:\n    input: "a.txt"\n\nrule a:\n    output: "a.txt"\n    shell: "touch {output}"\n', encoding="utf-8"
    )
    measure(SNAKE, d)
    return median_of(reps, lambda: measure(SNAKE, d))


def raw_inputs(project: Path, out: Path):
    """The chapters as plain pandoc input: figure names pointed at the PNGs."""
    from scripts.chapters import discover

    out.mkdir()
    chapters, _ = discover(project / "chapters")
    files = []
    for c in chapters:
        text = c.path.read_text(encoding="utf-8")
        text = re.sub(r"\]\(([a-z0-9-]+)\)\{#fig", lambda m: f"]({project}/build/figures/{m.group(1)}.png){{#fig", text)
        p = out / c.path.name
        p.write_text(text, encoding="utf-8")
        files.append(str(p))
    return files


def pandoc():
    sys.path.insert(0, str(ROOT))
    from scripts.common import pandoc_path

    return pandoc_path()


def cite_args(project: Path) -> list[str]:
    """citeproc with the style the pipeline builds, so all routes cite alike."""
    bib, csl = project / "references.bib", project / "build/style.csl"
    return ["--citeproc", "--bibliography", str(bib), "--csl", str(csl), "-M", "lang=id-ID"]


def raw(project: Path, work: Path, reps):
    files = raw_inputs(project, work / "raw")
    cite = cite_args(project)
    typ = work / "raw" / "raw.typ"
    pdf_cmd = (
        [pandoc(), *files, *cite, "-t", "typst", "-s", "-o", str(typ)],
        [PY, "-c", f"import typst; typst.compile({str(typ)!r}, output={str(work / 'raw' / 'raw.pdf')!r}, root='/')"],
    )
    docx_cmd = [pandoc(), *files, *cite, "-o", str(work / "raw" / "raw.docx")]

    def once():
        w1, p1 = measure(pdf_cmd[0], project)
        w2, p2 = measure(pdf_cmd[1], project)
        w3, p3 = measure(docx_cmd, project)
        return w1 + w2 + w3, max(p1, p2, p3)

    return median_of(reps, once)


# The classic route as thesis templates run it: the same page, type and
# parts as this pipeline's PDF (A4, 4/4/3/3 cm, 12 pt, 1.5 spacing, numbered
# chapters, DAFTAR ISI/GAMBAR/TABEL). The contents lists make pandoc run
# xelatex until the page numbers settle, as any LaTeX thesis must.
LATEX_THESIS = [
    "--toc",
    "--number-sections",
    "--top-level-division=chapter",
    "-V",
    "documentclass=report",
    "-V",
    "lof",
    "-V",
    "lot",
    "-V",
    "papersize=a4",
    "-V",
    "fontsize=12pt",
    "-V",
    "linestretch=1.5",
    "-V",
    "geometry=top=4cm,left=4cm,bottom=3cm,right=3cm",
]


def latex(project: Path, work: Path, reps, thesis=True):
    """pandoc -> xelatex PDF plus pandoc -> DOCX. ``thesis=False`` is the
    bare default template (no contents lists: one xelatex pass), reported
    for comparison only."""
    if not shutil.which("xelatex"):
        return {"skipped": "xelatex is not installed (Debian: texlive-xetex)"}
    name = "latex" if thesis else "latex-bare"
    files = raw_inputs(project, work / name)
    cite = cite_args(project)
    out_pdf = work / name / "latex.pdf"
    pdf_cmd = [
        pandoc(),
        *files,
        *cite,
        "--pdf-engine=xelatex",
        "-V",
        "mainfont=DejaVu Serif",
        *(LATEX_THESIS if thesis else []),
        "-o",
        str(out_pdf),
    ]
    docx_cmd = [pandoc(), *files, *cite, "-o", str(work / name / "latex.docx")]

    def once():
        w1, p1 = measure(pdf_cmd, project)
        w2, p2 = measure(docx_cmd, project)
        return w1 + w2, max(p1, p2)

    res = median_of(reps, once)
    res["pages"] = pages(out_pdf)
    return res


def pages(pdf: Path):
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)


def pipeline(project: Path, reps):
    measure(SNAKE, project)  # first build: figures, style, caches
    noop = median_of(reps, lambda: measure(SNAKE, project))
    chapter = project / "chapters" / "01-pendahuluan.md"
    counter = iter(range(10**6))

    def edit():
        with open(chapter, "a", encoding="utf-8") as fh:
            fh.write(f"\nKalimat uji suntingan {next(counter)}.\n")
        return measure(SNAKE, project)

    edited = median_of(reps, edit)

    def full():
        shutil.rmtree(project / "build", ignore_errors=True)
        return measure(SNAKE, project)

    full_r = median_of(reps, full)
    full_r["rules_s"] = rule_times(project)
    return noop, edited, full_r


def rule_times(project: Path) -> dict:
    """Seconds per rule in the last full build, from the rules' ``benchmark:`` files."""
    out = {}
    for tsv in sorted((project / "logs" / "benchmarks").glob("*.tsv")):
        rows = tsv.read_text(encoding="utf-8").splitlines()
        if len(rows) > 1:
            out[tsv.stem] = float(rows[-1].split("\t")[0])
    return out


def run_size(label, project: Path, work: Path, reps, with_latex=True):
    print(f"[{label}] {words(project)} words in chapters", file=sys.stderr, flush=True)
    res = {"words": words(project)}
    res["floor"] = floor(work, reps)
    res["noop"], res["edit"], res["full"] = pipeline(project, reps)
    res["raw"] = raw(project, work, reps)
    res["latex"] = latex(project, work, reps) if with_latex else {"skipped": "--no-latex"}
    res["latex-bare"] = latex(project, work, reps, thesis=False) if with_latex else {"skipped": "--no-latex"}
    res["full"]["pages"] = pages(project / "build" / "thesis.pdf")
    for k in ("floor", "noop", "edit", "full", "raw", "latex", "latex-bare"):
        print(f"[{label}] {k:6s} {res[k]}", file=sys.stderr, flush=True)
    return res


def ratios(one, big):
    m = lambda r, k: r[k].get("median_s")  # noqa: E731
    f1, r1 = m(one, "floor"), m(one, "raw")
    out = {
        "noop / floor": (m(one, "noop") / f1, 1.5),
        "edit / (floor + raw)": (m(one, "edit") / (f1 + r1), 1.6),
        "full / (floor + raw)": (m(one, "full") / (f1 + r1), 3.0),
    }
    if m(one, "latex"):
        out["edit / latex"] = (m(one, "edit") / m(one, "latex"), 0.8)
    if big:
        if m(big, "latex"):
            out["full 17x / latex 17x"] = (m(big, "full") / m(big, "latex"), 0.5)
        ov1 = m(one, "full") - r1
        ov17 = m(big, "full") - m(big, "raw")
        out["overhead 17x (s) vs 1.5 x overhead 1x + 1 s"] = (ov17, 1.5 * ov1 + 1)
        out["peak memory 17x (MB)"] = (big["full"]["peak_mb"], 1536)
    return {k: {"value": round(v, 3), "target": t, "ok": v <= t} for k, (v, t) in out.items()}


def markdown(res):
    lines = [
        f"# Benchmark — {res['date']}",
        "",
        f"Machine: {res['machine']}",
        "",
        "| measure | 1× median (s) | 17× median (s) | 17× peak MB | 17× pages |",
        "|---|---:|---:|---:|---:|",
    ]
    for k in ("floor", "raw", "latex", "latex-bare", "noop", "edit", "full"):
        one = res["1x"].get(k, {}).get("median_s", "skipped")
        big = res.get("17x", {}).get(k, {}) if res.get("17x") else {}
        lines.append(
            f"| {k} | {one} | {big.get('median_s', '—')} | {big.get('peak_mb', '—')} | {big.get('pages', '')} |"
        )
    lines += [
        "",
        "latex: pandoc -> xelatex with the thesis page and contents lists, plus DOCX (the targets use this);",
        "latex-bare: pandoc's default LaTeX template, no contents lists (one xelatex pass), for comparison.",
        "",
        f"Words in chapters: 1× {res['1x']['words']}, 17× {res.get('17x', {}).get('words', '—')}",
        "",
        "| target | value | limit | ok |",
        "|---|---:|---:|:-:|",
    ]
    for k, v in res["targets"].items():
        lines.append(f"| {k} | {v['value']} | {v['target']} | {'yes' if v['ok'] else 'NO'} |")
    r1 = res["1x"]["full"].get("rules_s", {})
    r17 = (res.get("17x") or {}).get("full", {}).get("rules_s", {})
    if r1 or r17:
        lines += ["", "Seconds per rule in the last full build (`benchmark:` files):", ""]
        lines += ["| rule | 1× | 17× |", "|---|---:|---:|"]
        for rule in sorted(set(r1) | set(r17)):
            lines.append(f"| {rule} | {r1.get(rule, '—')} | {r17.get(rule, '—')} |")
    return "\n".join(lines) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--reps-large", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="one repetition each")
    ap.add_argument("--no-large", action="store_true")
    ap.add_argument("--no-latex", action="store_true")
    args = ap.parse_args(argv)
    reps, reps_l = (1, 1) if args.quick else (args.reps, args.reps_large)
    sys.path.insert(0, str(ROOT))
    res = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
    }
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        one = copy_project(ROOT, tmp / "one" / "thesis")
        res["1x"] = run_size("1x", one, tmp / "one", reps, not args.no_latex)
        if not args.no_large:
            big = make_large(ROOT, tmp / "big" / "thesis")
            res["17x"] = run_size("17x", big, tmp / "big", reps_l, not args.no_latex)
    res["targets"] = ratios(res["1x"], res.get("17x"))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "bench.json").write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
    (RESULTS / "bench.md").write_text(markdown(res), encoding="utf-8")
    print(markdown(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
