"""``tipq report``: every count in every format agrees with what the files say.

The expected counts come from :mod:`report_batch`, which reads the generated YAML back with
PyYAML and applies the rules itself, never through tipq's code.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sqlite3
import subprocess
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import html5lib
import pytest
from report_batch import (
    FORMULA,
    expected_assistance,
    expected_counts,
    expected_gaps,
    kept_responses,
    write_batch,
)
from typer.testing import CliRunner

from tipq.cli.app import app

runner = CliRunner()


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_batch(tmp_path_factory.mktemp("batch"))


def run(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def report(batch: dict[str, Path], *args: str | Path) -> tuple[int, str, str]:
    return run("report", batch["responses"], "-q", batch["questionnaires"], "--jobs", "1",
               *args)


# --- counts in every format ----------------------------------------------------------------


def test_csv_counts_agree(batch: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "report.csv"
    code, _, err = report(batch, "-f", "csv", "-o", out)
    assert code == 1, err  # BAD.yaml has an error
    assert "1 of 15 response file(s) have errors" in err
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in rows:
        state, value = r["state"], r["value"]
        if state != "answered":
            bucket = state
        elif r["kind"] in ("closed", "choice", "multi-choice", "assistance"):
            bucket = value
        else:
            bucket = "answered"
        found[(r["question"], bucket)].add(r["country"])
    assert dict(found) == expected_counts(batch["responses"])
    kept = kept_responses(batch["responses"])
    assert {r["country"]: Path(r["file"]).name for r in rows} == {
        c: name for c, (name, _) in kept.items()}


def test_xlsx_counts_agree(batch: dict[str, Path], tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "report.xlsx"
    assert report(batch, "-f", "xlsx", "-o", out)[0] == 1
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames == ["Completion", "Files with errors", "Answers", "Assistance",
                               "Gaps", "Changes", "Data"]
    rows = list(book["Answers"].iter_rows(values_only=True))
    head = rows[0]
    qid, bucket, count, states = (head.index(h) for h in ("id", "code", "Number of States",
                                                         "States"))
    got = {(r[qid], r[bucket]): set(str(r[states]).split()) for r in rows[1:]}
    assert got == expected_counts(batch["responses"])
    assert all(r[count] == len(got[(r[qid], r[bucket])]) for r in rows[1:])
    labels = {r[head.index("Answer")] for r in rows[1:]}
    assert {"Yes", "Yes, in part", "No", "not applicable", "unanswered"} <= labels
    # The long table holds one row per State × question × value, as the CSV does.
    data = list(book["Data"].iter_rows(values_only=True))
    assert len({r[0] for r in data[1:]}) == len(kept_responses(batch["responses"]))


def test_sqlite_counts_agree(batch: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "report.sqlite"
    assert report(batch, "-f", "sqlite", "-o", out)[0] == 1
    db = sqlite3.connect(out)
    tables = {n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"responses", "answers", "citations", "assistance", "questions"} <= tables
    db.execute("PRAGMA foreign_keys = ON")
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    got = {(q, b): set(c.split(",")) for q, b, c in db.execute(
        "SELECT question, bucket, countries FROM answer_counts")}
    assert got == expected_counts(batch["responses"])
    # Through the tables themselves, as an analyst would query them.
    n = db.execute("SELECT count(DISTINCT r.country) FROM answers a JOIN responses r "
                   "ON r.id = a.response WHERE r.chosen AND r.cycle = 'current' AND "
                   "a.question = 'q1' AND a.value = 'no'").fetchone()[0]
    assert n == len(expected_counts(batch["responses"]).get(("q1", "no"), set()))
    need = {(t, k): set(c.split(",")) for t, k, c in db.execute(
        "SELECT top_id, kind, countries FROM assistance_needs")}
    assert need == expected_assistance(batch["responses"])
    invalid = db.execute("SELECT file, errors FROM responses WHERE NOT valid").fetchall()
    assert [(Path(f).name, e) for f, e in invalid] == [("BAD.yaml", 1)]
    assert db.execute("SELECT count(*) FROM answers a JOIN responses r ON r.id = a.response "
                      "WHERE NOT r.valid").fetchone()[0] == 0


def _html_counts(text: str) -> dict[tuple[str, str], set[str]]:
    doc = html5lib.parse(text, namespaceHTMLElements=False)
    found: dict[tuple[str, str], set[str]] = {}
    for tr in doc.iter("tr"):
        if "data-bucket" in tr.attrib:
            cells = tr.findall("td")
            states = set((cells[-1].text or "").split())
            assert int(tr.attrib["data-count"]) == len(states) == int(cells[-2].text or 0)
            found[(tr.attrib["data-question"], tr.attrib["data-bucket"])] = states
    return found


def test_html_counts_agree(batch: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    assert report(batch, "-f", "html", "-o", out)[0] == 1
    text = out.read_text(encoding="utf-8")
    assert _html_counts(text) == expected_counts(batch["responses"])
    doc = html5lib.parse(text, namespaceHTMLElements=False)
    assert doc.find("head/meta[@http-equiv='Content-Security-Policy']") is not None
    assert not list(doc.iter("script")) and not list(doc.iter("link"))
    assert "http" not in "".join(e.attrib.get("src", "") for e in doc.iter())
    assert len(list(doc.iter("{http://www.w3.org/2000/svg}svg"))) >= 3
    # the assistance table: provision × kind × States
    table = doc.find(".//table[@id='assistance-table']")
    assert table is not None
    rows = table.findall("tbody/tr")
    assert sum(int("".join(r.findall("td")[4].itertext())) for r in rows) == sum(
        len(v) for v in expected_assistance(batch["responses"]).values())


def test_arabic_html_is_right_to_left(batch: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "report-ar.html"
    assert report(batch, "-f", "html", "--lang", "ar", "-o", out)[0] == 1
    text = out.read_text(encoding="utf-8")
    doc = html5lib.parse(text, namespaceHTMLElements=False)
    assert doc.attrib["dir"] == "rtl" and doc.attrib["lang"] == "ar"
    assert "التجريم" in text  # the section's title in Arabic, from the questionnaire
    assert _html_counts(text) == expected_counts(batch["responses"])


# --- completion, assistance, gaps -------------------------------------------------------


def test_completion_duplicates_and_expected(batch: dict[str, Path], tmp_path: Path) -> None:
    from tipq.checks.compile import compile_responses

    expected = tmp_path / "expected.txt"
    expected.write_text("# States of the cycle\nXAA\nXAC  # two files\nxac\nXAI\nFRA\n",
                        encoding="utf-8")
    with compile_responses([batch["responses"]], [batch["questionnaires"]], jobs=1,
                           expected=expected) as c:
        kept = kept_responses(batch["responses"])
        assert {s.country: Path(s.file).name for s in c.states} == {
            k: name for k, (name, _) in kept.items()}
        by = {s.country: s for s in c.states}
        assert [Path(f).name for f in by["XAB"].others] == ["XAB-later-draft.yaml"]
        assert Path(by["XAC"].file).name == "XAC-second.yaml"  # updated later
        assert by["XAI"].status == "draft"
        assert {(e.country, e.situation) for e in c.expected} == {("XAI", "draft"),
                                                                 ("FRA", "missing")}
        assert "XAB" in c.unexpected
        assert [Path(r.file).name for r in c.invalid] == ["BAD.yaml"]
        assert "R108" in c.invalid[0].first
        for s in c.states:
            r = kept[s.country][1]
            assert s.answered == sum(1 for b in _buckets(r) if b not in (
                "unanswered", "not-applicable"))
        assert {(g.country, g.question.id) for g in c.gaps} == expected_gaps(
            batch["responses"])
        assert {(a.question.id, a.kind): set(a.countries) for a in c.assistance} == (
            expected_assistance(batch["responses"]))


def _buckets(r: dict[str, object]) -> list[str]:
    from report_batch import buckets_of

    return [b[0] for b in buckets_of(r).values()]  # type: ignore[arg-type]


def test_terminal_report_names_the_rule_and_the_invalid_file(batch: dict[str, Path]) -> None:
    code, out, err = report(batch)
    assert code == 1
    assert "submitted over draft" in out
    assert "BAD.yaml" in out and "R108" in out
    assert "Mandatory provisions answered No or Yes, in part" in out
    assert "tipq validate" in err


# --- previous cycle ------------------------------------------------------------------------


def test_changes_since_previous_cycle(tmp_path: Path) -> None:
    import yaml

    from tipq.checks.compile import compile_responses

    now = write_batch(tmp_path / "now", seed=15)
    before = write_batch(tmp_path / "before", seed=16)
    with compile_responses([now["responses"]], [now["questionnaires"]], jobs=1,
                           previous=[before["responses"]]) as c:
        got = {(ch.country, ch.question, ch.change) for ch in c.changes}
    want = set()
    old, new = kept_responses(before["responses"]), kept_responses(now["responses"])
    for country in set(old) & set(new):
        a, b = old[country][1]["answers"], new[country][1]["answers"]
        for qid in {*a, *b}:
            va, vb = a.get(qid, {}).get("value"), b.get(qid, {}).get("value")
            if qid.endswith("-assistance"):
                ka = set(va["kinds"]) if va and va["needed"] else set()
                kb = set(vb["kinds"]) if vb and vb["needed"] else set()
                if kb - ka:
                    want.add((country, qid, "assistance-new"))
                if ka - kb:
                    want.add((country, qid, "assistance-dropped"))
            elif va != vb and not (qid.endswith("-citations") and vb is None):
                want.add((country, qid, "answer"))
    # a citations follow-up that no longer applies shows as an answer change too
    for country in set(old) & set(new):
        a, b = old[country][1]["answers"], new[country][1]["answers"]
        for qid in a:
            if qid.endswith("-citations") and qid not in b:
                want.add((country, qid, "answer"))
    assert got == want
    assert yaml  # PyYAML read the files (report_batch)


# --- formula injection ---------------------------------------------------------------------


def test_formula_is_inert_in_csv_and_xlsx(batch: dict[str, Path], tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "r.csv"
    report(batch, "-f", "csv", "-o", out)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    cell = next(r["value"] for r in rows if r["country"] == "XAA" and r["question"] ==
                "q1-details")
    assert cell == "'" + FORMULA
    xlsx = tmp_path / "r.xlsx"
    report(batch, "-f", "xlsx", "-o", xlsx)
    book = openpyxl.load_workbook(xlsx)
    ws = book["Data"]
    hits = [c for row in ws.iter_rows() for c in row if c.value == FORMULA]
    assert hits and all(c.data_type == "s" for c in hits)
    assert not any(c.data_type == "f" for s in book.worksheets for row in s.iter_rows()
                   for c in row)


def test_xlsx_sheets_run_right_to_left_in_arabic(batch: dict[str, Path], tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "ar.xlsx"
    report(batch, "-f", "xlsx", "--lang", "ar", "-o", out)
    book = openpyxl.load_workbook(out)
    assert all(ws.sheet_view.rightToLeft for ws in book.worksheets)
    assert "الإنجاز" in book.sheetnames


# --- the CLI -------------------------------------------------------------------------------


def test_exit_0_when_every_file_is_valid(tmp_path: Path) -> None:
    b = write_batch(tmp_path)
    (b["responses"] / "BAD.yaml").unlink()
    code, out, err = report(b, "-f", "csv")
    assert code == 0, err
    assert out.startswith("country,file,status")
    assert err == ""


def test_usage_errors_exit_2(batch: dict[str, Path], tmp_path: Path) -> None:
    code, _, err = report(batch, "-f", "sqlite")
    assert code == 2 and "-o" in err
    code, _, err = report(batch, "--lang", "xx")
    assert code == 2 and "'xx' is not one of" in err
    bad = tmp_path / "expected.txt"
    bad.write_text("XAA\nFRANCE\n", encoding="utf-8")
    code, _, err = report(batch, "--expected", bad)
    assert code == 2
    assert f"{bad}:2: 'FRANCE' is not an ISO 3166-1 alpha-3" in err and "FRA" in err
    assert "Traceback" not in err
    code, _, err = report(batch, "-f", "html", "-o", tmp_path / "no" / "such" / "r.html")
    assert code == 2 and "does not exist" in err
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run("report", empty)
    assert code == 2 and "no response files" in err
    code, _, err = report(batch, "-f", "pdf")
    assert code == 2


def test_output_is_written_atomically(batch: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "r.sqlite"
    out.write_bytes(b"old")
    report(batch, "-f", "sqlite", "-o", out)
    assert out.read_bytes().startswith(b"SQLite format 3")
    assert [p.name for p in tmp_path.iterdir()] == ["r.sqlite"]  # no temporary file left


def test_library_json_of_rows_is_plain_data(batch: dict[str, Path]) -> None:
    from dataclasses import asdict

    from tipq.checks.compile import compile_responses

    with compile_responses([batch["responses"]], [batch["questionnaires"]], jobs=1) as c:
        json.dumps([asdict(r) for r in c.counts])


# --- the HTML in a real browser -------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

#: Requests Chromium makes on its own (updates, accounts, network time), whatever the page.
BROWSER_HOSTS = re.compile(r"^(?:clients\d*|accounts|www)\.google\.com$|"
                           r"^(?!fonts\.)[a-z0-9-]+\.googleapis\.com$|\.gvt1\.com$")


def _screenshot(page: Path, shot: Path, profile: Path) -> str:
    """Open ``page`` in headless Chromium, save a screenshot; Chromium's network log."""
    assert CHROMIUM is not None
    proc = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", f"--user-data-dir={profile}", "--window-size=1200,1400",
         "--enable-logging=stderr", "--v=1", f"--screenshot={shot}", page.as_uri()],
        capture_output=True, text=True, timeout=180)
    return proc.stderr


