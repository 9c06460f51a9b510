"""The answer kinds made of parts: citations of legislation, and technical assistance
(report para 5). Registered in :mod:`tipq.core.kinds`."""

from __future__ import annotations

import re
from typing import Any

from tipq.core.answers import (
    ASSISTANCE_KINDS,
    Problem,
)
from tipq.core.composite import CITATION_FIELDS, SubAnswer, assistance_fields
from tipq.core.kind_base import AnswerKind, Entry, Term
from tipq.core.languages import pick_text
from tipq.core.questionnaire import (
    AssistanceAnswer,
    CitationsAnswer,
    Option,
)

_URL = re.compile(r"^(?:https?|ftp)://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_CITATION_KEYS = {"title", "provision", "link", "ref"}


class CitationsKind(AnswerKind[CitationsAnswer]):
    """A list of legislation citations: title, provision, link."""

    type = "citations"
    form = CitationsAnswer
    lists_legislation = True
    repeats = True
    xlsform = "begin_repeat"
    fhir = "group"

    def check(self, form: CitationsAnswer, value: Any) -> Problem | None:
        if not isinstance(value, list):
            return Problem("the answer is not a list of citations",
                           "Write a list of entries with title, provision and link.")
        for i, c in enumerate(value, 1):
            problem = check_citation(c, i)
            if problem is not None:
                return problem
        if len(value) < form.min_items:
            return Problem(f"{len(value)} citation(s) given, at least {form.min_items} needed",
                           "Cite the applicable legislation.")
        if form.max_items is not None and len(value) > form.max_items:
            return Problem(f"{len(value)} citations given, at most {form.max_items} allowed",
                           "Keep the most relevant ones.")
        return None

    def entry(self, form: CitationsAnswer) -> Entry:
        return "citations"

    def describe(self, form: CitationsAnswer) -> tuple[Term, ...]:
        return (("ans.citations", {}),)

    def sub_answers(self, form: CitationsAnswer) -> tuple[SubAnswer, ...]:
        return CITATION_FIELDS

    def compose(self, form: CitationsAnswer, records: list[dict[str, Any]]) -> Any:
        out = [{k: v for k, v in r.items() if k in _CITATION_KEYS and v not in (None, "")}
               for r in records]
        out = [c for c in out if c]
        return out or None

    def display(self, form: CitationsAnswer, value: Any, lang: str) -> str:
        from tipq.core.i18n import t

        if not isinstance(value, list):
            return super().display(form, value, lang)
        parts = []
        for c in value:
            if isinstance(c, dict):
                title = c.get("title") or (f"[{c['ref']}]" if c.get("ref") else "")
                bits = [str(title), str(c.get("provision") or "")]
                parts.append(", ".join(b for b in bits if b))
        return t("n_citations", lang, count=len(value)) + ": " + "; ".join(parts)


def check_citation(c: Any, i: int) -> Problem | None:
    """What is wrong with citation number ``i`` (1-based), if anything. A citation has a
    ``title`` (and optional provision and link), or refers to the response's legislation
    list: ``ref`` (and an optional provision); whether the ref exists is the response's
    business (R119)."""
    ref = c.get("ref") if isinstance(c, dict) else None
    if isinstance(c, dict) and "ref" in c:
        if not isinstance(ref, str) or not ref.strip():
            return Problem(f"citation {i}: 'ref' is not a key of the legislation list",
                           "Write the key of an entry under 'legislation:', e.g. penal-code.")
        if "title" in c or "link" in c:
            return Problem(f"citation {i} has both 'ref' and a title or link",
                           "Keep 'ref' (the title and link are in the legislation list), "
                           "or remove it.")
    elif (not isinstance(c, dict) or not isinstance(c.get("title"), str)
          or not c["title"].strip()):
        return Problem(f"citation {i} has no title",
                       "Give each citation a 'title', or a 'ref' to the legislation list.")
    if not _CITATION_KEYS.issuperset(c):
        extra = set(c) - _CITATION_KEYS
        return Problem(f"citation {i} has unknown field(s): {', '.join(sorted(extra))}",
                       "A citation has only title, provision and link (or ref and provision).")
    for key in ("provision", "link"):
        if c.get(key) is not None and not isinstance(c[key], str):
            return Problem(f"citation {i}: '{key}' is not text", f"Write '{key}' as text.")
    link = c.get("link")
    if link and not _URL.match(link.strip()):
        return Problem(f"citation {i}: '{link}' is not a web address",
                       "Give a link starting with https://, or leave it out.")
    return None


_ASSISTANCE_KEYS = {"needed", "kinds", "description"}


class AssistanceKind(AnswerKind[AssistanceAnswer]):
    """Technical assistance needs (report para 5): needed or not, kinds, description."""

    type = "assistance"
    form = AssistanceAnswer
    multiple = True  # several kinds of assistance in one answer
    xlsform = "select_multiple"
    fhir = "group"

    def options(self, form: AssistanceAnswer) -> list[Option]:
        return list(form.kinds) if form.kinds is not None else list(ASSISTANCE_KINDS)

    def check(self, form: AssistanceAnswer, value: Any) -> Problem | None:
        if not isinstance(value, dict):
            return Problem("the answer is not a technical-assistance entry",
                           "Write 'needed: true' or 'needed: false', with 'kinds' and "
                           "'description' when needed.")
        extra = set(value) - _ASSISTANCE_KEYS
        if extra:
            return Problem(f"unknown field(s): {', '.join(sorted(extra))}",
                           "An assistance entry has only needed, kinds and description.")
        if not isinstance(value.get("needed"), bool):
            return Problem("'needed' is not true or false",
                           "Write 'needed: true' or 'needed: false'.")
        kinds = value.get("kinds") or []
        values = self.accepted(form)
        if not isinstance(kinds, list) or any(k not in values for k in kinds):
            return Problem("'kinds' holds an unknown kind of assistance",
                           f"Choose from: {', '.join(values)}.")
        if value["needed"] and not kinds:
            return Problem("assistance is needed but no kind is given",
                           "List at least one kind under 'kinds'.")
        if not value["needed"] and kinds:
            return Problem("'kinds' are listed but 'needed' is false",
                           "Set 'needed: true', or remove the kinds.")
        desc = value.get("description")
        if desc is not None and not isinstance(desc, str):
            return Problem("'description' is not text", "Write the description as text.")
        return None

    def entry(self, form: AssistanceAnswer) -> Entry:
        return "assistance"

    def sub_answers(self, form: AssistanceAnswer) -> tuple[SubAnswer, ...]:
        return assistance_fields(self.options(form))

    def compose(self, form: AssistanceAnswer, records: list[dict[str, Any]]) -> Any:
        parts = records[0] if records else {}
        needed = parts.get("needed")
        if needed in (None, ""):
            return None
        value: dict[str, Any] = {"needed": {"yes": True, "no": False}.get(needed, needed)}
        if value["needed"]:
            value["kinds"] = parts.get("kinds") or []
            if parts.get("description"):
                value["description"] = parts["description"]
        return value

    def requests_assistance(self, value: Any) -> bool:
        return isinstance(value, dict) and value.get("needed") is True

    def describe(self, form: AssistanceAnswer) -> tuple[Term, ...]:
        return (("ans.assistance", {}),)

    def display(self, form: AssistanceAnswer, value: Any, lang: str) -> str:
        from tipq.core.i18n import t

        if not isinstance(value, dict):
            return super().display(form, value, lang)
        if value.get("needed") is True:
            kinds = {o.value: pick_text(o.label, lang)[0] for o in self.options(form)}
            chosen = ", ".join(kinds.get(k, str(k)) for k in value.get("kinds") or [])
            return f"{t('assistance_requested', lang)}: {chosen}"
        return t("assistance_not_needed", lang)


