"""``tipq show`` and ``tipq export``: the non-paper on screen and as a document."""

from __future__ import annotations

import enum
import os
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tipq.core.layouts import LAYOUTS

if TYPE_CHECKING:
    from tipq.core.questionnaire import Questionnaire
    from tipq.render import Filters


def _choices(name: str, values: tuple[str, ...]) -> Any:
    """An enum of ``values`` for typer's choices (its members' ``.value`` are the values)."""
    return enum.Enum(name, {v: v for v in values}, type=str)


# Plain tuples, so that `tipq --help` does not import pydantic models; tests/test_render_cli
# checks that they equal the models' literals and EXPORT_FORMATS. The layouts come from
# tipq.core.layouts, which imports no model.
Requirement = _choices("Requirement", ("mandatory", "non-mandatory"))
Obligation = _choices("Obligation", ("shall", "shall-consider", "shall-endeavour", "may"))
Status = _choices("Status", ("agreed", "under-discussion", "no-consensus", "moved"))
Lang = _choices("Lang", ("en", "ar", "fr", "es", "ru", "zh"))
LayoutChoice = _choices("LayoutChoice", LAYOUTS)
ExportFormat = _choices("ExportFormat", ("markdown", "html", "docx", "xlsform", "fhir"))
FhirVersion = _choices("FhirVersion", ("r4b", "r5"))

QuestionnaireArg = Annotated[
    Path | None,
    typer.Argument(help="The questionnaire file. Default: the Trafficking in Persons Protocol "
                   "questionnaire shipped with tipq.", show_default=False,
                   readable=False),
]
RequirementOpt = Annotated[
    list[Requirement] | None,  # type: ignore[valid-type]
    typer.Option("--requirement", "-r", help="Only questions with this requirement tag "
                 "(repeat for several).", show_default=False),
]
ObligationOpt = Annotated[
    list[Obligation] | None,  # type: ignore[valid-type]
    typer.Option("--obligation", help="Only questions on provisions with this level of "
                 "obligation (repeat for several).", show_default=False),
]
StatusOpt = Annotated[
    list[Status] | None,  # type: ignore[valid-type]
    typer.Option("--status", help="Only questions with this negotiation status "
                 "(repeat for several).", show_default=False),
]
ArticleOpt = Annotated[
    list[str] | None,
    typer.Option("--article", "-a", help="Only questions on this article, e.g. 6, or "
                 "untoc:10 for the Convention (repeat for several).", show_default=False),
]
SectionOpt = Annotated[
    list[str] | None,
    typer.Option("--section", "-s", help="Only this section (by id), with its subsections "
                 "(repeat for several).", show_default=False),
]
LangOpt = Annotated[
    Lang | None,  # type: ignore[valid-type]
    typer.Option("--lang", "-l", help="Language shown. Default: English, or the "
                 "questionnaire's first language. A text missing in it is shown in English, "
                 "marked.", show_default=False),
]
LayoutOpt = Annotated[
    LayoutChoice,  # type: ignore[valid-type]
    typer.Option("--layout", help="document: questions in their sections; mandatory-first: "
                 "questions on mandatory provisions in one part, the others in a second; "
                 "annex: questions on non-mandatory provisions in an annex (report para 32)."),
]


def show(
    questionnaire: QuestionnaireArg = None,
    requirement: RequirementOpt = None,
    obligation: ObligationOpt = None,
    status: StatusOpt = None,
    article: ArticleOpt = None,
    section: SectionOpt = None,
    lang: LangOpt = None,
    layout: LayoutOpt = LayoutChoice("document"),
    width: Annotated[int | None, typer.Option(
        help="Columns to wrap at. Default: the terminal's width.", show_default=False,
        min=30)] = None,
    color: Annotated[bool | None, typer.Option(
        "--color/--no-color", help="Colours. Default: on in a terminal, unless NO_COLOR "
        "is set.", show_default=False)] = None,
    bidi: Annotated[bool, typer.Option(
        "--bidi/--no-bidi", help="Reorder right-to-left text (Arabic) for terminals that do "
        "no bidi of their own (Windows Terminal, xterm...), and align it right. Off by "
        "default: terminals that do their own bidi (GNOME Terminal, Konsole, mintty) would "
        "reverse it twice, and files keep logical order. See docs/non-paper.md.")] = False,
) -> int:
    """Show the questionnaire as the working group reads it: the rolling text, with
    requirement tags, negotiation status, bracketed questions without consensus and their
    alternative wordings, and moved questions in place.

    Example: tipq show --requirement non-mandatory --lang ar
    """
    from tipq.render import RENDERER_BY_NAME, RenderOptions, build_nonpaper

    q, others = _load(questionnaire)
    filters = _filters(requirement, obligation, status, article, section)
    layout_name: str = layout.value  # type: ignore[attr-defined]
    nonpaper = build_nonpaper(q, lang=_lang(lang, q), layout=layout_name, filters=filters,
                              others=others)
    options = RenderOptions(width=width or _terminal_width(), color=_color(color), bidi=bidi)
    sys.stdout.write(RENDERER_BY_NAME["terminal"]().render(nonpaper, options))
    return 0


