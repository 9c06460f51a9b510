"""End to end in a real pseudo-terminal: the ``tipq interview`` a person sees.

Answer a few questions, Ctrl-C, check the file, resume, go back and change an answer (the
follow-up that no longer applies is kept and flagged), review, finish and submit; the same
in Arabic, with and without --bidi.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
from helpers import SMALL_QUESTIONNAIRE

from tipq.io.loading import load_response_file

pytestmark = [pytest.mark.pty,
              pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")]
pexpect = pytest.importorskip("pexpect")

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def spawn(tmp_path: Path, *args: str):
    env = {**os.environ, "NO_COLOR": "1", "TERM": "xterm", "COLUMNS": "140", "LINES": "50"}
    child = pexpect.spawn(sys.executable, ["-m", "tipq", "interview", str(SMALL_QUESTIONNAIRE),
                                           "--out", str(tmp_path / "XXA.yaml"), *args],
                          cwd=str(tmp_path), env=env, encoding="utf-8", timeout=20,
                          dimensions=(50, 140))
    return child


def answers(tmp_path: Path) -> dict:
    loaded = load_response_file(tmp_path / "XXA.yaml")
    assert loaded.ok, loaded.findings
    return {k: a.value for k, a in loaded.model.answers.items()}


def finish(child) -> str:
    child.expect(pexpect.EOF)
    child.close()
    return ANSI.sub("", child.before or "")


def test_answer_interrupt_resume_back_change_review_submit(tmp_path: Path) -> None:
    child = spawn(tmp_path, "--country", "XXA")
    child.expect("Name")
    child.sendline("Ana Example")
    child.expect("Institution")
    child.sendline("")
    child.expect("E-mail")
    child.sendline("")
    child.expect(r"Question 1 · question 1 of 3")
    child.expect("Type a number")
    child.sendline("1")
    child.expect(r"Question 1\(a\)")
    child.expect("Citation 1, title")
    child.sendline("Penal Code of XXA")
    child.expect("provision")
    child.sendline("art. 301")
    child.expect("link")
    child.sendline("not a link")
    child.expect("is not a web address")
    child.expect("link")
    child.sendline("https://example.org/penal-code")
    child.expect("Citation 2, title")
    child.sendline("")
    child.expect(r"Question 1\(b\)")
    child.expect("full stop")
    child.sendline("A first line that is lost with Ctrl-C")
    child.expect("…")  # waiting for the next line of the text
    child.sendintr()
    rest = finish(child)
    assert child.exitstatus == 130
    assert "To continue, run: tipq interview" in rest and "--country XXA" in rest
    assert answers(tmp_path) == {"ex-offence": "yes", "ex-offence-citations": [
        {"title": "Penal Code of XXA", "provision": "art. 301",
         "link": "https://example.org/penal-code"}]}
    assert not (tmp_path / "XXA.yaml.lock").exists()

    child = spawn(tmp_path, "--country", "XXA")
    child.expect("Welcome back: 2 of")
    child.expect(r"Question 1\(b\)")
    child.sendline("back")
    child.expect(r"Question 1\(a\)")
    child.expect("Current answer: 1 citation")
    child.sendline("back")
    child.expect(r"Question 1 · ")
    child.expect("Current answer: Yes")
    child.sendline("3")
    child.expect(r"1\(a\) is kept, but it no longer applies")
    child.expect(r"Question 1\(b\)")
    child.sendline("It covers the act, the means and the purpose.")
    child.sendline("Second paragraph.")
    child.sendline(".")
    child.expect(r"Question 1\(c\)")
    child.sendline("2")
    child.expect("Question 2")
    child.sendline("12")
    child.expect("Question 3")
    child.sendline("1, 3")
    child.expect("Review")
    child.expect(r"kept, no longer applies: 1\(a\)")
    child.expect("Mark the response as submitted")
    child.sendline("yes")
    child.expect(r"These answers no longer apply: 1\(a\)")
    child.sendline("no")  # kept: tipq removes them only when asked to
    child.expect("R110")  # the flagged follow-up is reported (a warning), not deleted
    child.expect("marked submitted")
    finish(child)
    assert child.exitstatus == 0
    loaded = load_response_file(tmp_path / "XXA.yaml")
    assert loaded.model.status == "submitted"
    assert answers(tmp_path)["ex-offence-citations"][0]["title"] == "Penal Code of XXA"
    assert answers(tmp_path)["ex-offence"] == "no"


def test_the_same_in_arabic(tmp_path: Path) -> None:
    child = spawn(tmp_path, "--country", "XXA", "--lang", "ar")
    child.expect("الاسم")
    child.sendline("")
    child.sendline("")
    child.sendline("")
    child.expect("هل جرّمت دولتكم")
    child.expect("اكتب رقماً")
    child.sendline("نعم")
    child.expect("الاستشهاد 1")
    child.sendline("قانون العقوبات")
    child.sendline("المادة 301")
    child.sendline("")
    child.expect("الاستشهاد 2")
    child.sendline("")
    child.expect("أنهِها بسطر")
    child.expect("> ")
    child.sendintr()
    rest = finish(child)
    assert child.exitstatus == 130
    assert "للمتابعة، شغّل: tipq interview" in rest and "--lang ar" in rest
    assert answers(tmp_path)["ex-offence-citations"] == [
        {"title": "قانون العقوبات", "provision": "المادة 301"}]  # logical order in the file

    child = spawn(tmp_path, "--country", "XXA", "--lang", "ar")
    child.expect("مرحباً بعودتك")
    child.sendline("رجوع")
    child.expect("الإجابة الحالية")
    child.sendline("رجوع")
    child.expect("الإجابة الحالية: نعم")
    child.sendline("3")
    child.expect("لم تعد تنطبق")
    child.sendline("يشمل الجرم الفعل والوسيلة والغرض.")
    child.sendline(".")
    child.sendline("2")
    child.expect("اكتب رقماً")
    child.sendline("١٢")  # Arabic-Indic digits
    child.sendline("1، 2")
    child.expect("المراجعة")
    child.expect("هل تريد وسم الرد")
    child.sendline("نعم")
    child.expect("هذه الإجابات لم تعد تنطبق")
    child.sendline("لا")
    child.expect("وُسم الرد بأنه مُقدَّم")
    finish(child)
    assert child.exitstatus == 0
    got = answers(tmp_path)
    assert got["ex-prosecutions"] == 12 and got["ex-recovery"] == ["housing", "counselling"]
    assert load_response_file(tmp_path / "XXA.yaml").model.status == "submitted"


def test_bidi_reorders_for_display_only(tmp_path: Path) -> None:
    from bidi import get_display

    child = spawn(tmp_path, "--country", "XXA", "--lang", "ar", "--bidi")
    child.sendline("")
    child.sendline("")
    child.sendline("")
    child.expect(re.escape(get_display("التجريم")))  # the section title, reordered
    child.sendline("1")
    child.expect(re.escape(get_display("الاستشهاد 1")))
    child.sendline("قانون العقوبات")
    child.sendline("")
    child.sendline("")
    child.sendline("")
    child.sendline("خروج")
    finish(child)
    assert child.exitstatus == 0
    assert answers(tmp_path)["ex-offence-citations"] == [{"title": "قانون العقوبات"}]
