"""tipq.core.escape: one function per output kind, each checked by that kind's reader."""

from __future__ import annotations

import csv
import html as html_lib
import io
import xml.etree.ElementTree as ET
from urllib.parse import unquote

import pytest

from tipq.core import escape

HOSTILE = "a\x00b\x1b[2Jc\x07d\x9be\u202ef\u2066g\r\nh\ti\x7fj\ufffek"


def test_visible_shows_every_acting_character_and_nothing_else_changes():
    out = escape.visible(HOSTILE)
    assert out == ("a\\x00b\\x1b[2Jc\\x07d\\x9be\\u202ef\\u2066g\\r\\nh\\ti\\x7fj\\ufffek")
    assert out.isprintable()
    plain = "Ley N° 26.364 — قانون, 法律 C:\\x"
    assert escape.visible(plain) == plain
    assert escape.visible(out) == out  # idempotent: escapes are printable ASCII


def test_visible_can_leave_bidi_isolates_to_renderers():
    assert escape.visible("\u2067x\u2069\x1b", bidi=False) == "\u2067x\u2069\\x1b"
    assert escape.visible_lines("a\nb\x1b") == "a\nb\\x1b"


@pytest.mark.parametrize("line", ["::error file=a::x", "  ::warning::y", "::stop-commands::t"])
def test_text_line_neutralises_workflow_commands_at_a_line_start(line):
    out = escape.text_line(line)
    assert not out.lstrip().startswith("::") and "\\x3a:" in out
    assert escape.text_line("x ##[error]y") == "x ##\\x5berror]y"
    assert escape.text_line("file.yaml:3:1: error ::x") == "file.yaml:3:1: error ::x"


def test_github_escaping_round_trips_as_the_runner_decodes():
    data = "50% done\r\n::error::x, y: z"
    assert "\n" not in escape.github_data(data) and "\r" not in escape.github_data(data)
    assert unquote(escape.github_data("100%")) == "100%"
    prop = escape.github_property("a:b,c%d\ne")
    assert ":" not in prop and "," not in prop
    assert unquote(prop) == "a:b,c%d\\ne"


def test_xml_text_and_attributes_parse_and_keep_the_text():
    attr = escape.xml_attr(HOSTILE + '"<&')
    doc = f"<r a={attr}>{escape.xml_text(HOSTILE + '<&>')}</r>"
    root = ET.fromstring(doc)
    assert root.get("a") == escape._xml_legal(HOSTILE + '"<&')
    assert root.text == escape._xml_legal(HOSTILE + "<&>")
    assert "\\x00" in (root.text or "") and "\\x1b" in (root.text or "")


def test_html_escapes_markup_and_controls():
    out = escape.html("<script>alert('x')</script>\x1b&")
    assert "<" not in out and "\x1b" not in out
    assert html_lib.unescape(out) == "<script>alert('x')</script>\\x1b&"


def test_markdown_renders_as_the_literal_text():
    from markdown_it import MarkdownIt

    text = "*bold* [l](http://x) <b>x</b> | `c` # h _i_ https://x.org 1. ~s~"
    rendered = MarkdownIt("commonmark").enable("table").render(escape.markdown(text))
    assert html_lib.unescape(rendered.removeprefix("<p>").removesuffix("</p>\n")) == text


@pytest.mark.parametrize("cell", ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_csv_cell_defuses_formulas(cell):
    out = escape.csv_cell(cell)
    assert out == "'" + cell
    buf = io.StringIO()
    csv.writer(buf).writerow([out])
    assert next(csv.reader(io.StringIO(buf.getvalue())))[0].startswith("'")
    assert escape.csv_cell("Penal Code") == "Penal Code"


def test_json_text_keeps_the_data():
    import json

    value = "x\x85\u202e\u2028y\x9b"
    text = escape.json_text(json.dumps({"v": value}, ensure_ascii=False))
    assert text.isascii() and json.loads(text) == {"v": value}