def export(
    questionnaire: QuestionnaireArg = None,
    format: Annotated[
        ExportFormat | None,  # type: ignore[valid-type]
        typer.Option("--format", "-f", help="Document format: the non-paper as markdown, "
                     "html or docx (Word); or the questionnaire for other tools: xlsform "
                     "(.xlsx for KoboToolbox and ODK), fhir (an HL7 FHIR Questionnaire, "
                     "JSON). Default: from the -o file's suffix (.html, .md, .docx, .xlsx, "
                     ".json), else markdown. See docs/interop.md.", show_default=False),
    ] = None,
    lang: LangOpt = None,
    layout: LayoutOpt = LayoutChoice("document"),
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (replaced atomically; "
                     "only a regular file is replaced). - or no -o: standard output.",
                     show_default=False),
    ] = None,
    requirement: RequirementOpt = None,
    obligation: ObligationOpt = None,
    status: StatusOpt = None,
    article: ArticleOpt = None,
    section: SectionOpt = None,
    fhir_version: Annotated[
        FhirVersion | None,  # type: ignore[valid-type]
        typer.Option("--fhir-version", help="FHIR release of --format fhir: r4b (default) "
                     "or r5.", show_default=False),
    ] = None,
) -> int:
    """Export the non-paper as a document: title block (symbol, status, version date),
    the tags explained, the questions with their follow-ups, the moved questions, a
    summary table and, with --layout annex, the annex of non-mandatory questions.

    HTML is one self-contained file that prints on A4 and reads right to left in Arabic;
    Markdown renders on GitHub; docx opens in Word and LibreOffice. xlsform and fhir export
    the whole questionnaire, in all its languages, for data-collection tools (--lang: the
    form's default language); layouts and filters do not apply to them.

    Example: tipq export --format html --layout annex --lang ar -o nonpaper.html

    Example: tipq export --format xlsform -o tip-protocol.xlsx
    """
    from tipq.render import EXPORTER_BY_NAME, RENDERER_BY_NAME, build_nonpaper

    fmt = format.value if format is not None else _format_from_suffix(output)
    layout_name: str = layout.value  # type: ignore[attr-defined]
    if fmt in EXPORTER_BY_NAME:
        return _export_questionnaire(questionnaire, fmt, lang, layout_name, output,
                                     fhir_version,
                                     [requirement, obligation, status, article, section])
    if fhir_version is not None:
        from tipq.core.errors import UsageError

        raise UsageError(f"--fhir-version applies to --format fhir, not {fmt}; leave it out")
    q, others = _load(questionnaire)
    filters = _filters(requirement, obligation, status, article, section)
    nonpaper = build_nonpaper(q, lang=_lang(lang, q), layout=layout_name, filters=filters,
                              others=others)
    renderer = RENDERER_BY_NAME[fmt]()
    text = renderer.render_bytes(nonpaper) if renderer.binary else renderer.render(nonpaper)
    if write_output(output, text):
        _note(f"wrote {output} ({fmt}, {nonpaper.lang}, layout {nonpaper.layout}, "
              f"{nonpaper.shown} of {nonpaper.total} questions)")
    return 0


def _export_questionnaire(path: Path | None, fmt: str, lang: enum.Enum | None, layout: str,
                          output: Path | None, fhir_version: enum.Enum | None,
                          filters: list[Any]) -> int:
    """``tipq export`` of the whole questionnaire for another tool (xlsform, fhir)."""
    from tipq.core.errors import UsageError
    from tipq.render import EXPORTER_BY_NAME, ExportOptions

    if layout != "document" or any(filters):
        raise UsageError(f"--layout and the filters (--requirement, --obligation, --status, "
                         f"--article, --section) choose what the non-paper shows; --format "
                         f"{fmt} exports every question, since all are to be answered "
                         "(report para 32): leave them out")
    if fhir_version is not None and fmt != "fhir":
        raise UsageError(f"--fhir-version applies to --format fhir, not {fmt}; leave it out")
    q, _ = _load(path)
    exporter = EXPORTER_BY_NAME[fmt]()
    options = ExportOptions(lang=lang.value if lang is not None else None,
                            fhir_version=fhir_version.value if fhir_version else "r4b")
    data = exporter.export(q, options)
    if write_output(output, data if exporter.binary else data.decode("utf-8")):
        questions = sum(1 for item in q.index.items if item.parent is None)
        _note(f"wrote {output} ({fmt}, {q.id} version {q.version}, {questions} questions, "
              f"languages {', '.join(q.languages)})")
    return 0


# --- helpers ----------------------------------------------------------------------------


def _load(path: Path | None) -> tuple[Questionnaire, dict[str, Questionnaire]]:
    """The questionnaire, and the ones its moved questions went to (found beside it)."""
    from tipq.io.repository import load_questionnaire, moved_targets

    q, found = load_questionnaire(path)
    return q, moved_targets(q, found)


