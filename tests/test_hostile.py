"""Hostile input: every case gives one clear finding, within 2 s and 200 MB, no traceback.

The corpus (tests/hostile/corpus.py) is written at test time into a temporary folder, so
the 50 MB scalar and the 8 MiB "wide bomb" are never committed. Each case goes through the
loaders (in-process), then through ``tipq check``, ``tipq validate``, ``tipq interview``
with it as the questionnaire and ``tipq interview --out`` with it as the response to resume:
one fresh process per case runs the four commands through the CLI's entry point, each
command's CPU time measured, and the process's peak memory (``wait4``) bounding them all.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from hostile.corpus import (
    CASES,
    Case,
    Measured,
    build_corpus,
    measure_corpus,
    run_measured,
    run_several_measured,
    tipq_command,
    tipq_env,
    unavailable,
)

from tipq.core.errors import FindingError
from tipq.io.files import Limits
from tipq.io.loading import load_questionnaire_file, load_response_file
from tipq.io.yaml_load import parse_yaml

MAX_SECONDS = 2.0  # of CPU time: what tipq itself spends, whatever else the machine runs
HANG_SECONDS = 10.0  # of wall-clock time: catches a blocked read (a FIFO) without flaking
MAX_MB = 200.0
FINDING_LINE = re.compile(r"\b(?:error|warning) [YQR]\d{3}\b")


def _params(cases: tuple[Case, ...] = CASES, *, skip: dict[str, str] | None = None) -> list:
    out = []
    for case in cases:
        why = unavailable(case) or (skip or {}).get(case.name)
        marks = [pytest.mark.skip(reason=why)] if why else []
        out.append(pytest.param(case, id=case.name, marks=marks))
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    paths = build_corpus(folder)
    yield paths
    for path in paths.values():  # let pytest clean up the unreadable file too
        if path.exists() and not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)


def assert_one_clear_message(m: Measured, path: Path, case: Case, *,
                             indented: bool = False) -> None:
    """One finding line, naming the file (and the line, where there is one); no traceback.

    ``indented``: the interview lists findings under its own message, two spaces in."""
    assert "Traceback" not in m.output, m.output
    assert "internal error" not in m.output, m.output
    lines = [ln.strip().removeprefix("tipq: ") if indented else ln
             for ln in m.output.splitlines() if FINDING_LINE.search(ln)]
    assert len(lines) == 1, m.output
    where = f"{path}:{case.line}:" if case.line is not None else f"{path}:"
    assert lines[0].startswith(where), (where, lines[0])
    assert f" {case.code} " in lines[0], lines[0]


def assert_bounded(m: Measured) -> None:
    assert m.wall_s <= HANG_SECONDS, f"took {m.wall_s:.2f} s"
    if m.cpu_s is None or m.max_rss_mb is None:
        pytest.skip("CPU time and peak memory of a child are measured on POSIX only")
    assert m.cpu_s <= MAX_SECONDS, f"used {m.cpu_s:.2f} s of CPU"
    assert m.max_rss_mb <= MAX_MB, f"peaked at {m.max_rss_mb:.0f} MB"


# --- the loaders -----------------------------------------------------------------------


@pytest.mark.parametrize("case", _params())
def test_loaders_give_the_one_expected_finding(case: Case, corpus: dict[str, Path]) -> None:
    path = corpus[case.name]
    for load in (load_questionnaire_file, load_response_file):
        loaded = load(path)
        assert not loaded.ok
        assert [f.code for f in loaded.findings] == [case.code], loaded.findings
        finding = loaded.findings[0]
        assert finding.file == str(path)
        assert finding.line == case.line or case.line is None, finding.format()
        assert finding.format().startswith(str(path))


def test_value_count_guard_stops_wide_files_at_the_limit() -> None:
    """Regression: 8 MiB of '[1,1,1,...]' took 19 s and 1 GB before the Y014 guard."""
    limits = Limits(max_nodes=5)
    assert parse_yaml("a: [1, 2]\n", limits=limits).data == {"a": [1, 2]}  # 5 values
    with pytest.raises(FindingError) as e:
        parse_yaml("a: [1, 2]\nb: 3\n", file="w.yaml", limits=limits)
    f = e.value.finding
    assert (f.code, f.file, f.line, f.col) == ("Y014", "w.yaml", 2, 1)
    assert "5 values" in f.message


# --- the real commands -------------------------------------------------------------------

_FOLDERS_ARE_WALKED = {"directory": "a folder is walked for *.yaml files: see the batch test"}
_OUT_CREATES = {"missing": "a missing --out file is where a new response is created"}


@pytest.fixture(scope="module")
def out_corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A second copy of the corpus, for the interview to be pointed at as its --out."""
    folder = tmp_path_factory.mktemp("hostile-out")
    paths = build_corpus(folder)
    yield paths
    for path in paths.values():
        if path.exists() and not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)


