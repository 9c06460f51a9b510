"""``tipq check``: lint questionnaire files (for authors and CI)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from tipq.cli.options import ReportFormat


def check(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Questionnaire files or folders (searched for *.yaml, *.yml). "
                       "Default: the questionnaires shipped with tipq.", readable=False),
    ] = None,
    format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ReportFormat("text"),
    strict: Annotated[bool, typer.Option(help="Fail on warnings too.")] = False,
) -> int:
    """Check questionnaire files: structure, then semantic rules (ids, numbering,
    requirement tags, conditions, languages, provisions, moved questions).

    Exit 0 when clean, 1 when there are findings (errors, or warnings with --strict),
    2 when a file cannot be read at all.
    """
    from tipq.checks.questionnaire import check_paths, exit_findings
    from tipq.cli.exits import ExitStatus
    from tipq.io.repository import shipped_questionnaires_dir
    from tipq.render.reporters import REPORTER_BY_NAME, FileRow, Report

    targets = paths or [shipped_questionnaires_dir()]
    result = check_paths(targets)
    if not result.files:
        where = ", ".join(str(p) for p in targets)
        raise typer.BadParameter(f"no questionnaire files (*.yaml, *.yml) found in {where}",
                                 param_hint="PATHS")
    report = Report("check", result.findings, [FileRow(f.file) for f in result.files])
    reporter = REPORTER_BY_NAME[format.value]()
    sys.stdout.write(reporter.render(report, color=sys.stdout.isatty()))
    if result.unreadable:
        return ExitStatus.USAGE
    return ExitStatus.FINDINGS if exit_findings(result.findings, strict) else ExitStatus.OK


def register(app: typer.Typer) -> None:
    app.command("check")(check)
