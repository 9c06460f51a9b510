"""Finding reporters, registered by name: the CLI's ``--format`` choices are the keys of
:data:`REPORTER_BY_NAME`. A new format is one class and one entry.

A reporter turns a :class:`Report` (the findings of a run, and a row per file) into text;
it does not print. The CLI writes the text where it belongs.

Text from the files (values, keys, file names) is untrusted: each reporter passes it
through the :mod:`tipq.core.escape` function of its output kind, here, where the text is
written, and nowhere else.
"""

from __future__ import annotations

import json
import os
import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, ClassVar

from tipq import __version__
from tipq.core import escape
from tipq.core.findings import CATALOG, Finding, Severity, count_by_severity


@dataclass
class FileRow:
    """One file of a run: its path and, for responses, what it holds."""

    file: str
    columns: dict[str, Any] = field(default_factory=dict)  # e.g. country, status, answered


@dataclass
class Report:
    """The findings of a run, a row per file, and how the run was made.

    ``strict``: warnings fail too (so the JUnit counts match the exit code). ``root``: the
    repository root that paths in the github, sarif and junit output are relative to
    (``None``: the current folder); ``path_prefix`` is put before them (a repository
    checked out in a subfolder). ``started`` and ``elapsed`` (seconds) time the run.
    """

    command: str
    findings: list[Finding]
    rows: list[FileRow] = field(default_factory=list)
    strict: bool = False
    root: str | None = None
    path_prefix: str = ""
    started: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    elapsed: float = 0.0

    @property
    def counts(self) -> dict[Severity, int]:
        return count_by_severity(self.findings)

    @property
    def files(self) -> list[str]:
        """The files of the run, in order (rows first; else the files findings name)."""
        if self.rows:
            return [r.file for r in self.rows]
        return list(dict.fromkeys(f.file or "" for f in self.findings))

    def findings_for(self, file: str) -> list[Finding]:
        return [f for f in self.findings if f.file == file]

    def fails(self, findings: Iterable[Finding]) -> bool:
        """Whether these findings fail the run: the rule of the exit code, in one place."""
        from tipq.checks.questionnaire import exit_findings  # not at start-up: it loads models

        return exit_findings(findings, self.strict)

    def repo_path(self, file: str | None) -> str:
        """``file`` as a path from the repository root, with '/' and the prefix (as GitHub
        and code scanning want it); a file outside the root keeps its absolute path."""
        if not file:
            return ""
        root = os.path.abspath(self.root or os.curdir)
        path = os.path.abspath(file)
        try:
            inside = os.path.commonpath([root, path]) == root
        except ValueError:  # another drive (Windows)
            inside = False
        if not inside:
            return path.replace(os.sep, "/")
        rel = os.path.relpath(path, root).replace(os.sep, "/")
        prefix = self.path_prefix.replace("\\", "/").strip("/")
        return posixpath.join(prefix, rel) if prefix and prefix != "." else rel


class Reporter:
    name: ClassVar[str]
    description: ClassVar[str]

    def render(self, report: Report, *, color: bool = False) -> str:
        raise NotImplementedError


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(report: Report) -> str:
    c = report.counts
    files = len(report.rows) or len({f.file for f in report.findings})
    return (f"{_plural(c[Severity.ERROR], 'error')}, {_plural(c[Severity.WARNING], 'warning')}, "
            f"{c[Severity.INFO]} info in {_plural(files, 'file')}")


#: The summary table of the text format, for rows that carry columns (``tipq validate``):
#: header, and how to show a row's value.
TABLE_COLUMNS: tuple[tuple[str, Callable[[FileRow], str]], ...] = (
    ("file", lambda r: r.file),
    ("country", lambda r: _cell(r.columns.get("country"))),
    ("status", lambda r: _cell(r.columns.get("status"))),
    ("answered", lambda r: (f"{r.columns['answered']}/{r.columns['applicable']}"
                            if r.columns.get("applicable") is not None else "-")),
    ("errors", lambda r: _cell(r.columns.get("errors"))),
    ("warnings", lambda r: _cell(r.columns.get("warnings"))),
)
_RIGHT = frozenset({"answered", "errors", "warnings"})


def _cell(value: Any) -> str:
    return "-" if value is None or value == "" else str(value)


def summary_table(rows: list[FileRow]) -> list[str]:
    """One line per file, in aligned columns (plain text: it goes to files and CI logs);
    each cell through :func:`tipq.core.escape.visible`."""
    cells = [[escape.visible(show(r)) for _, show in TABLE_COLUMNS] for r in rows]
    headers = [h for h, _ in TABLE_COLUMNS]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(headers)]

    def line(values: list[str]) -> str:
        return "  ".join(v.rjust(w) if h in _RIGHT else v.ljust(w)
                         for h, v, w in zip(headers, values, widths, strict=False)).rstrip()

    return [line(headers), line(["-" * w for w in widths]), *(line(c) for c in cells)]


def finding_lines(findings: list[Finding]) -> list[str]:
    """One line per finding, as the text format and error messages show them."""
    return [f.format() for f in findings]


