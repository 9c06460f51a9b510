"""The hostile-input corpus: files built at test time (nothing big is committed).

Each :class:`Case` writes one hostile input under a folder and says which finding tipq
must give for it (its code and, where the problem has one, its line). The same corpus
feeds ``tests/test_hostile.py`` (through the library and through the real commands, with
time and memory measured) and ``benchmarks/fuzz_long.py`` (as fuzzing seeds).

Run ``python tests/hostile/corpus.py DIR`` to write the whole corpus into DIR and look at it.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

MB = 1024 * 1024


@dataclass(frozen=True)
class Case:
    """One hostile input: ``build(folder)`` writes it and returns the path to pass to tipq."""

    name: str
    build: Callable[[Path], Path]
    code: str  # the finding tipq must give
    line: int | None = None  # the line it must name (None: the problem has no line)
    needs: str = ""  # "fifo", "symlink", "non-root": skipped where impossible

    def __str__(self) -> str:
        return self.name


def _text(name: str, text: str) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_text(text, encoding="utf-8", newline="\n")
        return path

    return build


def _bytes(name: str, data: bytes | Callable[[], bytes]) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data() if callable(data) else data)
        return path

    return build


# --- generators for the big ones (written at test time, never committed) ----------------


def alias_bomb(levels: int = 9, width: int = 9) -> str:
    """The "billion laughs": each level refers ``width`` times to the one before."""
    lines = [f'a0: &a0 [{", ".join(["lol"] * width)}]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


def deep_flow(depth: int = 10_000) -> str:
    return "id: x\nsections: " + "[" * depth + "]" * depth + "\n"


def deep_block_sequence(depth: int = 10_000) -> str:
    """Block style: ``- - - ...`` nests one level per two characters."""
    return "id: x\nsections:\n" + "- " * depth + "x\n"


def deep_block_mapping(depth: int = 3_000) -> str:
    """Block mappings, one space of indentation per level (3,000 levels is 4.5 MB)."""
    return "".join(" " * i + "k:\n" for i in range(depth)) + " " * depth + "v\n"


def big_scalar(size: int = 50 * MB) -> bytes:
    return b"id: " + b"x" * size + b"\n"


def wide_list(size: int = 8 * MB - 64) -> bytes:
    """Within the size limit, millions of tiny values (a "wide bomb")."""
    n = (size - 16) // 2
    return b"id: x\nq: [" + b"1," * n + b"]\n"


def many_keys(count: int = 400_000) -> bytes:
    return b"".join(b"k%d: v\n" % i for i in range(count))


def _fifo(folder: Path) -> Path:
    path = folder / "fifo.yaml"
    os.mkfifo(path)
    return path


def _directory(folder: Path) -> Path:
    path = folder / "folder.yaml"
    path.mkdir()
    (path / "inside.yaml").write_text("id: x\n", encoding="utf-8")
    return path


def _symlink_loop(folder: Path) -> Path:
    a, b = folder / "loop-a.yaml", folder / "loop-b.yaml"
    a.symlink_to(b.name)
    b.symlink_to(a.name)
    return a


def _unreadable(folder: Path) -> Path:
    path = folder / "unreadable.yaml"
    path.write_text("id: x\n", encoding="utf-8")
    path.chmod(0)
    return path


def _missing(folder: Path) -> Path:
    return folder / "missing.yaml"


CASES: tuple[Case, ...] = (
    # expansion and nesting
    Case("alias-bomb-9x9", _text("alias-bomb.yaml", alias_bomb()), "Y008", 1),
    Case("alias-without-anchor", _text("alias.yaml", "id: x\ntitle: *nowhere\n"), "Y008", 2),
    Case("merge-key", _text("merge.yaml", "base: &b {a: 1}\nid:\n  <<: *b\n"), "Y008", 1),
    Case("deep-flow-10000", _text("deep-flow.yaml", deep_flow()), "Y007", 2),
    Case("deep-block-sequence-10000", _text("deep-block-seq.yaml", deep_block_sequence()),
         "Y007", 3),
    Case("deep-block-mapping-3000", _text("deep-block-map.yaml", deep_block_mapping()),
         "Y007", 49),
    # size
    Case("scalar-50MB", _bytes("big-scalar.yaml", big_scalar), "Y002"),
    Case("wide-list-8MiB", _bytes("wide-list.yaml", wide_list), "Y014", 2),
    Case("many-keys", _bytes("many-keys.yaml", many_keys), "Y014", 50_000),
    # tags
    Case("python-object-tag", _text("python-object.yaml",
                                    "id: x\nt: !!python/object:os.system {}\n"), "Y009", 2),
    Case("python-name-tag", _text("python-name.yaml",
                                  "id: !!python/name:os.system x\n"), "Y009", 1),
    Case("python-apply-tag", _text("python-apply.yaml",
                                   "a:\n  b: !!python/object/apply:os.system [ls]\n"),
         "Y009", 2),
    Case("local-tag", _text("local-tag.yaml", "id: x\nx: !custom [1]\n"), "Y009", 2),
    Case("binary-tag", _text("binary-tag.yaml", "id: !!binary aGVsbG8=\n"), "Y009", 1),
    Case("set-tag", _text("set-tag.yaml", "id: x\ns: !!set {a, b}\n"), "Y009", 2),
    Case("timestamp-tag", _text("timestamp-tag.yaml", "id: !!timestamp 2018-07-03\n"),
         "Y009", 1),
    # encodings and bytes
    Case("utf16-le-bom", _bytes("utf16-le-bom.yaml", "id: x\n".encode("utf-16")), "Y004", 1),
    Case("utf16-be-bom", _bytes("utf16-be-bom.yaml",
                                b"\xfe\xff" + "id: x\n".encode("utf-16-be")), "Y004", 1),
    Case("utf16-le-no-bom", _bytes("utf16-le.yaml", "id: x\ntitle: y\n".encode("utf-16-le")),
         "Y004", 1),
    Case("utf16-be-no-bom", _bytes("utf16-be.yaml", "id: x\ntitle: y\n".encode("utf-16-be")),
         "Y004", 1),
    Case("utf32-bom", _bytes("utf32.yaml", "id: x\n".encode("utf-32")), "Y004", 1),
    Case("invalid-utf8", _bytes("invalid-utf8.yaml", b"id: x\ntitle:\n  en: caf\xe9\n"),
         "Y003", 3),
    Case("latin1-file", _bytes("latin1.yaml", "id: x\ntitle: Côte d'Ivoire\n".encode("latin-1")),
         "Y003", 2),
    Case("nul-byte", _bytes("nul.yaml", b"id: x\ntitle: a\x00b\n"), "Y005", 2),
    Case("binary-file", _bytes("binary.yaml", bytes(range(256)) * 4), "Y005", 1),
    # duplicate keys, at every level
    Case("duplicate-top-key", _text("dup-top.yaml", "id: a\ntitle: t\nid: b\n"), "Y010", 3),
    Case("duplicate-nested-key", _text("dup-nested.yaml",
                                       "id: a\ntitle:\n  en: t\n  ar: x\n  en: u\n"), "Y010", 5),
    Case("duplicate-key-in-list-item", _text(
        "dup-item.yaml", "id: a\nsections:\n  - id: s\n    title: {en: t}\n    id: s2\n"),
        "Y010", 5),
    Case("duplicate-flow-key", _text("dup-flow.yaml",
                                     "id: a\nanswer: {type: closed, type: text}\n"), "Y010", 2),
    Case("duplicate-deep-key", _text(
        "dup-deep.yaml", "a:\n  b:\n    - c:\n        d:\n          e: 1\n          e: 2\n"),
        "Y010", 6),
    Case("duplicate-quoted-key", _text("dup-quoted.yaml", "id: a\n'id': b\n"), "Y010", 2),
    # not one mapping
    Case("empty-file", _bytes("empty.yaml", b""), "Y011", 1),
    Case("only-comments", _text("comments.yaml", "# nothing here\n\n# still nothing\n"),
         "Y011", 1),
    Case("two-documents", _text("two-docs.yaml", "id: a\n---\nid: b\n"), "Y011", 2),
    Case("top-level-list", _text("list.yaml", "- id: a\n- id: b\n"), "Y012", 1),
    Case("top-level-scalar", _text("scalar.yaml", "just some text\n"), "Y012", 1),
    Case("top-level-null", _text("null.yaml", "~\n"), "Y012", 1),
    Case("complex-key", _text("complex-key.yaml", "? [a, b]\n: 1\n"), "Y013", 1),
    Case("syntax-error", _text("syntax.yaml", "id: a\ntitle: 'unclosed\n"), "Y006"),
    Case("tab-indentation", _text("tabs.yaml", "id: a\ntitle:\n\ten: t\n"), "Y006", 3),
    # not a regular readable file
    Case("directory", _directory, "Y001"),
    Case("fifo", _fifo, "Y001", needs="fifo"),
    Case("symlink-loop", _symlink_loop, "Y001", needs="symlink"),
    Case("unreadable", _unreadable, "Y001", needs="non-root"),
    Case("missing", _missing, "Y001"),
)

CASE_BY_NAME = {c.name: c for c in CASES}


def unavailable(case: Case) -> str | None:
    """Why ``case`` cannot be built here, or None."""
    if case.needs == "fifo" and not hasattr(os, "mkfifo"):
        return "no FIFOs on this platform"
    if case.needs == "symlink" and os.name == "nt":
        return "symlinks need privileges on Windows"
    if case.needs == "non-root":
        if os.name == "nt":
            return "chmod 000 does not stop reads on Windows"
        if os.geteuid() == 0:
            return "running as root, where chmod 000 does not stop reads"
    return None


def build_corpus(folder: Path, cases: Sequence[Case] = CASES) -> dict[str, Path]:
    """Write every available case under ``folder`` (one sub-folder each)."""
    paths = {}
    for case in cases:
        if unavailable(case):
            continue
        sub = folder / case.name
        sub.mkdir(parents=True, exist_ok=True)
        paths[case.name] = case.build(sub)
    return paths


# --- running a command with its time and memory measured -----------------------------


@dataclass(frozen=True)
class Measured:
    returncode: int
    stdout: str
    stderr: str
    wall_s: float
    cpu_s: float | None  # user + system time of the child; None where not measurable
    max_rss_mb: float | None  # its peak resident memory; None where not measurable

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


# A tiny launcher between the test process and the command measured: a child's peak
# memory (ru_maxrss) counts the memory of the process it was forked from, so forking from
# a big pytest process would count pytest. Forked from this small launcher, the command's
# figure is at most a few MB above its own. It reports the child's usage as JSON.
_LAUNCHER = """
import json, os, sys, time
out, args = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
pid = os.posix_spawn(args[0], args, os.environ)
_, status, ru = os.wait4(pid, 0)
with open(out, "w") as fh:
    json.dump({"wall": time.perf_counter() - start, "cpu": ru.ru_utime + ru.ru_stime,
               "maxrss": ru.ru_maxrss, "rc": os.waitstatus_to_exitcode(status)}, fh)
