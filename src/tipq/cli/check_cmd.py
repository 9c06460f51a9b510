"""``tipq check``: lint questionnaire files (for authors and CI)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tipq.cli.options import ReportFormat
from tipq.cli.output import PathPrefixOption


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
    path_prefix: PathPrefixOption = None,
) -> int:
    """Check questionnaire files: structure, then semantic rules (ids, numbering,
    requirement tags, conditions, languages, provisions, moved questions).

    Exit 0 when clean, 1 when there are findings (errors, or warnings with --strict),
    2 when a file cannot be read at all.
    """
    import time
    from datetime import datetime, timezone

    from tipq.checks.questionnaire import check_paths
    from tipq.cli.exits import ExitStatus
    from tipq.cli.output import repository_root, write_report
    from tipq.io.repository import shipped_questionnaires_dir
    from tipq.render.reporters import FileRow, Report

    started, clock = datetime.now(timezone.utc), time.monotonic()
    targets = paths or [shipped_questionnaires_dir()]
    result = check_paths(targets)
    if not result.files:
        where = ", ".join(str(p) for p in targets)
        raise typer.BadParameter(f"no questionnaire files (*.yaml, *.yml) found in {where}",
                                 param_hint="PATHS")
    report = Report("check", result.findings, [FileRow(f.file) for f in result.files],
                    strict=strict, root=repository_root(), path_prefix=path_prefix or "",
                    started=started, elapsed=time.monotonic() - clock)
    write_report(report, format.value)
    if result.unreadable:
        return ExitStatus.USAGE
    return ExitStatus.FINDINGS if report.fails(result.findings) else ExitStatus.OK


def register(app: typer.Typer) -> None:
    app.command("check")(check)
