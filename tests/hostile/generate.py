"""Questionnaires built from a list of answer forms, and answers typed for them.

Used by the crash, concurrency and property tests and by ``benchmarks/crash_long.py``:
:func:`build_questionnaire` writes a valid questionnaire (``tipq check`` finds no error in
it) with one question per form given; :func:`typed` says what a person types to give a
value, so a test can drive the real interview and know what must end up in the file.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

#: One-line answer forms (one prompt each), for driving the interview in a terminal.
LINE_FORMS: tuple[dict[str, Any], ...] = (
    {"type": "closed"},
    {"type": "number", "min": 0, "integer": True},
    {"type": "text", "multiline": False},
    {"type": "choice", "options": [
        {"value": "police", "label": {"en": "Police", "ar": "الشرطة"}},
        {"value": "labour", "label": {"en": "Labour inspection", "ar": "تفتيش العمل"}},
        {"value": "ngo", "label": {"en": "Civil society", "ar": "المجتمع المدني"}}]},
    {"type": "multi-choice", "options": [
        {"value": "housing", "label": {"en": "Housing", "ar": "السكن"}},
        {"value": "medical", "label": {"en": "Medical care", "ar": "الرعاية الطبية"}},
        {"value": "legal", "label": {"en": "Legal aid", "ar": "المساعدة القانونية"}},
        {"value": "work", "label": {"en": "Work permits", "ar": "تصاريح العمل"}}]},
    {"type": "date", "min": "2000-12-12"},
    {"type": "text"},  # multi-line: lines, then a line holding only "."
)

#: Provisions of the Protocol, by obligation, for the generated questions.
_PROVISIONS = {"shall": ["5(1)", "5(2)(a)", "9(1)", "10(1)", "11(1)", "6(2)"],
               "shall-consider": ["6(3)", "7(1)"], "shall-endeavour": ["6(4)", "8(5)"],
               "may": ["14(1)"]}
_REQUIREMENT = {"shall": "mandatory", "shall-consider": "non-mandatory",
                "shall-endeavour": "non-mandatory", "may": "non-mandatory"}


def questionnaire_data(forms: Sequence[dict[str, Any]], *, qid: str = "generated",
                       per_section: int = 10, follow_up_every: int = 0) -> dict[str, Any]:
    """A valid questionnaire: one question per form, ``per_section`` to a section.

    With ``follow_up_every`` N, every Nth closed question gets a citations follow-up asked
    when the answer is yes or partly.
    """
    obligations = list(_PROVISIONS)
    sections: list[dict[str, Any]] = []
    for n, form in enumerate(forms, 1):
        if (n - 1) % per_section == 0:
            k = len(sections) + 1
            sections.append({"id": f"s{k}", "title": {"en": f"Section {k}", "ar": f"القسم {k}"},
                             "questions": []})
        obligation = obligations[n % len(obligations)]
        question: dict[str, Any] = {
            "id": f"q{n}", "number": n,
            "provisions": [_PROVISIONS[obligation][n % len(_PROVISIONS[obligation])]],
            "obligation": obligation, "requirement": _REQUIREMENT[obligation],
            "text": {"en": f"Question {n}: how does your State implement this provision?",
                     "ar": f"السؤال {n}: كيف تنفذ دولتكم هذا الحكم؟"},
            "answer": dict(form),
        }
        if follow_up_every and form["type"] == "closed" and n % follow_up_every == 0:
            question["follow_ups"] = [{
                "id": f"q{n}-cite", "text": {"en": "Cite the legislation.",
                                             "ar": "يرجى ذكر التشريعات."},
                "when": {"question": f"q{n}", "in": ["yes", "partly"]},
                "answer": {"type": "citations"}}]
        sections[-1]["questions"].append(question)
    return {
        "id": qid, "title": {"en": "A generated questionnaire", "ar": "استبيان مولد"},
        "instrument": "tip-protocol", "version": "2026-01-05T09:00", "status": "draft",
        "languages": ["en", "ar"], "sections": sections,
    }


def write_questionnaire(path: Path, data: dict[str, Any]) -> Path:
    """Write as YAML (JSON is YAML: tipq reads it with the same guarded loader)."""
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def build_questionnaire(folder: Path, count: int = 40, *, forms: Sequence[dict[str, Any]]
                        = LINE_FORMS[:6], name: str = "generated.yaml") -> Path:
    """A questionnaire file of ``count`` questions cycling through ``forms``."""
    cycle = [forms[i % len(forms)] for i in range(count)]
    return write_questionnaire(folder / name, questionnaire_data(cycle))


# --- values and what a person types for them -------------------------------------------

_WORDS = ("Penal Code", "art. 3", "Act No. 12 of 2009", "Labour Code", "victims",
          "القانون الجنائي", "المادة 3", "Code pénal", "Código Penal", "inspection", "2019")


def random_value(form: Any, rng: random.Random) -> Any:
    """A valid value for ``form`` (a model answer form), with a known typed form."""
    kind = form.type
    if kind == "closed":
        return rng.choice(["yes", "partly", "no"])
    if kind == "number":
        return rng.randint(0, 5000)
    if kind == "date":
        return f"{rng.randint(2001, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if kind == "choice":
        return rng.choice([o.value for o in form.options])
    if kind == "multi-choice":
        values = [o.value for o in form.options]
        return rng.sample(values, rng.randint(1, len(values)))
    if kind == "text":
        lines = [" ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 8)))
                 for _ in range(rng.randint(1, 3) if form.multiline else 1)]
        return "\n".join(lines)
    raise ValueError(f"no typed form for {kind}")  # pragma: no cover


def typed(form: Any, value: Any) -> list[str]:
    """The lines a person types to give ``value``."""
    kind = form.type
    if kind == "multi-choice":
        return [", ".join(value)]
    if kind == "text" and form.multiline:
        return [*value.split("\n"), "."]
    return [str(value)]
