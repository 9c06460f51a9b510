"""Benchmark the interview: answer-to-next-prompt latency, the save included (issue 3).

    python benchmarks/bench_interview.py [--answers 300] [--baseline-runs 20]

1. Generates (benchmarks/make_corpus.py) a questionnaire of 150 items and one response
   answering them all (~94 KB of realistic English or Arabic text, citations, choices,
   numbers, dates), then leaves one item open, as in a real sitting.
2. Runs the real interview session (:class:`tipq.interview.session.Session`, the terminal
   replaced by a timing prompter) and changes ``--answers`` answers of every form, each
   reached with ``goto``. Latency = from the moment the last line of an answer is typed to
   the moment the next question's prompt is asked: parsing, the answer rules, the engine
   update, the save (pieces re-emitted, the whole new text parsed back and checked, atomic
   replace with fsync) and building the next question.
3. Baseline (named ``ruamel-roundtrip``): the straightforward save, a full ruamel.yaml
   round trip of the same file (load, change one answer, dump, atomic write).
4. Prints p50 / p95 / max for both, the ratio, and whether the target holds:
   p95 <= 30 ms with the save included.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

TARGET_P95_MS = 30.0


class TimingPrompter:
    """Replays lines; records the time from each answer's last line to the next prompt."""

    def __init__(self, lines: list[tuple[str, bool]]) -> None:
        self.lines = lines
        self.latencies: list[float] = []
        self._answered_at: float | None = None

    def ask(self, prompt: str) -> str:
        now = time.perf_counter()
        if self._answered_at is not None:
            self.latencies.append(now - self._answered_at)
            self._answered_at = None
        if not self.lines:
            raise EOFError
        line, last_of_answer = self.lines.pop(0)
        if last_of_answer:
            self._answered_at = time.perf_counter()
        return line

    def show_question(self, card: object) -> None:
        pass

    def show_review(self, review: object) -> None:
        pass

    def show_findings(self, findings: object) -> None:
        pass

    def say(self, text: str, kind: str = "info") -> None:
        pass


def script_for(questionnaire, count: int) -> list[tuple[str, bool]]:
    """``goto`` + the lines of a new answer, for ``count`` answers over every form."""
    from make_corpus import SENTENCES_AR, SENTENCES_EN

    items = [i for i in questionnaire.index.items if i.answer is not None][:-1]
    lines: list[tuple[str, bool]] = []
    for n in range(count):
        item = items[n % len(items)]
        lines.append((f"goto {item.label}", False))
        kind = item.answer.type
        if kind == "closed":
            answer = [("1" if n % 2 else "2", True)]  # yes / partly: follow-ups still apply
        elif kind == "citations":
            answer = [(f"Penal Code, revision {n}", False), (f"Article {n}", False),
                      (f"https://example.org/laws/{n}", False), ("", True)]
        elif kind == "text":
            pool = SENTENCES_AR if n % 3 == 0 else SENTENCES_EN
            answer = [(pool[(n + k) % len(pool)], False) for k in range(6)] + [(".", True)]
        elif kind == "multi-choice":
            answer = [("1, 3" if n % 2 else "2", True)]
        elif kind == "choice":
            answer = [(str(1 + n % 3), True)]
        elif kind == "number":
            answer = [(str(n), True)]
        else:  # date
            answer = [(f"2017-0{1 + n % 9}-1{n % 10}", True)]
        lines += answer
    return lines


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def bench_session(folder: Path, answers: int) -> tuple[list[float], int]:
    from make_corpus import write_corpus

    from tipq.interview.engine import Interview
    from tipq.interview.session import Session
    from tipq.interview.store import ResponseStore
    from tipq.io.loading import load_questionnaire_file
    from tipq.io.segments import SegmentedYaml

    qpath, rdir = write_corpus(folder, files=1, bad_every=0)
    q = load_questionnaire_file(qpath).model
    path = rdir / "XAA.yaml"
    last = [i for i in q.index.items if i.answer is not None][-1]
    pieces = SegmentedYaml.parse(path.read_text(encoding="utf-8"), "answers")
    pieces.nested = [a for a in pieces.nested if a.key != last.id]  # one question open
    pieces.set_top("status", "draft")
    pieces.delete_top("submitted_at")
    path.write_text(pieces.text(), encoding="utf-8")
    size = path.stat().st_size

    store = ResponseStore.open(path, q, country="XAA",
                               clock=lambda: datetime.now(timezone.utc))
    try:
        prompter = TimingPrompter(script_for(q, answers))
        session = Session(Interview(q, store.values), store, prompter, lang="en",
                          resume_command="tipq interview")
        with contextlib.suppress(EOFError):
            session.run()
    finally:
        store.close()
    return prompter.latencies, size


def bench_baseline(folder: Path, runs: int) -> list[float]:
    from tipq.io.files import atomic_write_text
    from tipq.io.yaml_emit import dump_roundtrip, load_roundtrip

    path = folder / "responses" / "XAA.yaml"
    times = []
    for n in range(runs):
        t0 = time.perf_counter()
        doc = load_roundtrip(path.read_text(encoding="utf-8"))
        first = next(iter(doc["answers"]))
        doc["answers"][first]["answered_at"] = f"2026-01-01T00:00:{n % 60:02d}Z"
        atomic_write_text(path, dump_roundtrip(doc))
        times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--answers", type=int, default=300)
    p.add_argument("--baseline-runs", type=int, default=20)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        latencies, size = bench_session(Path(tmp), args.answers)
        baseline = bench_baseline(Path(tmp), args.baseline_runs)
    ms = [x * 1000 for x in latencies]
    base = [x * 1000 for x in baseline]
    p50, p95 = statistics.median(ms), percentile(ms, 95)
    b50, b95 = statistics.median(base), percentile(base, 95)
    print(f"response: 150 items, {size / 1024:.1f} KB; {len(ms)} answers timed")
    print(f"tipq interview  answer -> next prompt, save included: p50 {p50:6.1f} ms   "
          f"p95 {p95:6.1f} ms   max {max(ms):6.1f} ms")
    print(f"ruamel-roundtrip  (baseline: full re-serialization):  p50 {b50:6.1f} ms   "
          f"p95 {b95:6.1f} ms")
    print(f"ratio (baseline p50 / tipq p50): {b50 / p50:.1f}x")
    verdict = "met" if p95 <= TARGET_P95_MS else "MISSED"
    print(f"target p95 <= {TARGET_P95_MS:.0f} ms: {verdict}")
    sys.exit(0 if p95 <= TARGET_P95_MS else 1)


if __name__ == "__main__":
    main()