class TextReporter(Reporter):
    name = "text"
    description = ("one line per finding (file:line:col: severity code [question] message. "
                   "hint), after a summary table of the files when there is one")

    def render(self, report: Report, *, color: bool = False) -> str:
        lines = []
        if report.rows and any(r.columns for r in report.rows):
            lines += [escape.text_line(line) for line in summary_table(report.rows)]
            lines += [""] if report.findings else []
        for f in report.findings:
            line = escape.text_line(f.format())
            if color:
                style = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
                line = line.replace(f" {f.level.value} ", f" {style[f.level.value]}"
                                    f"{f.level.value}\x1b[0m ", 1)
            lines.append(line)
        lines.append(summary_line(report))
        return "\n".join(lines) + "\n"


class JsonReporter(Reporter):
    name = "json"
    description = ("one JSON document: tool, findings, files and counts (its JSON Schema: "
                   "tipq schema findings)")

    def render(self, report: Report, *, color: bool = False) -> str:
        from tipq.core.report import FINDINGS_SCHEMA_ID, FINDINGS_SCHEMA_VERSION

        doc = {
            "$schema": FINDINGS_SCHEMA_ID,
            "schema_version": FINDINGS_SCHEMA_VERSION,
            "tool": {"name": "tipq", "version": __version__},
            "command": report.command,
            "strict": report.strict,
            "counts": {k.value: v for k, v in report.counts.items()},
            "files": [{"file": r.file, **r.columns} for r in report.rows],
            "findings": [f.to_dict() for f in report.findings],
        }
        return escape.json_text(json.dumps(doc, ensure_ascii=False, indent=2)) + "\n"


#: GitHub shows at most this many annotations of each kind (error, warning, notice) per
#: step; the rest are dropped without a word.
GITHUB_ANNOTATION_LIMIT = 10


class GithubReporter(Reporter):
    name = "github"
    description = ("GitHub Actions workflow commands (annotations on the lines at fault; "
                   "GitHub shows 10 of each kind per step, use sarif for all)")

    _LEVEL: ClassVar[dict[Severity, str]] = {
        Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}

    def render(self, report: Report, *, color: bool = False) -> str:
        out = []
        for f in report.findings:
            props = [f"file={escape.github_property(report.repo_path(f.file))}"]
            if f.line:
                props.append(f"line={f.line}")
            if f.col:
                props.append(f"col={f.col}")
            qid = f" [{f.question_id}]" if f.question_id else ""
            props.append(f"title={escape.github_property(f'{f.code} {f.spec.name}{qid}')}")
            out.append(f"::{self._LEVEL[f.level]} {','.join(props)}::"
                       f"{escape.github_data(f'{f.message}. {f.hint}')}")
        hidden = hidden_annotations(report.findings)
        if hidden:
            out.append(escape.text_line(
                f"tipq: GitHub shows at most {GITHUB_ANNOTATION_LIMIT} annotations of each "
                f"kind per step, so {hidden} will not appear as annotations (they are all "
                "in this log; -f sarif with code scanning shows every one)"))
        out.append(summary_line(report))
        return "\n".join(out) + "\n"


def hidden_annotations(findings: Iterable[Finding]) -> str:
    """What GitHub will not show of these findings' annotations, e.g. '5 errors and 2
    notices' ('' when everything shows)."""
    counts = count_by_severity(findings)
    words = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    parts = [_plural(n - GITHUB_ANNOTATION_LIMIT, words[level])
             for level, n in counts.items() if n > GITHUB_ANNOTATION_LIMIT]
    return " and ".join(parts)


class JunitReporter(Reporter):
    name = "junit"
    description = ("JUnit XML (the Ant/Jenkins schema): one test case per file, failed by "
                   "its errors (and warnings, with --strict)")

    def render(self, report: Report, *, color: bool = False) -> str:
        files = report.files
        cases = []
        failures = 0
        passed_notes: list[str] = []
        for file in files:
            mine = report.findings_for(file)
            name = report.repo_path(file) or "<input>"
            body = ""
            if report.fails(mine):
                failures += 1
                c = count_by_severity(mine)
                message = (f"{_plural(c[Severity.ERROR], 'error')}, "
                           f"{_plural(c[Severity.WARNING], 'warning')}")
                text = "\n".join(escape.text_line(f.format()) for f in mine)
                body = (f"<failure message={escape.xml_attr(message)} type=\"tipq\">"
                        f"{escape.xml_text(text)}</failure>")
            else:
                passed_notes += [escape.text_line(f.format()) for f in mine]
            cases.append(f'    <testcase classname="tipq.{report.command}" '
                         f'name={escape.xml_attr(name)} time="0">{body}</testcase>')
        stamp = report.started.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
        head = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            "<testsuites>",
            f'  <testsuite name="tipq {report.command}" package="tipq" id="0" '
            f'tests="{len(files)}" failures="{failures}" errors="0" skipped="0" '
            f'time="{report.elapsed:.3f}" timestamp="{stamp}" '
            f"hostname={escape.xml_attr(_hostname())}>",
            "    <properties>",
            f'      <property name="tipq.version" value={escape.xml_attr(__version__)}/>',
            f'      <property name="strict" value="{str(report.strict).lower()}"/>',
            "    </properties>",
        ]
        tail = [f"    <system-out>{escape.xml_text(chr(10).join(passed_notes))}</system-out>",
                "    <system-err></system-err>", "  </testsuite>", "</testsuites>"]
        return "\n".join([*head, *cases, *tail]) + "\n"


