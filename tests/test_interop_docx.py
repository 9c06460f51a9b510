"""`tipq export --format docx`: the non-paper as a Word document that python-docx re-reads,
right to left in Arabic (paragraph, table, section and run), LibreOffice renders it where
it is installed (apt: libreoffice-writer-nogui, poppler-utils)."""

from __future__ import annotations

import io
import shutil
import subprocess
import typing
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tipq.cli.app import app
from tipq.io.repository import load_questionnaire, moved_targets
from tipq.render.docx import DocxRenderer
from tipq.render.model import build_nonpaper

docx = pytest.importorskip("docx")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def render(lang: str, layout: str = "document") -> bytes:
    q, found = load_questionnaire(None)
    np = build_nonpaper(q, lang=lang, layout=layout, others=moved_targets(q, found))
    return DocxRenderer().render_bytes(np)


def document_xml(data: bytes) -> typing.Any:
    from xml.etree import ElementTree as ET

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return ET.fromstring(z.read("word/document.xml")), ET.fromstring(z.read("word/styles.xml"))


@pytest.fixture(scope="module")
def arabic() -> bytes:
    return render("ar", "annex")


@pytest.fixture(scope="module")
def english() -> bytes:
    return render("en")


def test_arabic_is_right_to_left_everywhere(arabic: bytes) -> None:
    doc, styles = document_xml(arabic)
    body = doc.find(f"{W}body")
    paragraphs = list(body.iter(f"{W}p"))
    assert paragraphs
    for p in paragraphs:
        assert p.find(f"{W}pPr/{W}bidi") is not None, "every paragraph is bidi"
    tables = list(body.iter(f"{W}tbl"))
    assert len(tables) == 3
    assert all(t.find(f"{W}tblPr/{W}bidiVisual") is not None for t in tables)
    assert body.find(f"{W}sectPr/{W}bidi") is not None
    runs = list(body.iter(f"{W}r"))
    arabic_runs = [r for r in runs if any("\u0600" <= c <= "\u06ff" for t in r.iter(f"{W}t")
                                          for c in (t.text or ""))]
    assert arabic_runs and all(r.find(f"{W}rPr/{W}rtl") is not None for r in arabic_runs)
    # Latin fragments (provisions, ids, labels) are runs of their own, not right to left
    latin = [r for r in runs if "".join(t.text or "" for t in r.iter(f"{W}t")).strip("\u200e ")
             in ("5(1)", "1(a)", "tip-protocol · sha256-v1:5ad1")
             or "CTOC/COP/WG.4/2018/CRP.1" in "".join(t.text or "" for t in r.iter(f"{W}t"))]
    assert latin and all(r.find(f"{W}rPr/{W}rtl") is None for r in latin)
    # complex-script font and size in the styles
    normal = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "Normal")
    fonts = normal.find(f"{W}rPr/{W}rFonts")
    assert fonts is not None and fonts.get(f"{W}cs")
    assert normal.find(f"{W}rPr/{W}szCs") is not None


def test_english_is_left_to_right(english: bytes) -> None:
    doc, _ = document_xml(english)
    assert doc.find(f".//{W}bidi") is None and doc.find(f".//{W}rtl") is None
    assert doc.find(f".//{W}bidiVisual") is None


def test_python_docx_reads_it_back_with_the_styles(english: bytes, arabic: bytes) -> None:
    d = docx.Document(io.BytesIO(english))
    names = {p.style.name for p in d.paragraphs}
    assert {"Title", "Heading 1", "tipq Question", "tipq Bracketed", "tipq Tags",
            "tipq Alternative", "tipq Guidance", "tipq Answer", "tipq Follow-up",
            "tipq Moved"} <= names
    text = "\n".join(p.text for p in d.paragraphs)
    assert "2. [Does the domestic offence of trafficking" in text
    assert "Alternative wording 1:" in text
    assert "Moved to " in text
    bracketed = [p for p in d.paragraphs if p.style.name == "tipq Bracketed"]
    assert bracketed and all("[" in p.text for p in bracketed)
    run_styles = {r.style.name for p in d.paragraphs for r in p.runs}
    assert {"tipq Requirement mandatory", "tipq Requirement non-mandatory",
            "tipq Status no-consensus"} <= run_styles
    moved = d.tables[1]
    assert len(moved.rows) == 11  # the heading and the ten questions moved (report para 30)
    a = docx.Document(io.BytesIO(arabic))
    annex = [p for p in a.paragraphs if p.style.name == "Heading 1"
             and p.paragraph_format.page_break_before]
    assert len(annex) == 1 and "المرفق" in annex[0].text


def test_the_cli_writes_docx(tmp_path: Path) -> None:
    out = tmp_path / "np.docx"
    result = CliRunner().invoke(app, ["export", "--lang", "ar", "--layout", "annex",
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert zipfile.is_zipfile(out)
    result = CliRunner().invoke(app, ["export", "--format", "docx"])
    # standard output is not a terminal under CliRunner: the bytes are written there
    assert result.exit_code == 0


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None or shutil.which("pdftoppm") is None,
                    reason="LibreOffice and pdftoppm are not installed "
                           "(apt: libreoffice-writer-nogui poppler-utils)")
def test_libreoffice_renders_it(tmp_path: Path, arabic: bytes) -> None:
    src = tmp_path / "np-ar.docx"
    src.write_bytes(arabic)
    profile = tmp_path / "profile"
    subprocess.run([str(SOFFICE), f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
                   check=True, capture_output=True, timeout=300)
    pdf = tmp_path / "np-ar.pdf"
    assert pdf.exists()
    subprocess.run(["pdftoppm", "-r", "30", "-png", "-f", "1", "-l", "3", str(pdf),
                    str(tmp_path / "page")], check=True, capture_output=True, timeout=120)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 3 and all(p.stat().st_size > 1000 for p in pages)
