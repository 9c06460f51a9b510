"""The typer application and the one place where exceptions become exit codes.

Each command lives in its own module (``tipq.cli.<name>_cmd``) as a plain function that
returns an :class:`ExitStatus`; heavy imports happen inside the command that needs them,
so ``tipq --help`` starts fast.
"""

from __future__ import annotations

import enum
import os
import sys
from typing import Annotated, Any

import typer

from tipq import __version__


class ExitStatus(enum.IntEnum):
    """Exit codes of every tipq command (documented in docs/commands.md)."""

    OK = 0  #: nothing wrong (warnings allowed unless --strict)
    FINDINGS = 1  #: the files checked have errors (or warnings, with --strict)
    USAGE = 2  #: bad usage, or an input that cannot be read at all
    INTERNAL = 3  #: a bug in tipq: please report it with the command you ran
    INTERRUPTED = 130  #: Ctrl-C / Ctrl-D; the interview saved what was answered


app = typer.Typer(
    name="tipq",
    help="Self-assessment questionnaires for the Trafficking in Persons Protocol: "
    "answer them (interview), check questionnaire files (check), validate responses "
    "(validate), show and export the non-paper (show, export).",
    no_args_is_help=True,
    add_completion=False,
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
    from tipq.cli import check_cmd, schema_cmd

    for module in (check_cmd, schema_cmd):
        module.register(app)
    # Commands added by later modules register the same way.
    for name in ("interview_cmd", "validate_cmd", "show_cmd"):
        try:
            module = __import__(f"tipq.cli.{name}", fromlist=["register"])
        except ModuleNotFoundError as e:  # not built yet in this checkout
            if e.name != f"tipq.cli.{name}":
                raise
            continue
        module.register(app)


    for info in app.registered_commands:
        if info.callback is not None and not getattr(info.callback, "_tipq_exit", False):
            info.callback = _exit_with_status(info.callback)


def _exit_with_status(fn: Any) -> Any:
    """Commands return an ExitStatus; turn it into the process's exit code (also under
    typer's CliRunner, which ignores return values)."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        status = fn(*args, **kwargs)
        if isinstance(status, int) and status != 0:
            raise typer.Exit(int(status))
        return status

    wrapper._tipq_exit = True  # type: ignore[attr-defined]
    return wrapper


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


def error(message: str) -> None:
    """Print a message meant for a person on stderr (no traceback). It may quote file names
    and file text, so each of its lines goes through :func:`tipq.core.escape.text_line`."""
    from tipq.core.escape import text_line

    text = "\n".join(text_line(line) for line in message.split("\n"))
    sys.stderr.write(f"tipq: {text}\n")
    sys.stderr.flush()


def run(args: list[str] | None = None) -> int:
    """Run the CLI and return its exit code; every exception is mapped here, once."""
    from tipq.core.errors import InterruptedSession, UserError

    _utf8_streams()
    try:
        result: Any = app(args=args, standalone_mode=False, prog_name="tipq")
    except InterruptedSession as e:
        if str(e):
            error(str(e))
        return ExitStatus.INTERRUPTED
    except (KeyboardInterrupt, EOFError, typer.Abort):
        error("interrupted")
        return ExitStatus.INTERRUPTED
    except typer.Exit as e:
        return int(e.exit_code)
    except typer.TyperException as e:  # usage errors: unknown option, bad value...
        message = getattr(e, "message", None)
        if isinstance(message, str):  # typer words enum errors the way pydantic does
            e.message = message.replace("Value error, ", "")
        show = getattr(e, "show", None)
        if show is not None:
            show()
        else:  # pragma: no cover
            error(e.format_message())
        return int(getattr(e, "exit_code", ExitStatus.USAGE))
    except UserError as e:
        error(str(e))
        return ExitStatus.USAGE
    except Exception as e:  # a bug: say so plainly, keep the details for the report
        if os.environ.get("TIPQ_DEBUG"):
            raise
        error(f"internal error: {type(e).__name__}: {e}\n"
              "This is a bug in tipq. Run again with TIPQ_DEBUG=1 for the details and report it.")
        return ExitStatus.INTERNAL
    return int(result) if isinstance(result, int) else ExitStatus.OK


def main() -> None:
    """Console-script entry point."""
    sys.exit(run())
