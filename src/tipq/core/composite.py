"""The fields of the composite answers (citations, technical assistance), for tools that
have no such answers: an XLSForm, a FHIR Questionnaire, a spreadsheet of submissions.

tipq stores a citation as ``{title, provision, link}`` and an assistance entry as
``{needed, kinds, description}``; another tool asks each field as an answer of its own.
:class:`SubAnswer` says how: its key in the stored value, the answer form it is asked as
(one of tipq's own forms, so that every mapping stays in :mod:`tipq.core.kinds`), its
label in the six UN languages, whether it is required and when it is asked. The kinds
list them (:meth:`tipq.core.kinds.AnswerKind.sub_answers`) and put the stored value back
together (:meth:`~tipq.core.kinds.AnswerKind.compose`).

This module imports no kind, so that the kinds can use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tipq.core.answers import CLOSED_LABELS
from tipq.core.common import LocalizedText
from tipq.core.questionnaire import ChoiceAnswer, MultiChoiceAnswer, Option, TextAnswer

#: The separator between an answer's id and a sub-answer's key in another tool's field
#: names (``tip-offence-assistance__needed``): tipq identifiers never hold two underscores.
SUB_SEPARATOR = "__"

#: The fields tipq adds to a form beside the questionnaire's (an XLSForm): the State, the
#: respondent, and hidden fields naming the questionnaire answered (id, version, hash).
COUNTRY_FIELD = "country"
RESPONDENT_GROUP = f"tipq{SUB_SEPARATOR}respondent"
RESPONDENT_FIELDS = {key: f"respondent{SUB_SEPARATOR}{key}"
                     for key in ("name", "institution", "email")}
QUESTIONNAIRE_FIELDS = {key: f"tipq{SUB_SEPARATOR}{key}"
                        for key in ("questionnaire", "version", "hash")}

#: The citation link rule of :func:`tipq.core.kinds.check_citation`, written for the
#: regular expressions of other tools (no inline flags: JavaScript has none).
URL_PATTERN = r"^(?:[hH][tT][tT][pP][sS]?|[fF][tT][pP])://[^\s/$.?#][^\s]*$"


@dataclass(frozen=True)
class SubAnswer:
    """One field of a composite answer, as another tool asks it."""

    key: str  # its key in the stored value: title, provision, link, needed, kinds...
    form: Any  # the answer form it is asked as (a tipq answer model)
    label: LocalizedText
    required: bool = True
    when: tuple[str, tuple[str, ...]] | None = None  # (key of a sibling, values): asked if
    url: bool = False  # a web address (URL_PATTERN)

    def name(self, answer_id: str) -> str:
        """Its field name in another tool: ``<answer id>__<key>``."""
        return f"{answer_id}{SUB_SEPARATOR}{self.key}"


def _text(en: str, ar: str, fr: str, es: str, ru: str, zh: str) -> LocalizedText:
    return {"en": en, "ar": ar, "fr": fr, "es": es, "ru": ru, "zh": zh}


LINE = TextAnswer(type="text", multiline=False)
LINES = TextAnswer(type="text")
YES_NO = ChoiceAnswer(type="choice", options=[
    Option(value="yes", label=CLOSED_LABELS["yes"]),
    Option(value="no", label=CLOSED_LABELS["no"])])

CITATION_FIELDS: tuple[SubAnswer, ...] = (
    SubAnswer("title", LINE, _text(
        "Title of the law or regulation", "عنوان القانون أو اللائحة",
        "Titre de la loi ou du règlement", "Título de la ley o del reglamento",
        "Название закона или нормативного акта", "法律或条例的名称")),
    SubAnswer("provision", LINE, _text(
        "Article or provision", "المادة أو الحكم", "Article ou disposition",
        "Artículo o disposición", "Статья или положение", "条款"), required=False),
    SubAnswer("link", LINE, _text(
        "Link (web address)", "الرابط (العنوان الإلكتروني)", "Lien (adresse web)",
        "Enlace (dirección web)", "Ссылка (веб-адрес)", "链接（网址）"),
        required=False, url=True),
)

NEEDED_LABEL = _text(
    "Is technical assistance needed?", "هل يلزم الحصول على مساعدة تقنية؟",
    "Une assistance technique est-elle nécessaire ?", "¿Se necesita asistencia técnica?",
    "Требуется ли техническая помощь?", "是否需要技术援助？")
KINDS_LABEL = _text(
    "Kinds of assistance needed", "أنواع المساعدة المطلوبة", "Types d'assistance nécessaires",
    "Tipos de asistencia necesarios", "Виды необходимой помощи", "所需援助的类型")
DESCRIPTION_LABEL = _text(
    "Please describe the assistance needed", "يُرجى وصف المساعدة المطلوبة",
    "Veuillez décrire l'assistance nécessaire", "Sírvase describir la asistencia necesaria",
    "Просьба описать необходимую помощь", "请说明所需的援助")


def assistance_fields(kinds: list[Option]) -> tuple[SubAnswer, ...]:
    """The fields of an assistance answer offering ``kinds``."""
    needed = ("needed", ("yes",))
    return (
        SubAnswer("needed", YES_NO, NEEDED_LABEL),
        SubAnswer("kinds", MultiChoiceAnswer(type="multi-choice", options=kinds), KINDS_LABEL,
                  when=needed),
        SubAnswer("description", LINES, DESCRIPTION_LABEL, required=False, when=needed),
    )


__all__ = ["CITATION_FIELDS", "COUNTRY_FIELD", "QUESTIONNAIRE_FIELDS", "RESPONDENT_FIELDS",
           "RESPONDENT_GROUP", "SUB_SEPARATOR", "URL_PATTERN", "SubAnswer",
           "assistance_fields"]
