"""Benchmark ``tipq validate`` on a corpus of responses, beside the baselines of issue 4.

    python benchmarks/bench_validate.py [--files 1000] [--repeat 3] [--corpus DIR]

1. Generates (see make_corpus.py) a questionnaire of 150 questions and ``--files``
   responses of 150 answers each (~94 KB, English and Arabic text) in a temporary folder;
   one response in 50 has a typo in a closed answer, so files with findings (which are
   parsed a second time, for positions) are part of the measure.
2. Times, as a user would run them (a fresh process each, wall clock):
   - ``tipq validate`` (default: two worker processes for a batch this size), and with
     ``--jobs 1`` for reference;
   - check-jsonschema with tipq's own exported response schema (``tipq schema response``),
     with ruamel.yaml's C extension and without it. Each is installed into its own virtual
     environment under the temporary folder on first use (``pip install check-jsonschema``,
     plus ``ruamel.yaml.clib`` for the C one); never a tipq dependency;
   - PyYAML's ``CSafeLoader`` parsing every file on one core, and nothing else.
3. Prints the times, the ratios and whether the targets are met: at least 4x faster than
   check-jsonschema with its C extension, and no slower than the one-core C parse alone.
4. Peak memory (largest process) of ``tipq validate`` on a tenth of the files and on all of
   them: flat in the number of files.

``--corpus DIR`` reuses (or creates) a corpus there instead of a temporary one.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import venv
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_corpus import write_corpus  # noqa: E402

BIN = "Scripts" if os.name == "nt" else "bin"
EXE = ".exe" if os.name == "nt" else ""
CACHE = Path(tempfile.gettempdir()) / "tipq-bench"


def run(cmd: Sequence[str], *, cwd: Path, ok: Sequence[int] = (0,)) -> tuple[float, str]:
    """Wall-clock seconds of one run, and its standard output."""
    t = time.perf_counter()
    proc = subprocess.run(list(cmd), cwd=cwd, capture_output=True, text=True, encoding="utf-8")
    elapsed = time.perf_counter() - t
    if proc.returncode not in ok:
        raise SystemExit(f"{' '.join(cmd[:3])}... exited {proc.returncode}:\n"
                         f"{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    return elapsed, proc.stdout


def best(cmd: Sequence[str], *, cwd: Path, repeat: int, ok: Sequence[int] = (0,)) -> float:
    return min(run(cmd, cwd=cwd, ok=ok)[0] for _ in range(repeat))


def baseline_venv(name: str, packages: list[str]) -> Path | None:
    """A virtual environment with ``packages`` under the temporary folder (made once)."""
    env = CACHE / name
    exe = env / BIN / f"check-jsonschema{EXE}"
    if exe.exists():
        return exe
    print(f"  installing {' '.join(packages)} into {env} ...", flush=True)
    shutil.rmtree(env, ignore_errors=True)
    venv.create(env, with_pip=True)
    pip = [str(env / BIN / f"python{EXE}"), "-m", "pip", "install", "--quiet", *packages]
    if subprocess.run(pip, capture_output=True).returncode != 0 or not exe.exists():
        print(f"  could not install {packages}; skipping that baseline")
        return None
    return exe


def c_parser_of(cjs: Path) -> str:
    python = cjs.parent / f"python{EXE}"
    code = ("from ruamel.yaml import YAML; p = YAML(typ='safe').Parser; "
            "print(p.__module__ + '.' + p.__name__)")
    out = subprocess.run([str(python), "-c", code], capture_output=True, text=True)
    return out.stdout.strip() or "?"


PARSE_ONLY = """
import sys, yaml
assert yaml.__with_libyaml__, "PyYAML without libyaml"
for path in sys.stdin.read().splitlines():
    with open(path, encoding="utf-8") as fh:
        yaml.load(fh.read(), Loader=yaml.CSafeLoader)
