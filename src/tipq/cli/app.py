"""The typer application and the one place where exceptions become exit codes.

Each command lives in its own module (``tipq.cli.<name>_cmd``) as a plain function that
returns an :class:`ExitStatus`; heavy imports happen inside the command that needs them,
so ``tipq --help`` starts fast.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from tipq import __version__
from tipq.cli.exits import ExitStatus, TipqGroup, error

app = typer.Typer(
    name="tipq",
    cls=TipqGroup,
    help="Self-assessment questionnaires for the Trafficking in Persons Protocol: "
    "answer them (interview), check questionnaire files (check), validate responses "
    "(validate), show and export the non-paper (show, export).",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tipq {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """tipq: self-assessment questionnaires for the Trafficking in Persons Protocol."""


def _register() -> None:
    from tipq.cli import (
        check_cmd,
        diff_cmd,
        import_cmd,
        interview_cmd,
        migrate_cmd,
        report_cmd,
        schema_cmd,
        show_cmd,
        validate_cmd,
    )

    # In the order a user meets them: answer, validate, compile; author; versions; formats.
    for module in (interview_cmd, validate_cmd, report_cmd, check_cmd, show_cmd, diff_cmd,
                   migrate_cmd, import_cmd, schema_cmd):
        module.register(app)


_register()


def _utf8_streams() -> None:
    """UTF-8 on every stream, whatever the console code page (Windows cp1252, cp437...)."""
    for stream in (sys.stdout, sys.stderr):
        enc = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if enc != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    enc = (getattr(sys.stdin, "encoding", None) or "").lower().replace("-", "")
    if sys.stdin is not None and enc != "utf8" and hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(encoding="utf-8", errors="replace")


def run(args: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (see :mod:`tipq.cli.exits`)."""
    _utf8_streams()
    code: int = app_command().main(args=args, prog_name="tipq", standalone_mode=False)
    return code


def app_command() -> TipqGroup:
    """The click group of the typer app (what ``tipq`` runs)."""
    group = typer.main.get_command(app)
    assert isinstance(group, TipqGroup)
    return group


def main() -> None:
    """Console-script entry point."""
    _utf8_streams()
    app_command().main(prog_name="tipq")


__all__ = ["ExitStatus", "app", "error", "main", "run"]
