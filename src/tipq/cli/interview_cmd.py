"""``tipq interview``: answer a questionnaire in the terminal, saving after every answer."""

from __future__ import annotations

import contextlib
import enum
from pathlib import Path
from typing import Annotated

import typer

from tipq.core.layouts import LAYOUTS

#: --order choices: the para 32 layouts (tipq.core.layouts imports no model: start-up stays fast)
OrderChoice = enum.Enum("OrderChoice", {name: name for name in LAYOUTS}, type=str)  # type: ignore[misc]


def _complete_yaml(incomplete: str) -> list[str]:
    """Shell completion for the QUESTIONNAIRE argument: YAML files (questionnaires, or a
    response to continue) and folders under what is typed so far."""
    import os

    folder, _, stem = incomplete.rpartition(os.sep)
    try:
        names = sorted(os.listdir(folder or "."))
    except OSError:
        return []
    found = []
    for name in names:
        path = os.path.join(folder, name) if folder else name
        if not name.startswith(stem) or name.startswith("."):
            continue
        if os.path.isdir(path):
            found.append(path + os.sep)
        elif name.endswith((".yaml", ".yml")):
            found.append(path)
    return found


def _complete_country(incomplete: str) -> list[tuple[str, str]]:
    """Shell completion for --country: the codes that start with what is typed, named."""
    from tipq.core import countries

    return countries.complete(incomplete)


def interview(
    questionnaire: Annotated[
        Path | None,
        typer.Argument(help="The questionnaire file. Default: the shipped Trafficking in "
                       "Persons Protocol questionnaire.", show_default=False,
                       readable=False, autocompletion=_complete_yaml),
    ] = None,
    country: Annotated[
        str | None,
        typer.Option("--country", "-c", help="ISO 3166-1 alpha-3 code of the State (e.g. "
                     "ARG, NGA, ITA), EU, or XXA for the fictitious sample State. Asked "
                     "when missing.", show_default=False,
                     autocompletion=_complete_country),
    ] = None,
    lang: Annotated[
        str, typer.Option("--lang", "-l", help="Language of the questions and of the "
                          "interview: en, ar, fr, es (ru, zh: questions only).")
    ] = "en",
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="The response file. Default: responses/<CODE>.yaml "
                     "in the current folder (created if missing).", show_default=False),
    ] = None,
    order: Annotated[
        OrderChoice, typer.Option("--order", help="document: as written; mandatory-first: "
                                  "questions on mandatory provisions first; annex: "
                                  "non-mandatory ones in a final annex section.")
    ] = OrderChoice("document"),
    bidi: Annotated[
        bool, typer.Option("--bidi/--no-bidi", help="Reorder right-to-left text for "
                           "terminals that do no bidi of their own (display only; files "
                           "keep logical order). See docs/interview.md.")
    ] = False,
    update_questionnaire: Annotated[
        bool, typer.Option("--update-questionnaire", help="Resume a response written for "
                           "another version of the questionnaire, moving it to this one.")
    ] = False,
) -> int:
    """Answer the questionnaire, one question at a time; every answer is saved at once.

    Running the same command again resumes at the first open question. At any prompt:
    help, back, skip, goto N, review, quit. Ctrl-C or Ctrl-D saves and exits (code 130)
    with the command that resumes. When every applicable question is answered, tipq offers
    to mark the response submitted, after the checks tipq validate runs.
    """
    from tipq.cli.exits import ExitStatus
    from tipq.core.i18n import LANGUAGES
    from tipq.core.languages import UN_LANGUAGES
    from tipq.interview import InterviewOptions, run_interview
    from tipq.interview.terminal import TerminalPrompter

    if lang not in UN_LANGUAGES:
        raise typer.BadParameter(
            f"'{lang}' is not a UN language code; use one of {', '.join(UN_LANGUAGES)} "
            f"(tipq's own words exist in {', '.join(LANGUAGES)})", param_hint="--lang")
    options = InterviewOptions(questionnaire=questionnaire, country=country, lang=lang,
                               out=out, order=order.value,
                               update_questionnaire=update_questionnaire)
    from tipq.core.errors import InterruptedSession

    prompter = TerminalPrompter(lang, bidi=bidi)
    with _terminate_as_interrupt():
        try:
            result = run_interview(options, prompter)
        except InterruptedSession as e:
            if bidi:  # the resume line, displayed like everything else
                raise InterruptedSession(prompter.visual(str(e))) from e
            raise
    del result  # quit, draft or submitted: all are a normal end
    return ExitStatus.OK


class _terminate_as_interrupt:
    """SIGTERM / SIGHUP (a closed window) end the sitting like Ctrl-C: lock released,
    the resume line printed. Answers are on disk already either way."""

    def __enter__(self) -> None:
        import signal

        self._old: dict[int, object] = {}
        for name in ("SIGTERM", "SIGHUP"):
            sig = getattr(signal, name, None)
            if sig is not None:
                with contextlib.suppress(ValueError, OSError):  # not the main thread
                    self._old[sig] = signal.signal(sig, _raise_interrupt)

    def __exit__(self, *exc: object) -> None:
        import signal

        for sig, handler in self._old.items():
            signal.signal(sig, handler)  # type: ignore[arg-type]


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def register(app: typer.Typer) -> None:
    app.command("interview")(interview)
