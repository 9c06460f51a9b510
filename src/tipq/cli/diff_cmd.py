"""``tipq diff OLD NEW``: what changed between two versions of a questionnaire."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tipq.cli.show_cmd import LangOpt
from tipq.render.diff_output import DIFF_RENDERERS_BY_NAME

if TYPE_CHECKING:
    from tipq.core.questionnaire import Questionnaire

#: --format choices: the keys of the diff renderer registry.
DiffFormat = enum.Enum("DiffFormat", {n: n for n in DIFF_RENDERERS_BY_NAME}, type=str)  # type: ignore[misc]


def diff(
    old: Annotated[str, typer.Argument(help="The older version: a questionnaire file, or "
                                       "ID@VERSION found among the questionnaires (e.g. "
                                       "tip-protocol@2018-06-01T12:00).", show_default=False)],
    new: Annotated[str, typer.Argument(help="The newer version, written the same way.",
                                       show_default=False)],
    format: Annotated[
        DiffFormat,
        typer.Option("--format", "-f", help="Output format."),
    ] = DiffFormat("text"),
    lang: LangOpt = None,
    exit_code: Annotated[bool, typer.Option(
        "--exit-code", help="Exit 1 when there are differences (as git diff).")] = False,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write to this file (replaced atomically); default: standard "
        "output.", show_default=False)] = None,
    questionnaire: Annotated[list[Path] | None, typer.Option(
        "--questionnaire", "-q", help="A questionnaire file or folder to look for ID@VERSION "
        "in (repeatable), before the questionnaires shipped with tipq.",
        show_default=False)] = None,
) -> int:
    """Compare two versions of a questionnaire, question by question (by stable id, never
    by position): added, removed, moved to another questionnaire, renumbered, reworded
    (with a word-level redline), re-tagged, negotiation status, options, conditions and
    the kind of answer. Each change is harmless or needs responses to be reviewed.

    --lang shows the rewordings in one language and the words of the output in it (ar:
    right to left). Exit 0; with --exit-code, 1 when the versions differ; 2 when a file
    cannot be read.

    Example: tipq diff questionnaires/tip-protocol-2018-06.yaml questionnaires/tip-protocol.yaml
    --format html --lang ar -o changes.html
    """
    from tipq.checks.diff import diff_questionnaires
    from tipq.cli.exits import ExitStatus
    from tipq.cli.show_cmd import write_output

    old_q, old_file = _resolve(old, "OLD", questionnaire or [])
    new_q, new_file = _resolve(new, "NEW", questionnaire or [])
    result = diff_questionnaires(old_q, new_q, old_file=old_file, new_file=new_file)
    chosen = str(lang.value) if lang is not None else None
    text = DIFF_RENDERERS_BY_NAME[format.value](result, chosen)
    write_output(output, text)
    if exit_code and not result.identical:
        return ExitStatus.FINDINGS
    return ExitStatus.OK


def _resolve(spec: str, name: str, paths: list[Path]) -> tuple[Questionnaire, str]:
    """A questionnaire from a path, or from ``ID@VERSION`` through the repository."""
    from tipq.core.errors import UsageError
    from tipq.io.repository import QuestionnaireRepository, load_questionnaire
    from tipq.io.versions import find_in

    path = Path(spec)
    if path.is_file() or "@" not in spec:
        if not path.exists():
            raise UsageError(f"{name} {spec}: no such file; give a questionnaire file, or "
                             "ID@VERSION (e.g. tip-protocol@2018-07-03T18:00)")
        if path.is_dir():
            raise UsageError(f"{name} {spec} is a folder; give a questionnaire file, e.g. "
                             f"{path / 'tip-protocol.yaml'}")
        q, _ = load_questionnaire(path)
        return q, spec
    qid, _, version = spec.partition("@")
    repo = QuestionnaireRepository.build(paths)
    found = find_in(repo, qid, version)
    if found is None:
        known = [e.version or "?" for e in repo.versions(qid)]
        where = ", ".join(s.label for s in repo.sources_for())
        have = f"; versions found: {', '.join(known)}" if known else ""
        raise UsageError(f"{name} {spec}: no questionnaire '{qid}' version {version} in "
                         f"{where}{have}. Give its file, or --questionnaire PATH to look in")
    entry = next(e for e in repo.versions(qid) if e.questionnaire is found)
    return found, entry.path


def register(app: typer.Typer) -> None:
    app.command("diff")(diff)