"""


def time_parse_only(files: list[str], cwd: Path, repeat: int) -> float | None:
    try:
        import yaml
    except ImportError:
        return None
    if not getattr(yaml, "__with_libyaml__", False):
        return None
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", PARSE_ONLY], input="\n".join(files), text=True,
                       cwd=cwd, check=True)
        times.append(time.perf_counter() - t)
    return min(times)


PEAK_RSS = """
import json, resource, subprocess, sys
subprocess.run(json.loads(sys.argv[1]), stdout=subprocess.DEVNULL, cwd=sys.argv[2])
kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(kb // 1024 if sys.platform == "darwin" else kb)
"""


def peak_rss_mb(cmd: list[str], cwd: Path) -> float | None:
    """Largest resident set of ``cmd`` and its worker processes, in MB (POSIX only)."""
    try:
        import resource  # noqa: F401
    except ImportError:
        return None
    out = subprocess.run([sys.executable, "-c", PEAK_RSS, json.dumps(cmd), str(cwd)],
                         capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--files", type=int, default=1000)
    p.add_argument("--repeat", type=int, default=3, help="best of N for the fast runs")
    p.add_argument("--corpus", type=Path, help="reuse or create the corpus here")
    p.add_argument("--skip-pure", action="store_true",
                   help="skip check-jsonschema without its C extension (the slowest run)")
    args = p.parse_args()

    work = args.corpus or Path(tempfile.mkdtemp(prefix="tipq-bench-"))
    _qdir, rdir = work / "questionnaires", work / "responses"
    if not rdir.is_dir() or len(list(rdir.glob("*.yaml"))) != args.files:
        print(f"generating {args.files} responses in {work} ...", flush=True)
        shutil.rmtree(rdir, ignore_errors=True)
        write_corpus(work, args.files)
    files = sorted(str(f.relative_to(work)) for f in rdir.glob("*.yaml"))
    size = sum((work / f).stat().st_size for f in files)
    bad = sum(1 for i in range(args.files) if i % 50 == 49)
    schema = work / "response.schema.json"
    tipq = [sys.executable, "-m", "tipq"]
    schema.write_text(run([*tipq, "schema", "response"], cwd=work)[1], encoding="utf-8")

    from tipq.io.yaml_load import c_parser_available

    print(f"corpus: {len(files)} responses, {size / len(files) / 1024:.1f} KB each on "
          f"average, {size / 2**20:.0f} MB in all; {os.cpu_count()} CPUs; Python "
          f"{sys.version.split()[0]}")
    parser = "ruamel.yaml.clib C parser" if c_parser_available() else "pure Python (no C!)"
    print(f"tipq's YAML parser: {parser}")

    # Correctness first: tipq finds exactly the typos, and nothing else.
    _, out = run([*tipq, "validate", "responses", "-q", "questionnaires", "-f", "json"],
                 cwd=work, ok=(0, 1))
    counts = json.loads(out)["counts"]
    assert counts == {"error": bad, "warning": 0, "info": 0}, counts
    print(f"tipq validate finds the {bad} typos and nothing else: ok\n")

    results: dict[str, float] = {}
    validate = [*tipq, "validate", "responses", "-q", "questionnaires", "-f", "json"]
    results["tipq validate"] = best(validate, cwd=work, repeat=args.repeat, ok=(1,))
    results["tipq validate --jobs 1"] = best([*validate, "--jobs", "1"], cwd=work,
                                             repeat=args.repeat, ok=(1,))
    parse = time_parse_only(files, work, args.repeat)
    if parse is not None:
        results["PyYAML CSafeLoader parse only, 1 core"] = parse
    cjs_c = baseline_venv("cjs-cext", ["check-jsonschema", "ruamel.yaml.clib"])
    if cjs_c:
        print(f"check-jsonschema (C) parses with {c_parser_of(cjs_c)}")
        results["check-jsonschema, C extension"] = run(
            [str(cjs_c), "--schemafile", str(schema), *files], cwd=work)[0]
    if not args.skip_pure:
        cjs_pure = baseline_venv("cjs-pure", ["check-jsonschema"])
        if cjs_pure:
            subprocess.run([str(cjs_pure.parent / f"python{EXE}"), "-m", "pip", "uninstall",
                            "--quiet", "--yes", "ruamel.yaml.clib"], capture_output=True)
            print(f"check-jsonschema (pure) parses with {c_parser_of(cjs_pure)}")
            results["check-jsonschema, pure Python"] = run(
                [str(cjs_pure), "--schemafile", str(schema), *files], cwd=work)[0]

    ours = results["tipq validate"]
    print(f"\n{'run':<42} {'seconds':>8} {'vs tipq':>8}")
    for name, seconds in results.items():
        print(f"{name:<42} {seconds:>8.2f} {seconds / ours:>7.2f}x")

    print()
    if "check-jsonschema, C extension" in results:
        ratio = results["check-jsonschema, C extension"] / ours
        print(f"target 1: >= 4x faster than check-jsonschema with C extension: {ratio:.1f}x "
              f"{'MET' if ratio >= 4 else 'NOT MET'}")
    if parse is not None:
        ratio = parse / ours
        print(f"target 2: no slower than the one-core C parse alone: {ratio:.2f}x "
              f"{'MET' if ratio >= 1 else 'NOT MET'}")

    tenth = max(1, len(files) // 10)
    subset = work / "subset"
    if not subset.is_dir():
        subset.mkdir()
        for f in files[:tenth]:
            shutil.copy(work / f, subset)
    small = peak_rss_mb([*tipq, "validate", "subset", "-q", "questionnaires", "-j", "2"],
                        work)
    large = peak_rss_mb([*tipq, "validate", "responses", "-q", "questionnaires", "-j", "2"],
                        work)
    if small is not None and large is not None:
        print(f"peak memory (largest process), 2 workers: {small:.0f} MB for {tenth} files, "
              f"{large:.0f} MB for {len(files)} files")
    if args.corpus is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
