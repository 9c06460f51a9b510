"""Finding reporters, registered by name: the CLI's ``--format`` choices are the keys of
:data:`REPORTER_BY_NAME`. A new format is one class and one entry.

A reporter turns a :class:`Report` (the findings of a run, and a row per file) into text;
it does not print. The CLI writes the text where it belongs.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from tipq.core.findings import Finding, Severity, count_by_severity


@dataclass
class FileRow:
    """One file of a run: its path and, for responses, what it holds."""

    file: str
    columns: dict[str, Any] = field(default_factory=dict)  # e.g. country, status, answered


@dataclass
class Report:
    command: str
    findings: list[Finding]
    rows: list[FileRow] = field(default_factory=list)

    @property
    def counts(self) -> dict[Severity, int]:
        return count_by_severity(self.findings)

    def findings_for(self, file: str) -> list[Finding]:
        return [f for f in self.findings if f.file == file]


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
    """One line per file, in aligned columns (plain text: it goes to files and CI logs)."""
    cells = [[show(r) for _, show in TABLE_COLUMNS] for r in rows]
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
            lines += summary_table(report.rows)
            lines += [""] if report.findings else []
        for f in report.findings:
            line = f.format()
            if color:
                style = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
                line = line.replace(f" {f.level.value} ", f" {style[f.level.value]}"
                                    f"{f.level.value}\x1b[0m ", 1)
            lines.append(line)
        lines.append(summary_line(report))
        return "\n".join(lines) + "\n"


class JsonReporter(Reporter):
    name = "json"
    description = "one JSON document: findings, files and counts"

    def render(self, report: Report, *, color: bool = False) -> str:
        doc = {
            "command": report.command,
            "counts": {k.value: v for k, v in report.counts.items()},
            "files": [{"file": r.file, **r.columns} for r in report.rows],
            "findings": [f.to_dict() for f in report.findings],
        }
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _gh_escape(s: str, prop: bool = False) -> str:
    s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        s = s.replace(":", "%3A").replace(",", "%2C")
    return s


class GithubReporter(Reporter):
    name = "github"
    description = "GitHub Actions workflow commands (annotations on the lines at fault)"

    _LEVEL: ClassVar[dict[Severity, str]] = {
        Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}

    def render(self, report: Report, *, color: bool = False) -> str:
        out = []
        for f in report.findings:
            props = [f"file={_gh_escape(f.file or '', True)}"]
            if f.line:
                props.append(f"line={f.line}")
            if f.col:
                props.append(f"col={f.col}")
            qid = f" [{f.question_id}]" if f.question_id else ""
            props.append(f"title={_gh_escape(f'{f.code} {f.spec.name}{qid}', True)}")
            out.append(f"::{self._LEVEL[f.level]} {','.join(props)}::"
                       f"{_gh_escape(f'{f.message}. {f.hint}')}")
        out.append(summary_line(report))
        return "\n".join(out) + "\n"


class JunitReporter(Reporter):
    name = "junit"
    description = "JUnit XML: one test case per file, failed by its errors (for CI dashboards)"

    def render(self, report: Report, *, color: bool = False) -> str:
        from xml.sax.saxutils import escape, quoteattr  # imported here: it pulls in urllib

        files = [r.file for r in report.rows] or sorted({f.file or "" for f in report.findings})
        cases = []
        failures = 0
        for file in files:
            errors = [f for f in report.findings_for(file) if f.level is Severity.ERROR]
            body = ""
            if errors:
                failures += 1
                text = "\n".join(f.format() for f in errors)
                body = (f"<failure message={quoteattr(f'{len(errors)} error(s)')} "
                        f"type=\"tipq\">{escape(text)}</failure>")
            others = [f for f in report.findings_for(file) if f.level is not Severity.ERROR]
            if others:
                notes = "\n".join(f.format() for f in others)
                body += f"<system-out>{escape(notes)}</system-out>"
            cases.append(f'  <testcase classname="tipq.{report.command}" name={quoteattr(file)}>'
                         f"{body}</testcase>")
        head = (f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="tipq {report.command}" '
                f'tests="{len(files)}" failures="{failures}" errors="0">')
        return "\n".join([head, *cases, "</testsuite>"]) + "\n"


REPORTER_BY_NAME: dict[str, Callable[[], Reporter]] = {
    r.name: r for r in (TextReporter, JsonReporter, GithubReporter, JunitReporter)
}
