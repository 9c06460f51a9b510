"""`tipq export --format fhir`: an HL7 FHIR Questionnaire that fhir.resources accepts (R4B and
R5), checked too against HL7's own code lists and the invariants fhir.resources leaves out."""

from __future__ import annotations

import json
import typing
from pathlib import Path
from typing import Any

import pytest
from helpers import REPO
from typer.testing import CliRunner

from tipq.cli.app import app
from tipq.core.questionnaire import Questionnaire
from tipq.io.repository import load_questionnaire
from tipq.render.exporters import ExportOptions
from tipq.render.fhir import TRANSLATION, FhirExporter, build_fhir, questionnaire_url

R4B = pytest.importorskip("fhir.resources.R4B.questionnaire")
R5 = pytest.importorskip("fhir.resources.questionnaire")

# HL7 value set item-type (QuestionnaireItemType), R4B:
#   https://hl7.org/fhir/R4B/valueset-item-type.html ("question" is abstract: not for use)
ITEM_TYPES_R4B = frozenset({
    "group", "display", "boolean", "decimal", "integer", "date", "dateTime", "time",
    "string", "text", "url", "choice", "open-choice", "attachment", "reference", "quantity"})
# R5: https://hl7.org/fhir/R5/valueset-item-type.html (choice and open-choice became coding)
ITEM_TYPES_R5 = frozenset({
    "group", "display", "boolean", "decimal", "integer", "date", "dateTime", "time",
    "string", "text", "url", "coding", "attachment", "reference", "quantity"})
# HL7 value set publication-status: https://hl7.org/fhir/R4B/valueset-publication-status.html
# (the same in R5: https://hl7.org/fhir/R5/valueset-publication-status.html)
PUBLICATION_STATUS = frozenset({"draft", "active", "retired", "unknown"})
# que-5 and que-10, https://hl7.org/fhir/R4B/questionnaire.html#invs and
# https://hl7.org/fhir/R5/questionnaire.html#invs
OPTION_TYPES = {"r4b": {"choice", "open-choice", "decimal", "integer", "date", "dateTime",
                        "time", "string", "quantity"},
                "r5": {"coding", "decimal", "integer", "date", "dateTime", "time", "string",
                       "quantity"}}
MAX_LENGTH_TYPES = {"r4b": {"boolean", "decimal", "integer", "string", "text", "url",
                            "open-choice"},
                    "r5": {"boolean", "decimal", "integer", "string", "text", "url"}}
ANSWER_KEY = {"choice": "answerCoding", "open-choice": "answerCoding", "coding": "answerCoding",
              "boolean": "answerBoolean", "decimal": "answerDecimal", "integer": "answerInteger",
              "date": "answerDate", "string": "answerString", "text": "answerString",
              "url": "answerString"}


def walk(items: list[dict[str, Any]]) -> typing.Iterator[dict[str, Any]]:
    for item in items:
        yield item
        yield from walk(item.get("item", []))


def check_hl7(resource: dict[str, Any], version: str, languages: list[str]) -> None:
    """HL7's code lists and the invariants que-1, 2, 3, 4, 5, 6, 7, 10, 12, and: an
    enableWhen refers to an item that exists and comes earlier, with a code it offers."""
    types = ITEM_TYPES_R4B if version == "r4b" else ITEM_TYPES_R5
    assert resource["status"] in PUBLICATION_STATUS
    items = list(walk(resource["item"]))
    ids = [i["linkId"] for i in items]
    assert len(ids) == len(set(ids)), "que-2: linkIds are unique"
    position = {link: n for n, link in enumerate(ids)}
    by_id = {i["linkId"]: i for i in items}
    for n, item in enumerate(items):
        where = item["linkId"]
        assert item["type"] in types, where
        if item["type"] == "group":
            assert item.get("item"), f"que-1: the group {where} has items"
        if item["type"] == "display":
            assert not item.get("item"), f"que-1: the display {where} has none"
            assert "code" not in item, f"que-3: {where}"
            assert "required" not in item and "repeats" not in item, f"que-6: {where}"
        assert not ("answerOption" in item and "answerValueSet" in item), f"que-4: {where}"
        if "answerOption" in item:
            assert item["type"] in OPTION_TYPES[version], f"que-5: {where}"
        if "maxLength" in item:
            assert item["type"] in MAX_LENGTH_TYPES[version], f"que-10: {where}"
        tests = item.get("enableWhen", [])
        if len(tests) > 1:
            assert item.get("enableBehavior") in ("any", "all"), f"que-12: {where}"
        for test in tests:
            target = by_id.get(test["question"])
            assert target is not None, f"{where}: enableWhen on a missing item"
            assert position[test["question"]] < n, f"{where}: enableWhen on a later item"
            answers = [k for k in test if k.startswith("answer")]
            assert len(answers) == 1, where
            if test["operator"] == "exists":
                assert answers == ["answerBoolean"], f"que-7: {where}"
            else:
                assert answers == [ANSWER_KEY[target["type"]]], f"que-7: {where}"
            if "answerCoding" in test:
                offered = {(o["valueCoding"]["system"], o["valueCoding"]["code"])
                           for o in target["answerOption"]}
                coding = test["answerCoding"]
                assert (coding["system"], coding["code"]) in offered, where
        for key in ("text",):
            if key in item and len(languages) > 1:
                langs = [e["extension"][0]["valueCode"] for e in item[f"_{key}"]["extension"]
                         if e["url"] == TRANSLATION]
                assert langs == languages[1:], where
    for option in (o for i in items for o in i.get("answerOption", [])):
        assert option["valueCoding"]["display"]


