"""``tipq export --format docx``: the non-paper as a Word document (python-docx).

The same content as the HTML and Markdown renderers, from the same
:class:`~tipq.render.model.NonPaper`: the title block, the tags explained, the parts and
sections (the annex of ``--layout annex`` on a new page), each question with its tags, the
bracketed text and alternative wordings of a question without consensus (report para 31),
its guidance, its condition, its answer and follow-ups; the moved questions (para 30) and
the summary in tables.

Styles of its own (``tipq …``), so that a secretariat can restyle the document in Word:
headings are Word's ``Title`` and ``Heading 1-4``; ``tipq Question``, ``tipq Tags``,
``tipq Requirement mandatory`` / ``non-mandatory`` (character styles for the tag),
``tipq Bracketed``, ``tipq Alternative``, ``tipq Guidance``, ``tipq Condition``,
``tipq Answer``, ``tipq Follow-up``, ``tipq Moved``.

Right to left (Arabic): ``w:bidi`` on every paragraph and on the section, ``w:bidiVisual``
on tables, ``w:rtl`` and the complex-script language on runs; complex-script font and size
(``w:rFonts w:cs``, ``w:szCs``) in the styles. References the non-paper isolates (between
U+2066 and U+2069: provisions, ids, numbers, symbols) become runs of their own, not marked
right to left, between left-to-right marks (U+200E), so they keep their order.
python-docx is imported only here.
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from typing import Any

from tipq.core.escape import visible
from tipq.render.base import Renderer, RenderOptions
from tipq.render.labels import fallback_marker, language_name
from tipq.render.model import (
    AnswerView,
    FollowUpView,
    NonPaper,
    Part,
    QuestionView,
    SectionView,
    Text,
    bracket,
    explanation,
    summary_groups,
    tag_items,
)

LATIN_FONT = "Times New Roman"
CS_FONT = "Arial"  # has Arabic glyphs in Word and LibreOffice alike
BODY_PT = 11
#: An isolated reference inside right-to-left text: ``\u2066 … \u2069``.
_ISOLATE = re.compile("\u2066([^\u2066-\u2069]*)\u2069")
_ANY_ISOLATE = re.compile("[\u2066-\u2069]")

#: style name -> (base style, size in points, bold, italic, colour)
PARAGRAPH_STYLES: dict[str, tuple[str, float, bool, bool, str | None]] = {
    "tipq Question": ("Normal", BODY_PT, False, False, None),
    "tipq Bracketed": ("Normal", BODY_PT, False, False, None),
    "tipq Tags": ("Normal", 9, False, True, "555555"),
    "tipq Alternative": ("Normal", BODY_PT - 1, False, False, None),
    "tipq Guidance": ("Normal", BODY_PT - 1, False, True, "333333"),
    "tipq Condition": ("Normal", BODY_PT - 1, False, True, None),
    "tipq Answer": ("Normal", BODY_PT - 1, False, False, None),
    "tipq Follow-up": ("Normal", BODY_PT - 1, False, False, None),
    "tipq Moved": ("Normal", BODY_PT, True, False, "7A4B00"),
}
CHARACTER_STYLES: dict[str, tuple[bool, str | None]] = {
    "tipq Requirement mandatory": (True, "1F4E79"),
    "tipq Requirement non-mandatory": (True, "385723"),
    "tipq Status no-consensus": (True, "9C0006"),
    "tipq Reference": (False, None),  # provisions, ids: left to right
}


class DocxRenderer(Renderer):
    name = "docx"
    description = "a Word document (.docx), right to left in Arabic"
    suffix = ".docx"
    binary = True

    def render(self, nonpaper: NonPaper, options: RenderOptions | None = None) -> str:
        from tipq.core.errors import UsageError

        raise UsageError("docx is a binary format: write it to a file (render_bytes)")

    def render_bytes(self, nonpaper: NonPaper, options: RenderOptions | None = None) -> bytes:
        return _Docx(nonpaper).document()


class _Docx:
    def __init__(self, np: NonPaper) -> None:
        from docx import Document

        self.np = np
        self.rtl = np.rtl
        self.doc: Any = Document()
        self._styles()
        # style name -> id, looked up once (python-docx's lookup by name walks every style)
        self.style_ids = {s.name: s.style_id for s in self.doc.styles}

    # --- styles and the low-level pieces ----------------------------------------------

    def _styles(self) -> None:
        from docx.enum.style import WD_STYLE_TYPE
        from docx.shared import Pt, RGBColor

        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.name = LATIN_FONT
        normal.font.size = Pt(BODY_PT)
        self._cs(normal.element, BODY_PT)
        for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4"):
            style = styles[name]
            self._cs(style.element, style.font.size.pt if style.font.size else BODY_PT)
        for name, (base, size, bold, italic, colour) in PARAGRAPH_STYLES.items():
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles[base]
            style.font.size = Pt(size)
            style.font.bold = bold
            style.font.italic = italic
            if colour:
                style.font.color.rgb = RGBColor.from_string(colour)
            self._cs(style.element, size, bold=bold, italic=italic)
            if self.rtl:
                self._bidi(style.element)
        for name, (bold, colour) in CHARACTER_STYLES.items():
            style = styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
            style.font.bold = bold
            if colour:
                style.font.color.rgb = RGBColor.from_string(colour)

    @staticmethod
    def _child(parent: Any, tag: str) -> Any:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        found = parent.find(qn(tag))
        if found is None:
            found = OxmlElement(tag)
            parent.append(found)
        return found

    def _cs(self, style_el: Any, size: float, *, bold: bool = False,
            italic: bool = False) -> None:
        """The complex-script font and size of a style (what Arabic text is shown in)."""
        from docx.oxml.ns import qn

        rpr = style_el.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = self._child(rpr, "w:rFonts")
        fonts.set(qn("w:cs"), CS_FONT)
        size_cs = self._child(rpr, "w:szCs")
        size_cs.set(qn("w:val"), str(round(size * 2)))
        if bold:
            self._child(rpr, "w:bCs")
        if italic:
            self._child(rpr, "w:iCs")

    def _bidi(self, el: Any) -> None:
        """``w:bidi`` in the paragraph properties of a paragraph or a paragraph style."""
        from docx.oxml.ns import qn

        ppr = el.get_or_add_pPr()
        if ppr.find(qn("w:bidi")) is None:
            from docx.oxml import OxmlElement

            ppr.insert(0, OxmlElement("w:bidi"))

    def para(self, style: str | None = None, *, text: str | None = None) -> Any:
        p = self.doc.add_paragraph()
        if style is not None:
            p._p.style = self.style_ids[style]
        if self.rtl:
            self._bidi(p._p)
        if text is not None:
            self.runs(p, text)
        return p

    def runs(self, p: Any, text: str, *, style: str | None = None, bold: bool = False,
             italic: bool = False, rtl: bool | None = None) -> None:
        """``text`` as runs of ``p``: right to left in a right-to-left document (or as
        ``rtl`` says, for a text in another language), but each isolated reference a
        left-to-right run of its own (the isolate marks dropped)."""
        rtl = self.rtl if rtl is None else rtl
        pos = 0
        for m in _ISOLATE.finditer(text):
            self._run(p, text[pos:m.start()], rtl, style, bold, italic)
            # between left-to-right marks, which every word processor honours (not all
            # know the Unicode isolates): "1(a)" stays "1(a)" in Arabic text
            ref = f"\u200e{m[1]}\u200e" if rtl else m[1]
            self._run(p, ref, False, style or "tipq Reference", bold, italic)
            pos = m.end()
        self._run(p, text[pos:], rtl, style, bold, italic)

    def _run(self, p: Any, text: str, rtl: bool, style: str | None, bold: bool,
             italic: bool) -> None:
        from docx.oxml.ns import qn

        text = _ANY_ISOLATE.sub("", text)
        if not text:
            return
        for i, line in enumerate(text.split("\n")):
            run = p.add_run(visible(line, bidi=False))
            if style is not None:
                run._r.style = self.style_ids[style]
            if i:
                run._r.insert(0, _break())
            if bold:
                run.bold = True
            if italic:
                run.italic = True
            if rtl:
                rpr = run._r.get_or_add_rPr()
                self._child(rpr, "w:rtl")
                lang_el = self._child(rpr, "w:lang")
                lang_el.set(qn("w:bidi"), "ar-SA")
                if bold:
                    self._child(rpr, "w:bCs")

    def text(self, p: Any, text: Text, *, brackets: bool = False, **kw: Any) -> None:
        self.runs(p, bracket(text.value, brackets), rtl=text.rtl, **kw)
        if text.fallback:
            self.runs(p, " " + fallback_marker(text.lang, self.np.lang), italic=True)

    def heading(self, text: str, level: int, *, page_break: bool = False) -> Any:
        p = self.para("Title" if level == 0 else f"Heading {min(level, 4)}")
        self.runs(p, text)
        if page_break:
            p.paragraph_format.page_break_before = True
        return p

    def table(self, rows: list[list[str]], header: bool = True) -> None:
        from docx.oxml import OxmlElement

        table = self.doc.add_table(rows=len(rows), cols=len(rows[0]))
        table.style = self.doc.styles["Table Grid"]
        if self.rtl:
            tblpr = table._tbl.tblPr
            tblpr.append(OxmlElement("w:bidiVisual"))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                cell = table.cell(r, c)
                p = cell.paragraphs[0]
                if self.rtl:
                    self._bidi(p._p)
                self.runs(p, value, bold=header and r == 0)

    # --- the document -----------------------------------------------------------------

    def document(self) -> bytes:
        np = self.np
        self._section()
        self.title_block()
        self.heading(np.t("about_tags"), 1)
        for line in explanation(np):
            self.para("List Bullet", text=line)
        if np.shown == 0:
            self.para("tipq Condition", text=np.t("no_match"))
        for part in np.body:
            self.part(part)
        if np.moved:
            self.moved_list()
        self.summary()
        if np.annex is not None:
            self.part(np.annex)
        props = self.doc.core_properties
        props.title = visible(np.title.value)
        props.language = np.lang
        props.identifier = np.questionnaire_id
        props.version = np.version
        when = datetime.strptime(np.version, "%Y-%m-%dT%H:%M")
        props.created = props.modified = when  # the same non-paper gives the same file
        props.revision = 1
        buf = io.BytesIO()
        self.doc.save(buf)
        return buf.getvalue()

    def _section(self) -> None:
        from docx.shared import Mm

        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)  # A4
        if self.rtl:
            sectpr = section._sectPr
            from docx.oxml import OxmlElement

            sectpr.append(OxmlElement("w:bidi"))

    def title_block(self) -> None:
        np = self.np
        p = self.heading(np.title.value, 0)
        if np.title.fallback:
            self.runs(p, " " + fallback_marker(np.title.lang, np.lang))
        head = [np.status_label, np.status_line]
        if np.symbol:
            head.append(_isolated(np.symbol, np))
        self.para("tipq Tags", text=" · ".join(head))
        if np.description:
            self.text(self.para(), np.description)
        rows = [[np.t("instrument"), np.instrument]]
        if np.symbol:
            rows.append([np.t("symbol"), _isolated(np.symbol, np)])
        rows += [
            [np.t("status"), np.status_label],
            [np.t("version"), f"{np.version_label} ({_isolated(np.version, np)})"],
            [np.t("questionnaire"), _isolated(f"{np.questionnaire_id} · "
                                              f"{np.content_hash[:19]}", np)],
            [np.t("languages"), np.t("list_sep").join(language_name(x, np.lang)
                                                      for x in np.languages)],
        ]
        if np.filters:
            rows.append([np.t("filters"), np.t("provision_sep").join(np.filters) + " — "
                         + np.t("shown_of", shown=np.shown, total=np.total)])
        self.table(rows, header=False)

    def part(self, part: Part) -> None:
        level = 1
        if part.title:
            self.heading(part.title, 1, page_break=part.annex)
            level = 2
        for s in part.sections:
            self.section(s, level)

    def section(self, s: SectionView, level: int) -> None:
        p = self.heading("", level + s.depth)
        self.text(p, s.title)
        if s.description:
            self.text(self.para("tipq Guidance"), s.description)
        for q in s.questions:
            self.question(q)
        for sub in s.sections:
            self.section(sub, level)

    def question(self, q: QuestionView) -> None:
        np = self.np
        style = "tipq Bracketed" if q.bracketed else "tipq Question"
        p = self.para(style)
        self.runs(p, _isolated(f"{q.label}.", np) + " ", bold=True)
        self.text(p, q.text, brackets=q.bracketed)
        tags = self.para("tipq Tags")
        for i, (kind, text) in enumerate(tag_items(np, q)):
            if i:
                self.runs(tags, " · ")
            char = {"mandatory": "tipq Requirement mandatory",
                    "non-mandatory": "tipq Requirement non-mandatory",
                    "no-consensus": "tipq Status no-consensus"}.get(kind)
            self.runs(tags, text, style=char)
        if q.moved_to:
            self.para("tipq Moved", text="→ " + np.t("moved_to", where=q.moved_to))
        for alt in q.alternatives:
            p = self.para("tipq Alternative")
            self.runs(p, np.head("alternative", n=alt.n) + " ", bold=True)
            self.text(p, alt.text, brackets=q.bracketed)
            if alt.note:
                self.runs(p, " — ")
                self.text(p, alt.note, italic=True)
        if q.guidance:
            p = self.para("tipq Guidance")
            self.runs(p, np.head("guidance") + " ", bold=True)
            self.text(p, q.guidance)
        if q.condition:
            self.para("tipq Condition", text=q.condition)
        if q.answer:
            self.answer(q.answer)
        for group in q.follow_ups:
            if group.trigger:
                self.para("tipq Condition", text=group.trigger)
            for fu in group.items:
                self.follow_up(fu)

    def follow_up(self, fu: FollowUpView) -> None:
        np = self.np
        p = self.para("tipq Follow-up")
        self.runs(p, _isolated(fu.label, np) + " ", bold=True)
        self.text(p, fu.text)
        if fu.guidance:
            g = self.para("tipq Guidance")
            self.runs(g, np.head("guidance") + " ", bold=True)
            self.text(g, fu.guidance)
        self.answer(fu.answer)

    def answer(self, a: AnswerView) -> None:
        p = self.para("tipq Answer")
        self.runs(p, self.np.head("answer") + " ", italic=True)
        if a.description:
            self.runs(p, a.description + " ")
        for i, o in enumerate(a.options):
            self.runs(p, ("   " if i else "") + "☐ ")
            self.text(p, o)

    def moved_list(self) -> None:
        np = self.np
        self.heading(np.t("moved_list"), 1)
        self.para(text=np.t("moved_list_intro"))
        rows = [[np.t("question"), np.t("moved_to", where="").strip()]]
        rows += [[_isolated(f"{m.number} ({m.id})", np), m.where] for m in np.moved]
        self.table(rows)

    def summary(self) -> None:
        np = self.np
        self.heading(np.t("summary"), 1)
        rows = [[np.t("tag"), np.t("value"), np.t("questions")]]
        for head, group in summary_groups(np):
            for i, r in enumerate(group):
                rows.append([head if i == 0 else "", r.label, _isolated(str(r.count), np)])
        rows.append([np.t("total"), np.t("questions"), _isolated(str(np.shown), np)])
        rows.append(["", np.t("follow_ups"), _isolated(str(np.follow_up_count), np)])
        self.table(rows)


def _isolated(text: str, np: NonPaper) -> str:
    """A reference kept left to right in right-to-left text (a run of its own)."""
    return f"\u2066{text}\u2069" if np.rtl else text


def _break() -> Any:
    from docx.oxml import OxmlElement

    return OxmlElement("w:br")
