"""`tipq export --format xlsform`: the XLSForm that pyxform and ODK Validate accept, filled in
every language of the questionnaire."""

from __future__ import annotations

import io
import typing
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from helpers import SMALL_QUESTIONNAIRE
from interop_checks import needs_java
from typer.testing import CliRunner

from tipq.cli.app import app
from tipq.core.questionnaire import Questionnaire
from tipq.io.repository import load_questionnaire
from tipq.render.exporters import ExportOptions
from tipq.render.xlsform import XlsFormExporter, build_xlsform, column

pyxform = pytest.importorskip("pyxform.xls2xform")
openpyxl = pytest.importorskip("openpyxl")

XF = "{http://www.w3.org/2002/xforms}"


def shipped() -> Questionnaire:
    return load_questionnaire(None)[0]


def convert(data: bytes, *, validate: bool) -> ET.Element:
    warnings: list[str] = []
    result = pyxform.convert(xlsform=io.BytesIO(data), validate=validate, warnings=warnings,
                             file_type=".xlsx")
    assert not [w for w in warnings if "language" in w.lower()], warnings
    return ET.fromstring(result.xform)


def check_translations(root: ET.Element, q: Questionnaire) -> None:
    """Every language has a translation, every text in it is filled (pyxform writes ``-`` for
    a missing one), and all translations carry the same texts."""
    translations = root.iter(f"{XF}translation")
    by_lang = {t.get("lang"): t for t in translations}
    assert set(by_lang) == {column("label", lang).split("::")[1] for lang in q.languages}
    ids = None
    for lang, tr in by_lang.items():
        texts = {}
        for text in tr.iter(f"{XF}text"):
            values = [v.text or "" for v in text.iter(f"{XF}value")]
            assert values and all(v.strip() and v.strip() != "-" for v in values), \
                (lang, text.get("id"), values)
            texts[text.get("id")] = values
        ids = ids or set(texts)
        assert set(texts) == ids, lang


@needs_java
def test_the_shipped_questionnaire_passes_pyxform_and_odk_validate() -> None:
    q = shipped()
    data = XlsFormExporter().export(q, ExportOptions())
    root = convert(data, validate=True)  # ODK Validate runs (Java): errors raise
    check_translations(root, q)
    xml = ET.tostring(root, encoding="unicode")
    # the questionnaire's id and version, and the State's field
    assert 'id="tip-protocol"' in xml and 'version="2018-07-03T18:00"' in xml
    assert "/country" in xml
    # a repeat of citations, relevance from conditions, required with its message
    assert "tip-offence-citations__title" in xml
    assert "= 'partly'" in xml and 'jr:requiredMsg' in xml
    # moved questions are notes, never asked (report para 30)
    assert "untoc-general" in xml


def test_every_row_has_every_language_and_the_settings() -> None:
    q = shipped()
    form = build_xlsform(q)
    langs = q.languages
    for row in form.survey.rows:
        if row["type"].startswith(("end_", "calculate")):
            continue
        for lang in langs:
            assert row.get(column("label", lang)), (row["name"], lang)
        if row.get("required") == "yes":
            assert all(row.get(column("required_message", lang)) for lang in langs)
        if row.get("constraint"):
            assert all(row.get(column("constraint_message", lang)) for lang in langs)
    for row in form.choices.rows:
        assert all(row.get(column("label", lang)) for lang in langs)
    [settings] = form.settings.rows
    assert settings["form_id"] == "tip-protocol"
    assert settings["version"] == q.version
    assert settings["default_language"] == "English (en)"
    assert settings["form_title"].startswith("Draft self-assessment")


def test_answer_kinds_map_to_xlsform_types() -> None:
    form = build_xlsform(shipped())
    by_name = {r["name"]: r for r in form.survey.rows if not r["type"].startswith("end_")}
    assert by_name["tip-offence"]["type"].startswith("select_one ")
    assert by_name["tip-offence"]["required"] == "yes"
    assert by_name["tip-offence-citations"]["type"] == "begin_repeat"
    assert by_name["tip-offence-citations"]["relevant"] == (
        "(${tip-offence} = 'yes' or ${tip-offence} = 'partly')")
    assert by_name["tip-offence-convictions"]["type"] == "integer"
    assert by_name["tip-offence-convictions"]["constraint"] == ". >= 0"
    assert by_name["tip-offence-in-force"]["type"] == "date"
    assistance = "tip-offence-assistance"
    assert by_name[assistance]["type"] == "begin_group"
    assert by_name[f"{assistance}__needed"]["type"].startswith("select_one ")
    kinds = by_name[f"{assistance}__kinds"]
    assert kinds["type"].startswith("select_multiple ")
    assert kinds["relevant"] == f"${{{assistance}__needed}} = 'yes'"
    assert "required" not in by_name[f"{assistance}__description"]
    moved = [r for r in form.survey.rows if r["type"] == "note" and "untoc-general" in
             r.get(column("label", "en"), "")]
    assert len(moved) == 10
    # bracketed questions (report para 31) keep their brackets and alternatives
    scope = by_name["tip-offence-scope"]
    assert scope[column("label", "en")].startswith("2. [")
    assert "Alternative wording 1" in scope[column("hint", "en")]