"""


def run_measured(args: Sequence[str], *, cwd: str | os.PathLike[str] | None = None,
                 env: dict[str, str] | None = None, timeout: float = 60) -> Measured:
    """Run a command; on POSIX, measure that child's own CPU time and peak memory (wait4)."""
    import json
    import subprocess
    import tempfile

    if not hasattr(os, "wait4") or not hasattr(os, "posix_spawn"):  # pragma: no cover
        start = time.perf_counter()
        r = subprocess.run(list(args), cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=timeout)
        return Measured(r.returncode, r.stdout.decode("utf-8", "replace"),
                        r.stderr.decode("utf-8", "replace"), time.perf_counter() - start,
                        None, None)
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "usage.json")
        launcher = [sys.executable, "-S", "-c", _LAUNCHER, report, *args]
        proc = subprocess.Popen(launcher, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True)
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            out, err = proc.communicate()
            raise AssertionError(f"{args} did not finish within {timeout} s") from None
        with open(report, encoding="utf-8") as fh:
            usage = json.load(fh)
    # ru_maxrss is in KiB on Linux, in bytes on macOS.
    rss = usage["maxrss"] / (MB if sys.platform == "darwin" else 1024)
    return Measured(usage["rc"], out.decode("utf-8", "replace"), err.decode("utf-8", "replace"),
                    usage["wall"], usage["cpu"], rss)


