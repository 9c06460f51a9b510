"""The response file of an interview: verified atomic saves, comments kept, YAML 1.1
readers agree, outside edits merged, and the lock."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml
from helpers import SMALL_QUESTIONNAIRE, build_file_tree
from hypothesis import given, settings
from hypothesis import strategies as st

from tipq.core.errors import LockedError, UserError
from tipq.interview.store import ResponseStore
from tipq.io.loading import load_questionnaire_file, load_response_file
from tipq.io.lock import LockInfo, ResponseLock, lock_path_for, pid_alive
from tipq.io.segments import SegmentedYaml
from tipq.io.yaml_emit import dump_fragment
from tipq.io.yaml_load import parse_yaml


@pytest.fixture(scope="module")
def small():
    return load_questionnaire_file(SMALL_QUESTIONNAIRE).model


def clock() -> datetime:
    return datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def open_store(path: Path, q, **kw) -> ResponseStore:
    return ResponseStore.open(path, q, country="XXA", clock=clock, **kw)


def test_a_new_response_is_a_valid_file_from_the_first_moment(tmp_path: Path, small) -> None:
    store = open_store(tmp_path / "XXA.yaml", small)
    try:
        loaded = load_response_file(tmp_path / "XXA.yaml")
        assert loaded.ok and loaded.model.answers == {}
        assert loaded.model.questionnaire.hash == small.content_hash
        assert lock_path_for(tmp_path / "XXA.yaml").exists()
    finally:
        store.close()
    assert not lock_path_for(tmp_path / "XXA.yaml").exists()


def test_comments_typed_by_hand_between_sittings_survive(tmp_path: Path, small) -> None:
    path = tmp_path / "XXA.yaml"
    store = open_store(path, small)
    store.set_answer("ex-offence", "yes")
    store.set_answer("ex-prosecutions", 12)
    store.close()
    text = path.read_text(encoding="utf-8")
    text = text.replace("country: XXA", "country: XXA  # checked with the focal point")
    text = text.replace("  ex-prosecutions:", "  # figure from the 2025 annual report\n"
                                              "  ex-prosecutions:")
    text = text.replace("value: 'yes'", "value: 'yes'  # confirmed by the ministry")
    path.write_text(text + "# end of file note\n", encoding="utf-8")

    store = open_store(path, small)
    store.set_answer("ex-offence", "partly")  # the commented answer changes
    store.set_answer("ex-offence-details", "First paragraph.\n\nSecond: with a colon.")
    store.verify()  # the whole file parses back as exactly the data intended
    store.close()
    after = path.read_text(encoding="utf-8")
    for comment in ("# checked with the focal point", "# figure from the 2025 annual report",
                    "# confirmed by the ministry", "# end of file note"):
        assert comment in after
    answers = {k: a.value for k, a in load_response_file(path).model.answers.items()}
    assert answers == {"ex-offence": "partly", "ex-offence-details":
                       "First paragraph.\n\nSecond: with a colon.", "ex-prosecutions": 12}
    # answers stay in questionnaire order, whatever order they were given in
    assert after.index("ex-offence-details:") < after.index("ex-prosecutions:")


TRICKY = ["no", "yes", "on", "off", "y", "N", "~", "null", "2018-07-03", "2018-07-03T18:00",
          "12", "0777", "1_000", "1:20", ".5", "1e3", ".inf", "-", "- item", "#5", "a: b",
          "key: value\nsecond", "  leading", "trailing  ", "tab\there", "قانون العقوبات",
          "line one\nline two\n", "x\r\ny", "bell\x07", "", "'quoted'", '"dq"', "<<", "="]


@pytest.mark.parametrize("value", TRICKY, ids=repr)
def test_yaml_1_1_tools_read_every_value_as_tipq_wrote_it(value: str) -> None:
    text = dump_fragment({"answers": {"q": {"value": value}}})
    assert yaml.safe_load(text)["answers"]["q"]["value"] == value
    assert parse_yaml(text).data["answers"]["q"]["value"] == value


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_any_text_reads_back_the_same_in_yaml_1_1_and_1_2(value: str) -> None:
    text = dump_fragment({"v": value, "l": [value], "m": {"k": value}})
    expected = {"v": value, "l": [value], "m": {"k": value}}
    assert parse_yaml(text).data == expected
    assert yaml.safe_load(text) == expected


def test_hand_written_flow_style_is_laid_out_in_blocks_once(tmp_path: Path, small) -> None:
    path = tmp_path / "XXA.yaml"
    store = open_store(path, small)
    store.close()
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    flow = (f"{{questionnaire: {{id: {data['questionnaire']['id']}, version: "
            f"'{data['questionnaire']['version']}', hash: '{data['questionnaire']['hash']}'}},"
            f" country: XXA, status: draft, created: '{data['created']}', "
            f"updated: '{data['updated']}', answers: {{ex-offence: {{value: 'no'}}}}}}\n")
    path.write_text(flow, encoding="utf-8")
    store = open_store(path, small)
    store.set_answer("ex-prosecutions", 3)
    store.close()
    answers = {k: a.value for k, a in load_response_file(path).model.answers.items()}
    assert answers == {"ex-offence": "no", "ex-prosecutions": 3}


def test_an_edit_made_while_the_interview_runs_is_merged_not_overwritten(
        tmp_path: Path, small) -> None:
    path = tmp_path / "XXA.yaml"
    store = open_store(path, small)
    store.set_answer("ex-offence", "yes")
    time.sleep(0.01)
    text = path.read_text(encoding="utf-8").replace(
        "answers:\n", "answers:\n  ex-prosecutions:  # typed in an editor\n    value: 7\n")
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 5_000_000))
    store.set_answer("ex-offence-details", "Details.")
    notices = [n.kind for n in store.take_notices()]
    store.close()
    assert notices == ["edited_outside"]
    after = path.read_text(encoding="utf-8")
    assert "# typed in an editor" in after
    answers = {k: a.value for k, a in load_response_file(path).model.answers.items()}
    assert answers == {"ex-offence": "yes", "ex-offence-details": "Details.",
                       "ex-prosecutions": 7}


def test_a_broken_outside_edit_is_kept_aside_and_the_answers_saved(tmp_path: Path, small) -> None:
    path = tmp_path / "XXA.yaml"
    store = open_store(path, small)
    store.set_answer("ex-offence", "yes")
    path.write_text("answers: [this is: not a response\n", encoding="utf-8")
    store.set_answer("ex-prosecutions", 1)
    notice = store.take_notices()[0]
    store.close()
    assert notice.kind == "edited_outside_broken" and notice.backup.exists()
    assert "this is: not a response" in notice.backup.read_text(encoding="utf-8")
    assert load_response_file(path).ok


def test_resume_refuses_another_country_or_questionnaire(tmp_path: Path, small) -> None:
    path = tmp_path / "XXA.yaml"
    open_store(path, small).close()
    with pytest.raises(UserError, match="is the response of XXA, not XXB"):
        ResponseStore.open(path, small, country="XXB")
    other = small.model_copy(update={"version": "2019-01-01T00:00"})
    with pytest.raises(UserError, match="--update-questionnaire"):
        ResponseStore.open(path, other, country="XXA")
    assert not lock_path_for(path).exists()  # released after a refusal


def test_an_unreadable_response_is_refused_with_its_findings(tmp_path: Path, small) -> None:
    build_file_tree(tmp_path, {"XXA.yaml": "country: XXA\nstatus: maybe\n"})
    with pytest.raises(UserError, match=r"XXA.yaml:\d+:\d+: error R001"):
        open_store(tmp_path / "XXA.yaml", small)


def test_many_saves_of_every_kind_keep_the_whole_file_exact(tmp_path: Path, small) -> None:
    store = open_store(tmp_path / "XXA.yaml", small)
    values = ["yes", "no", "partly", "on", "x\ny", "2018-07-03", "# not a comment", "a: b"]
    for n in range(40):
        store.set_answer("ex-offence-details", values[n % len(values)] * (1 + n % 3))
        store.set_answer("ex-prosecutions", n)
        if n % 10 == 0:
            store.set_respondent(f"Name {n}", None, "focal.point@example.org")
        store.verify()
    store.close()


def test_segments_reproduce_the_text_exactly() -> None:
    text = ("# head\nquestionnaire:\n  id: x\nanswers:\n  # c\n  a:\n    value: |-\n"
            "      # not a comment\n    answered_at: 't'\n\n  b: {value: 1}\n# tail\n")
    assert SegmentedYaml.parse(text, "answers").text() == text


# --- the lock ----------------------------------------------------------------------------


def test_a_second_interview_on_the_same_file_is_refused_with_who_holds_it(tmp_path: Path) -> None:
    path = tmp_path / "XXA.yaml"
    with ResponseLock(path):
        with pytest.raises(LockedError) as e:
            ResponseLock(path).acquire()
        message = str(e.value)
        assert f"process {os.getpid()}" in message and socket.gethostname() in message
        assert str(lock_path_for(path)) in message and "delete" in message


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
def test_a_symlink_and_its_target_share_one_lock(tmp_path: Path, small) -> None:
    """A save through a link writes the target (yamlio.resolve_write_target): the lock must
    be the target's too, else a second interview gets in through the link."""
    (tmp_path / "responses").mkdir()
    target = tmp_path / "responses" / "XXB.yaml"
    link = tmp_path / "link.yaml"
    link.symlink_to(Path("responses") / "XXB.yaml")
    assert lock_path_for(link) == lock_path_for(target) == target.with_name("XXB.yaml.lock")
    store = open_store(target, small)  # the target's own interview
    try:
        with pytest.raises(LockedError, match="being answered in another interview"):
            open_store(link, small)
        with pytest.raises(LockedError):
            ResponseLock(link).acquire()
    finally:
        store.close()
    # and the other way round: an interview through the link keeps the target's out
    store = open_store(link, small)
    try:
        assert (tmp_path / "responses" / "XXB.yaml.lock").exists()
        assert not (tmp_path / "link.yaml.lock").exists()
        with pytest.raises(LockedError):
            open_store(target, small)
    finally:
        store.close()
    assert not (tmp_path / "responses" / "XXB.yaml.lock").exists()