def shipped() -> Questionnaire:
    return load_questionnaire(None)[0]


@pytest.mark.parametrize(("version", "module"), [("r4b", R4B), ("r5", R5)])
def test_the_shipped_questionnaire_is_a_valid_fhir_questionnaire(version: str,
                                                                 module: Any) -> None:
    q = shipped()
    data = FhirExporter().export(q, ExportOptions(fhir_version=version))  # type: ignore[arg-type]
    resource = json.loads(data)
    module.Questionnaire.model_validate(resource)
    check_hl7(resource, version, list(q.languages))
    assert resource["url"] == "urn:tipq:questionnaire:tip-protocol"
    assert resource["version"] == q.version and resource["status"] == "draft"
    items = {i["linkId"]: i for i in walk(resource["item"])}
    offence = items["tip-offence"]
    assert offence["prefix"] == "1" and offence["required"] is True
    assert offence["type"] == ("choice" if version == "r4b" else "coding")
    assert [o["valueCoding"]["code"] for o in offence["answerOption"]] == ["yes", "partly", "no"]
    assert {"system": "urn:tipq:provision:tip-protocol", "code": "5(1)",
            "display": "art. 5(1)"} in offence["code"]
    citations = items["tip-offence-citations"]
    assert citations["type"] == "group" and citations["repeats"] is True
    assert citations["enableBehavior"] == "any"
    assert [t["answerCoding"]["code"] for t in citations["enableWhen"]] == ["yes", "partly"]
    assert items["tip-offence-citations__link"]["type"] == "url"
    convictions = items["tip-offence-convictions"]
    assert convictions["extension"] == [{
        "url": "http://hl7.org/fhir/StructureDefinition/minValue", "valueInteger": 0}]
    assert items["tip-offence-assistance__kinds"]["repeats"] is True
    moved = [i for i in items.values() if i["type"] == "display" and "untoc-general" in i["text"]]
    assert len(moved) == 10


def test_status_and_derivation_map() -> None:
    q = shipped().model_copy(update={"status": "adopted"})
    assert build_fhir(q)["status"] == "active"
    assert build_fhir(shipped().model_copy(update={"status": "draft"}))["status"] == "draft"
    derived = shipped().derived_from
    assert derived is not None  # the rolling text of 3 July 2018 derives from the June draft
    assert build_fhir(shipped())["derivedFrom"] == [
        f"{questionnaire_url(derived.id)}|{derived.version}"]
    june, _ = load_questionnaire(REPO / "questionnaires" / "tip-protocol-2018-06.yaml")
    assert "derivedFrom" not in build_fhir(june)


CONDITIONS = Path(__file__).parent / "test_interop_xlsform.py"


def test_conditions_map_to_enable_when(tmp_path: Path) -> None:
    from test_interop_xlsform import CONDITIONS as YAML

    path = tmp_path / "conditions.yaml"
    path.write_text(YAML, encoding="utf-8")
    q = load_questionnaire(path)[0]
    for version, module in (("r4b", R4B), ("r5", R5)):
        resource = build_fhir(q, version)
        module.Questionnaire.model_validate(resource)
        check_hl7(resource, version, list(q.languages))
        items = {i["linkId"]: i for i in walk(resource["item"])}
        either = items["either"]
        assert either["enableBehavior"] == "any"
        assert [(t["question"], t["answerCoding"]["code"]) for t in either["enableWhen"]] == [
            ("measures", "housing"), ("offence", "no")]
        assert either["extension"][0]["valueDate"] == "2000-01-01"
        # all of tests that accept several values: FHIR's flat list cannot say it
        both = items["both"]
        assert "enableWhen" not in both
        [expression] = [e for e in both["extension"] if "valueExpression" in e]
        assert "intersect({'housing', 'other'})" in expression["valueExpression"]["expression"]


def invoke(*args: str) -> typing.Any:
    return CliRunner().invoke(app, list(args))


def test_the_cli_writes_r5(tmp_path: Path) -> None:
    out = tmp_path / "q.json"
    result = invoke("export", "--format", "fhir", "--fhir-version", "r5", "-o", str(out))
    assert result.exit_code == 0, result.output
    R5.Questionnaire.model_validate(json.loads(out.read_text(encoding="utf-8")))
    result = invoke("export", "--format", "fhir", "--lang", "ar", "-o", str(out))
    assert result.exit_code != 0 and "leave out --lang" in result.output
    assert "Traceback" not in result.output
