"""Where ``tipq validate`` and ``tipq check`` write their report: standard output in the
chosen format, and on GitHub Actions a step summary too."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from tipq.render.reporters import Report

#: --path-prefix: shared by validate and check.
PathPrefixOption = Annotated[
    str | None,
    typer.Option("--path-prefix", metavar="PREFIX",
                 help="Put PREFIX before the paths of the github, sarif and junit output, "
                 "which are relative to the repository root ($GITHUB_WORKSPACE when set, "
                 "else the current folder); for a repository checked out in a subfolder."),
]


def repository_root() -> str:
    """The folder paths in CI output are relative to: $GITHUB_WORKSPACE, else here."""
    return os.environ.get("GITHUB_WORKSPACE") or os.getcwd()


def write_report(report: Report, format_name: str) -> None:
    """Write ``report`` to standard output in ``format_name``; with $GITHUB_STEP_SUMMARY
    set, append the Markdown step summary to that file as well."""
    from tipq.cli.exits import error
    from tipq.render.reporters import REPORTER_BY_NAME, build_step_summary

    sys.stdout.write(REPORTER_BY_NAME[format_name]().render(report, color=sys.stdout.isatty()))
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if not summary:
        return
    try:
        with Path(summary).open("a", encoding="utf-8", newline="\n") as out:
            out.write(build_step_summary(report))
    except OSError as e:
        error(f"could not append the step summary to {summary} (GITHUB_STEP_SUMMARY): "
              f"{e.strerror or e}; the report above is complete. Check that the variable "
              "names a file this job may write, or unset it.")