@pytest.fixture(scope="module")
def measured(corpus: dict[str, Path], out_corpus: dict[str, Path],
             tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Any]:
    """Every case through the four commands, one measured process per case, in parallel."""
    scratch = tmp_path_factory.mktemp("interview-scratch")
    before = {name: _snapshot(path) for name, path in out_corpus.items()}
    results: dict[tuple[str, str], Any] = dict(measure_corpus(corpus, out_corpus, scratch))
    for name, path in out_corpus.items():
        results["unchanged", name] = before[name] == _snapshot(path)
    results["scratch", ""] = sorted(p.name for p in scratch.iterdir())
    return results


def _snapshot(path: Path) -> tuple[bool, bytes | None]:
    if path.is_symlink() or not path.exists():
        return path.is_symlink(), None
    if path.is_file():
        try:
            return False, path.read_bytes()
        except PermissionError:
            return False, b"<unreadable>"
    return False, None


@pytest.mark.parametrize("case", _params(skip=_FOLDERS_ARE_WALKED))
def test_check_refuses_within_bounds(case: Case, corpus: dict[str, Path],
                                     measured: dict[tuple[str, str], Any]) -> None:
    m = measured["check", case.name]
    assert m.returncode == 2, m.output
    assert_one_clear_message(m, corpus[case.name], case)
    assert_bounded(m)


@pytest.mark.parametrize("case", _params(skip=_FOLDERS_ARE_WALKED))
def test_validate_reports_a_finding_within_bounds(
        case: Case, corpus: dict[str, Path], measured: dict[tuple[str, str], Any]) -> None:
    path = corpus[case.name]
    m = measured["validate", case.name]
    assert "Traceback" not in m.output, m.output
    # A file that cannot be read at all (Y001) is reported by tipq's reader, exit 2.
    assert m.returncode == (2 if case.code == "Y001" else 1), m.output
    assert_one_clear_message(m, path, case)
    assert_bounded(m)


@pytest.mark.parametrize("case", _params())
def test_interview_refuses_a_hostile_questionnaire(
        case: Case, corpus: dict[str, Path], measured: dict[tuple[str, str], Any]) -> None:
    m = measured["interview", case.name]
    assert m.returncode == 2, m.output
    assert_one_clear_message(m, corpus[case.name], case, indented=True)
    assert "Question" not in m.stdout
    assert_bounded(m)


def test_interview_wrote_nothing_for_a_hostile_questionnaire(
        measured: dict[tuple[str, str], Any]) -> None:
    assert measured["scratch", ""] == []


