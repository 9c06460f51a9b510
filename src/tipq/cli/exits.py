"""The one place where exceptions and command results become exit codes.

Every tipq command runs inside :class:`TipqGroup`, the click group behind the typer app,
so the mapping below holds the same for the console script, ``python -m tipq``,
:func:`tipq.cli.app.run` and typer's ``CliRunner`` in tests.
"""

from __future__ import annotations

import enum
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

import typer
from typer.core import TyperGroup


class ExitStatus(enum.IntEnum):
    """Exit codes of every tipq command (documented in docs/commands.md)."""

    OK = 0  #: nothing wrong (warnings allowed unless --strict)
    FINDINGS = 1  #: the files checked have errors (or warnings, with --strict)
    USAGE = 2  #: bad usage, or an input that cannot be read at all
    INTERNAL = 3  #: a bug in tipq: please report it with the command you ran
    INTERRUPTED = 130  #: Ctrl-C / Ctrl-D; the interview saved what was answered


def error(message: str) -> None:
    """Print a message meant for a person on stderr (no traceback). It may quote file names
    and file text, so each of its lines goes through :func:`tipq.core.escape.text_line`."""
    from tipq.core.escape import text_line

    text = "\n".join(text_line(line) for line in message.split("\n"))
    sys.stderr.write(f"tipq: {text}\n")
    sys.stderr.flush()


def exit_code_of(call: Callable[[], Any]) -> int:
    """Run ``call`` (a click ``main`` with ``standalone_mode=False``) and map whatever it
    returns or raises to an :class:`ExitStatus`, saying what went wrong on stderr."""
    from tipq.core.errors import FindingsError, InterruptedSession, UserError

    try:
        result = call()
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
        else:  # pragma: no cover - every typer usage error can show itself
            error(str(e))
        return int(getattr(e, "exit_code", ExitStatus.USAGE))
    except FindingsError as e:  # a file that cannot be used: its findings, as a report
        from tipq.render.reporters import finding_lines

        for line in finding_lines(e.findings):
            error(line)
        if e.hint:
            error(e.hint)
        return ExitStatus.USAGE
    except UserError as e:
        error(str(e))
        return ExitStatus.USAGE
    except Exception as e:  # a bug: say so plainly, keep the details for the report
        if os.environ.get("TIPQ_DEBUG"):
            raise
        error(f"internal error: {type(e).__name__}: {e}\n"
              "This is a bug in tipq. Run again with TIPQ_DEBUG=1 for the details and report it.")
        return ExitStatus.INTERNAL
    # A command returns an ExitStatus (or nothing, for success).
    return int(result) if isinstance(result, int) else ExitStatus.OK


class TipqGroup(TyperGroup):
    """The typer app's click group, with :func:`exit_code_of` around every invocation."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             windows_expand_args: bool = True, **extra: Any) -> Any:
        code = exit_code_of(lambda: super(TipqGroup, self).main(
            args, prog_name, complete_var, standalone_mode=False,
            windows_expand_args=windows_expand_args, **extra))
        if standalone_mode:
            sys.exit(code)
        return code
