"""The non-paper: what it contains (model), and how each renderer lays it out."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import html5lib
import pytest
from helpers import REPO, SMALL_QUESTIONNAIRE, build_file_tree
from markdown_it import MarkdownIt

from tipq.core.errors import UsageError
from tipq.core.languages import pick_text
from tipq.core.questionnaire import Questionnaire
from tipq.io.loading import load_questionnaire_file
from tipq.render import (
    EXPORT_FORMATS,
    LAYOUTS,
    RENDERER_BY_NAME,
    Filters,
    RenderOptions,
    build_nonpaper,
    render_questionnaire,
)
from tipq.render.labels import LABELS, format_version
from tipq.render.markdown import md_escape
from tipq.render.terminal import visual_order

SHIPPED = sorted((REPO / "questionnaires").glob("*.yaml"))
QUESTIONNAIRE_FILES = [SMALL_QUESTIONNAIRE, *SHIPPED]


def load(path: Path) -> Questionnaire:
    loaded = load_questionnaire_file(path)
    assert loaded.ok, [f.format() for f in loaded.findings]
    return loaded.model  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def small() -> Questionnaire:
    return load(SMALL_QUESTIONNAIRE)


def shown_ids(q: Questionnaire, **kw: object) -> list[str]:
    return [v.id for v in build_nonpaper(q, **kw).iter_questions()]  # type: ignore[arg-type]


# --- the text a reader sees -------------------------------------------------------------


class _TextOf(HTMLParser):
    """The text of an HTML document as a reader sees it (no <style>, no <title>)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in ("style", "title", "script"):
            self.skip += 1
        if tag in ("p", "li", "td", "th", "h1", "h2", "h3", "h4", "br", "div"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title", "script"):
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def reader_text(html: str) -> str:
    p = _TextOf()
    p.feed(html)
    return "".join(p.parts)


def md_reader_text(md: str) -> str:
    """Markdown as GitHub would show it: rendered (tables on), then read as HTML."""
    return reader_text(MarkdownIt("commonmark").enable("table").enable("strikethrough")
                       .render(md))


def displayed_strings(q: Questionnaire, lang: str) -> list[str]:
    """Every text of the questionnaire a renderer may show, in the language shown."""
    out: list[str] = [pick_text(q.title, lang)[0]]
    if q.description:
        out.append(pick_text(q.description, lang)[0])
    for _, s in q.iter_sections():
        out += [pick_text(s.title, lang)[0], pick_text(s.description, lang)[0]]
    for item in q.index.items:
        qq = item.question
        out += [pick_text(qq.text, lang)[0], pick_text(qq.guidance, lang)[0]]
        for alt in getattr(qq, "alternatives", []):
            out += [pick_text(alt.text, lang)[0], pick_text(alt.note, lang)[0]]
        for opt in getattr(qq.answer, "options", None) or []:
            out.append(pick_text(opt.label, lang)[0])
    return [s for s in out if s]


def normalize(text: str) -> str:
    return " ".join(text.replace("\u2066", "").replace("\u2069", "").split())


# --- every question exactly once --------------------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("path", QUESTIONNAIRE_FILES, ids=lambda p: p.parent.name + "/" + p.name)
def test_every_question_exactly_once(path: Path, layout: str) -> None:
    """Each question and follow-up is shown once, whatever the layout (paras 30 and 32):
    once in the model, once as a numbered entry in HTML, and its text as many times as the
    questionnaire's own texts contain it, in HTML and in rendered Markdown."""
    q = load(path)
    lang = q.languages[0]
    np = build_nonpaper(q, lang=lang, layout=layout)
    ids = [v.id for v in np.iter_questions()]
    fu_ids = [f.id for v in np.iter_questions() for f in v.iter_follow_ups()]
    assert Counter(ids) == Counter(i.id for i in q.index.items if i.parent is None)
    assert Counter(fu_ids) == Counter(i.id for i in q.index.items if i.parent is not None)

    html = RENDERER_BY_NAME["html"]().render(np)
    anchors = Counter(re.findall(r'\bid="q-([a-z0-9_-]+)"', html))
    assert anchors == Counter(i.id for i in q.index.items), "each item has one anchor"

    strings = [normalize(s) for s in displayed_strings(q, lang)]
    html_text = normalize(reader_text(html))
    md_text = normalize(md_reader_text(RENDERER_BY_NAME["markdown"]().render(np)))
    for item in q.index.items:
        text = normalize(pick_text(item.question.text, lang)[0])
        expected = sum(s.count(text) for s in strings)
        assert html_text.count(text) == expected, (item.id, "html")
        assert md_text.count(text) == expected, (item.id, "markdown")


@pytest.mark.parametrize("path", QUESTIONNAIRE_FILES, ids=lambda p: p.parent.name + "/" + p.name)
def test_terminal_numbers_every_question_once(path: Path) -> None:
    q = load(path)
    for layout in LAYOUTS:
        out = render_questionnaire(q, "terminal", layout=layout, options=RenderOptions(width=120))
        for item in q.index.items:
            marker = f"{item.label}. " if item.parent is None else f"{item.label} "
            starts = [ln for ln in out.splitlines() if ln.lstrip().startswith(marker)]
            assert len(starts) == 1, (layout, item.label)


# --- layouts ------------------------------------------------------------------------------


def test_document_layout_keeps_the_questionnaire_order(small: Questionnaire) -> None:
    np = build_nonpaper(small, layout="document")
    assert [p.title for p in np.parts] == [None]
    assert [v.number for v in np.iter_questions()] == [1, 2, 3, 4]
    assert np.annex is None


def test_annex_layout_puts_non_mandatory_questions_at_the_end(small: Questionnaire) -> None:
    np = build_nonpaper(small, layout="annex")
    body, annex = np.parts
    assert [v.id for v in body.iter_questions()] == ["ex-offence", "ex-prosecutions",
                                                     "ex-travel-documents"]
    assert annex.annex and [v.id for v in annex.iter_questions()] == ["ex-recovery"]
    assert annex.title == "Annex. Questions on non-mandatory provisions"
    html = render_questionnaire(small, "html", layout="annex")
    assert html.index('id="q-ex-recovery"') > html.index('class="summary"'), "annex comes last"
    assert '<section class="part annex" id="part-non-mandatory">' in html
    assert ".annex { break-before: page; }" in html


def test_mandatory_first_layout_has_one_part_per_requirement(small: Questionnaire) -> None:
    np = build_nonpaper(small, layout="mandatory-first")
    assert [(p.key, [v.number for v in p.iter_questions()]) for p in np.parts] == [
        ("mandatory", [1, 2]), ("non-mandatory", [3]), ("none", [4])]
    assert np.parts[0].title == "Part 1. Questions on mandatory provisions"
    assert np.annex is None


def test_unknown_layout_is_a_usage_error(small: Questionnaire) -> None:
    with pytest.raises(UsageError, match="document, mandatory-first, annex"):
        build_nonpaper(small, layout="appendix")


# --- filters ------------------------------------------------------------------------------


@pytest.mark.parametrize(("filters", "expected"), [
    (Filters(requirements=frozenset({"mandatory"})), ["ex-offence", "ex-prosecutions"]),
    (Filters(requirements=frozenset({"non-mandatory"})), ["ex-recovery"]),
    (Filters(obligations=frozenset({"shall-consider", "may"})), ["ex-recovery"]),
    (Filters(statuses=frozenset({"no-consensus", "moved"})),
     ["ex-offence", "ex-travel-documents"]),
    (Filters(articles=("5",)), ["ex-offence", "ex-prosecutions"]),
    (Filters(articles=("3", "6")), ["ex-offence", "ex-recovery"]),
    (Filters(articles=("10",)), []),  # art. 10 of the Protocol: none; untoc:10 is another
    (Filters(articles=("untoc:10",)), ["ex-travel-documents"]),
    (Filters(sections=("protection",)), ["ex-recovery", "ex-travel-documents"]),
    (Filters(requirements=frozenset({"mandatory"}), articles=("3",)), ["ex-offence"]),
])
def test_filters(small: Questionnaire, filters: Filters, expected: list[str]) -> None:
    assert shown_ids(small, filters=filters) == expected


def test_filters_are_described_and_counted(small: Questionnaire) -> None:
    np = build_nonpaper(small, filters=Filters(requirements=frozenset({"non-mandatory"}),
                                               sections=("protection",)))
    assert np.filters == ("Requirement: Non-mandatory", "Section: Protection of victims")
    assert (np.shown, np.total) == (1, 4)
    assert [(r.key, r.count) for r in np.summary if r.group == "requirement"] == [
        ("mandatory", 0), ("non-mandatory", 1)]
    out = render_questionnaire(small, "terminal", filters=Filters(
        requirements=frozenset({"non-mandatory"})), options=RenderOptions(width=100))
    assert "Requirement: Non-mandatory — 1 of 4 questions" in out


def test_nothing_matches(small: Questionnaire) -> None:
    f = Filters(articles=("20",))
    for fmt in (n for n, r in RENDERER_BY_NAME.items() if not r.binary):
        assert "No question matches these filters." in render_questionnaire(small, fmt, filters=f)


def test_follow_ups_go_with_their_question(small: Questionnaire) -> None:
    np = build_nonpaper(small, filters=Filters(articles=("3",)))
    [q] = np.iter_questions()
    assert [f.label for f in q.iter_follow_ups()] == ["1(a)", "1(b)", "1(c)"]


@pytest.mark.parametrize(("filters", "message"), [
    (Filters(sections=("protecton",)), "did you mean 'protection'"),
    (Filters(articles=("art5",)), "write an article number"),
])
def test_bad_filters_say_how_to_fix_them(small: Questionnaire, filters: Filters,
                                         message: str) -> None:
    with pytest.raises(UsageError, match=message):
        build_nonpaper(small, filters=filters)


# --- what a question shows ---------------------------------------------------------------


def test_no_consensus_is_bracketed_with_its_alternatives(small: Questionnaire) -> None:
    md = render_questionnaire(small, "markdown")
    assert ("**1.** \\[Has your State established trafficking in persons, as defined in "
            "article 3 of the Protocol, as a criminal offence?\\]") in md
    assert "- Alternative wording 1: \\[Does your domestic law" in md
    html = render_questionnaire(small, "html")
    assert 'class="question no-consensus mandatory bracketed"' in html
    out = render_questionnaire(small, "terminal", options=RenderOptions(width=200))
    assert "1. [Has your State" in out and "Alternative wording 1: [Does your" in out
    # an agreed question is not bracketed
    assert "2. How many prosecutions" in out


def test_moved_question_is_shown_in_place_and_listed(small: Questionnaire) -> None:
    np = build_nonpaper(small)
    moved = next(v for v in np.iter_questions() if v.moved)
    assert moved.moved_to == "this questionnaire, question 1 (ex-offence)"
    assert moved.answer is None and moved.follow_ups == ()
    assert [(m.number, m.where) for m in np.moved] == [(4, moved.moved_to)]
    md = render_questionnaire(small, "markdown")
    assert "→ **Moved to this questionnaire, question 1 (ex-offence)**" in md
    assert "## Moved questions" in md


def test_moved_to_another_questionnaire_names_it(small: Questionnaire) -> None:
    other = small.model_copy(update={"id": "untoc-general", "title": {"en": "General"}})
    data = small.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["sections"][1]["questions"][1]["moved_to"] = {"questionnaire": "untoc-general",
                                                       "question": "ex-recovery"}
    q = Questionnaire.model_validate(data)
    np = build_nonpaper(q, others={"untoc-general": other})
    assert np.moved[0].where == "General (untoc-general), question 3 (ex-recovery)"
    assert build_nonpaper(q).moved[0].where == "untoc-general, question ex-recovery"


def test_follow_ups_are_grouped_under_the_answer_that_triggers_them(
        small: Questionnaire) -> None:
    [q] = [v for v in build_nonpaper(small).iter_questions() if v.id == "ex-offence"]
    assert [(g.trigger, [f.label for f in g.items]) for g in q.follow_ups] == [
        ("If the answer is Yes or Yes, in part:", ["1(a)"]), (None, ["1(b)", "1(c)"])]
    ar = next(v for v in build_nonpaper(small, lang="ar").iter_questions()
              if v.id == "ex-offence")
    assert ar.follow_ups[0].trigger == "إذا كانت الإجابة نعم أو نعم، جزئياً:"
    md = render_questionnaire(small, "markdown")
    assert ("- If the answer is Yes or Yes, in part:\n"
            "  - **1(a)** Please cite the applicable legislation.") in md


def test_a_condition_on_another_question_names_it(tmp_path: Path, small: Questionnaire) -> None:
    data = small.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["sections"][0]["questions"][1]["when"] = {"question": "ex-offence", "in": ["no"]}
    q = Questionnaire.model_validate(data)
    [v] = [v for v in build_nonpaper(q).iter_questions() if v.id == "ex-prosecutions"]
    assert v.condition == "Asked only if the answer to question 1 is No."


def test_answer_options_use_the_built_in_closed_labels(small: Questionnaire) -> None:
    [q] = [v for v in build_nonpaper(small, lang="ar").iter_questions() if v.id == "ex-offence"]
    assert q.answer is not None
    assert [o.value for o in q.answer.options] == ["نعم", "نعم، جزئياً", "لا"]


def test_header_carries_the_status_date(small: Questionnaire) -> None:
    out = render_questionnaire(small, "terminal", options=RenderOptions(width=100))
    assert out.splitlines()[2] == ("Non-paper · status: 3 July 2018, 6 p.m. · "
                                   "CTOC/COP/WG.4/2018/CRP.1")


@pytest.mark.parametrize(("version", "lang", "expected"), [
    ("2018-07-03T18:00", "en", "3 July 2018, 6 p.m."),
    ("2018-07-03T10:30", "en", "3 July 2018, 10.30 a.m."),
    ("2018-07-03T12:00", "en", "3 July 2018, noon"),
    ("2018-07-03T00:00", "en", "3 July 2018, midnight"),
    ("2018-07-03T18:00", "fr", "3 juillet 2018, 18 heures"),
    ("2018-07-03T18:15", "fr", "3 juillet 2018, 18 h 15"),
    ("2018-07-03T18:00", "es", "3 de julio de 2018, 18.00 horas"),
    ("2018-07-03T18:00", "ru", "3 июля 2018 года, 18:00"),
    ("2018-07-03T18:00", "zh", "2018年7月3日18时"),
    ("2018-07-03T18:00", "ar", "3 تموز/يوليه 2018، الساعة 18:00"),
])
def test_version_dates_as_un_documents_write_them(version: str, lang: str,
                                                  expected: str) -> None:
    assert format_version(version, lang) == expected


def test_every_label_is_in_the_six_languages() -> None:
    for key, texts in LABELS.items():
        assert sorted(texts) == sorted(["en", "ar", "fr", "es", "ru", "zh"]), key
        fields = {k: set(re.findall(r"\{(\w+)\}", v)) for k, v in texts.items()}
        assert len({frozenset(f) for f in fields.values()}) == 1, f"{key}: placeholders differ"


# --- languages -----------------------------------------------------------------------------


def test_missing_translation_falls_back_to_english_visibly(small: Questionnaire) -> None:
    for fmt in ("markdown", "html", "terminal"):
        out = render_questionnaire(small, fmt, lang="fr", options=RenderOptions(width=300))
        assert "Has your State established trafficking" in out
        assert "(en anglais)" in out, fmt
    np = build_nonpaper(small, lang="fr")
    assert np.fallback_langs == ("en",)
    assert np.title.fallback and np.title.lang == "en"
    html = render_questionnaire(small, "html", lang="fr")
    assert '<html lang="fr" dir="ltr">' in html
    assert ('<span lang="en" dir="ltr">A small example questionnaire</span> '
            '<span class="fallback-mark">(en anglais)</span>') in html
    # the words around the questionnaire's own text are French
    assert "Explication des mentions" in html and "3 juillet 2018, 18 heures" in html


def test_arabic_html_reads_right_to_left(small: Questionnaire) -> None:
    html = render_questionnaire(small, "html", lang="ar", layout="annex")
    assert html.startswith('<!DOCTYPE html>\n<html lang="ar" dir="rtl">')
    assert "margin-inline-start" in html or "padding-inline-start" in html
    assert "<h2>المرفق: الأسئلة المتعلقة بالأحكام غير الإلزامية</h2>" in html


def _displayed(html_fragment: str) -> str:
    """An HTML fragment as a browser shows it in a right-to-left page, in display order:
    ``<bdi dir="ltr">`` isolates its content (LRI…PDI), like the browser does."""
    from html import unescape

    text = re.sub(r'<bdi dir="ltr"[^>]*>(.*?)</bdi>', "\u2066\\1\u2069", html_fragment)
    return visual_order(unescape(re.sub(r"<[^>]+>", "", text)), rtl=True)


@pytest.mark.parametrize("path", QUESTIONNAIRE_FILES, ids=lambda p: p.parent.name + "/" + p.name)
def test_arabic_html_keeps_references_left_to_right(path: Path) -> None:
    """Reported: chips read "المادة (a)3؛ المادة (1)5" for 3(a), 5(1). Shown right to
    left, every provision reference, follow-up label and id must keep its own order."""
    q = load(path)
    html = render_questionnaire(q, "html", lang="ar", layout="annex")
    assert "\u2066" not in html and "\u2069" not in html, "isolates are <bdi> elements"
    chips = dict(re.findall(r'<article [^>]*data-question="([^"]+)">.*?'
                            r'<li class="provisions">(.*?)</li>', html, re.S))
    checked = 0
    for item in q.index.items:
        if item.parent is None and item.question.provisions:
            shown = _displayed(chips[item.id])
            for p in item.question.provisions:
                ref = p.rpartition(":")[2]
                assert ref in shown, f"{item.id}: {ref} scrambled in {shown!r}"
                checked += 1
    assert checked
    for label, body in re.findall(r'<bdi class="fu-label" dir="ltr">([^<]+)</bdi>( [^<]*)',
                                  html)[:20]:
        assert label in _displayed(f'<bdi dir="ltr">{label}</bdi>{body}')
    if q.source_document:
        assert f'<bdi dir="ltr">{q.source_document}</bdi>' in html


def test_isolation_is_what_keeps_a_reference_in_order() -> None:
    """The check above can fail: without isolation the bidi algorithm scrambles 3(a)."""
    assert "3(a)" not in _displayed("المادة 3(a)؛ المادة 5(1)")
    assert "3(a)" in _displayed('المادة <bdi dir="ltr">3(a)</bdi>؛ المادة')


def test_arabic_markdown_isolates_references(small: Questionnaire) -> None:
    md = render_questionnaire(small, "markdown", lang="ar", layout="annex")
    assert "المادة \u20663(a)\u2069؛ المادة \u20665(1)\u2069" in md
    assert "\u2066CTOC/COP/WG.4/2018/CRP.1\u2069" in md
    shown = md_reader_text(md)  # the isolates survive Markdown rendering
    chip = next(line for line in shown.splitlines() if "3(a)" in line)
    assert "3(a)" in visual_order(chip, rtl=True) and "5(1)" in visual_order(chip, rtl=True)
    assert "## المرفق: " in md and "المرفق-" not in md


@pytest.mark.parametrize(("lang", "expected"), [
    ("ar", ["<title>استبيان صغير على سبيل المثال — ورقة غير رسمية، 3 تموز/يوليه 2018",
            "<h2>المرفق: ", "<strong>إرشادات:</strong>"]),
    ("fr", ["Document officieux, 3 juillet 2018", "Annexe. Questions",
            "<strong>Indications\u00a0:</strong>", "Réponse\u00a0:</span>"]),
    ("zh", ["非正式文件，2018年7月3日18时", "附件：关于非强制性条款的问题",
            "<span class=\"label\">答复：</span>"]),
    ("en", ["Non-paper, 3 July 2018, 6 p.m.</title>", "Annex. Questions on non-mandatory",
            "<strong>Guidance:</strong>"]),
])
def test_separators_follow_the_language(small: Questionnaire, lang: str,
                                        expected: list[str]) -> None:
    html = render_questionnaire(small, "html", lang=lang, layout="annex")
    for piece in expected:
        assert piece in html, piece
    if lang != "en":  # no Latin comma between the status and the date, no "Annex-"
        assert "Non-paper," not in html and "- " not in re.sub(r"<style>.*?</style>", "",
                                                                html, flags=re.S)


def test_arabic_markdown_is_wrapped_for_github(small: Questionnaire) -> None:
    md = render_questionnaire(small, "markdown", lang="ar")
    assert md.startswith('<div dir="rtl" lang="ar">\n\n# ') and md.endswith("\n\n</div>\n")


# --- HTML ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ar", "fr"])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_html_is_valid_html5(small: Questionnaire, lang: str, layout: str) -> None:
    html = render_questionnaire(small, "html", lang=lang, layout=layout)
    html5lib.HTMLParser(strict=True).parse(html)  # raises on any parse error
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "ids are unique"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_questionnaires_give_valid_html(path: Path) -> None:
    q = load(path)
    for lang in q.languages:
        html5lib.HTMLParser(strict=True).parse(
            render_questionnaire(q, "html", lang=lang, layout="annex"))


def test_html_is_self_contained(small: Questionnaire) -> None:
    html = render_questionnaire(small, "html")
    assert "@page { size: A4;" in html
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", html)
    assert "@import" not in html and "url(" not in html and "<script" not in html


HOSTILE = """\
    id: hostile
    title: {en: "Fish & <chips> | *bold* _x_ [link](http://x) `code` # \\\\ ~~s~~"}
    instrument: tip-protocol
    version: "2018-07-03T18:00"
    status: draft
    languages: [en]
    sections:
      - id: s
        title: {en: "<script>alert(1)</script>"}
        questions:
          - id: q
            number: 1
            obligation: shall
            requirement: mandatory
            text: {en: "Is \\"a < b\\" & c > d | e?\\nSecond line"}
            answer:
              type: choice
              options:
                - {value: a, label: {en: "<b>bold</b>"}}
"""


def test_text_is_escaped_everywhere(tmp_path: Path) -> None:
    build_file_tree(tmp_path, {"q.yaml": HOSTILE})
    q = load(tmp_path / "q.yaml")
    html = render_questionnaire(q, "html")
    html5lib.HTMLParser(strict=True).parse(html)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "Is &quot;a &lt; b&quot; &amp; c &gt; d | e?<br>Second line" in html
    md = render_questionnaire(q, "markdown")
    shown = md_reader_text(md)
    assert 'Fish & <chips> | *bold* _x_ [link](http://x) `code` # \\ ~~s~~' in shown
    assert "<script>alert(1)</script>" in shown  # shown as text, not run
    assert 'Is "a < b" & c > d | e?' in shown and "Second line" in shown
    assert "<script>" not in MarkdownIt("commonmark").render(md)


def test_md_escape_round_trips_through_a_markdown_parser() -> None:
    for text in ["a*b*c", "[x](y)", "1. not a list", "<!-- c -->", "a | b", "&amp;", "#x",
                 "__init__", "`tick`", "back\\slash"]:
        rendered = MarkdownIt("commonmark").render(f"x {md_escape(text)}")
        assert reader_text(rendered).strip() == f"x {text}", text


# --- terminal -------------------------------------------------------------------------------


def test_terminal_wraps_to_the_width(small: Questionnaire) -> None:
    from rich.cells import cell_len

    for lang in ("en", "ar"):
        out = render_questionnaire(small, "terminal", lang=lang, options=RenderOptions(width=60))
        assert max(cell_len(line) for line in out.splitlines()) <= 60


def test_terminal_colour_is_optional(small: Questionnaire) -> None:
    plain = render_questionnaire(small, "terminal", options=RenderOptions(width=80))
    coloured = render_questionnaire(small, "terminal",
                                    options=RenderOptions(width=80, color=True))
    assert "\x1b[" not in plain and "\x1b[" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain


def test_arabic_terminal_is_reordered_for_display_only_when_asked(
        small: Questionnaire) -> None:
    logical = render_questionnaire(small, "terminal", lang="ar", options=RenderOptions(width=100))
    visual = render_questionnaire(small, "terminal", lang="ar",
                                  options=RenderOptions(width=100, bidi=True))
    assert "التجريم" in logical and "ميرجتلا" not in logical  # by default: logical order
    assert "ميرجتلا" in visual  # "Criminalization", reversed for a terminal without bidi
    title = next(ln for ln in visual.splitlines() if "ميرجتلا" in ln)
    assert title.endswith("ميرجتلا") and title.startswith(" "), "aligned to the right"


@pytest.mark.parametrize(("logical", "visual"), [
    ("[هل؟]", "[؟له]"),  # brackets mirrored: the opening one stays on the right
    ("نص (الفقرة 32)", "(32 ةرقفلا) صن"),
    ("\u20661(a)\u2069 نص", "صن 1(a)"),  # an isolated reference keeps its order
    ("المادة \u20665(1)\u2069", "5(1) ةداملا"),
    ("art. 5(1) abc", "art. 5(1) abc"),
])
def test_visual_order(logical: str, visual: str) -> None:
    assert visual_order(logical, rtl=True) == visual


def test_the_registry_names_the_formats() -> None:
    assert set(RENDERER_BY_NAME) == {"terminal", "markdown", "html", "docx"}
    assert EXPORT_FORMATS == ("markdown", "html", "docx", "xlsform", "fhir")
    for name, cls in RENDERER_BY_NAME.items():
        assert cls.name == name and cls.description
