"""Shared helpers: author-facing errors, atomic writes, tool calls with timeouts.

Every input mistake becomes a ThesisError whose str() is
``path:line:col: error: what is wrong — how to fix it``; ``main_guard`` turns
it into one line on stderr and exit status 1, never a traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Every external tool call is bounded: a hung pandoc must not hang the build.
TOOL_TIMEOUT_S = int(os.environ.get("THESIS_TOOL_TIMEOUT", "300"))


def audit_reads(log_path: str) -> None:
    """Append ``pid<TAB>program<TAB>path`` to ``log_path`` for every file of
    the project this process opens for reading (a Python audit hook on
    "open"). Switched on by THESIS_AUDIT_READS=<file>; tests use it to show
    which process reads which input. Costs nothing when off."""
    root = os.getcwd() + os.sep
    fd = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    prog = Path(sys.argv[0]).stem if sys.argv and sys.argv[0] else "python"
    if prog == "__main__":  # python -m scripts.x: name the module's file
        prog = Path(sys.argv[0]).parent.name
    busy = []

    def hook(event, args):
        if event != "open" or busy or not isinstance(args[0], (str, bytes, os.PathLike)):
            return
        mode, flags = args[1], args[2]
        reading = ("r" in mode and "+" not in mode) if isinstance(mode, str) else (flags & os.O_ACCMODE) == os.O_RDONLY
        path = os.path.abspath(os.fsdecode(args[0]))
        if reading and path.startswith(root) and os.path.isfile(path):
            busy.append(1)
            try:
                os.write(fd, f"{os.getpid()}\t{prog}\t{path[len(root) :]}\n".encode())
            finally:
                busy.pop()

    sys.addaudithook(hook)


if os.environ.get("THESIS_AUDIT_READS"):
    audit_reads(os.environ["THESIS_AUDIT_READS"])


@dataclass
class Finding:
    """One problem in an input file, located as precisely as we know."""

    path: str
    line: int
    col: int
    severity: str  # "error" | "warning"
    message: str
    fix: str = ""
    code: str = ""

    def __str__(self) -> str:
        tail = f" — {self.fix}" if self.fix else ""
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}{tail}"

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "message": self.message,
            "fix": self.fix,
            "code": self.code,
        }


def finding(where, message: str, fix: str = "", code: str = "", severity: str = "error") -> Finding:
    """The one way to make a Finding. ``where`` is anything with ``path``,
    ``line`` and ``col`` (a scripts.locate.Position), a (path, line, col)
    tuple, or a bare path (line 1, column 1: the file as a whole)."""
    if hasattr(where, "line"):
        path, line, col = where.path, where.line, where.col
    elif isinstance(where, tuple):
        path, line, col = where
    else:
        path, line, col = where, 1, 1
    return Finding(str(path), int(line), int(col), severity, message, fix, code)


class ThesisError(Exception):
    """An input mistake the author can fix; carries one or more findings."""

    def __init__(self, findings):
        if isinstance(findings, Finding):
            findings = [findings]
        self.findings = list(findings)
        super().__init__("\n".join(str(f) for f in self.findings))


def fail(path, line, col, message, fix="", code=""):
    raise ThesisError(finding((path, line, col), message, fix, code))


def line_col(data: bytes | str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``data``: for bytes (a bad
    byte's offset from a UnicodeDecodeError) the column counts the characters
    before it on its line, as an editor shows it."""
    nl = b"\n" if isinstance(data, bytes) else "\n"
    start = data.rfind(nl, 0, offset) + 1
    before = data[start:offset]
    if isinstance(before, bytes):
        before = before.decode("utf-8", "replace")
    return data.count(nl, 0, offset) + 1, len(before) + 1


