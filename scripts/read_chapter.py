"""Read one chapter into pandoc's JSON AST, after checking it is UTF-8.

pandoc's own message for bad bytes gives a byte offset; the author gets the
line and column instead.
"""

from __future__ import annotations

import sys

from scripts.common import fail, line_col, main_guard, pandoc_path, rel, run_tool, write_atomic


def read(md_path, out_path):
    data = open(md_path, "rb").read()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = line_col(data, exc.start)
        fail(
            rel(md_path),
            line,
            col,
            f"byte {data[exc.start]:#04x} is not UTF-8",
            "save the chapter as UTF-8 (in most editors: Save with Encoding → UTF-8)",
        )
    proc = run_tool(
        [pandoc_path(), str(md_path), "-f", "markdown", "-t", "json"],
        what="pandoc (reading the chapter)",
        source=rel(md_path),
    )
    write_atomic(out_path, proc.stdout)


@main_guard
def run(argv=None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m scripts.read_chapter CHAPTER.md OUT.json", file=sys.stderr)
        return 2
    read(args[0], args[1])
    return 0


if __name__ == "__main__":
    sys.exit(run())
