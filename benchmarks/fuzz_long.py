"""Long fuzzing run: any bytes give a loaded model or a tipq finding, never anything else.

    python benchmarks/fuzz_long.py                    # 20,000 inputs, about 5-10 minutes
    python benchmarks/fuzz_long.py --inputs 200000 --seed 7
    python -m pip install atheris && python benchmarks/fuzz_long.py --engine atheris

Every input goes through what reads a file (tests/hostile/fuzz.py): the guarded YAML
loader, the questionnaire model and every ``tipq check`` rule, the response model and
``tipq validate``'s whole-file path. The built-in engine mixes random bytes, YAML token
soup, byte-level edits of valid questionnaires and responses (tokens inserted, spans
deleted or duplicated, lines moved or re-indented, values replaced), data-level edits
(keys dropped, types swapped, ids duplicated) and the hostile corpus of tests/hostile.
``--engine atheris`` runs Google's coverage-guided fuzzer instead (optional dependency).

It prints the count of inputs and of each outcome; an input that breaks the promise is
saved under ``--crashes`` (default: fuzz-crashes/) and the exit code is 1.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import contextlib

from hostile.fuzz import (
    TOKENS,
    Target,
    mutate_bytes,
    mutate_data,
    seed_inputs,
    to_yaml_text,
)


def corpus_seeds() -> list[bytes]:
    """The small cases of the hostile corpus, as further seeds."""
    from hostile.corpus import CASES, build_corpus

    with tempfile.TemporaryDirectory() as tmp:
        small = [c for c in CASES if c.code not in ("Y002", "Y014") and not c.needs
                 and c.name not in ("directory", "missing")]
        return [p.read_bytes() for p in build_corpus(Path(tmp), small).values()]


def builtin_inputs(rng: random.Random, seeds: list[bytes], hostile: list[bytes]):
    from tipq.core.errors import FindingError
    from tipq.io.yaml_load import parse_yaml

    data_seeds = []
    for s in seeds:
        with contextlib.suppress(FindingError, UnicodeDecodeError):
            data_seeds.append(parse_yaml(s.decode("utf-8")).data)
    while True:
        roll = rng.random()
        if roll < 0.08:
            yield "bytes", rng.randbytes(rng.randint(0, 3000))
        elif roll < 0.16:
            yield "tokens", b"".join(rng.choice(TOKENS) for _ in range(rng.randint(0, 80)))
        elif roll < 0.22:
            yield "hostile", mutate_bytes(rng.choice(hostile), rng)
        elif roll < 0.65:
            yield "byte-edits", mutate_bytes(rng.choice(seeds), rng)
        else:
            text = to_yaml_text(mutate_data(rng.choice(data_seeds), rng))
            yield "data-edits", text.encode("utf-8")


def run_builtin(args: argparse.Namespace) -> int:
    rng = random.Random(args.seed)
    seeds, hostile = seed_inputs(), corpus_seeds()
    crashes = Path(args.crashes)
    outcomes: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    broken = 0
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        target = Target(Path(tmp))
        inputs = builtin_inputs(rng, seeds, hostile)
        for n in range(1, args.inputs + 1):
            kind, data = next(inputs)
            kinds[kind] += 1
            try:
                outcomes[target(data)] += 1
            except Exception as e:  # the promise is broken: keep the input
                broken += 1
                crashes.mkdir(parents=True, exist_ok=True)
                saved = crashes / f"input-{args.seed}-{n}.yaml"
                saved.write_bytes(data)
                print(f"BROKEN ({kind}) {type(e).__name__}: {e}\n  input saved as {saved}\n"
                      + "".join(traceback.format_exception(e)[-3:]), file=sys.stderr)
            if args.progress and n % 1000 == 0:
                print(f"  {n} inputs, {time.perf_counter() - start:.0f} s", file=sys.stderr)
    seconds = time.perf_counter() - start
    print(f"fuzz_long (built-in engine, seed {args.seed}): {args.inputs} inputs in "
          f"{seconds:.0f} s ({args.inputs / seconds:.0f}/s)")
    print("  inputs:   " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    print("  outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items()))
          + f", broken promises {broken}")
    return 1 if broken else 0


def run_atheris(args: argparse.Namespace) -> int:  # pragma: no cover - optional dependency
    try:
        import atheris
    except ImportError:
        print("atheris is not installed: python -m pip install atheris", file=sys.stderr)
        return 2
    with atheris.instrument_imports():
        import tipq.checks.batch
        import tipq.checks.questionnaire
        import tipq.checks.response
        import tipq.io.loading
        import tipq.io.yaml_load  # noqa: F401
    tmp = tempfile.mkdtemp()
    target = Target(Path(tmp))
    seeds_dir = Path(tmp) / "seeds"
    seeds_dir.mkdir()
    for i, seed in enumerate(seed_inputs() + corpus_seeds()):
        (seeds_dir / f"seed-{i}").write_bytes(seed)
    atheris.Setup([sys.argv[0], f"-runs={args.inputs}", f"-seed={args.seed}",
                   f"-artifact_prefix={args.crashes}/", str(seeds_dir)],
                  lambda data: target(data))
    Path(args.crashes).mkdir(parents=True, exist_ok=True)
    atheris.Fuzz()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--engine", choices=("builtin", "atheris"), default="builtin")
    parser.add_argument("--crashes", default="fuzz-crashes")
    parser.add_argument("--progress", action="store_true", help="a line every 1,000 inputs")
    args = parser.parse_args()
    return run_atheris(args) if args.engine == "atheris" else run_builtin(args)


if __name__ == "__main__":
    sys.exit(main())
