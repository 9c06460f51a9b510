"""The response document API: set, delete and rename at any depth, comments and layout kept,
every result read back by tipq's guarded loader and by ruamel's round-trip loader."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tipq.io.document import FileStyle, ResponseDocument
from tipq.io.yaml_emit import load_roundtrip
from tipq.io.yaml_load import parse_yaml

TEXT = textwrap.dedent("""\
    # Response of XXA (a comment at the top)
    questionnaire:
      id: small-example
      version: '2018-07-03T18:00'
      hash: sha256-v1:0000000000000000000000000000000000000000000000000000000000000000
    country: XXA
    respondent:
      name: A. Reviewer  # who answered
      institution: Ministry of Justice
    status: draft
    created: '2018-09-01T10:00:00Z'
    updated: '2018-09-01T10:00:00Z'
    answers:
      q1:
        value: 'yes'  # checked with the Penal Code
        answered_at: '2018-09-01T10:00:00Z'
      # about q1-citations
      q1-citations:
        value:
          - title: Penal Code
            provision: art. 12
          - title: Law on victims
        answered_at: '2018-09-01T10:00:00Z'
      q2:
        value: 12
    # a comment block at the end
""")


def _doc(text: str = TEXT) -> ResponseDocument:
    return ResponseDocument.parse(text, file="XXA.yaml")


def _both_readers(doc: ResponseDocument) -> str:
    text = doc.text()
    assert parse_yaml(text).data == doc.data
    assert _plain(load_roundtrip(text)) == doc.data
    return text


def _plain(node):
    if isinstance(node, dict):
        return {k: _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def test_untouched_text_is_kept_byte_for_byte():
    assert _doc().text() == TEXT


def test_set_at_every_depth_keeps_comments():
    doc = _doc()
    doc.set(("status",), "submitted")
    doc.set(("respondent", "email"), "a@example.org")
    doc.set(("answers", "q1", "value"), "partly")
    doc.set(("answers", "q1-citations", "value", 1, "link"), "https://example.org/law")
    doc.set(("answers", "q3"), {"value": "no"}, after=["q1", "q1-citations", "q2"])
    text = _both_readers(doc)
    for comment in ("# who answered", "# checked with the Penal Code", "# about q1-citations",
                    "# a comment block at the end", "# Response of XXA"):
        assert comment in text
    assert text.rstrip().endswith("# a comment block at the end")
    assert list(doc.answers) == ["q1", "q1-citations", "q2", "q3"]


def test_delete_at_every_depth():
    doc = _doc()
    doc.delete(("answers", "q1-citations", "value", 0, "provision"))
    doc.delete(("answers", "q2"))
    doc.delete(("respondent", "institution"))
    doc.delete(("answers", "missing"))  # not there: nothing happens
    text = _both_readers(doc)
    assert "q2:" not in text and "institution" not in text and "art. 12" not in text
    assert "# who answered" in text and "# a comment block at the end" in text


def test_deleting_every_answer_leaves_an_empty_mapping():
    doc = _doc()
    for key in list(doc.answers):
        doc.delete(("answers", key))
    _both_readers(doc)
    assert doc.data["answers"] == {}
    assert parse_yaml(doc.text()).data["answers"] == {}


def test_rename_keeps_place_value_and_comments():
    doc = _doc()
    doc.rename(("answers", "q1"), "tip-offence")
    doc.rename(("answers", "q1-citations", "value", 0, "provision"), "link")
    text = _both_readers(doc)
    assert list(doc.answers) == ["tip-offence", "q1-citations", "q2"]
    assert "# checked with the Penal Code" in text
    with pytest.raises(KeyError, match="already"):
        doc.rename(("answers", "q2"), "tip-offence")
    with pytest.raises(KeyError):
        doc.rename(("answers", "nope"), "x")


def test_crlf_and_bom_survive_edits():
    raw = ("\ufeff" + TEXT.replace("\n", "\r\n")).encode("utf-8")
    style = FileStyle.of(raw)
    assert style == FileStyle("\r\n", True)
    doc = ResponseDocument.parse(FileStyle.normalize(raw.decode("utf-8-sig")), style=style)
    doc.delete(("answers", "q2"))
    doc.set(("answers", "q9"), {"value": "new\ntext"}, after=["q1-citations"])
    out = doc.file_text()
    assert out.startswith("\ufeff") and out.count("\n") == out.count("\r\n")


def test_flow_style_is_laid_out_once():
    doc = ResponseDocument.parse("country: XXA\nanswers: {q1: {value: 'yes'}, q2: {value: 3}}\n")
    doc.delete(("answers", "q1"))
    assert _both_readers(doc) and doc.answers == {"q2": {"value": 3}}


keys = st.sampled_from(["q1", "q1-citations", "q2", "q3", "q4"])
values = st.one_of(st.text(max_size=30), st.integers(), st.booleans(), st.none(),
                   st.lists(st.text(max_size=10), max_size=3))
ops = st.lists(st.one_of(
    st.tuples(st.just("set"), keys, values),
    st.tuples(st.just("delete"), keys, st.none()),
    st.tuples(st.just("rename"), keys, keys),
), max_size=12)


@settings(max_examples=150, deadline=None)
@given(ops)
def test_any_sequence_of_edits_reads_back(sequence):
    """Whatever the edits, the text always reads as the data, for both readers."""
    doc = _doc()
    expected = {k: v for k, v in parse_yaml(TEXT).data["answers"].items()}
    for op, key, arg in sequence:
        if op == "set":
            doc.set(("answers", key, "value"), arg)
            expected[key] = {**(expected.get(key) or {}), "value": arg}
        elif op == "delete":
            doc.delete(("answers", key))
            expected.pop(key, None)
        elif key in expected and arg not in expected:
            doc.rename(("answers", key), arg)
            expected = {(arg if k == key else k): v for k, v in expected.items()}
        _both_readers(doc)
    assert doc.answers == expected