CONDITIONS = """
id: conditions
title: {en: Conditions, fr: Conditions}
instrument: tip-protocol
version: "2020-01-02T10:00"
status: draft
languages: [en, fr]
sections:
  - id: only
    title: {en: Only, fr: Seule}
    questions:
      - id: measures
        number: 1
        requirement: non-mandatory
        text: {en: "Which measures?", fr: "Quelles mesures ?"}
        answer:
          type: multi-choice
          max_selected: 2
          options:
            - {value: housing, label: {en: Housing, fr: Logement}}
            - {value: other, label: {en: Other, fr: Autre}}
      - id: offence
        number: 2
        requirement: mandatory
        text: {en: "Offence?", fr: "Infraction ?"}
        answer: {type: closed}
      - id: either
        number: 3
        requirement: mandatory
        text: {en: "Either?", fr: "L'un ou l'autre ?"}
        when: {any: [{question: measures, in: [housing]}, {question: offence, in: ["no"]}]}
        answer: {type: date, min: "2000-01-01"}
        follow_ups:
          - id: both
            text: {en: "Both?", fr: "Les deux ?"}
            when:
              all: [{question: measures, in: [housing, other]}, {question: offence, in: ["yes"]}]
            answer: {type: number, max: 10}
"""


def test_conditions_map_to_relevant_and_bounds_to_constraints(tmp_path: Path) -> None:
    path = tmp_path / "conditions.yaml"
    path.write_text(CONDITIONS, encoding="utf-8")
    form = build_xlsform(load_questionnaire(path)[0])
    by_name = {r["name"]: r for r in form.survey.rows}
    assert by_name["measures"]["constraint"] == "count-selected(.) <= 2"
    assert by_name["either"]["relevant"] == (
        "(selected(${measures}, 'housing') or ${offence} = 'no')")
    assert by_name["either"]["constraint"] == ". >= date('2000-01-01')"
    # a follow-up needs its question's condition too
    assert by_name["both"]["relevant"] == (
        "(selected(${measures}, 'housing') or ${offence} = 'no') and "
        "((selected(${measures}, 'housing') or selected(${measures}, 'other')) and "
        "${offence} = 'yes')")
    assert by_name["both"]["constraint"] == ". <= 10"
    assert by_name["both"]["type"] == "decimal"


@needs_java
def test_any_subset_of_the_six_languages(tmp_path: Path) -> None:
    """A questionnaire in French, English and Chinese (texts only in English): every column
    filled, the default language its first UN one chosen, ODK Validate still happy."""
    small = load_questionnaire(SMALL_QUESTIONNAIRE)[0]
    q = small.model_copy(update={"languages": ["fr", "en", "zh"]})
    data = XlsFormExporter().export(q, ExportOptions(lang="fr"))
    root = convert(data, validate=True)
    check_translations(root, q)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    headers = [c.value for c in wb["survey"][1]]
    assert {"label::French (fr)", "label::English (en)", "label::Chinese (zh)"} <= set(headers)
    assert wb["settings"]["D2"].value == "French (fr)" or "French (fr)" in [
        c.value for c in wb["settings"][2]]


def test_cells_are_text_never_formulas() -> None:
    small = load_questionnaire(SMALL_QUESTIONNAIRE)[0]
    title = {"en": "=HYPERLINK(\"http://evil\")\x07"}
    q = small.model_copy(update={"title": title})
    data = XlsFormExporter().export(q, ExportOptions())
    wb = openpyxl.load_workbook(io.BytesIO(data))
    cell = wb["settings"]["A2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    assert "\\x07" in cell.value


def invoke(*args: str) -> typing.Any:
    return CliRunner().invoke(app, list(args))


def test_the_cli_writes_the_xlsx(tmp_path: Path) -> None:
    out = tmp_path / "form.xlsx"
    result = invoke("export", "-o", str(out))  # the format from the suffix
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:2] == b"PK"
    assert "xlsform" in result.output


def test_the_cli_refuses_filters_and_a_language_the_questionnaire_lacks(tmp_path: Path) -> None:
    out = str(tmp_path / "form.xlsx")
    result = invoke("export", "--format", "xlsform", "--layout", "annex", "-o", out)
    assert result.exit_code != 0 and "leave them out" in result.output
    assert "Traceback" not in result.output
    result = invoke("export", "--format", "xlsform", "--lang", "fr", "-o", out)
    assert result.exit_code != 0 and "choose one of its languages: en, ar" in result.output
    result = invoke("export", "--format", "xlsform", "--fhir-version", "r5", "-o", out)
    assert result.exit_code != 0 and "--fhir-version applies to --format fhir" in result.output


def test_xpath_literals_keep_quotes() -> None:
    from tipq.core.escape import xpath_string

    assert xpath_string("yes") == "'yes'"
    assert xpath_string("it's") == '"it\'s"'
    assert xpath_string("a'b\"c") == "concat('a', \"'\", 'b\"c')"