def tipq_command(*args: str) -> list[str]:
    """The real CLI, in a fresh interpreter (the one running the tests)."""
    return [sys.executable, "-m", "tipq", *args]


def tipq_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TIPQ_", "COV_"))}
    env.update({"PYTHONIOENCODING": "utf-8", "NO_COLOR": "1", "COLUMNS": "200"})
    env.update(extra)
    return env


# One process per case runs several tipq commands in a row through ``tipq.cli.app.run``
# (what the ``tipq`` script calls), each with its own output, exit code and CPU time: one
# interpreter start-up per case instead of one per command keeps the suite fast.
_SEVERAL = """
import io, json, sys, time
from contextlib import redirect_stderr, redirect_stdout
from tipq.cli.app import run

results = []
for args in json.loads(sys.argv[1]):
    out, err = io.StringIO(), io.StringIO()
    cpu, start = time.process_time(), time.perf_counter()
    sys.stdin = io.StringIO("")
    with redirect_stdout(out), redirect_stderr(err):
        rc = run(args)
    results.append({"rc": rc, "out": out.getvalue(), "err": err.getvalue(),
                    "wall": time.perf_counter() - start, "cpu": time.process_time() - cpu})
sys.__stdout__.write(json.dumps(results))
"""


def run_several_measured(commands: Sequence[Sequence[str]], *,
                         env: dict[str, str] | None = None,
                         cwd: str | os.PathLike[str] | None = None,
                         timeout: float = 120) -> list[Measured]:
    """Run ``tipq`` commands (argument lists, without "tipq") in one fresh process.

    Each result has that command's exit code, output, wall and CPU time; the peak memory is
    the process's (so it bounds every command's).
    """
    import json

    whole = run_measured([sys.executable, "-c", _SEVERAL, json.dumps(list(map(list, commands)))],
                         env=env, cwd=cwd, timeout=timeout)
    if whole.returncode != 0:
        raise AssertionError(f"the runner failed:\n{whole.output}")
    return [Measured(r["rc"], r["out"], r["err"], r["wall"], r["cpu"], whole.max_rss_mb)
            for r in json.loads(whole.stdout)]


