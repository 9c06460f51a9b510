"""``tipq export --format xlsform``: the questionnaire as an XLSForm (.xlsx) for
KoboToolbox, ODK Collect and Enketo (see docs/interop.md).

What maps to what (https://xlsform.org/en/):

- sheets ``survey``, ``choices``, ``settings``; every language of the questionnaire as
  ``label::English (en)``, ``label::Arabic (ar)``... and ``hint::``, ``required_message::``,
  ``constraint_message::`` likewise (a text missing in a language: the English one, so no
  language is ever left blank);
- a group per section (subsections nested); each numbered question, then its follow-ups;
  its number leads the label, a bracketed question (no consensus, report para 31) is in
  brackets with its alternative wordings in the hint, after the tags and the guidance;
- ``relevant`` from the ``when`` conditions (``${q} = 'yes'``, ``selected(${q}, 'x')`` for a
  multi-choice, ``or`` for ``any``, ``and`` for ``all``), a follow-up also needing its
  question's; ``required`` on every question (report para 32: all are answered), with the
  reason as ``required_message``; ``constraint`` from the bounds of the answer kind;
- citations as a ``begin_repeat`` (title, provision, link), technical assistance as a group
  (needed yes/no; the kinds as a ``select_multiple`` and a description when needed): the
  fields the kinds list (:mod:`tipq.core.composite`), named ``<id>__<field>``;
- moved questions (report para 30) are not asked: a ``note`` says where they went;
- a first group for the State (``country``, ISO alpha-3) and the respondent, and hidden
  ``calculate`` fields with the questionnaire's id, version and content hash, which
  ``tipq import xlsform-submissions`` checks;
- settings ``form_id`` (the questionnaire id), ``version``, ``form_title``,
  ``default_language`` and ``instance_name``.

Cells are always written as text (never as a formula), after :func:`tipq.core.escape.visible_lines`
(no control character reaches the sheet); XPath literals through
:func:`tipq.core.escape.xpath_string`. xlsxwriter is imported only here, when exporting.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tipq.core.composite import (
    COUNTRY_FIELD,
    QUESTIONNAIRE_FIELDS,
    RESPONDENT_FIELDS,
    RESPONDENT_GROUP,
    SUB_SEPARATOR,
    URL_PATTERN,
)
from tipq.core.errors import UserError
from tipq.core.escape import visible_lines, xpath_string
from tipq.core.kinds import kind_of
from tipq.core.languages import pick_text
from tipq.core.questionnaire import Item, Question, Questionnaire, Section, When
from tipq.render.exporters import Exporter, ExportOptions, default_language
from tipq.render.interop_words import w
from tipq.render.labels import language_name, t
from tipq.render.model import NonPaper, build_nonpaper, tag_items

#: The field names tipq adds (ids never hold ``__``, but ``country`` could be one:
#: :func:`build_xlsform` refuses a clash).
COUNTRY = COUNTRY_FIELD
COUNTRY_PATTERN = "^(?:[A-Z]{3}|EU)$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"

Localized = dict[str, str]


def column(kind: str, lang: str) -> str:
    """A language column's header: ``label::English (en)``."""
    return f"{kind}::{language_name(lang, 'en')} ({lang})"


@dataclass
class Sheet:
    """Rows of one sheet: dicts of column -> text, written in the order columns appear."""

    columns: list[str] = field(default_factory=list)
    rows: list[dict[str, str]] = field(default_factory=list)

    def add(self, row: dict[str, str | None]) -> None:
        clean = {k: v for k, v in row.items() if v not in (None, "")}
        for k in clean:
            if k not in self.columns:
                self.columns.append(k)
        self.rows.append(clean)


@dataclass
class XlsForm:
    """The three sheets, before they are written."""

    survey: Sheet
    choices: Sheet
    settings: Sheet


