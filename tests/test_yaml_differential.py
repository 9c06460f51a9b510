"""The guarded loader's fast event loop against the loop it replaced (issue 10).

``tests/yaml_reference.py`` keeps the previous loop verbatim. For hypothesis-generated YAML
texts (valid and broken: every guard's construct, every scalar style, mutations), the
hostile corpus and every example file, both give the same data (types included), the same
positions, the same YAML 1.1 look-alikes, or the same finding (code, line, column, params).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from helpers import REPO
from hostile.corpus import CASES, build_corpus
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from yaml_reference import reference_parse_yaml

from tipq.core.errors import FindingError
from tipq.io.files import DEFAULT_LIMITS, Limits, decode_text
from tipq.io.yaml_load import parse_yaml


def _canon(value: Any) -> Any:
    """``value`` with every type spelt out (1, 1.0 and True differ; NaN equals NaN)."""
    if isinstance(value, dict):
        return ("map", [(_canon(k), _canon(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("seq", [_canon(v) for v in value])
    if isinstance(value, float) and math.isnan(value):
        return (type(value).__name__, "nan", getattr(value, "written", None))
    return (type(value).__name__, value, getattr(value, "written", None))


def _outcome(parse: Any, text: str, **kw: Any) -> Any:
    try:
        doc = parse(text, file="t.yaml", **kw)
    except FindingError as e:
        f = e.finding
        return ("finding", f.code, f.line, f.col, sorted((k, repr(v)) for k, v in
                                                         f.params.items()))
    positions = (None if doc.positions is None else
                 [([_canon(p) for p in path], pos) for path, pos in doc.positions.items()])
    return ("data", _canon(doc.data), positions, doc.yaml11_plain)


def assert_same(text: str, *, duplicates: tuple[bool, ...] = (False, True), **kw: Any) -> None:
    for positions in (True, False):
        for allow_duplicates in duplicates:
            options = {"positions": positions, "allow_duplicates": allow_duplicates, **kw}
            fast = _outcome(parse_yaml, text, **options)
            slow = _outcome(reference_parse_yaml, text, **options)
            assert fast == slow, (text, options)


# --- generated texts ----------------------------------------------------------------------

_PLAIN = st.sampled_from([
    "x", "text", "no", "yes", "Yes", "on", "OFF", "y", "n", "true", "False", "TRUE", "null",
    "Null", "~", "", "0", "12", "-3", "+4", "007", "0o17", "0x1F", "0b11", "1_000", "1.5",
    "-.5", "1.", "1e3", "1E+3", "1e400", "-1e400", ".inf", "-.Inf", ".NaN", ".nan", "1:20",
    "2018-07-03", "2018-07-03T18:00", "2018-07-03 18:00:00 +1", "<<", "=", "a b", "é",
    "اعتمدت", "99999999999999999999999", "1.2.3", "+", "-", ".", "0.", "tRue", "nulL", "oN",
    "Off", "yEs", "title", "nothing", "offer", "yes no", "Y", "N", "true x", "fal"])
_KEY = st.sampled_from(["a", "b", "id", "value", "1", "no", "~", "null", "'a'", '"b"', "a b",
                        "true", "1.0", "?", "-"])


def _scalar_text(plain: str, style: str) -> str:
    if style == "plain":
        return plain
    if style == "single":
        return "'" + plain.replace("'", "''") + "'"
    if style == "double":
        return '"' + plain.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{style}\n  {plain}\n"


_SCALAR = st.builds(_scalar_text, _PLAIN, st.sampled_from(["plain"] * 4 + ["single", "double"]))
_DECOR = st.sampled_from(["", "", "", "", "!!str ", "!!int ", "!!float ", "!!bool ", "!!null ",
                          "! ", "!x ", "!!map ", "!!seq ", "!!binary ", "&a ", "*a ",
                          "!!python/object ", "? "])


def _flow(draw: Any, depth: int) -> str:
    kind = draw(st.sampled_from(["scalar", "scalar", "map", "seq"] if depth < 4 else ["scalar"]))
    decor = draw(_DECOR)
    if kind == "scalar":
        return decor + draw(_SCALAR)
    items = draw(st.lists(st.integers(0, 3), max_size=4))
    if kind == "seq":
        return decor + "[" + ", ".join(_flow(draw, depth + 1) for _ in items) + "]"
    return decor + "{" + ", ".join(f"{draw(_KEY)}: {_flow(draw, depth + 1)}"
                                   for _ in items) + "}"


def _block(draw: Any, indent: int, depth: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    if draw(st.booleans()):  # a mapping
        for _ in range(draw(st.integers(1, 4))):
            key = draw(_KEY)
            if depth < 4 and draw(st.integers(0, 2)) == 0:
                lines.append(f"{pad}{key}:{(' ' + draw(_DECOR)).rstrip()}")
                lines.extend(_block(draw, indent + draw(st.sampled_from([1, 2, 4])),
                                    depth + 1))
            else:
                lines.append(f"{pad}{key}: {_flow(draw, depth + 1)}")
    else:  # a sequence
        for _ in range(draw(st.integers(1, 4))):
            if depth < 4 and draw(st.integers(0, 2)) == 0:
                lines.append(f"{pad}-")
                lines.extend(_block(draw, indent + 2, depth + 1))
            else:
                lines.append(f"{pad}- {_flow(draw, depth + 1)}")
    return lines


@st.composite
def yaml_texts(draw: Any) -> str:
    lines = _block(draw, 0, 0)
    if draw(st.integers(0, 9)) == 0:
        lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(
            ["---", "...", "# a comment", "", "%YAML 1.2\n---", "\t", "- stray", "k: |",
             "  indented: x"])))
    text = "\n".join(lines) + "\n"
    for _ in range(draw(st.integers(0, 2))):  # mutations: a character in or out
        i = draw(st.integers(0, len(text)))
        if draw(st.booleans()) and i < len(text):
            text = text[:i] + text[i + 1:]
        else:
            text = text[:i] + draw(st.sampled_from(list(":-[]{},&*!#'\"\n\t ?|>%@`"))) + text[i:]
    return text


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(yaml_texts(), st.sampled_from([DEFAULT_LIMITS, Limits(max_depth=3, max_nodes=12),
                                      Limits(max_depth=2, max_nodes=4)]),
       st.booleans())
def test_generated_texts(text: str, limits: Limits, require_mapping: bool) -> None:
    assert_same(text, limits=limits, require_mapping=require_mapping)


@pytest.mark.parametrize("text", [
    "", "# only\n", "a: 1\n---\nb: 2\n", "- 1\n", "x\n", "~\n", "a:\n", "? [a]\n: 1\n",
    "? {a: 1}\n: 1\n", "a: &x 1\nb: *x\n", "a: !!int '1'\n", "a: !!int x\n", "a: !!float 1\n",
    "a: !!bool yes\n", "a: !!null ''\n", "a: !!str\n", "a: 1\na: 2\n", "1: a\n1.0: b\n",
    "1: a\ntrue: b\n", ".nan: 1\n.nan: 2\n", "a: 1e400\nb: -.inf\nc: .NaN\n",
    "a: yes\nb: [no, on, 2018-07-03]\nc: {d: off}\n", "a:\n\tb: 1\n", "a: 'unclosed\n",
    "a: !!map {b: 1}\nc: !!seq [1]\nd: !!map [1]\n", "[a, b]\n", "{a: 1}\n",
])
def test_edge_cases(text: str) -> None:
    assert_same(text)
    assert_same(text, limits=Limits(max_depth=1, max_nodes=3))


def test_hostile_corpus(tmp_path: Path) -> None:
    paths = build_corpus(tmp_path, [c for c in CASES if c.code in (
        "Y006", "Y007", "Y008", "Y009", "Y010", "Y011", "Y012", "Y013", "Y014")])
    assert paths
    for path in paths.values():
        text = decode_text(path.read_bytes(), str(path))
        assert_same(text, duplicates=(False,))  # some are big: the guards are the point


def test_every_example_file() -> None:
    files = sorted(p for folder in ("tests/examples", "responses", "questionnaires")
                   for p in (REPO / folder).rglob("*.y*ml"))
    assert len(files) > 10
    for path in files:
        try:
            text = decode_text(path.read_bytes(), str(path))
        except FindingError:
            continue
        assert_same(text)
