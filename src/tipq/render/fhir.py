"""``tipq export --format fhir``: the questionnaire as an HL7 FHIR Questionnaire resource
(JSON), R4B by default, R5 with ``--fhir-version r5`` (see docs/interop.md).

What maps to what:

- ``url`` ``urn:tipq:questionnaire:<id>``, ``version`` the questionnaire's, ``name`` its id
  in CamelCase, ``title``, ``description``, ``date`` (the version's day), ``status``
  (draft and non-paper: ``draft``; adopted: ``active``), ``derivedFrom`` when the
  questionnaire names what it derives from; ``language`` its first language;
- a ``group`` item per section; an item per question (``linkId`` its id, ``prefix`` its
  number, ``code`` its provisions, ``required`` true: report para 32), its follow-ups
  nested in it (FHIR then shows them only while it is enabled), its guidance as a
  ``display`` child with the ``help`` item control;
- the item ``type`` from the answer kind (:meth:`~tipq.core.kinds.AnswerKind.fhir_type`; R4B
  calls R5's ``coding`` ``choice``), options as ``answerOption.valueCoding``, bounds as
  ``minValue``/``maxValue`` extensions and ``maxLength``; citations a repeating group
  (title, provision, link), technical assistance a group (needed, kinds, description);
- ``enableWhen`` from the ``when`` conditions: one ``=`` test per value, ``enableBehavior``
  ``any`` or ``all``; a condition FHIR's flat list cannot say (``all`` of tests that each
  accept several values) as an SDC ``enableWhenExpression`` in FHIRPath instead;
- every text in the first language, the others in the standard translation extension on
  ``_text`` (``_title``, ``_display``...);
- moved questions (report para 30) as ``display`` items saying where they went.

Code systems (URIs of tipq's own, not registered with HL7):

- ``urn:tipq:provision:<instrument>``: a provision, code as written (``5(2)(a)``), for
  instance ``urn:tipq:provision:tip-protocol`` and ``urn:tipq:provision:untoc``;
- ``urn:tipq:options:<questionnaire id>:<item linkId>``: the options of that item (closed
  answers: ``yes``, ``partly``, ``no``).
"""

from __future__ import annotations

import json
import re
from typing import Any

from tipq.core.common import LocalizedText
from tipq.core.errors import UserError
from tipq.core.escape import json_text
from tipq.core.kinds import kind_of
from tipq.core.languages import pick_text
from tipq.core.questionnaire import Condition, Item, Question, Questionnaire, Section, When
from tipq.render.exporters import Exporter, ExportOptions
from tipq.render.labels import language_name, t

TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
ENABLE_WHEN_EXPRESSION = ("http://hl7.org/fhir/uv/sdc/StructureDefinition/"
                          "sdc-questionnaire-enableWhenExpression")
STATUS = {"draft": "draft", "non-paper": "draft", "adopted": "active"}
#: Item types that are named differently in R4B than in R5 (the kinds speak R5).
R4B_TYPES = {"coding": "choice"}
_FHIRPATH_STRING = re.compile(r"['\\]")


def questionnaire_url(questionnaire_id: str) -> str:
    return f"urn:tipq:questionnaire:{questionnaire_id}"