class _Builder:
    def __init__(self, q: Questionnaire, lang: str) -> None:
        self.q = q
        self.langs: list[str] = list(q.languages)
        self.default = lang
        # one non-paper per language: the texts, tags and places of moved questions as the
        # working group reads them
        self.papers: dict[str, NonPaper] = {
            lang: build_nonpaper(q, lang=lang) for lang in self.langs}
        self.views: dict[str, dict[str, Any]] = {
            lang: _views(paper) for lang, paper in self.papers.items()}
        self.survey = Sheet(["type", "name"])
        self.choices = Sheet(["list_name", "name"])
        self.lists: dict[tuple[Any, ...], str] = {}
        self.names: dict[str, str] = {}  # field name -> what it is, for clashes

    # --- texts ------------------------------------------------------------------------

    def each(self, kind: str, texts: Localized) -> dict[str, str | None]:
        return {column(kind, lang): visible_lines(texts[lang], bidi=False) if texts.get(lang)
                else None for lang in self.langs}

    def localized(self, value: Any) -> Localized:
        """A questionnaire text in every language of the form (English where missing)."""
        return {lang: pick_text(value, lang)[0] for lang in self.langs}

    def words(self, key: str, **params: Any) -> Localized:
        return {lang: w(key, lang, **params) for lang in self.langs}

    def name(self, name: str, what: str) -> str:
        if name in self.names:
            raise UserError(f"cannot export an XLSForm of {self.q.id}: {what} and "
                            f"{self.names[name]} would both be the field '{name}' "
                            "(XLSForm names are unique); give one of them another id")
        self.names[name] = what
        return name

    # --- the sheets -------------------------------------------------------------------

    def build(self) -> XlsForm:
        self.meta()
        for section in self.q.sections:
            self.section(section)
        settings = Sheet()
        settings.add({
            "form_title": visible_lines(pick_text(self.q.title, self.default)[0], bidi=False),
            "form_id": self.q.id,
            "version": self.q.version,
            "default_language": f"{language_name(self.default, 'en')} ({self.default})",
            "instance_name": f"concat({xpath_string(self.q.id + ' ')}, ${{{COUNTRY}}})",
        })
        return XlsForm(self.survey, self.choices, settings)

    def meta(self) -> None:
        for key, value in (("questionnaire", self.q.id), ("version", self.q.version),
                           ("hash", self.q.content_hash)):
            self.survey.add({"type": "calculate", "name": self.name(QUESTIONNAIRE_FIELDS[key], key),
                             "calculation": xpath_string(value)})
        self.survey.add({"type": "begin_group", "name": self.name(RESPONDENT_GROUP, "respondent"),
                         **self.each("label", self.words("respondent"))})
        self.survey.add({
            "type": "text", "name": self.name(COUNTRY, "the State's code"),
            **self.each("label", self.words("country")), "required": "yes",
            **self.each("required_message", self.words("country_message")),
            "constraint": f"regex(., {xpath_string(COUNTRY_PATTERN)})",
            **self.each("constraint_message", self.words("country_message"))})
        for key, name in RESPONDENT_FIELDS.items():
            row: dict[str, str | None] = {
                "type": "text", "name": self.name(name, key),
                **self.each("label", self.words(f"respondent_{key}"))}
            if key == "email":
                row |= {"constraint": f"regex(., {xpath_string(EMAIL_PATTERN)})",
                        **self.each("constraint_message", self.words("email_message"))}
            self.survey.add(row)
        self.survey.add({"type": "end_group", "name": RESPONDENT_GROUP})

    def section(self, s: Section) -> None:
        self.survey.add({"type": "begin_group", "name": self.name(s.id, f"section {s.id}"),
                         **self.each("label", self.localized(s.title))})
        if s.description:
            self.survey.add({"type": "note",
                             "name": self.name(f"{s.id}{SUB_SEPARATOR}description",
                                               f"the description of section {s.id}"),
                             **self.each("label", self.localized(s.description))})
        for question in s.questions:
            self.question(question)
        for sub in s.sections:
            self.section(sub)
        self.survey.add({"type": "end_group", "name": s.id})

    def question(self, question: Question) -> None:
        item = self.q.index.by_id[question.id]
        if question.is_moved:
            self.moved(item)
            return
        relevant = self.relevant(question.when)
        labels = {lang: self.label(lang, item) for lang in self.langs}
        hints = {lang: self.hint(lang, item) for lang in self.langs}
        if question.answer is None:
            self.survey.add({"type": "note", "name": self.name(question.id, question.id),
                             **self.each("label", labels), **self.each("hint", hints),
                             "relevant": relevant})
        else:
            self.field(question.id, question.answer, labels, hints, relevant)
        for fu_item in (i for i in self.q.index.items if i.parent is question):
            fu = fu_item.question
            rel = _and(relevant, self.relevant(fu.when))
            self.field(fu.id, fu.answer, {lang: self.label(lang, fu_item) for lang in self.langs},
                       {lang: self.hint(lang, fu_item) for lang in self.langs}, rel)

    def moved(self, item: Item) -> None:
        labels = {}
        for lang in self.langs:
            view = self.views[lang][item.id]
            where = t("moved_to", lang, where=view.moved_to or "")
            labels[lang] = f"{item.label}. [{view.text.value}] {t('st.moved', lang)}: {where}"
        self.survey.add({"type": "note", "name": self.name(item.id, item.id),
                         **self.each("label", labels)})

    def label(self, lang: str, item: Item) -> str:
        view = self.views[lang][item.id]
        text = view.text.value
        if item.parent is None and item.top.status == "no-consensus":
            text = f"[{text}]"
        return f"{item.label}. {text}" if item.parent is None else f"{item.label} {text}"

    def hint(self, lang: str, item: Item) -> str:
        view = self.views[lang][item.id]
        lines = []
        if item.parent is None:
            lines.append(" · ".join(text for _, text in tag_items(self.papers[lang], view)))
        if view.guidance is not None:
            lines.append(view.guidance.value)
        for alt in getattr(view, "alternatives", ()):
            line = f"{t('alternative', lang, n=alt.n)}{t('colon', lang)}[{alt.text.value}]"
            if alt.note is not None:
                line += f" ({alt.note.value})"
            lines.append(line)
        return "\n".join(lines)

    def relevant(self, when: When | None) -> str | None:
        if when is None:
            return None
        terms = []
        for c in when.conditions:
            item = self.q.index.by_id.get(c.question)
            if item is None or item.top.is_moved or item.answer is None:
                terms.append("false()")  # never applies (tipq check reports it)
                continue
            multiple = kind_of(item.answer).multiple
            ref = f"${{{c.question}}}"
            values = [f"selected({ref}, {xpath_string(v)})" if multiple
                      else f"{ref} = {xpath_string(v)}" for v in c.in_]
            terms.append(_group(" or ".join(values), len(values)) if values else "false()")
        return _group((" or " if when.mode == "any" else " and ").join(terms), len(terms))

    def field(self, name: str, form: Any, labels: Localized, hints: Localized,
              relevant: str | None, *, required: bool = True, url: bool = False) -> None:
        kind = kind_of(form)
        subs = kind.sub_answers(form)
        texts = {**self.each("label", labels), **self.each("hint", hints)}
        if subs:
            begin = "begin_repeat" if kind.repeats else "begin_group"
            self.survey.add({"type": begin, "name": self.name(name, name), **texts,
                             "relevant": relevant})
            for sub in subs:
                rel = None
                if sub.when is not None:
                    key, values = sub.when
                    ref = f"${{{name}{SUB_SEPARATOR}{key}}}"
                    rel = _group(" or ".join(f"{ref} = {xpath_string(v)}" for v in values),
                                 len(values))
                self.field(sub.name(name), sub.form, self.localized(sub.label),
                           {}, rel, required=sub.required, url=sub.url)
            self.survey.add({"type": begin.replace("begin", "end"), "name": name})
            return
        type_ = kind.xlsform_type(form)
        if type_.startswith("select_"):
            type_ = f"{type_} {self.choice_list(name, kind.options(form))}"
        constraint = kind.xlsform_constraint(form)
        message = self.describe(form)
        if url:
            constraint = _and(constraint, f"regex(., {xpath_string(URL_PATTERN)})")
            message = self.words("url_message")
        row: dict[str, str | None] = {"type": type_, "name": self.name(name, name), **texts,
                                      "relevant": relevant,
                                      "appearance": kind.xlsform_appearance(form)}
        if required:
            row |= {"required": "yes", **self.each("required_message", self.words("required"))}
        if constraint:
            row |= {"constraint": constraint, **self.each("constraint_message", message)}
        self.survey.add(row)

    def describe(self, form: Any) -> Localized:
        """What the answer is, as the non-paper describes it: the constraint's message."""
        kind = kind_of(form)
        out: Localized = {}
        for lang in self.langs:
            parts = [t(key, lang, **params) for key, params in kind.describe(form)]
            limit = kind.fhir_max_length(form)
            if limit is not None:
                parts.append(w("text_limit", lang, n=limit))
            out[lang] = w("answer_is", lang, what=t("list_sep", lang).join(parts))
        return out

    def choice_list(self, name: str, options: list[Any]) -> str:
        key = tuple((o.value, tuple(sorted(self.localized(o.label).items()))) for o in options)
        if key in self.lists:
            return self.lists[key]
        self.lists[key] = name
        for o in options:
            self.choices.add({"list_name": name, "name": o.value,
                              **self.each("label", self.localized(o.label))})
        return name