@pytest.mark.parametrize("case", _params(skip=_OUT_CREATES))
def test_interview_never_overwrites_a_hostile_response(
        case: Case, out_corpus: dict[str, Path], measured: dict[tuple[str, str], Any]) -> None:
    path = out_corpus[case.name]
    m = measured["interview-out", case.name]
    assert m.returncode == 2, m.output
    if case.name == "symlink-loop":  # cannot be read or written: no finding, one message
        assert m.stderr.startswith(f"tipq: cannot write {path}: too many levels of symbolic "
                                   "links"), m.output
        assert "Traceback" not in m.output
    elif case.name == "directory":  # a folder as --out: a usage error, before reading it
        assert m.stderr.startswith(f"tipq: --out {path} is a folder; give the path of the "
                                   "response file"), m.output
    else:
        assert_one_clear_message(m, path, case, indented=True)
    assert measured["unchanged", case.name], "the file was changed"
    assert not path.with_name(path.name + ".lock").exists()
    assert "Question" not in m.stdout
    assert_bounded(m)


def test_one_bad_file_never_stops_the_batch(corpus: dict[str, Path]) -> None:
    """The whole corpus in one folder: every file named with its own finding."""
    folder = next(iter(corpus.values())).parent.parent
    # Every *.yaml entry is reported, FIFOs and links to nowhere too (they used to be
    # skipped without a word); a folder named *.yaml is searched, not reported.
    expected = {p: c for c in CASES if (p := corpus.get(c.name)) is not None
                and p.suffix == ".yaml" and c.name not in ("missing", "directory")}
    for command, rc in (("check", 2), ("validate", 2)):
        m = run_measured(tipq_command(command, str(folder)), env=tipq_env(), timeout=120)
        assert m.returncode == rc, m.output
        assert "Traceback" not in m.output
        for path, case in expected.items():
            where = f"{path}:{case.line}:" if case.line else f"{path}:"
            assert any(ln.startswith(where) and f" {case.code} " in ln
                       for ln in m.output.splitlines()), (command, case.name)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_unreadable_file_as_another_user(tmp_path: Path) -> None:
    """chmod 000 stops every user but root; as root, read it as 'nobody' to test it anyway."""
    if os.geteuid() != 0:
        pytest.skip("covered by the 'unreadable' corpus case when not root")
    import pwd

    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("no 'nobody' user to drop privileges to")
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="tipq-unreadable-"))
    try:
        folder.chmod(0o755)
        path = folder / "unreadable.yaml"
        path.write_text("id: x\n", encoding="utf-8")
        path.chmod(0)
        import subprocess

        try:
            probe = subprocess.run([sys.executable, "-c", "import tipq"], user=nobody.pw_uid,
                                   group=nobody.pw_gid, capture_output=True, env=tipq_env())
        except OSError:
            probe = None
        if probe is None or probe.returncode != 0:
            pytest.skip("'nobody' cannot run this interpreter or import tipq here")
        for command, rc in (("check", 2), ("validate", 1)):
            r = subprocess.run(tipq_command(command, str(path)), user=nobody.pw_uid,
                               group=nobody.pw_gid, capture_output=True, text=True,
                               env=tipq_env(), cwd=folder, timeout=60)
            out = r.stdout + r.stderr
            assert r.returncode == rc, out
            assert "Traceback" not in out
            assert f"{path}: error Y001 cannot read the file: permission denied" in out, out
    finally:
        path.chmod(0o644)
        import shutil

        shutil.rmtree(folder)


# --- the interview's options ----------------------------------------------------------------


def _tipq_interview(questionnaire: Path, out: Path) -> list[str]:
    return tipq_command("interview", str(questionnaire), "--country", "XXA", "--out", str(out))


_PATH_LIKE_COUNTRIES = ("../../etc", "..", "XXA/../../etc", "/etc/passwd",
                        "XXA\\..\\..\\Windows", "CON", "X" * 500, "responses", "xxa/")


