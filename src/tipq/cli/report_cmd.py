"""``tipq report``: the secretariat's compilation of the responses (completion, answers,
technical assistance, changes since the previous cycle) in one of several formats."""

from __future__ import annotations

import contextlib
import enum
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tipq.render.compilation import COMPILATION_FORMAT_BY_NAME

if TYPE_CHECKING:
    from tipq.checks.compile import Compilation
    from tipq.render.compilation.base import CompilationFormat

#: --format choices: the keys of the registry of report formats.
CompilationFormatName = enum.Enum(  # type: ignore[misc]
    "CompilationFormatName", {name: name for name in COMPILATION_FORMAT_BY_NAME}, type=str)


def report(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Response files or folders (searched for *.yaml, *.yml). "
                       "Default: ./responses.", exists=True, readable=False),
    ] = None,
    questionnaire: Annotated[
        list[Path] | None,
        typer.Option("--questionnaire", "-q", exists=True, readable=False,
                     help="A questionnaire file or folder to find the responses' "
                     "questionnaires in (repeatable), as for tipq validate."),
    ] = None,
    exclusive: Annotated[
        bool, typer.Option("--exclusive", help="Look for questionnaires only in the "
                           "--questionnaire paths.")
    ] = False,
    expected: Annotated[
        Path | None,
        typer.Option("--expected", exists=True, dir_okay=False, readable=False,
                     metavar="FILE",
                     help="The States expected to respond: one ISO 3166-1 alpha-3 code per "
                     "line, '#' starts a comment. The report lists those with no response, "
                     "only a draft or only files with errors."),
    ] = None,
    previous: Annotated[
        list[Path] | None,
        typer.Option("--previous", exists=True, readable=False, metavar="PATH",
                     help="The responses of the previous cycle (file or folder; "
                     "repeatable): the report adds, per State, the answers that changed, "
                     "new assistance needs and needs no longer requested."),
    ] = None,
    format: Annotated[
        CompilationFormatName,
        typer.Option("--format", "-f", help="Output format: terminal (tables), csv (the "
                     "long table), xlsx (a sheet per view), html (one page with charts), "
                     "sqlite (the database). xlsx and sqlite need -o."),
    ] = CompilationFormatName("terminal"),
    lang: Annotated[
        str, typer.Option("--lang", "-l", help="Language of the report's words and of "
                          "the questions' text (en, ar, fr, es, ru, zh; English where "
                          "there is no translation).")
    ] = "en",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", dir_okay=False, metavar="FILE",
                     help="Write the report to FILE (replaced atomically) instead of "
                     "standard output."),
    ] = None,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=0,
                          help="Worker processes; 0 picks: two for large batches, else one.")
    ] = 0,
) -> int:
    """Compile the responses for the secretariat: per State the status and completion
    (and, with --expected, who has not responded); per question the States behind each
    answer, by requirement and section; the technical assistance requested by provision
    and kind, and the mandatory provisions answered No or Yes, in part with assistance
    requested; with --previous, what changed since the previous cycle.

    Every file is validated with the rules of tipq validate; files with errors are
    counted and listed, never mixed into the counts. Exit 0 when every file is valid, 1
    when some had errors (the report is still written), 2 for bad usage.
    """
    from tipq.checks.compile import compile_responses
    from tipq.cli.exits import ExitStatus, error
    from tipq.cli.validate_cmd import _progress_bar
    from tipq.core.languages import UN_LANGUAGES

    if lang not in UN_LANGUAGES:
        raise typer.BadParameter(f"'{lang}' is not one of {', '.join(UN_LANGUAGES)}",
                                 param_hint="'--lang'")
    fmt = COMPILATION_FORMAT_BY_NAME[format.value]()
    if fmt.binary and output is None:
        raise typer.BadParameter(f"the {fmt.name} format is a binary file: give the file to "
                                 f"write with -o, e.g. -o report{fmt.suffix}",
                                 param_hint="'--output'")
    if output is not None:
        _check_output(output)
    targets = paths or [_default_responses()]
    with _progress_bar() as progress:
        compilation = compile_responses(targets, questionnaire or (), exclusive=exclusive,
                                        expected=expected, previous=previous or (),
                                        lang=lang, jobs=jobs or None, progress=progress)
    with compilation:
        _emit(fmt, compilation, output)
        invalid = compilation.invalid_count
        if invalid:
            error(f"{invalid} of {compilation.files} response file(s) have errors and are "
                  "left out of the counts (listed in the report). Run 'tipq validate' on "
                  "them for each error and its fix.")
            return ExitStatus.FINDINGS
    return ExitStatus.OK


def _default_responses() -> Path:
    folder = Path("responses")
    if not folder.is_dir():
        raise typer.BadParameter("give response files or folders (there is no ./responses "
                                 "folder to compile by default)", param_hint="PATHS")
    return folder


def _check_output(output: Path) -> None:
    if output.is_dir():
        raise typer.BadParameter(f"{output} is a folder: give a file name", param_hint="'-o'")
    parent = output.parent if str(output.parent) else Path(".")
    if not parent.is_dir():
        raise typer.BadParameter(f"the folder {parent} does not exist: create it first, or "
                                 "write elsewhere", param_hint="'-o'")


def _emit(fmt: CompilationFormat, c: Compilation, output: Path | None) -> None:
    from tipq.core.errors import UserError
    from tipq.io.files import atomic_write_text, os_reason, resolve_write_target

    if not fmt.binary:
        text = fmt.render(c, color=output is None and sys.stdout.isatty())
        if output is None:
            sys.stdout.write(text)
            return
        try:
            atomic_write_text(output, text)
        except OSError as e:
            raise UserError(f"cannot write {output}: {os_reason(e)}. Check that its folder "
                            "exists and may be written.") from e
        return
    assert output is not None
    target = resolve_write_target(output)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as e:
        raise UserError(f"cannot write {output}: {os_reason(e)}. Check that its folder "
                        "exists and may be written.") from e
    os.close(fd)
    try:
        fmt.write(c, Path(tmp))
        if os.name == "posix":  # mkstemp makes 0600: give the file the umask's mode
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except OSError as e:
        raise UserError(f"cannot write {output}: {os_reason(e)}. Check that its folder "
                        "exists and may be written.") from e
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def register(app: typer.Typer) -> None:
    app.command("report")(report)
