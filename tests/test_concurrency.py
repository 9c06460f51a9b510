"""Two processes, one response file: refused clearly, nothing lost, never a torn read.

- A second ``tipq interview`` on a file another one is answering is refused (exit 2, a
  message naming the file and who holds it); the first goes on and loses nothing.
- A lock left by a killed interview does not block the next sitting; a lock file left
  empty (killed between creating and writing it) blocks for a minute at most.
- ``tipq validate`` (and the loaders) reading a file while an interview saves it over and
  over always see a whole response: the old one or the new one.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile.corpus import tipq_command, tipq_env
from hostile.generate import LINE_FORMS, build_questionnaire


@pytest.fixture
def questionnaire(tmp_path: Path) -> Path:
    return build_questionnaire(tmp_path, 12, forms=LINE_FORMS[:3])  # closed, number, line


def _spawn(questionnaire: Path, out: Path) -> object:
    if sys.platform == "win32":
        pytest.skip("drives the interview in a POSIX pseudo-terminal")
    pexpect = pytest.importorskip("pexpect")
    child = pexpect.spawn(sys.executable, ["-m", "tipq", "interview", str(questionnaire),
                                           "--country", "XXA", "--out", str(out)],
                          cwd=str(out.parent), env=tipq_env(TERM="dumb"), encoding="utf-8",
                          timeout=30, dimensions=(50, 220))
    child.delaybeforesend = None
    return child


_ANSWERS = {"closed": "partly", "number": "42", "text": "Act No. 7 of 2019 on victims"}
_VALUES = {"closed": "partly", "number": 42, "text": "Act No. 7 of 2019 on victims"}


_PROMPTS = [r"(?:Name|Institution|E-mail)> ", r"Type a number \(or the label\)> ",
            r"Type a number> ", r"Type your answer on one line> "]


def _answer(child, count: int) -> None:
    """Answer the next ``count`` questions (leaving the respondent fields empty if asked),
    then wait for the next question: the last answer is then saved."""
    answered = 0
    while answered < count:
        i = child.expect(_PROMPTS)
        child.sendline("" if i == 0 else _ANSWERS[("closed", "number", "text")[i - 1]])
        answered += i > 0
    child.expect(r"Question \S+ · question")


def _expected(questionnaire: Path, count: int) -> dict[str, object]:
    from tipq.io.loading import load_questionnaire_file

    items = load_questionnaire_file(questionnaire).model.index.items[:count]
    return {item.id: _VALUES[item.answer.type] for item in items}


def _values(path: Path) -> dict[str, object]:
    from tipq.io.loading import load_response_file

    loaded = load_response_file(path)
    assert loaded.ok, [f.format() for f in loaded.findings]
    return {k: a.value for k, a in loaded.model.answers.items()}


@pytest.mark.pty
def test_second_interview_is_refused_and_the_first_loses_nothing(
        tmp_path: Path, questionnaire: Path) -> None:
    out = tmp_path / "XXA.yaml"
    first = _spawn(questionnaire, out)
    try:
        _answer(first, 2)
        second = subprocess.run(tipq_command("interview", str(questionnaire), "--country",
                                             "XXA", "--out", str(out)),
                                env=tipq_env(), stdin=subprocess.DEVNULL, capture_output=True,
                                text=True, timeout=60, cwd=tmp_path)
        assert second.returncode == 2, second.stdout + second.stderr
        assert "Traceback" not in second.stderr
        assert f"{out} is being answered in another interview" in second.stderr
        assert f"process {first.pid}" in second.stderr
        assert "Question" not in second.stdout  # nothing was asked, nothing written
        _answer(first, 2)  # the first goes on as if nothing happened
        first.sendline("quit")
        first.expect(r"To continue, run: ")
        first.expect(pexpect_eof())
    finally:
        first.close(force=True)
    assert first.exitstatus == 0
    values = _values(out)
    assert values == _expected(questionnaire, 4)
    assert not out.with_name("XXA.yaml.lock").exists()


def pexpect_eof() -> object:
    import pexpect

    return pexpect.EOF


@pytest.mark.pty
def test_a_lock_left_by_a_killed_interview_does_not_block_the_next(
        tmp_path: Path, questionnaire: Path) -> None:
    out = tmp_path / "XXA.yaml"
    first = _spawn(questionnaire, out)
    _answer(first, 2)
    os.kill(first.pid, signal.SIGKILL)
    first.close(force=True)
    assert out.with_name("XXA.yaml.lock").exists()  # the dead process's lock is still there
    second = _spawn(questionnaire, out)
    try:
        second.expect(r"An earlier interview \(process (\d+) on .*?\) ended without closing")
        assert int(second.match.group(1)) == first.pid
        _answer(second, 1)
        second.sendline("quit")
        second.expect(pexpect_eof())
    finally:
        second.close(force=True)
    assert second.exitstatus == 0
    assert _values(out) == _expected(questionnaire, 3)


def test_an_empty_lock_file_blocks_a_minute_at_most(tmp_path: Path, questionnaire: Path) -> None:
    """Killed between creating the lock file and writing in it: nobody can say whose it is."""
    out = tmp_path / "XXA.yaml"
    lock = out.with_name("XXA.yaml.lock")
    lock.write_bytes(b"")
    args = tipq_command("interview", str(questionnaire), "--country", "XXA", "--out", str(out))
    fresh = subprocess.run(args, env=tipq_env(), stdin=subprocess.DEVNULL, capture_output=True,
                           text=True, timeout=60, cwd=tmp_path)
    assert fresh.returncode == 2 and "another process" in fresh.stderr, fresh.stderr
    assert f"delete {lock}" in fresh.stderr  # and it says how to get out of it
    old = time.time() - 120
    os.utime(lock, (old, old))
    later = subprocess.run(args, env=tipq_env(), stdin=subprocess.DEVNULL, capture_output=True,
                           text=True, timeout=60, cwd=tmp_path)
    assert "another interview" not in later.stderr, later.stderr
    assert later.returncode == 130  # stdin ended at the first question: saved, interrupted
    assert _values(out) == {}


_WRITER = r"""
import sys, time
from pathlib import Path
from tipq.interview.store import ResponseStore
from tipq.io.loading import load_questionnaire_file

