"""The reviewer's interview: ``tipq interview`` as a library.

- :mod:`~tipq.interview.engine`: the pure engine (plan, next question, progress, review);
- :mod:`~tipq.interview.entry`: reading one answer per form, line by line;
- :mod:`~tipq.interview.session`: one sitting (ask, save, navigate, review, submit);
- :mod:`~tipq.interview.store`: the response file (create, resume, verified atomic saves);
- :mod:`~tipq.io.lock`: the lock file that keeps a second interview out;
- :mod:`~tipq.interview.prompters`: the prompter protocol and the scripted prompter;
- :mod:`~tipq.interview.terminal`: the terminal prompter (the only module that prints).

:func:`run_interview` puts them together; the CLI is a thin layer over it.
"""

from __future__ import annotations

import dataclasses
import os
import shlex
from dataclasses import dataclass
from pathlib import Path

from tipq.core.errors import UsageError
from tipq.interview.engine import ORDERS, Interview, Order
from tipq.interview.prompters import Prompter, ScriptedPrompter
from tipq.interview.session import SessionResult, run_session
from tipq.interview.store import Clock, ResponseStore, utc_now

#: Where responses go by default, relative to the current folder.
DEFAULT_FOLDER = Path("responses")


@dataclass
class InterviewOptions:
    questionnaire: Path | None = None  # None: the shipped Trafficking in Persons questionnaire
    country: str | None = None
    lang: str = "en"
    out: Path | None = None
    order: Order = "document"
    update_questionnaire: bool = False


def country_from_option(text: str, lang: str = "en") -> str:
    """A --country value as a code, or a UsageError that says what to type instead.

    Only codes (three letters, or EU) and exact country names pass, so a value such as
    ``../../etc`` can never become part of a file path.
    """
    from tipq.core import countries

    code = countries.lookup(text, lang)
    if code is not None:
        return code
    close = countries.suggest(text, lang)
    did = ("; did you mean " + " or ".join(countries.describe(c, lang) for c in close) + "?"
           if close else ".")
    raise UsageError(f"--country: '{text}' is not a country code tipq knows{did} Use an ISO "
                     "3166-1 alpha-3 code (e.g. ARG, NGA, ITA), EU, or a user-assigned code "
                     "such as XXA for a fictitious State.")


def ask_country(prompter: Prompter, lang: str) -> str:
    """Ask until the person gives a country tipq knows (suggesting fixes for typos)."""
    from tipq.core import countries
    from tipq.core.i18n import t

    while True:
        text = prompter.ask(t("country_prompt", lang))
        code = countries.lookup(text, lang) if text.strip() else None
        if code is not None:
            prompter.say(t("country_chosen", lang, name=countries.describe(code, lang)),
                         "success")
            return code
        if text.strip():
            prompter.say(t("country_unknown", lang, text=text.strip()), "error")
            close = countries.suggest(text, lang)
            if close:
                prompter.say(t("country_suggest", lang, suggestions=", ".join(
                    countries.describe(c, lang) for c in close)), "help")


def check_out(out: Path) -> Path:
    """``--out`` must name a file: a folder (``.``, ``./``, ``/``, ``responses``) is a
    usage error that says what to give instead."""
    if not out.name or out.name in (".", "..") or out.is_dir():
        raise UsageError(f"--out {out} is a folder; give the path of the response file, "
                         f"e.g. --out {out / 'XXA.yaml'}")
    return out


def response_path(country: str, out: Path | None) -> Path:
    """``--out``, or ``responses/<CODE>.yaml`` (the folder created if missing)."""
    if out is not None:
        return check_out(out)
    DEFAULT_FOLDER.mkdir(exist_ok=True)
    return DEFAULT_FOLDER / f"{country}.yaml"


def resume_command(options: InterviewOptions, country: str, path: Path) -> str:
    """The exact command that continues this interview."""
    parts = ["tipq", "interview"]
    if options.questionnaire is not None:
        parts.append(str(options.questionnaire))
    parts += ["--country", country]
    if options.lang != "en":
        parts += ["--lang", options.lang]
    if options.out is not None:
        parts += ["--out", str(path)]
    if options.order != "document":
        parts += ["--order", options.order]
    if os.name == "nt":  # pragma: no cover - Windows quoting
        return " ".join(f'"{p}"' if " " in p else p for p in parts)
    return shlex.join(parts)