def run_all(jobs: dict[str, Callable[[], object]]) -> dict[str, object]:
    """Run independent jobs (each starting processes) as many at once as there are CPUs."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
        futures = {key: pool.submit(job) for key, job in jobs.items()}
        return {key: f.result() for key, f in futures.items()}


MEASURED_COMMANDS = ("check", "validate", "interview", "interview-out")


def measure_corpus(paths: dict[str, Path], outs: dict[str, Path],
                   scratch: Path) -> dict[tuple[str, str], Measured]:
    """Every case through check, validate, the interview with it as the questionnaire
    (answers to ``scratch``), and the interview with it (from ``outs``) as the response to
    resume: one measured process per case. Keyed by (command, case name)."""
    from functools import partial

    small = Path(__file__).resolve().parents[1] / (
        "examples/questionnaires/valid/small/questionnaire.yaml")
    jobs: dict[str, Callable[[], object]] = {}
    for name, path in paths.items():
        commands = [["check", str(path)], ["validate", str(path)],
                    ["interview", str(path), "--country", "XXA", "--out",
                     str(scratch / f"{name}.yaml")]]
        if name in outs and name != "missing":  # a missing --out is where a response starts
            commands.append(["interview", str(small), "--country", "XXA", "--out",
                             str(outs[name])])
        jobs[name] = partial(run_several_measured, commands, env=tipq_env())
    results: dict[tuple[str, str], Measured] = {}
    for name, runs in run_all(jobs).items():
        assert isinstance(runs, list)
        results.update({(kind, name): m for kind, m in zip(MEASURED_COMMANDS, runs, strict=False)})
    return results


if __name__ == "__main__":  # pragma: no cover - a look at the corpus by hand
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(description="Write the hostile corpus, or measure it.")
    parser.add_argument("folder", nargs="?", help="write the corpus here and list it")
    parser.add_argument("--measure", action="store_true",
                        help="run every case through the commands and print CPU and memory")
    args = parser.parse_args()
    if args.measure:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            (root / "scratch").mkdir()
            ins, outs = build_corpus(root / "in"), build_corpus(root / "out")
            rows = [(name, kind, m) for (kind, name), m in
                    measure_corpus(ins, outs, root / "scratch").items()]
            for path in [*ins.values(), *outs.values()]:
                if path.is_file() and not path.is_symlink():
                    path.chmod(0o644)
        print(f"{'case':28} {'command':16} {'exit':>4} {'CPU s':>6} {'wall s':>6} {'MB':>6}")
        for name, kind, m in rows:
            print(f"{name:28} {kind:16} {m.returncode:>4} {m.cpu_s or 0:6.2f} {m.wall_s:6.2f} "
                  f"{m.max_rss_mb or 0:6.0f}")
        worst_cpu = max(rows, key=lambda r: r[2].cpu_s or 0)
        worst_mem = max(rows, key=lambda r: r[2].max_rss_mb or 0)
        print(f"{len({r[0] for r in rows})} cases, {len(rows)} runs; most CPU: "
              f"{worst_cpu[2].cpu_s:.2f} s ({worst_cpu[0]}, {worst_cpu[1]}); most memory: "
              f"{worst_mem[2].max_rss_mb:.0f} MB ({worst_mem[0]}); exit codes: "
              + ", ".join(f"{c}: {n}" for c, n in sorted(
                  __import__("collections").Counter(r[2].returncode for r in rows).items())))
    else:
        target = Path(args.folder or "hostile-corpus")
        for name, path in build_corpus(target).items():
            print(f"{name:32} {path}")