def test_a_lock_left_by_a_dead_process_is_recovered(tmp_path: Path) -> None:
    path = tmp_path / "XXA.yaml"
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    dead = int(proc.stdout)
    assert not pid_alive(dead)
    info = LockInfo(dead, socket.gethostname(), "someone", "2026-01-01T00:00:00+00:00")
    lock_path_for(path).write_text(info.to_json(), encoding="utf-8")
    lock = ResponseLock(path).acquire()
    assert lock.recovered == info
    assert LockInfo.read(lock.path).pid == os.getpid()
    lock.release()


def test_a_lock_from_another_host_is_stale_only_after_hours_without_a_heartbeat(
        tmp_path: Path) -> None:
    path = tmp_path / "XXA.yaml"
    info = LockInfo(12345, "another-host.example", "someone", "2026-01-01T00:00:00+00:00")
    lock_path_for(path).write_text(info.to_json(), encoding="utf-8")
    with pytest.raises(LockedError, match=r"another-host\.example"):
        ResponseLock(path).acquire()
    old = time.time() - 13 * 3600
    os.utime(lock_path_for(path), (old, old))
    ResponseLock(path).acquire().release()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_killing_the_interview_at_any_moment_leaves_a_response_that_loads(tmp_path: Path) -> None:
    """kill -9 while answers stream in: the file always loads; at most one answer is lost."""
    answers = "\n".join(["", "", ""] + ["skip"] * 3 + ["5", "1"] * 1) + "\n"
    for delay in (0.3, 0.45, 0.6):
        proc = subprocess.Popen(
            [sys.executable, "-m", "tipq", "interview", str(SMALL_QUESTIONNAIRE), "--country",
             "XXA", "--out", str(tmp_path / "XXA.yaml")],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        assert proc.stdin is not None
        proc.stdin.write(answers.encode())
        proc.stdin.flush()
        time.sleep(delay)
        proc.kill()
        proc.wait()
        proc.stdin.close()
        if (tmp_path / "XXA.yaml").exists():
            assert load_response_file(tmp_path / "XXA.yaml").ok
    # the next interview recovers the dead process's lock
    lock = ResponseLock(tmp_path / "XXA.yaml").acquire()
    lock.release()


def test_a_failed_save_is_a_clear_error_and_the_file_stays_whole(
        tmp_path: Path, small, monkeypatch) -> None:
    import errno

    import tipq.interview.store as store_module

    path = tmp_path / "XXA.yaml"
    store = open_store(path, small)
    store.set_answer("ex-offence", "no")

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store_module, "atomic_write_text", disk_full)
    with pytest.raises(UserError, match=r"cannot save .*XXA.yaml: no space left on device\. "
                                        r"The file still holds every answer saved before"):
        store.set_answer("ex-prosecutions", 3)
    store.close()
    answers = {k: a.value for k, a in load_response_file(path).model.answers.items()}
    assert answers == {"ex-offence": "no"}


