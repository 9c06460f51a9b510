"""Hostile input: every case gives one clear finding, within 2 s and 200 MB, no traceback.

The corpus (tests/hostile/corpus.py) is written at test time into a temporary folder, so
the 50 MB scalar and the 8 MiB "wide bomb" are never committed. Each case goes through the
loaders (in-process) and through the real commands (a fresh ``python -m tipq`` per case,
its CPU time and peak memory measured with ``wait4``).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from hostile.corpus import (
    CASES,
    Case,
    Measured,
    build_corpus,
    run_all_measured,
    run_measured,
    tipq_command,
    tipq_env,
    unavailable,
)
from tipq.errors import FindingError
from tipq.loading import load_questionnaire_file, load_response_file
from tipq.yamlio import Limits, parse_yaml

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


def assert_one_clear_message(m: Measured, path: Path, case: Case) -> None:
    """One finding line, naming the file (and the line, where there is one); no traceback."""
    assert "Traceback" not in m.output, m.output
    assert "internal error" not in m.output, m.output
    lines = [ln for ln in m.output.splitlines() if FINDING_LINE.search(ln)]
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
_FILE_COMMANDS = ("check", "validate")


@pytest.fixture(scope="module")
def measured(corpus: dict[str, Path]) -> dict[tuple[str, str], Measured]:
    """Every (command, case) run once, in parallel, each in its own measured process."""
    runs = {(command, name): tipq_command(command, str(path))
            for command in _FILE_COMMANDS for name, path in corpus.items()}
    results = run_all_measured({f"{c}\0{n}": args for (c, n), args in runs.items()},
                               env=tipq_env())
    return {tuple(key.split("\0")): m for key, m in results.items()}  # type: ignore[misc]


@pytest.mark.parametrize("case", _params(skip=_FOLDERS_ARE_WALKED))
def test_check_refuses_within_bounds(case: Case, corpus: dict[str, Path],
                                     measured: dict[tuple[str, str], Measured]) -> None:
    path = corpus[case.name]
    m = measured["check", case.name]
    assert m.returncode == 2, m.output
    assert_one_clear_message(m, path, case)
    assert_bounded(m)


@pytest.mark.parametrize("case", _params(skip=_FOLDERS_ARE_WALKED))
def test_validate_reports_a_finding_within_bounds(
        case: Case, corpus: dict[str, Path], measured: dict[tuple[str, str], Measured]) -> None:
    path = corpus[case.name]
    m = measured["validate", case.name]
    assert "Traceback" not in m.output, m.output
    if m.returncode == 2:  # refused as an argument before reading (a path that is not there)
        assert str(path) in m.stderr and case.code == "Y001", m.output
    else:
        assert m.returncode == 1, m.output
        assert_one_clear_message(m, path, case)
    assert_bounded(m)


def test_one_bad_file_never_stops_the_batch(corpus: dict[str, Path]) -> None:
    """The whole corpus in one folder: every file named with its own finding."""
    folder = next(iter(corpus.values())).parent.parent
    expected = {p: c for c in CASES if (p := corpus.get(c.name)) is not None
                and p.suffix == ".yaml" and c.name not in ("missing", "directory")
                and p.is_file()}  # folders skip FIFOs, links to nowhere and non-files
    for command, rc in (("check", 2), ("validate", 1)):
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
