"""``tipq check``: lint questionnaire files.

:func:`check_paths` reads every questionnaire given (files, or folders searched for
``*.yaml``/``*.yml``), then runs each semantic rule over each questionnaire that loaded.
A rule is a function registered under the codes it reports; it gets a :class:`Context`
and yields findings. Rules that need other files (``moved_to`` targets) see all the
questionnaires of the run.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from tipq.core.findings import Finding, Severity
from tipq.core.kinds import accepted_values, kind_of
from tipq.core.languages import UN_LANGUAGES
from tipq.core.provisions import INSTRUMENT_NAMES, parse_provision
from tipq.core.questionnaire import (
    REQUIREMENT_BY_OBLIGATION,
    Questionnaire,
)
from tipq.io.files import iter_yaml_files
from tipq.io.loading import Loaded, load_questionnaire_file, question_id_at
from tipq.io.repository import moved_targets
from tipq.io.yaml_load import YamlDocument


@dataclass
class Context:
    q: Questionnaire
    doc: YamlDocument
    all_questionnaires: dict[str, Questionnaire]
    #: Every questionnaire of the run by (id, version), for the version rules.
    versions: dict[tuple[str, str], Questionnaire] = field(default_factory=dict)

    def at(self, code: str, path: tuple[Any, ...], question_id: str | None = None,
           **params: Any) -> Finding:
        return self.doc.finding(code, path, question_id=question_id, **params)


Rule = Callable[[Context], Iterable[Finding]]
RULES: list[tuple[tuple[str, ...], Rule]] = []


def rule(*codes: str) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        RULES.append((codes, fn))
        return fn

    return register


@dataclass
class CheckResult:
    files: list[Loaded] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def unreadable(self) -> list[Loaded]:
        return [f for f in self.files if f.doc is None]


def check_paths(paths: Iterable[str | os.PathLike[str]]) -> CheckResult:
    """Load and lint every questionnaire found under ``paths``."""
    result = CheckResult()
    for path in iter_yaml_files(paths):
        loaded = load_questionnaire_file(path)
        result.files.append(loaded)
        result.findings.extend(loaded.findings)
    models = {f.model.id: f.model for f in result.files if f.ok}
    # Targets not among the files given are looked for beside each file, so that checking
    # one changed file (as a pre-commit hook does) still resolves moved_to.
    for loaded in result.files:
        if loaded.ok:
            models.update(moved_targets(loaded.model, loaded.file, known=list(models)))
    versions = {(f.model.id, f.model.version): f.model for f in result.files if f.ok}
    for loaded in result.files:
        if loaded.ok and loaded.doc is not None:
            result.findings.extend(check_questionnaire(loaded.model, loaded.doc, models,
                                                       versions=versions))
    return result


def check_questionnaire(q: Questionnaire, doc: YamlDocument,
                        others: dict[str, Questionnaire] | None = None, *,
                        versions: dict[tuple[str, str], Questionnaire] | None = None,
                        ) -> list[Finding]:
    """Every semantic rule over one questionnaire that loaded."""
    ctx = Context(q, doc, {q.id: q, **(others or {})}, dict(versions or {}))
    findings: list[Finding] = []
    for _codes, fn in RULES:
        findings.extend(fn(ctx))
    findings.sort(key=lambda f: (f.line or 0, f.col or 0, f.code))
    return findings


# --- rules ------------------------------------------------------------------------------


@rule("Q101")
def duplicate_question_ids(ctx: Context) -> Iterator[Finding]:
    first: dict[str, Any] = {}
    for item in ctx.q.index.items:
        if item.id in first:
            line = (ctx.doc.locate(first[item.id]) or (None, None))[0]
            yield ctx.at("Q101", (*item.path, "id"), item.id, id=item.id, first_line=line)
        else:
            first[item.id] = (*item.path, "id")


@rule("Q102", "Q115")
def numbering(ctx: Context) -> Iterator[Finding]:
    first: dict[int, str] = {}
    retired = {r.number for r in ctx.q.retired_numbers}
    previous: int | None = None
    for item in ctx.q.index.items:
        if item.parent is not None:
            continue
        n = item.question.number  # type: ignore[union-attr]
        if n in first:
            yield ctx.at("Q102", (*item.path, "number"), item.id, number=n, first_id=first[n])
            continue
        first[n] = item.id
        if previous is not None and n > previous + 1:
            missing = set(range(previous + 1, n))
            if not missing <= retired:
                yield ctx.at("Q115", (*item.path, "number"), item.id, before=previous, after=n)
        previous = max(n, previous or 0)


@rule("Q103")
def duplicate_section_ids(ctx: Context) -> Iterator[Finding]:
    seen: set[str] = set()
    for path, (_above, s) in zip(_section_paths(ctx.q), ctx.q.iter_sections(), strict=True):
        if s.id in seen:
            yield ctx.at("Q103", (*path, "id"), id=s.id)
        seen.add(s.id)


def _section_paths(q: Questionnaire) -> Iterator[tuple[Any, ...]]:
    def walk(sections: list[Any], path: tuple[Any, ...]) -> Iterator[tuple[Any, ...]]:
        for i, s in enumerate(sections):
            here = (*path, "sections", i)
            yield here
            yield from walk(s.sections, here)

    yield from walk(q.sections, ())


@rule("Q104", "Q105")
def requirement_tags(ctx: Context) -> Iterator[Finding]:
    if _untagged_draft(ctx.q):
        return  # a version from before the tagging of report para 32 (docs/versions.md)
    for item in ctx.q.index.items:
        if item.parent is not None or item.top.is_moved:
            continue
        q = item.top
        if q.requirement is None:
            yield ctx.at("Q104", item.path, q.id, id=q.id)
        elif q.obligation is not None:
            expected = REQUIREMENT_BY_OBLIGATION[q.obligation]
            if q.requirement != expected:
                yield ctx.at("Q105", (*item.path, "requirement"), q.id, id=q.id,
                             requirement=q.requirement, obligation=q.obligation,
                             expected=expected)


def _untagged_draft(q: Questionnaire) -> bool:
    """A draft in which no question records a requirement or an obligation: a text from
    before report para 32 proposed tagging, recorded as it was."""
    return q.status == "draft" and not any(
        item.top.requirement or item.top.obligation for item in q.index.items)


@rule("Q106", "Q107", "Q108", "Q109", "Q116")
def conditions(ctx: Context) -> Iterator[Finding]:
    index = ctx.q.index
    for item in index.items:
        when = item.question.when
        if when is None:
            continue
        wpath = (*item.path, "when")
        by_question: dict[str, list[set[str]]] = defaultdict(list)
        for ci, cond in enumerate(when.conditions):
            cpath = wpath if when.question is not None else (*wpath, when.mode, ci)
            ref = index.by_id.get(cond.question)
            if ref is None:
                yield ctx.at("Q106", (*cpath, "question"), item.id, ref=cond.question)
                continue
            if ref.position >= item.position:
                yield ctx.at("Q107", (*cpath, "question"), item.id, ref=cond.question,
                             id=item.id)
                continue
            if ref.answer is None or not kind_of(ref.answer).discrete:
                kind = ref.answer.type if ref.answer is not None else "missing"
                yield ctx.at("Q109", (*cpath, "question"), item.id, ref=cond.question, type=kind)
                continue
            accepted = accepted_values(ref.answer)
            for vi, value in enumerate(cond.in_):
                if value not in accepted:
                    yield ctx.at("Q108", (*cpath, "in", vi), item.id, value=value,
                                 ref=cond.question, accepted=", ".join(accepted))
            if not cond.in_:
                yield ctx.at("Q116", (*cpath, "in"), item.id, id=item.id,
                             reason="its 'in' list is empty")
            elif ref.top.is_moved:
                yield ctx.at("Q116", (*cpath, "question"), item.id, id=item.id,
                             reason=f"'{cond.question}' is moved and never asked")
            by_question[cond.question].append(set(cond.in_))
        if when.mode == "all":
            for ref_id, sets in by_question.items():
                ref_item = index.by_id[ref_id]
                single = ref_item.answer is not None and not kind_of(ref_item.answer).multiple
                if single and len(sets) > 1 and not set.intersection(*sets):
                    yield ctx.at("Q116", wpath, item.id, id=item.id,
                                 reason=f"no single answer to '{ref_id}' meets all its "
                                 "conditions")


@rule("Q110", "Q117")
def languages(ctx: Context) -> Iterator[Finding]:
    declared = set(ctx.q.languages)
    for path, what, text in _iter_texts(ctx.q):
        qid = question_id_at(ctx.doc.data, path)
        for lang in ctx.q.languages:
            if lang not in text:
                yield ctx.at("Q110", path, qid, what=what, lang=lang)
        for written in text:
            if written not in declared:
                yield ctx.at("Q117", (*path, written), qid, what=what, lang=written)


def _iter_texts(q: Questionnaire) -> Iterator[tuple[tuple[Any, ...], str, Mapping[Any, str]]]:
    """Every user-visible localized text, with its path and a description of it."""
    yield ("title",), "the questionnaire title", q.title
    if q.description:
        yield ("description",), "the questionnaire description", q.description
    for spath, (_above, s) in zip(_section_paths(q), q.iter_sections(), strict=True):
        yield (*spath, "title"), f"the title of section '{s.id}'", s.title
        if s.description:
            yield (*spath, "description"), f"the description of section '{s.id}'", s.description
    for item in q.index.items:
        qq = item.question
        name = f"question {item.label} ('{item.id}')"
        yield (*item.path, "text"), f"the text of {name}", qq.text
        if qq.guidance:
            yield (*item.path, "guidance"), f"the guidance of {name}", qq.guidance
        alternatives = item.top.alternatives if item.parent is None else []
        for ai, alt in enumerate(alternatives):
            yield (*item.path, "alternatives", ai, "text"), f"alternative {ai + 1} of {name}", \
                alt.text
            if alt.note:
                yield (*item.path, "alternatives", ai, "note"), \
                    f"the note on alternative {ai + 1} of {name}", alt.note
        form = qq.answer
        if form is None:
            continue
        for sub, what, text in kind_of(form).texts(form):
            yield (*item.path, "answer", *sub), f"{what} of {name}", text


@rule("Q111")
def empty_choices(ctx: Context) -> Iterator[Finding]:
    for item in ctx.q.index.items:
        form = item.answer
        kind = kind_of(form) if form is not None else None
        if kind is not None and kind.needs_options and len(kind.options(form)) < 2:
            yield ctx.at("Q111", (*item.path, "answer", "options"), item.id, id=item.id)


@rule("Q112", "Q113")
def moved_questions(ctx: Context) -> Iterator[Finding]:
    for item in ctx.q.index.items:
        if item.parent is not None:
            continue
        q = item.top
        if q.is_moved and q.moved_to is None:
            yield ctx.at("Q113", (*item.path, "status"), q.id,
                         message=f"question '{q.id}' is moved but does not say where "
                         "('moved_to' is missing)")
        elif not q.is_moved and q.moved_to is not None:
            yield ctx.at("Q113", (*item.path, "moved_to"), q.id,
                         message=f"question '{q.id}' has 'moved_to' but its status is "
                         f"'{q.status}', not 'moved'")
        elif not q.is_moved and q.answer is None:
            yield ctx.at("Q113", item.path, q.id,
                         message=f"question '{q.id}' has no 'answer' form; only moved "
                         "questions may have none")
        if q.is_moved and q.moved_to is not None:
            target_q = ctx.all_questionnaires.get(q.moved_to.questionnaire)
            target = f"'{q.moved_to.questionnaire}' question '{q.moved_to.question}'"
            if target_q is None or q.moved_to.question not in target_q.index.by_id:
                yield ctx.at("Q112", (*item.path, "moved_to"), q.id, id=q.id, target=target)


@rule("Q114")
def provisions(ctx: Context) -> Iterator[Finding]:
    for item in ctx.q.index.items:
        if item.parent is not None:
            continue
        for pi, text in enumerate(item.top.provisions):
            if parse_provision(text, ctx.q.instrument) is None:
                instrument = text.split(":")[0] if ":" in text else ctx.q.instrument
                yield ctx.at("Q114", (*item.path, "provisions", pi), item.id, provision=text,
                             instrument=INSTRUMENT_NAMES.get(instrument, instrument))


@rule("Q118")
def no_consensus_alternatives(ctx: Context) -> Iterator[Finding]:
    for item in ctx.q.index.items:
        if item.parent is None and item.top.status == "no-consensus" and not item.top.alternatives:
            yield ctx.at("Q118", (*item.path, "status"), item.id, id=item.id)


def exit_findings(findings: Iterable[Finding], strict: bool) -> bool:
    """Whether these findings should fail the run (errors; warnings too when strict)."""
    levels = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    return any(f.level in levels for f in findings)


from tipq.checks import version_rules as _version_rules  # noqa: E402,F401  (Q119-Q122)

__all__ = ["RULES", "UN_LANGUAGES", "CheckResult", "check_paths", "check_questionnaire"]