def _views(paper: NonPaper) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for view in paper.iter_questions():
        out[view.id] = view
        for fu in view.iter_follow_ups():
            out[fu.id] = fu
    return out


def _group(expr: str, n: int) -> str:
    return f"({expr})" if n > 1 else expr


def _and(a: str | None, b: str | None) -> str | None:
    if a and b:
        return f"{a} and {b}"
    return a or b


def build_xlsform(questionnaire: Questionnaire, lang: str | None = None) -> XlsForm:
    """The XLSForm of ``questionnaire``, ``lang`` its default language."""
    default = default_language(questionnaire, lang)
    if default not in questionnaire.languages:
        raise UserError(f"{questionnaire.id} has no {language_name(default, 'en')} text, so "
                        f"the form cannot default to it; choose one of its languages: "
                        f"{', '.join(questionnaire.languages)} (--lang)")
    return _Builder(questionnaire, default).build()


def write_xlsx(form: XlsForm, created: datetime | None = None) -> bytes:
    """The .xlsx file of ``form`` (xlsxwriter, as ``tipq report`` uses). Every cell is written
    as a string: nothing is read as a formula, a number or a link."""
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False,
                                   "strings_to_numbers": False, "strings_to_urls": False})
    for title, sheet in (("survey", form.survey), ("choices", form.choices),
                         ("settings", form.settings)):
        ws = wb.add_worksheet(title)
        for col, header in enumerate(sheet.columns):
            ws.write_string(0, col, header)
        for r, row in enumerate(sheet.rows, 1):
            for col, header in enumerate(sheet.columns):
                if header in row:
                    ws.write_string(r, col, row[header])
    if created is not None:  # the same questionnaire gives the same file
        wb.set_properties({"created": created})
    wb.close()
    return buf.getvalue()


class XlsFormExporter(Exporter):
    name = "xlsform"
    description = "XLSForm (.xlsx) for KoboToolbox, ODK Collect and Enketo"
    suffix = ".xlsx"
    binary = True

    def export(self, questionnaire: Questionnaire, options: ExportOptions) -> bytes:
        version = datetime.strptime(questionnaire.version, "%Y-%m-%dT%H:%M")
        return write_xlsx(build_xlsform(questionnaire, options.lang), created=version)