def _hostname() -> str:
    import socket

    return socket.gethostname() or "localhost"


class SarifReporter(Reporter):
    name = "sarif"
    description = ("SARIF 2.1.0 (GitHub code scanning: every finding on the pull request; "
                   "rules from the finding codes)")

    _LEVEL: ClassVar[dict[Severity, str]] = {
        Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}

    def render(self, report: Report, *, color: bool = False) -> str:
        codes = list(CATALOG)
        rules = [{
            "id": c.code,
            "name": c.name,
            "shortDescription": {"text": c.name.replace("-", " ").capitalize()},
            "fullDescription": {"text": c.message},
            "help": {"text": c.hint},
            "defaultConfiguration": {"level": self._LEVEL[c.severity]},
            "properties": {"audience": c.audience},
        } for c in CATALOG.values()]
        results = [self._result(report, f, codes.index(f.code)) for f in report.findings]
        doc = {
            "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
                       "sarif-schema-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {"name": "tipq", "version": __version__,
                                    "semanticVersion": __version__, "rules": rules}},
                "automationDetails": {"id": f"tipq/{report.command}/"},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }],
        }
        return escape.json_text(json.dumps(doc, ensure_ascii=False, indent=2)) + "\n"

    def _result(self, report: Report, f: Finding, rule_index: int) -> dict[str, Any]:
        import hashlib
        from urllib.parse import quote

        result: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": rule_index,
            "level": self._LEVEL[f.level],
            "message": {"text": escape.visible(f"{f.message}. {f.hint}")},
        }
        path = report.repo_path(f.file)
        if path:
            artifact: dict[str, Any] = (
                {"uri": "file://" + quote(path if path.startswith("/") else "/" + path)}
                if posixpath.isabs(path) or ":" in path.split("/")[0]
                else {"uri": quote(path), "uriBaseId": "%SRCROOT%"})
            physical: dict[str, Any] = {"artifactLocation": artifact}
            if f.line:
                physical["region"] = {"startLine": f.line, **({"startColumn": f.col}
                                                             if f.col else {})}
            result["locations"] = [{"physicalLocation": physical}]
        key = "\0".join([f.code, path, f.question_id or "", f.message])
        result["partialFingerprints"] = {
            "tipqFinding/v1": hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()}
        return result


def build_step_summary(report: Report, *, limit: int = 100) -> str:
    """The Markdown of a GitHub step summary (``$GITHUB_STEP_SUMMARY``): a table of the
    files and their counts, then the findings (at most ``limit``); every piece of file text
    through :func:`tipq.core.escape.markdown`."""
    md = escape.markdown
    c = report.counts
    failed = "failed" if report.fails(report.findings) else "passed"
    out = [f"### tipq {report.command}: {failed} ({md(summary_line(report))})", ""]
    columns = [h for h, _ in TABLE_COLUMNS if h not in ("errors", "warnings")]
    has_columns = any(r.columns for r in report.rows)
    if not has_columns:
        columns = ["file"]
    out.append("| " + " | ".join([*columns, "errors", "warnings"]) + " |")
    out.append("|" + "---|" * len(columns) + "---:|---:|")
    shows = dict(TABLE_COLUMNS)
    for file in report.files:
        row = next((r for r in report.rows if r.file == file), FileRow(file))
        mine = count_by_severity(report.findings_for(file))
        cells = [md(shows[h](row)) for h in columns]
        cells[0] = md(report.repo_path(file) or file)
        out.append("| " + " | ".join([*cells, str(mine[Severity.ERROR]),
                                      str(mine[Severity.WARNING])]) + " |")
    if report.findings:
        out += ["", f"#### Findings ({c[Severity.ERROR] + c[Severity.WARNING] + c[Severity.INFO]})",
                ""]
        for f in report.findings[:limit]:
            where = md(f"{report.repo_path(f.file) or '<input>'}"
                       f"{f':{f.line}' if f.line else ''}{f':{f.col}' if f.col else ''}")
            qid = f" \\[{md(f.question_id)}\\]" if f.question_id else ""
            out.append(f"- **{f.level.value}** `{f.code}` {where}{qid}: "
                       f"{md(f.message)}\\. {md(f.hint)}")
        if len(report.findings) > limit:
            out.append(f"- … and {len(report.findings) - limit} more (see the log)")
    return "\n".join(out) + "\n\n"


REPORTER_BY_NAME: dict[str, Callable[[], Reporter]] = {
    r.name: r
    for r in (TextReporter, JsonReporter, GithubReporter, JunitReporter, SarifReporter)
}
