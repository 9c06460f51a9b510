"""The guarded YAML loader: every guard gives one finding with a line and column."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tipq.core.errors import FindingError
from tipq.io.files import atomic_write_text, decode_text
from tipq.io.yaml_load import load_yaml, parse_yaml


def _finding(text: str):
    with pytest.raises(FindingError) as e:
        parse_yaml(text, file="t.yaml")
    return e.value.finding


def test_plain_values_follow_yaml_1_2_core_schema() -> None:
    doc = parse_yaml("a: no\nb: yes\nc: on\nd: 12\ne: 1.5\nf: ~\ng: true\nh: 2018-07-03\n"
                     "i: 0x1F\nj: '12'\n")
    assert doc.data == {"a": "no", "b": "yes", "c": "on", "d": 12, "e": 1.5, "f": None,
                        "g": True, "h": "2018-07-03", "i": 31, "j": "12"}


def test_positions_point_at_keys_and_items() -> None:
    doc = parse_yaml("top:\n  list:\n    - x\n    - {k: v}\n", file="f.yaml")
    assert doc.locate(("top", "list")) == (2, 3)
    assert doc.locate(("top", "list", 1)) == (4, 7)
    assert doc.locate(("top", "list", 1, "k")) == (4, 8)
    assert doc.locate(("top", "missing", 3)) == (1, 1)


def test_positions_are_found_lazily_when_not_recorded() -> None:
    doc = parse_yaml("a:\n  b: 1\n", positions=False)
    assert doc.positions is None
    assert doc.locate(("a", "b")) == (2, 3)


def test_columns_count_characters_not_bytes() -> None:
    doc = parse_yaml("a: اعتمدت الدولة\nb: [x, y]\n")
    assert doc.locate(("b", 1)) == (2, 8)
    f = _finding("a: اعتمدت\nb: c: d\n")
    assert (f.code, f.line) == ("Y006", 2)


@pytest.mark.parametrize(
    ("text", "code", "line", "col"),
    [
        ("a: 1\nb:\n  c: 1\n  c: 2\n", "Y010", 4, 3),
        ("a: &x [1]\nb: *x\n", "Y008", 1, 4),
        ("a: [1]\nb: *x\n", "Y008", 2, 4),  # refused before it is even resolved
        ("a: !!python/object:os.system x\n", "Y009", 1, 4),
        ("a: !custom [1]\n", "Y009", 1, 4),
        ("a: !!binary aGVsbG8=\n", "Y009", 1, 4),
        ("a: !!int abc\n", "Y009", 1, 4),
        ("a: b\n c: [\n", "Y006", 2, 3),
        ("", "Y011", 1, 1),
        ("# only a comment\n", "Y011", 1, 1),
        ("a: 1\n---\nb: 2\n", "Y011", 2, 1),
        ("- a\n- b\n", "Y012", 1, 1),
        ("just text\n", "Y012", 1, 1),
        ("? [a]\n: 1\n", "Y013", 1, 3),
    ],
)
def test_hostile_constructs_are_refused_with_a_place(text: str, code: str, line: int,
                                                     col: int) -> None:
    f = _finding(text)
    assert (f.code, f.line, f.col) == (code, line, col), f.format()
    assert f.file == "t.yaml"


@pytest.mark.parametrize("style", ["flow", "block"])
def test_deep_nesting_is_refused_early(style: str) -> None:
    text = "[" * 10_000 + "]" * 10_000 if style == "flow" else "".join(
        "  " * i + "a:\n" for i in range(10_000))
    f = _finding(text)
    assert f.code == "Y007" and f.line is not None


def test_alias_bomb_is_refused_before_expansion() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    f = _finding("\n".join(lines) + "\n")
    assert f.code == "Y008"


@pytest.mark.parametrize(
    ("data", "code", "line", "col"),
    [
        (b"a: \xff\n", "Y003", 1, 4),
        (b"a: ok\nb: caf\xc3\n", "Y003", 2, 7),
        ("a: b\n".encode("utf-16"), "Y004", 1, 1),
        ("a: b\n".encode("utf-16-le"), "Y004", 1, 1),
        ("a: b\n".encode("utf-16-be"), "Y004", 1, 1),
        ("a: b\n".encode("utf-32"), "Y004", 1, 1),
        (b"a: 1\nb: \x00\n", "Y005", 2, 4),
    ],
)
def test_bad_encodings_are_refused_with_line_and_column(data: bytes, code: str, line: int,
                                                        col: int) -> None:
    with pytest.raises(FindingError) as e:
        decode_text(data, "t.yaml")
    f = e.value.finding
    assert (f.code, f.line, f.col) == (code, line, col), f.format()


def test_utf8_bom_is_accepted() -> None:
    assert decode_text("\ufeffa: نعم\n".encode(), "t.yaml") == "a: نعم\n"


def test_files_that_are_not_regular_are_refused(tmp_path: Path) -> None:
    with pytest.raises(FindingError) as e:
        load_yaml(tmp_path)
    assert e.value.finding.code == "Y001" and "directory" in e.value.finding.message
    with pytest.raises(FindingError) as e:
        load_yaml(tmp_path / "missing.yaml")
    assert e.value.finding.code == "Y001"
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "fifo.yaml"
        os.mkfifo(fifo)
        start = time.monotonic()
        with pytest.raises(FindingError) as e:
            load_yaml(fifo)
        assert e.value.finding.code == "Y001" and time.monotonic() - start < 1
        loop = tmp_path / "loop.yaml"
        loop.symlink_to(loop)
        with pytest.raises(FindingError) as e:
            load_yaml(loop)
        assert e.value.finding.code == "Y001"


def test_large_files_are_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with open(big, "wb") as fh:
        fh.write(b"a: '")
        fh.seek(50 * 1024 * 1024)
        fh.write(b"'\n")
    with pytest.raises(FindingError) as e:
        load_yaml(big)
    assert e.value.finding.code == "Y002"


def test_atomic_write_replaces_the_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "r.yaml"
    target.write_text("old\n", encoding="utf-8")
    atomic_write_text(target, "نص جديد\n")
    assert target.read_text(encoding="utf-8") == "نص جديد\n"
    assert [p.name for p in tmp_path.iterdir()] == ["r.yaml"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_atomic_write_keeps_the_file_mode(tmp_path: Path) -> None:
    target = tmp_path / "r.yaml"
    atomic_write_text(target, "new\n")
    umask = os.umask(0)
    os.umask(umask)
    assert (target.stat().st_mode & 0o777) == 0o666 & ~umask
    target.chmod(0o640)
    atomic_write_text(target, "again\n")
    assert (target.stat().st_mode & 0o777) == 0o640