q = load_questionnaire_file(sys.argv[1]).model
store = ResponseStore.open(Path(sys.argv[2]), q, country="XXA")
items = [i for i in q.index.items if i.answer.type == "text"]
deadline = time.monotonic() + float(sys.argv[3])
saves = 0
paragraph = "The national referral mechanism covers identification and assistance. " * 40
try:
    while time.monotonic() < deadline:
        item = items[saves % len(items)]
        store.set_answer(item.id, f"{saves}: " + paragraph[: 500 + (saves * 37) % 2500])
        saves += 1
finally:
    store.close()
print(saves)
"""


def test_validate_never_sees_a_torn_file_while_an_interview_saves(tmp_path: Path) -> None:
    from tipq.checks.batch import validate_file
    from tipq.io.loading import load_response_file
    from tipq.io.repository import QuestionnaireRepository

    questionnaire = build_questionnaire(tmp_path, 60, forms=LINE_FORMS)
    out = tmp_path / "XXA.yaml"
    writer = subprocess.Popen([sys.executable, "-c", _WRITER, str(questionnaire), str(out),
                               "4"], env=tipq_env(), stdout=subprocess.PIPE, text=True)
    catalog = QuestionnaireRepository.build([questionnaire], exclusive=True)
    reads, seen = 0, set()
    cli_runs = []
    while not out.exists():
        time.sleep(0.01)
    while writer.poll() is None:
        loaded = load_response_file(out)
        assert loaded.ok, [f.format() for f in loaded.findings]
        result = validate_file(out, catalog)
        assert result.errors == 0, [f.format() for f in result.findings]
        seen.add(tuple(sorted(str(a.value)[:8] for a in loaded.model.answers.values())))
        reads += 1
        if len(cli_runs) < 3 and reads % 20 == 0:  # the real command, too
            cli_runs.append(subprocess.Popen(
                tipq_command("validate", "--questionnaire", str(questionnaire), str(out)),
                env=tipq_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
    saves = int(writer.communicate()[0])
    for run in cli_runs:
        output = run.communicate(timeout=60)[0]
        assert run.returncode == 0, output
    print(f"{saves} saves, {reads} reads, {len(seen)} different states seen")
    assert saves >= 20 and reads >= 20, (saves, reads)
    assert len(seen) >= 3  # the reads saw the file change (each save numbers its answer)