@dataclass
class Prepared:
    """An interview ready to run: the store is open (and locked) until :meth:`close`."""

    interview: Interview
    store: ResponseStore
    resume: str

    def close(self) -> None:
        self.store.close()


def prepare_interview(options: InterviewOptions, prompter: Prompter, *,
                      clock: Clock = utc_now) -> Prepared:
    """Load the questionnaire, settle the country and the file, open and lock it."""
    if options.order not in ORDERS:
        raise UsageError(f"--order must be one of {', '.join(ORDERS)}")
    if options.out is not None:
        check_out(options.out)
    from tipq.io.repository import load_questionnaire

    if options.questionnaire is not None and options.out is None:
        found = _response_given(options.questionnaire)
        if found is not None:  # `tipq interview responses/XXA.yaml`: continue that one
            from tipq.core.i18n import t

            prompter.say(t("continuing_response", options.lang,
                           path=options.questionnaire), "info")
            options = dataclasses.replace(options, questionnaire=found,
                                          out=options.questionnaire)
    questionnaire, _ = load_questionnaire(options.questionnaire)
    country = country_from_option(options.country, options.lang) if options.country else None
    if country is None and options.out is not None and options.out.exists():
        from tipq.io.loading import load_response_file

        loaded = load_response_file(options.out)
        country = loaded.model.country if loaded.ok else None
    if country is None:
        country = ask_country(prompter, options.lang)
    path = response_path(country, options.out)
    store = ResponseStore.open(path, questionnaire, country=country, clock=clock,
                               update_questionnaire=options.update_questionnaire)
    interview = Interview(questionnaire, store.values, order=options.order,
                          to_review=store.review_ids,
                          unfinished=store.unfinished)
    return Prepared(interview, store, resume_command(options, country, path))


def _response_given(path: Path) -> Path | None:
    """When ``path`` (given as the questionnaire) is a response file: the questionnaire it
    answers (None for the shipped one), found as ``tipq validate`` finds it; a UsageError
    when it cannot be found. None when ``path`` is not a response (loading it as a
    questionnaire then says what it is)."""
    from tipq.core.errors import FindingError
    from tipq.io.repository import QuestionnaireRepository
    from tipq.io.yaml_load import load_yaml

    try:
        data = load_yaml(path, positions=False).data
    except (FindingError, OSError):
        return None
    if not isinstance(data, dict) or "answers" not in data or "sections" in data:
        return None
    ref = data.get("questionnaire")
    if not isinstance(ref, dict) or not all(isinstance(ref.get(k), str)
                                            for k in ("id", "version", "hash")):
        raise UsageError(f"{path} is a response, but its 'questionnaire' (id, version, hash) "
                         "is missing or incomplete. Fix it, or give the questionnaire: "
                         f"tipq interview QUESTIONNAIRE --out {path}")
    match = QuestionnaireRepository.build().match(ref["id"], ref["version"], ref["hash"],
                                                  response=path)
    entry = match.entry
    if entry is None or entry.questionnaire is None:
        where = "; ".join(match.searched) or "the shipped questionnaires"
        raise UsageError(f"{path} is a response to '{ref['id']}' version {ref['version']}, and "
                         f"that questionnaire is not found (searched: {where}). Give it: "
                         f"tipq interview QUESTIONNAIRE --out {path}")
    return None if entry.source.kind == "shipped" else Path(entry.path)


def run_interview(options: InterviewOptions, prompter: Prompter, *,
                  clock: Clock = utc_now) -> SessionResult:
    """Run one sitting. KeyboardInterrupt / EOFError become
    :class:`~tipq.core.errors.InterruptedSession`, whose message says how to resume."""
    from tipq.core.errors import InterruptedSession
    from tipq.core.i18n import t

    try:
        prepared = prepare_interview(options, prompter, clock=clock)
    except (KeyboardInterrupt, EOFError) as e:
        raise InterruptedSession("interrupted before anything was saved") from e
    try:
        return run_session(prepared.interview, prepared.store, prompter, lang=options.lang,
                           resume_command=prepared.resume)
    except (KeyboardInterrupt, EOFError) as e:
        raise InterruptedSession(t("interrupted", options.lang, path=prepared.store.path,
                                   command=prepared.resume)) from e
    finally:
        prepared.close()


__all__ = [
    "ORDERS",
    "Interview",
    "InterviewOptions",
    "Prompter",
    "ResponseStore",
    "ScriptedPrompter",
    "SessionResult",
    "run_interview",
]