def rel(path) -> str:
    """Path as the author sees it: relative to the repository when inside it."""
    p = Path(path).resolve()
    try:
        return str(p.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def main_guard(fn):
    """Run ``fn`` and map author mistakes to one-line messages and exit 1."""

    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except ThesisError as exc:
            print(str(exc), file=sys.stderr)
            return 1
        except Exception as exc:  # a bug, not an input mistake: keep the traceback out of the way
            import traceback

            dump = Path("logs") / "internal-error.txt"
            dump.parent.mkdir(exist_ok=True)
            dump.write_text(traceback.format_exc(), encoding="utf-8")
            print(
                f"{fn.__module__}: error: internal error {type(exc).__name__}: {exc} — this is a bug in the"
                f" pipeline, not in your text; please report it with {dump}",
                file=sys.stderr,
            )
            return 2

    return wrapper


@contextmanager
def atomic_output(path, mode="wb"):
    """Write to a temporary file beside ``path`` and rename it into place
    only on success, so an interrupted run never leaves half a PDF."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    try:
        with open(tmp, mode) as fh:
            yield fh
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path, data) -> None:
    if isinstance(data, str):
        data = data.encode("utf-8")
    with atomic_output(path) as fh:
        fh.write(data)


def write_json(path, obj) -> None:
    write_atomic(path, json.dumps(obj, ensure_ascii=False, sort_keys=False, indent=None))


def cancel_pending_timers() -> None:
    """Let Snakemake exit as soon as its last job is done.

    Snakemake's job-rate limiter (``--max-jobs-per-timespan``, 100 per 1 s by
    default; a timespan under one second cannot be given) arms a non-daemon
    ``threading.Timer`` whenever it submits jobs. Its only work is to wake a
    scheduler that has already returned when ``onsuccess``/``onerror`` run, but
    the interpreter waits for it at exit: up to a second added to every build
    that ran a job (measured: edit build 4.4 s -> 3.4 s median). Cancelling it
    changes nothing else.
    """
    import threading

    for thread in threading.enumerate():
        if isinstance(thread, threading.Timer):
            thread.cancel()


def pandoc_path() -> str:
    """The pandoc shipped by pypandoc-binary (no system pandoc needed)."""
    env = os.environ.get("PANDOC")
    if env:
        return env
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        return "pandoc"


def run_tool(argv, *, what: str, source: str = "", input_bytes: bytes | None = None, timeout=None, env=None):
    """Run an external tool with a timeout; on failure raise a ThesisError
    that names the source it was working on and quotes the tool's message."""
    timeout = timeout or TOOL_TIMEOUT_S
    try:
        proc = subprocess.run(argv, input=input_bytes, capture_output=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        fail(
            source or what,
            1,
            1,
            f"{what} did not finish within {timeout} s",
            "look for a circular crossref or a runaway filter; raise THESIS_TOOL_TIMEOUT if the thesis is huge",
        )
    except FileNotFoundError:
        fail(
            source or what,
            1,
            1,
            f"{what} is not installed ({argv[0]!r} not found)",
            "run: python -m pip install -r requirements.txt",
        )
    if proc.returncode != 0:
        path, line, col, msg = tool_message(proc.stderr.decode("utf-8", "replace"), source or what)
        fail(path, line, col, f"{what} failed: {msg}", "fix the input it names, then rebuild")
    return proc


def tool_message(stderr: str, source: str):
    """A tool's whole message on one line, located where it says: pandoc
    writes ``Error at "file" (line N, column M):`` then the reason, the
    source line and a caret; all of it is kept, nothing is cut."""
    import re

    lines = [x.rstrip() for x in stderr.strip().splitlines() if x.strip() and x.strip() != "^"]
    # `Error at "refs.bib" (line 7, column 6)` (pandoc -f biblatex), or with
    # --citeproc `Error reading bibliography file refs.bib:` then `(line 7, column 6):`
    m = re.search(r'Error at "([^"]*)" \(line (\d+), column (\d+)\)', stderr) or re.search(
        r"Error reading bibliography file (.+?):\s*\(line (\d+), column (\d+)\)", stderr
    )
    if not m:
        return source, 1, 1, " | ".join(lines) or "no message"
    return m.group(1), int(m.group(2)), int(m.group(3)), " | ".join(x.strip() for x in lines)


@contextmanager
def watchdog(what: str, source: str, seconds=None):
    """Bound a step's own work like every tool call: a step that runs past
    the timeout says so, located, and exits instead of hanging the build."""
    import threading

    seconds = seconds or TOOL_TIMEOUT_S

    def expire():
        print(
            f"{source}:1:1: error: {what} did not finish within {seconds} s — this is a bug in the pipeline;"
            " please report it with the file",
            file=sys.stderr,
            flush=True,
        )
        os._exit(1)

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()


def _yaml_loader():
    import yaml

    # libyaml's C loader is ~10x faster; the check reads a dozen YAML files.
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_YAML_CACHE: dict = {}


def load_yaml(path):
    """Load YAML and turn syntax errors into a located finding. Cached per
    file state, since schemas are read once per spec or row otherwise."""
    import copy

    path = Path(path)
    try:
        st = path.stat()
        key = (str(path.resolve()), st.st_mtime_ns, st.st_size)
    except OSError:
        key = None
    if key in _YAML_CACHE:
        return copy.deepcopy(_YAML_CACHE[key])
    data = _load_yaml(path)
    if key:
        _YAML_CACHE[key] = copy.deepcopy(data)
    return data


def _load_yaml(path):
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line, col = line_col(path.read_bytes(), exc.start)
        fail(rel(path), line, col, "file is not valid UTF-8", "save it as UTF-8")
    except FileNotFoundError:
        fail(rel(path), 1, 1, "file does not exist", "create it or fix the path")
    try:
        return yaml.load(text, Loader=_yaml_loader())
    except yaml.YAMLError as exc:
        fail(rel(path), *yaml_mistake(text, exc))


def _content_end(line: str) -> int:
    """Length of a YAML line without its comment and trailing blanks."""
    import re

    m = re.search(r"(^|\s)#", line)
    return len(line[: m.start()].rstrip()) if m else len(line.rstrip())


def yaml_mistake(text: str, exc) -> tuple[int, int, str, str]:
    """(line, column, what is wrong, fix) for a YAML syntax error, at the
    place an editor should jump to. The parser notices a collection or a
    quote left open only where the next thing starts (a ``}`` missing at
    the end of line 56 is seen at 57:8): that is put back at the end of the
    last item, where the closer belongs, naming the line it was opened on."""
    mark = getattr(exc, "problem_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context, opened = getattr(exc, "context", None) or "", getattr(exc, "context_mark", None)
    lines = text.split("\n")
    if opened is not None and "while parsing a flow" in context and mark is not None:
        closer, opener = ("}", "{") if "mapping" in context else ("]", "[")
        if mark.line > opened.line:
            # The parser read on into the next line (taking its key for
            # more of the last item): the mistake is at the end of the last
            # line written before it, comments and blank lines skipped.
            n = mark.line - 1
            while n > opened.line and _content_end(lines[n]) == 0:
                n -= 1
            end = _content_end(lines[n]) + 1
            if mark.line < len(lines) and closer in lines[mark.line]:  # closed further on: a comma is missing
                return (
                    n + 1,
                    end,
                    f"YAML syntax error: a comma is missing after the last item of line {n + 1}",
                    f"add ',' at the end of line {n + 1}",
                )
            return (
                n + 1,
                end,
                f"YAML syntax error: the {opener!r} opened at line {opened.line + 1}, column {opened.column + 1}"
                " is not closed",
                f"add {closer!r} at the end of line {n + 1}",
            )
        return (
            line,
            col,
            f"YAML syntax error: {problem} (in the {opener!r} opened at line {opened.line + 1})",
            f"put a comma between the items, or close the {opener!r} with {closer!r}",
        )
    if opened is not None and "quoted scalar" in context:
        quote = lines[opened.line][opened.column : opened.column + 1] if opened.line < len(lines) else '"'
        return (
            opened.line + 1,
            opened.column + 1,
            f"YAML syntax error: the quote {quote} opened here is not closed",
            f"close it with {quote} at the end of the value",
        )
    quoted = _runaway_quote(text, mark)
    if quoted is not None:
        return (
            quoted.line + 1,
            quoted.column + 1,
            f"YAML syntax error: the quote {text[quoted.index]} opened here runs on to line {mark.line + 1}",
            f"close it with {text[quoted.index]} at the end of the value",
        )
    fix = "indent with spaces, not a tab" if "tab" in problem else "check indentation and quoting on this line"
    return line, col, f"YAML syntax error: {problem}", fix


def _runaway_quote(text: str, mark):
    """The start of a quoted value that runs over lines and ends where the
    parser then failed: a quote left open, closed by the next quote in the
    file (in a comment, lines further on)."""
    import yaml

    if mark is None:
        return None
    last = None
    try:
        for token in yaml.scan(text, Loader=_yaml_loader()):
            if token.start_mark.index >= mark.index:
                break
            if isinstance(token, yaml.ScalarToken):
                last = token
    except yaml.YAMLError:
        pass
    if last is not None and last.style in ('"', "'") and last.start_mark.line < last.end_mark.line == mark.line:
        return last.start_mark
    return None


def node_line(path, keys) -> tuple[int, int]:
    """Line and column of the YAML node at ``keys`` (best effort)."""
    import yaml

    try:
        p = Path(path)
        st = p.stat()
        key = ("node", str(p.resolve()), st.st_mtime_ns, st.st_size)
        if key not in _YAML_CACHE:
            _YAML_CACHE[key] = yaml.compose(p.read_text(encoding="utf-8"), Loader=_yaml_loader())
        node = _YAML_CACHE[key]
    except (yaml.YAMLError, OSError, UnicodeDecodeError):
        return 1, 1

    mark = node.start_mark if node else None
    for key in keys:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == str(key):
                    mark, node = k.start_mark, v
                    break
            else:
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            mark = node.start_mark
        else:
            break
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def describe_schema_error(error, noun="key", schema_name="the schema") -> tuple[str, str]:
    """A sentence for a jsonschema error, and how to fix it."""
    where = ".".join(str(p) for p in error.absolute_path) or "(top level)"
    v = error.validator
    if v == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        allowed = ", ".join(sorted(error.schema.get("properties", {})))
        return (f"unknown {noun} {extra[0]!r} in {where}", f"remove it or use one of: {allowed}")
    if v == "required":
        return (f"{where}: {error.message}", f"add the {noun} (null marks it as unfinished)")
    if v == "enum" and "propertyNames" in error.schema_path:
        # a key the mapping does not allow: jsonschema reports it at the mapping
        return (
            f"unknown {noun} {error.instance!r} in {where}",
            f"use one of: {', '.join(map(repr, error.validator_value))}",
        )
    if v == "enum":
        return (f"{where} is {error.instance!r}", f"use one of: {', '.join(map(repr, error.validator_value))}")
    if v == "type":
        return (
            f"{where} is {error.instance!r}, not of type {error.validator_value}",
            f"write a value of type {error.validator_value}",
        )
    return (f"{where}: {error.message}", f"see the {noun}'s description in {schema_name}")


def schema_findings(data, schema_path, yaml_path, code, noun="key") -> list[Finding]:
    """Validate YAML data against a JSON Schema; each error becomes a finding
    at the line of the offending key, with the allowed values as the fix."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(load_yaml(schema_path))
    findings = []
    for err in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        keys = list(err.absolute_path)
        if err.validator == "additionalProperties":
            keys += sorted(set(err.instance) - set(err.schema.get("properties", {})))[:1]
        elif "propertyNames" in err.schema_path:
            keys.append(err.instance)  # at the key itself, not at its mapping
        line, col = node_line(yaml_path, keys)
        msg, fix = describe_schema_error(err, noun, rel(schema_path))
        findings.append(finding((rel(yaml_path), line, col), msg, fix, code))
    return findings
