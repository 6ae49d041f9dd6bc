"""Text is UTF-8 whatever the platform: every text-mode open, read_text,
write_text and subprocess call of the project's own code names its encoding
(Windows' default is a code page), and a build with
PYTHONWARNDEFAULTENCODING=1 sees no EncodingWarning from it.

ruff's PLW1514 (enabled in ruff.toml) catches the calls whose receiver it
knows to be a Path; this test also catches ``(tmp / "x").write_text(...)``
and ``fh = p.open()``, whatever the receiver."""

from __future__ import annotations

import ast

from conftest import ROOT

TEXT_METHODS = {"read_text", "write_text"}
SUBPROCESS = {"run", "Popen", "check_output", "check_call", "call"}


def _keywords(call: ast.Call) -> dict:
    return {k.arg: k.value for k in call.keywords if k.arg}


def _mode(call: ast.Call, position: int):
    kw = _keywords(call)
    node = kw.get("mode") or (call.args[position] if len(call.args) > position else None)
    if node is None:
        return "r"
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def unspecified(tree: ast.AST):
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        kw = _keywords(node)
        if any(k.arg is None for k in node.keywords):  # **kwargs: cannot tell
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if name in TEXT_METHODS:
            if name == "read_text" and node.args or name == "write_text" and len(node.args) > 1:
                continue  # encoding given by position
            if "encoding" not in kw:
                yield node.lineno, name
        elif name == "open":
            # builtins.open(path, mode) or Path.open(mode); zipfile/tarfile's open take no encoding
            receiver = func.value if isinstance(func, ast.Attribute) else None
            if isinstance(receiver, ast.Name) and receiver.id in {"zipfile", "tarfile", "gzip", "os", "io"}:
                continue
            mode = _mode(node, 1 if isinstance(func, ast.Name) else 0)
            if isinstance(receiver, ast.Name) and receiver.id in {"z", "zf", "zin", "zout", "archive"}:
                continue  # ZipFile.open: bytes
            if mode is not None and "b" not in mode and "encoding" not in kw and len(node.args) < 4:
                yield node.lineno, "open"
        elif name in SUBPROCESS and isinstance(func, ast.Attribute) and getattr(func.value, "id", "") == "subprocess":
            textual = any(
                k in kw and not (isinstance(kw[k], ast.Constant) and not kw[k].value)
                for k in ("text", "universal_newlines")
            )
            if textual and "encoding" not in kw:
                yield node.lineno, f"subprocess.{name}"


def project_python_files():
    for folder in ("scripts", "tests", "bench", "filters"):
        yield from sorted((ROOT / folder).rglob("*.py"))


def test_every_text_file_and_subprocess_names_its_encoding():
    missing = []
    for path in project_python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        missing += [f"{path.relative_to(ROOT).as_posix()}:{line}: {what}" for line, what in unspecified(tree)]
    assert not missing, "name encoding='utf-8':\n" + "\n".join(missing)


def test_the_checker_finds_what_it_should():
    code = """
import subprocess
(tmp / "a").write_text("x")
p.read_text()
open(f)
open(f, "w")
p.open()
subprocess.run(a, text=True)
fine = [p.read_text(encoding="utf-8"), open(f, "rb"), p.open("rb"), subprocess.run(a, capture_output=True)]
also_fine = [open(f, encoding="utf-8"), subprocess.run(a, text=True, encoding="utf-8"), zipfile.open(f)]
"""
    assert [w for _, w in unspecified(ast.parse(code))] == [
        "write_text",
        "read_text",
        "open",
        "open",
        "open",
        "subprocess.run",
    ]
