"""``tipq validate``: check response files against their questionnaire (secretariat, CI)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tipq.cli.options import ReportFormat
from tipq.cli.output import PathPrefixOption

if TYPE_CHECKING:
    from tipq.checks.batch import Progress

#: Batches at least this large get a progress bar (on a terminal only).
PROGRESS_MIN_FILES = 20


def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Response files or folders (searched for *.yaml, *.yml). "
                       "Default: ./responses.", readable=False),
    ] = None,
    questionnaire: Annotated[
        list[Path] | None,
        typer.Option("--questionnaire", "-q", exists=True, readable=False,
                     help="A questionnaire file or folder to find the responses' "
                     "questionnaires in (repeatable); looked in before the questionnaires/ "
                     "folder nearest to each response and the questionnaires shipped with "
                     "tipq. A file with the exact hash a response names is used wherever "
                     "it is found; the file used is named in the report."),
    ] = None,
    exclusive: Annotated[
        bool, typer.Option("--exclusive", help="Look for questionnaires only in the "
                           "--questionnaire paths (not beside the responses, not among the "
                           "shipped ones).")
    ] = False,
    format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ReportFormat("text"),
    strict: Annotated[bool, typer.Option(help="Fail on warnings too.")] = False,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=0,
                          help="Worker processes; 0 picks: two for large batches, else one.")
    ] = 0,
    path_prefix: PathPrefixOption = None,
) -> int:
    """Validate response files: which questionnaire (id, version, hash), country,
    status, every applicable question answered when submitted, the form of each answer,
    citations after Yes, follow-ups that do not apply, unknown or moved questions,
    timestamps.

    Prints a table of the files, then each finding with file:line:col and how to fix it.
    Exit 0 when no file has errors, 1 when any has (or warnings, with --strict), 2 for
    bad usage.
    """
    import time
    from datetime import datetime, timezone

    from tipq.checks.batch import iter_validate
    from tipq.cli.exits import ExitStatus
    from tipq.cli.output import repository_root, write_report
    from tipq.render.reporters import FileRow, Report

    started, clock = datetime.now(timezone.utc), time.monotonic()
    targets = paths or [_default_responses()]
    rows: list[FileRow] = []
    findings = []
    with _progress_bar() as progress:
        for result in iter_validate(targets, questionnaire or (), exclusive=exclusive,
                                    jobs=jobs or None, progress=progress):
            rows.append(FileRow(result.file, result.columns()))
            findings.extend(result.findings)
    if not rows:
        where = ", ".join(f"{p} (a folder)" if p.is_dir() else str(p) for p in targets)
        raise typer.BadParameter(f"no response files (*.yaml, *.yml) found in {where}",
                                 param_hint="PATHS")
    report = Report("validate", findings, rows, strict=strict, root=repository_root(),
                    path_prefix=path_prefix or "", started=started,
                    elapsed=time.monotonic() - clock)
    write_report(report, format.value)
    if any(f.code == "Y001" for f in findings):  # a file that cannot be read at all
        return ExitStatus.USAGE
    return ExitStatus.FINDINGS if report.fails(findings) else ExitStatus.OK


def _default_responses() -> Path:
    folder = Path("responses")
    if not folder.is_dir():
        raise typer.BadParameter("give response files or folders (there is no ./responses "
                                 "folder to validate by default)", param_hint="PATHS")
    return folder


@contextmanager
def _progress_bar() -> Iterator[Progress | None]:
    """A progress callback drawing a bar on stderr, when stderr is a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    bar = Progress("validating", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                   console=Console(stderr=True), transient=True)
    task = None

    def update(done: int, total: int) -> None:
        nonlocal task
        if total < PROGRESS_MIN_FILES:
            return
        if task is None:
            bar.start()
            task = bar.add_task("validate", total=total)
        bar.update(task, completed=done)

    try:
        yield update
    finally:
        bar.stop()


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