def test_interview_refuses_a_country_that_is_a_path(tmp_path: Path) -> None:
    from helpers import SMALL_QUESTIONNAIRE

    runs = run_several_measured([["interview", str(SMALL_QUESTIONNAIRE), "--country", c]
                                 for c in _PATH_LIKE_COUNTRIES], env=tipq_env(), cwd=tmp_path)
    for country, m in zip(_PATH_LIKE_COUNTRIES, runs, strict=False):
        assert m.returncode == 2, m.output
        assert m.stderr.startswith(f"tipq: --country: '{country}' is not a country code"), \
            m.output
        assert "Traceback" not in m.output
        assert_bounded(m)
    assert list(tmp_path.iterdir()) == []  # no responses/ folder, no file anywhere near


def test_interview_out_into_a_missing_folder(tmp_path: Path) -> None:
    from helpers import SMALL_QUESTIONNAIRE

    out = tmp_path / "no" / "such" / "XXA.yaml"
    m = run_measured(_tipq_interview(SMALL_QUESTIONNAIRE, out), cwd=tmp_path, env=tipq_env())
    assert m.returncode == 2, m.output
    assert m.stderr == (f"tipq: the folder {out.parent} does not exist. Create it, or choose "
                        "another file with --out.\n")
    assert not (tmp_path / "no").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_interview_out_into_a_read_only_folder(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("running as root, where a read-only folder is still writable")
    from helpers import SMALL_QUESTIONNAIRE

    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        m = run_measured(_tipq_interview(SMALL_QUESTIONNAIRE, folder / "XXA.yaml"),
                         cwd=tmp_path, env=tipq_env())
    finally:
        folder.chmod(0o755)
    assert m.returncode == 2, m.output
    assert "Traceback" not in m.output
    assert f"{folder / 'XXA.yaml'}" in m.stderr and "permission denied" in m.stderr.lower()
    assert list(folder.iterdir()) == []


# --- writing through links (regression: a save replaced a symlinked response file) --------


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_a_save_writes_through_a_symlink_and_keeps_it(tmp_path: Path) -> None:
    from tipq.io.files import atomic_write_text

    (tmp_path / "shared").mkdir()
    real = tmp_path / "shared" / "XXA.yaml"
    real.write_text("old: 1\n", encoding="utf-8")
    link = tmp_path / "XXA.yaml"
    link.symlink_to(real)
    atomic_write_text(link, "new: 2\n")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new: 2\n"
    dangling = tmp_path / "later.yaml"
    dangling.symlink_to(tmp_path / "shared" / "later.yaml")
    atomic_write_text(dangling, "a: 1\n")
    assert dangling.is_symlink() and (tmp_path / "shared" / "later.yaml").is_file()


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_a_save_into_a_symlink_loop_is_refused(tmp_path: Path) -> None:
    from tipq.core.errors import UserError
    from tipq.io.files import atomic_write_text

    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.symlink_to(b.name)
    b.symlink_to(a.name)
    with pytest.raises(UserError, match=r"cannot write .*a\.yaml: too many levels"):
        atomic_write_text(a, "x: 1\n")
    assert a.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml"]


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_a_full_disk_during_a_save_is_a_clear_error(tmp_path: Path) -> None:
    """A file-size limit makes a save fail as a full disk would (EFBIG): a clear error, and
    the file keeps every answer saved before (regression: it was an 'internal error')."""
    import resource
    import subprocess

    from helpers import SMALL_QUESTIONNAIRE

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))

    out = tmp_path / "XXA.yaml"
    lines = ["", "", "", "no", "x" * 2000, ".", ""]
    r = subprocess.run(_tipq_interview(SMALL_QUESTIONNAIRE, out), input="\n".join(lines),
                       capture_output=True, text=True, env=tipq_env(), cwd=tmp_path,
                       preexec_fn=limit, timeout=60)
    from tipq.io.loading import load_response_file

    loaded = load_response_file(out)  # whatever the message, nothing confirmed is lost
    assert loaded.ok and loaded.model.answers["ex-offence"].value == "no"
    assert not out.with_name("XXA.yaml.lock").exists()
    assert "Traceback" not in r.stderr
    assert r.returncode == 2, r.stderr
    assert "internal error" not in r.stderr and str(out) in r.stderr