def _filters(requirement: list[enum.Enum] | None, obligation: list[enum.Enum] | None,
             status: list[enum.Enum] | None, article: list[str] | None,
             section: list[str] | None) -> Filters:
    from tipq.render import Filters

    return Filters(
        requirements=frozenset(r.value for r in requirement or ()),
        obligations=frozenset(o.value for o in obligation or ()),
        statuses=frozenset(s.value for s in status or ()),
        articles=tuple(a.strip() for a in article or ()),
        sections=tuple(section or ()),
    )


def _lang(lang: enum.Enum | None, q: Questionnaire) -> str | None:
    if lang is None:
        return None
    if lang.value not in q.languages:
        from tipq.render.labels import language_name

        _note(f"{q.id} has no {language_name(lang.value, 'en')} text; its texts are shown "
              f"in English, each marked")
    return str(lang.value)


def _format_from_suffix(output: Path | None) -> str:
    from tipq.render import EXPORTER_BY_NAME, RENDERER_BY_NAME

    suffix = output.suffix.lower() if output is not None else ""
    if suffix == ".htm":
        return "html"
    suffixes = {r.suffix: n for n, r in RENDERER_BY_NAME.items()}
    suffixes |= {e.suffix: n for n, e in EXPORTER_BY_NAME.items()}
    return suffixes.get(suffix, "markdown") if suffix else "markdown"


def write_output(output: Path | None, text: str | bytes) -> bool:
    """Write an export to ``output``: standard output when it is None, ``-`` or the file
    standard output already is (``/dev/stdout``); else replace the file atomically.
    Returns True when a file was written. Only a regular file (or a new one) is replaced:
    a device, FIFO, socket or folder is refused with a :class:`UserError`, and so are a
    missing or read-only folder. Bytes (a binary format) never go to a terminal."""
    from tipq.core.errors import UserError
    from tipq.io.files import atomic_write_bytes, atomic_write_text

    if output is None or str(output) == "-" or _is_stdout(output):
        if isinstance(text, bytes):
            if sys.stdout.isatty():
                raise UserError("this format is a binary file, not for a terminal; "
                                "write it to a file with -o, e.g. -o questionnaire.xlsx")
            sys.stdout.flush()
            sys.stdout.buffer.write(text)
            sys.stdout.buffer.flush()
            return False
        sys.stdout.write(text)
        sys.stdout.flush()
        return False
    path = output
    refuse = f"cannot write {path}: "
    try:
        st = os.stat(path)  # through symbolic links: the file that would be replaced
    except FileNotFoundError:
        st = None
    except OSError as e:  # a symbolic link loop, a path through a file...
        reason = (e.strerror or type(e).__name__).lower()
        raise UserError(f"{refuse}{reason}; give the path of a regular file") from e
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise UserError(f"{refuse}it is a folder; give a file name, "
                        f"e.g. -o {path / 'nonpaper.html'}")
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise UserError(f"{refuse}it is {_file_kind(st.st_mode)}, not a regular file, and "
                        "tipq export only replaces regular files; give a file name, or "
                        "-o - for standard output")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(f"{refuse}the folder {folder} does not exist; "
                        "create it first, or choose another -o path")
    try:
        if isinstance(text, bytes):
            atomic_write_bytes(path, text)
        else:
            atomic_write_text(path, text)
    except PermissionError as e:
        raise UserError(f"{refuse}permission denied (is the folder {folder} "
                        "read-only?); choose another -o path") from e
    except OSError as e:
        reason = e.strerror or type(e).__name__
        raise UserError(f"{refuse}{reason.lower()}; choose another -o path") from e
    return True


def _is_stdout(path: Path) -> bool:
    """Whether ``path`` names the file standard output writes to (``/dev/stdout``,
    ``/dev/fd/1``, the terminal's own device): writing there is writing to stdout."""
    try:
        return os.path.samestat(os.stat(path), os.fstat(sys.stdout.fileno()))
    except (OSError, ValueError, AttributeError):  # no such file; stdout not a real file
        return False


def _file_kind(mode: int) -> str:
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _terminal_width() -> int:
    """COLUMNS, else the width of the terminal behind stdout, stderr or stdin, else 100
    (``tipq show | less`` still wraps to the terminal)."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) >= 30:
        return int(columns)
    for stream in (sys.__stdout__, sys.__stderr__, sys.__stdin__):
        try:
            size = os.get_terminal_size(stream.fileno())  # type: ignore[union-attr]
            return max(size.columns, 30)
        except (AttributeError, OSError, ValueError):
            continue
    return 100


def _color(color: bool | None) -> bool:
    if color is not None:
        return color
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty()


def _note(message: str) -> None:
    from tipq.cli.exits import error

    error(message)


def register(app: typer.Typer) -> None:
    app.command("show")(show)
    app.command("export")(export)