class _Builder:
    def __init__(self, q: Questionnaire, version: str) -> None:
        self.q = q
        self.version = version
        self.lang: str = q.languages[0]
        self.others: list[str] = list(q.languages[1:])
        self._views: dict[str, dict[str, Any]] = {}

    # --- texts --------------------------------------------------------------------------

    def text(self, key: str, value: LocalizedText | None, out: dict[str, Any]) -> None:
        """``key`` in the first language and ``_key`` with the translation extensions."""
        if not value:
            return
        self.plain(key, {lang: pick_text(value, lang)[0] for lang in self.q.languages}, out)

    def plain(self, key: str, texts: dict[str, str], out: dict[str, Any]) -> None:
        out[key] = texts[self.lang]
        translations = [
            {"url": TRANSLATION, "extension": [{"url": "lang", "valueCode": lang},
                                               {"url": "content", "valueString": texts[lang]}]}
            for lang in self.others]
        if translations:
            out[f"_{key}"] = {"extension": translations}

    def type(self, form: Any) -> str:
        fhir = kind_of(form).fhir_type(form)
        return R4B_TYPES.get(fhir, fhir) if self.version == "r4b" else fhir

    # --- the resource -------------------------------------------------------------------

    def build(self) -> dict[str, Any]:
        q = self.q
        res: dict[str, Any] = {
            "resourceType": "Questionnaire", "id": q.id, "language": self.lang,
            "url": questionnaire_url(q.id), "version": q.version,
            "name": "".join(p.capitalize() for p in re.split(r"[-_]", q.id)),
        }
        self.text("title", q.title, res)
        if q.derived_from is not None:  # the version this one was made from (a canonical
            # reference: the questionnaire's URL and, after a bar, its version)
            res["derivedFrom"] = [f"{questionnaire_url(q.derived_from.id)}|"
                                  f"{q.derived_from.version}"]
        res["status"] = STATUS[q.status]
        res["date"] = q.version[:10]
        if q.source_document:
            res["identifier"] = [{"system": "urn:tipq:document-symbol",
                                  "value": q.source_document}]
        self.text("description", q.description, res)
        res["item"] = [self.section(s) for s in q.sections]
        return res

    def section(self, s: Section) -> dict[str, Any]:
        item: dict[str, Any] = {"linkId": s.id}
        self.text("text", s.title, item)
        item["type"] = "group"
        children = [self.question(q) for q in s.questions]
        children += [self.section(sub) for sub in s.sections]
        item["item"] = children
        return item

    def question(self, question: Question) -> dict[str, Any]:
        item_ix = self.q.index.by_id[question.id]
        if question.is_moved:
            return self.moved(item_ix)
        text = question.text
        if question.status == "no-consensus":  # report para 31: in brackets
            text = {lang: f"[{v}]" for lang, v in text.items()}
        out = self.field(question.id, question.answer, text, item_ix.label, question.when)
        codes = [self.provision(p) for p in question.provisions]
        if codes:
            out = {"linkId": out.pop("linkId"), "code": codes, **out}
        children = out.setdefault("item", [])
        for fu_item in (i for i in self.q.index.items if i.parent is question):
            fu = fu_item.question
            child = self.field(fu.id, fu.answer, fu.text, fu_item.label, fu.when)
            if fu.guidance:
                child.setdefault("item", []).append(self.help(fu.id, fu.guidance))
            children.append(child)
        if question.guidance:
            children.insert(0, self.help(question.id, question.guidance))
        if not children:
            del out["item"]
        return out

    def moved(self, item: Item) -> dict[str, Any]:
        from tipq.render.model import build_nonpaper

        texts: dict[str, str] = {}
        for lang in self.q.languages:
            if lang not in self._views:
                paper = build_nonpaper(self.q, lang=lang)
                self._views[lang] = {v.id: v for v in paper.iter_questions()}
            view = self._views[lang][item.id]
            texts[lang] = (f"[{view.text.value}] "
                           f"{t('moved_to', lang, where=view.moved_to or '')}")
        out: dict[str, Any] = {"linkId": item.id, "prefix": item.label}
        self.plain("text", texts, out)
        out["type"] = "display"
        return out

    def help(self, parent_id: str, guidance: LocalizedText) -> dict[str, Any]:
        out: dict[str, Any] = {"linkId": f"{parent_id}__help", "extension": [{
            "url": ITEM_CONTROL, "valueCodeableConcept": {"coding": [{
                "system": "http://hl7.org/fhir/questionnaire-item-control", "code": "help",
                "display": "Help-Button"}]}}]}
        self.text("text", guidance, out)
        out["type"] = "display"
        return out

    def provision(self, p: str) -> dict[str, Any]:
        instrument, _, code = p.strip().rpartition(":")
        instrument = instrument or self.q.instrument
        return {"system": f"urn:tipq:provision:{instrument}", "code": code,
                "display": t("article", "en", ref=code)}

    def field(self, link_id: str, form: Any, text: LocalizedText, prefix: str | None,
              when: When | None, *, required: bool = True,
              sub_when: tuple[str, tuple[str, ...]] | None = None,
              url: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"linkId": link_id}
        if prefix:
            out["prefix"] = prefix
        self.text("text", text, out)
        if form is None:  # a question without an answer of its own: a heading
            out["type"] = "display"
            return out
        kind = kind_of(form)
        subs = kind.sub_answers(form)
        out["type"] = "group" if subs else ("url" if url else self.type(form))
        if when is not None:
            out |= self.enable_when(when)
        elif sub_when is not None:
            key, values = sub_when
            sibling = f"{link_id.rsplit('__', 1)[0]}__{key}"
            out |= self.enable_when_values(sibling, values)
        if required:
            out["required"] = True
        if kind.repeats or (kind.multiple and not subs):
            out["repeats"] = True
        if subs:
            out["item"] = [self.field(sub.name(link_id), sub.form, sub.label, None, None,
                                      required=sub.required, sub_when=sub.when, url=sub.url)
                           for sub in subs]
            return out
        limit = kind.fhir_max_length(form)
        if limit is not None:
            out["maxLength"] = limit
        extensions = kind.fhir_extensions(form)
        if extensions:
            out["extension"] = [*out.get("extension", []), *extensions]
        options = kind.options(form)
        if options:
            system = f"urn:tipq:options:{self.q.id}:{link_id}"
            out["answerOption"] = []
            for o in options:
                coding: dict[str, Any] = {"system": system, "code": o.value}
                self.text("display", o.label, coding)
                out["answerOption"].append({"valueCoding": coding})
        return out

    # --- conditions ---------------------------------------------------------------------

    def system_of(self, question_id: str) -> str:
        return f"urn:tipq:options:{self.q.id}:{question_id}"

    def test(self, question_id: str, value: str) -> dict[str, Any]:
        return {"question": question_id, "operator": "=",
                "answerCoding": {"system": self.system_of(question_id), "code": value}}

    def enable_when_values(self, question_id: str, values: tuple[str, ...]) -> dict[str, Any]:
        out: dict[str, Any] = {"enableWhen": [self.test(question_id, v) for v in values]}
        if len(values) > 1:
            out["enableBehavior"] = "any"
        return out

    def enable_when(self, when: When) -> dict[str, Any]:
        conditions = [c for c in when.conditions if self._known(c)]
        if len(conditions) != len(when.conditions):
            missing = next(c.question for c in when.conditions if not self._known(c))
            raise UserError(f"cannot export {self.q.id} as FHIR: a condition refers to "
                            f"'{missing}', which is not a question asked before it; run "
                            f"`tipq check` on the questionnaire and fix its 'when'")
        flat = len(conditions) == 1 or when.mode == "any" or all(
            len(c.in_) == 1 for c in conditions)
        if flat:
            tests = [self.test(c.question, v) for c in conditions for v in c.in_]
            out: dict[str, Any] = {"enableWhen": tests}
            if len(tests) > 1:
                out["enableBehavior"] = "any" if (len(conditions) == 1
                                                  or when.mode == "any") else "all"
            return out
        joiner = " or " if when.mode == "any" else " and "
        expression = joiner.join(f"({_fhirpath(c)})" for c in conditions)
        return {"extension": [{"url": ENABLE_WHEN_EXPRESSION, "valueExpression": {
            "language": "text/fhirpath", "expression": expression}}]}

    def _known(self, c: Condition) -> bool:
        item = self.q.index.by_id.get(c.question)
        return item is not None and not item.top.is_moved and item.answer is not None