def test_temp_files_left_by_a_killed_save_are_cleared_at_the_next_sitting(
        tmp_path: Path, small) -> None:
    open_store(tmp_path / "XXA.yaml", small).close()
    leftover = tmp_path / ".XXA.yaml.k3j9x2.tmp"  # as atomic_write_text names them
    leftover.write_text("half a response", encoding="utf-8")
    other = tmp_path / ".ITA.yaml.k3j9x2.tmp"  # another response's: not ours to touch
    other.write_text("x", encoding="utf-8")
    store = open_store(tmp_path / "XXA.yaml", small)
    store.close()
    assert not leftover.exists() and other.exists()


# --- the file's own layout: line endings, BOM, trailing comments, header --------------------


def notepad(path: Path, *, mixed: bool = False) -> None:
    """Save ``path`` as Windows Notepad does: UTF-8 with a BOM, CRLF line endings (``mixed``:
    one line left with LF, as an earlier tipq could leave it)."""
    text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
    if mixed:
        text = text.replace("status: draft\r\n", "status: draft\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))


def assert_notepad_style(raw: bytes) -> None:
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\xef\xbb\xbf") == 1
    assert raw.count(b"\n") == raw.count(b"\r\n") > 10  # every line, new pieces included


@pytest.mark.parametrize("mixed", [False, True], ids=["crlf", "mixed"])
def test_a_file_saved_by_notepad_keeps_crlf_and_its_bom(tmp_path: Path, small,
                                                        mixed: bool) -> None:
    path = tmp_path / "XXA.yaml"
    store = open_store(path, small)
    store.set_answer("ex-offence", "yes")
    store.close()
    notepad(path, mixed=mixed)

    store = open_store(path, small)
    store.set_answer("ex-offence-details", "First line.\nSecond line.")  # a new piece
    store.set_answer("ex-offence", "partly")  # a changed piece
    store.set_respondent("Ana", None, None)  # a new top-level key
    store.verify()
    store.close()
    raw = path.read_bytes()
    assert_notepad_style(raw)
    answers = {k: a.value for k, a in load_response_file(path).model.answers.items()}
    assert answers == {"ex-offence": "partly", "ex-offence-details": "First line.\nSecond line."}
    assert yaml.safe_load(raw.decode("utf-8-sig"))["answers"]["ex-offence-details"]["value"] \
        == "First line.\nSecond line."


def test_a_notepad_save_made_while_the_interview_runs_is_kept_in_its_style(
        tmp_path: Path, small) -> None:
    path = tmp_path / "XXA.yaml"
    store = open_store(path, small)
    store.set_answer("ex-offence", "yes")
    notepad(path)
    os.utime(path, ns=(time.time_ns() + 10**9, time.time_ns() + 10**9))  # surely "changed"
    store.set_answer("ex-prosecutions", 12)
    assert [n.kind for n in store.take_notices()] == ["edited_outside"]
    store.verify()
    store.close()
    assert_notepad_style(path.read_bytes())


def test_a_new_file_has_lf_and_no_bom(tmp_path: Path, small) -> None:
    store = open_store(tmp_path / "XXA.yaml", small)
    store.set_answer("ex-offence", "yes")
    store.close()
    raw = (tmp_path / "XXA.yaml").read_bytes()
    assert b"\r" not in raw and not raw.startswith(b"\xef\xbb\xbf")


def answered(small, path: Path, *ids: str) -> None:
    store = open_store(path, small)
    for i in ids:
        store.set_answer(i, {"ex-prosecutions": 12}.get(i, "yes" if i == "ex-offence" else "x"))
    store.verify()
    store.close()


def test_a_comment_at_the_end_of_the_file_stays_at_the_end(tmp_path: Path, small) -> None:
    path = tmp_path / "XXA.yaml"
    answered(small, path, "ex-offence")
    path.write_text(path.read_text(encoding="utf-8") + "\n# NOTE trailing\n# second line\n",
                    encoding="utf-8")
    answered(small, path, "ex-prosecutions", "ex-offence-details")
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\n\n# NOTE trailing\n# second line\n")
    assert text.index("ex-offence-details:") < text.index("ex-prosecutions:") \
        < text.index("# NOTE trailing")


def test_a_comment_indented_with_the_last_answer_stays_with_it(tmp_path: Path, small) -> None:
    path = tmp_path / "XXA.yaml"
    answered(small, path, "ex-offence")
    path.write_text(path.read_text(encoding="utf-8")
                    + "    # about the answer itself\n  # still about ex-offence\n"
                    "# NOTE trailing\n", encoding="utf-8")
    answered(small, path, "ex-prosecutions")
    text = path.read_text(encoding="utf-8")
    assert text.index("ex-offence:") < text.index("# about the answer itself") \
        < text.index("# still about ex-offence") < text.index("ex-prosecutions:") \
        < text.index("# NOTE trailing")
    assert text.endswith("# NOTE trailing\n")


def test_an_outdented_comment_above_the_next_key_stays_above_it() -> None:
    pieces = SegmentedYaml.parse("answers:\n  a:\n    value: 1\n# about status\nstatus: draft\n",
                                 "answers")
    pieces.set_nested("b", {"value": 2}, after=["a"])
    assert pieces.text() == ("answers:\n  a:\n    value: 1\n  b:\n    value: 2\n"
                             "# about status\nstatus: draft\n")


def test_a_comment_right_under_the_answers_key_stays_there() -> None:
    text = "country: XXA\nanswers:\n# the answers\n  a:\n    value: 1\n"
    pieces = SegmentedYaml.parse(text, "answers")
    assert pieces.text() == text
    pieces.set_nested("b", {"value": 2}, after=["a"])
    assert pieces.text() == text + "  b:\n    value: 2\n"


def test_the_header_gives_the_command_that_validates_the_file(tmp_path: Path, small,
                                                              monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "responses").mkdir()
    open_store(Path("responses/XXA.yaml"), small).close()
    assert "# Check it with: tipq validate responses/XXA.yaml\n" in \
        (tmp_path / "responses/XXA.yaml").read_text(encoding="utf-8")
    elsewhere = tmp_path / "other folder"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    open_store(tmp_path / "responses" / "XXB.yaml", small).close()
    header = (tmp_path / "responses/XXB.yaml").read_text(encoding="utf-8")
    shown = str(tmp_path / "responses" / "XXB.yaml")
    assert f"# Check it with: tipq validate {shown}\n" in header \
        or f"# Check it with: tipq validate '{shown}'\n" in header