def _page_requests(log: str) -> list[str]:
    """The URLs Chromium was asked to fetch other than the page file and its own."""
    urls = re.findall(r"NotifyBeforeURLRequest: (\S+)", log)
    return [u for u in urls if not u.startswith(("file:", "data:", "chrome"))
            and not BROWSER_HOSTS.search(urlsplit(u).hostname or "")]


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine")
def test_the_request_check_sees_a_request(tmp_path: Path) -> None:
    """The control: a page that loads an image from the network is caught."""
    page = tmp_path / "control.html"
    page.write_text('<p>x</p><img src="http://tipq-test.invalid/x.png">', encoding="utf-8")
    log = _screenshot(page, tmp_path / "c.png", tmp_path / "profile")
    assert _page_requests(log) == ["http://tipq-test.invalid/x.png"]


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine")
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_html_renders_in_headless_chromium(batch: dict[str, Path], tmp_path: Path,
                                           lang: str) -> None:
    from PIL import Image

    page = tmp_path / f"report-{lang}.html"
    report(batch, "-f", "html", "--lang", lang, "-o", page)
    shot = tmp_path / "shot.png"
    stderr = _screenshot(page, shot, tmp_path / "profile")
    assert shot.exists(), stderr[-3000:]
    assert _page_requests(stderr) == []
    image = Image.open(shot).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 10  # not a blank page
    # The status chart (green bars of submitted States) is drawn near the top.
    green = (0x1B, 0x78, 0x37)
    pixels = image.load()
    assert pixels is not None
    w, h = image.size
    found = sum(1 for x in range(0, w, 2) for y in range(0, min(h, 600), 2)
                if _near(pixels[x, y], green))
    assert found > 100


def _near(p: object, colour: tuple[int, int, int]) -> bool:
    assert isinstance(p, tuple)
    return all(abs(a - b) < 12 for a, b in zip(p[:3], colour, strict=True))