def _fhirpath(c: Condition) -> str:
    values = ", ".join(f"'{_FHIRPATH_STRING.sub(lambda m: chr(92) + m[0], v)}'" for v in c.in_)
    link = _FHIRPATH_STRING.sub(lambda m: chr(92) + m[0], c.question)
    return (f"%resource.repeat(item).where(linkId = '{link}').answer.value.code"
            f".intersect({{{values}}}).exists()")


def build_fhir(questionnaire: Questionnaire, version: str = "r4b") -> dict[str, Any]:
    """The FHIR Questionnaire of ``questionnaire`` as a JSON object."""
    if version not in ("r4b", "r5"):
        raise UserError(f"unknown FHIR version '{version}'; choose r4b or r5")
    return _Builder(questionnaire, version).build()


class FhirExporter(Exporter):
    name = "fhir"
    description = "HL7 FHIR Questionnaire (JSON), R4B or R5"
    suffix = ".json"

    def export(self, questionnaire: Questionnaire, options: ExportOptions) -> bytes:
        if options.lang and options.lang != questionnaire.languages[0]:
            raise UserError(
                f"a FHIR Questionnaire is written in the questionnaire's first language "
                f"({language_name(questionnaire.languages[0], 'en')}), the others as "
                "translations; leave out --lang")
        resource = build_fhir(questionnaire, options.fhir_version)
        text = json.dumps(resource, ensure_ascii=False, indent=2) + "\n"
        return json_text(text).encode("utf-8")
