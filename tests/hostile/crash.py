"""Kill the real ``tipq interview`` with SIGKILL at random moments, and check what is left.

:class:`CrashRun` drives ``python -m tipq interview`` in a pseudo-terminal (pexpect),
answers each question it is asked with a random valid value, and at random moments
kills it with SIGKILL: while it waits at a prompt, right after an answer is sent, or a few
milliseconds later (while it saves). After every kill it checks the promise:

- the response file loads (a valid response model) and ``tipq validate`` finds no error
  in it as a draft;
- it holds every answer *confirmed* before the kill (an answer is confirmed when the next
  question appeared) with its value, and nothing else except, at most, the answer that was
  being sent when the process died;

then starts the next sitting, which must take over the stale lock the killed process left.
Used by tests/test_crash.py (about 20 kills) and benchmarks/crash_long.py (hundreds).
POSIX only (pseudo-terminals, SIGKILL).
"""

from __future__ import annotations

import os
import random
import re
import signal
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hostile.corpus import tipq_env
from hostile.generate import LINE_FORMS, build_questionnaire, random_value, typed

HEADER = re.compile(r"Question (\S+) · question \d+ of \d+")
RESPONDENT = re.compile(r"(?:Name|Institution|E-mail)> ")
SUBMIT = re.compile(r"Mark the response as submitted\?")
LOCKED = re.compile(r"is being answered in another interview")
PROMPT = re.compile(r"> ")


class PromiseBroken(AssertionError):
    """The response file after a kill breaks tipq's promise; the message says how."""


@dataclass
class CrashStats:
    kills: int = 0
    answers_confirmed: int = 0  # answers seen confirmed (next question shown)
    in_flight_saved: int = 0  # killed after sending: the answer was in the file
    in_flight_not_saved: int = 0  # killed after sending: it was not (allowed)
    temp_files_left: int = 0  # kills that hit inside the atomic write (its temp file stayed)
    stale_locks_recovered: int = 0
    sittings: int = 0
    files_completed: int = 0
    moments: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        moments = ", ".join(f"{k}: {v}" for k, v in sorted(self.moments.items()))
        return (f"{self.kills} SIGKILLs in {self.sittings} sittings ({moments}); "
                f"{self.answers_confirmed} answers confirmed, none lost; answer in flight at "
                f"the kill: saved {self.in_flight_saved}, not saved {self.in_flight_not_saved}; "
                f"kills inside the atomic write (temp file left): {self.temp_files_left}; "
                f"stale locks taken over: {self.stale_locks_recovered}; "
                f"responses completed: {self.files_completed}")


class CrashRun:
    def __init__(self, folder: Path, rng: random.Random, *, questions: int = 40,
                 timeout: float = 30) -> None:
        from tipq.io.loading import load_questionnaire_file
        from tipq.io.repository import QuestionnaireRepository

        self.folder = folder
        self.rng = rng
        self.timeout = timeout
        self.questionnaire_path = build_questionnaire(folder, questions, forms=LINE_FORMS)
        self.questionnaire = load_questionnaire_file(self.questionnaire_path).model
        self.items = {item.label: item for item in self.questionnaire.index.items}
        self.catalog = QuestionnaireRepository.build([self.questionnaire_path], exclusive=True)
        self.stats = CrashStats()
        self.run_number = 0
        self._new_file()

    def _new_file(self) -> None:
        self.run_number += 1
        self.path = self.folder / f"response-{self.run_number}.yaml"
        self.confirmed: dict[str, Any] = {}

    # --- one sitting -----------------------------------------------------------------------

    def _spawn(self) -> Any:
        import pexpect

        self.stats.sittings += 1
        child = pexpect.spawn(
            sys.executable,
            ["-m", "tipq", "interview", str(self.questionnaire_path), "--country", "XXA",
             "--out", str(self.path)],
            cwd=str(self.folder), env=tipq_env(TERM="dumb"), encoding="utf-8",
            timeout=self.timeout, dimensions=(50, 220))
        child.delaybeforesend = None  # type like a fast typist, not with pexpect's 50 ms pause
        child.delayafterclose = child.delayafterterminate = 0.01
        return child

    def sitting(self) -> None:
        """One sitting: answer until a random kill (or until the response is complete)."""
        import pexpect

        screens = [HEADER, RESPONDENT, SUBMIT, LOCKED, pexpect.EOF]
        child = self._spawn()
        try:
            i = child.expect(screens)
            if "ended without closing" in child.before:
                self.stats.stale_locks_recovered += 1
            while True:
                if i == 3:
                    raise PromiseBroken("a stale lock blocked the next sitting: "
                                        f"{child.before}{child.after}")
                if i == 4:
                    raise PromiseBroken(f"the interview ended unexpectedly:\n{child.before}")
                if i == 2:  # every question answered: keep it a draft, start a new file
                    child.expect(PROMPT)
                    child.sendline("no")
                    child.expect(pexpect.EOF)
                    child.close()
                    self.check_file(None)
                    self.stats.files_completed += 1
                    self._new_file()
                    return
                if i == 1:
                    if self._maybe_kill(child, None, "at a respondent prompt"):
                        return
                    child.sendline("")
                    i = child.expect(screens)
                    continue
                item = self.items[child.match.group(1)]
                child.expect(PROMPT)
                if self._maybe_kill(child, None, "at a question prompt", chance=0.1):
                    return
                value = random_value(item.answer, self.rng)
                for line in typed(item.answer, value):
                    child.sendline(line)
                if self.rng.random() < 0.3:
                    delay = self.rng.choice((0.0, self.rng.uniform(0, 0.01),
                                             self.rng.uniform(0.005, 0.06)))
                    if delay:
                        time.sleep(delay)
                    self._kill(child, (item.id, value),
                               "right after an answer" if delay == 0 else "while saving")
                    return
                # Not killed: the answer is confirmed once the next screen shows.
                i = child.expect(screens)
                if i in (0, 2):
                    self.confirmed[item.id] = value
                    self.stats.answers_confirmed += 1
        finally:
            if child.isalive():
                child.close(force=True)

    def _maybe_kill(self, child: Any, in_flight: tuple[str, Any] | None, moment: str, *,
                    chance: float = 0.03) -> bool:
        if self.rng.random() < chance:
            self._kill(child, in_flight, moment)
            return True
        return False

    def _kill(self, child: Any, in_flight: tuple[str, Any] | None, moment: str) -> None:
        os.kill(child.pid, signal.SIGKILL)
        child.close(force=True)  # reaps it: a zombie would still look alive to the lock
        self.stats.kills += 1
        self.stats.moments[moment] += 1
        self.check_file(in_flight)
        # A kill inside the atomic write leaves its temporary file (never the target half
        # written): count them, then tidy up so the next kill is counted afresh.
        left = list(self.folder.glob(f".{self.path.name}.*.tmp"))
        if left:
            self.stats.temp_files_left += 1
            for tmp in left:
                tmp.unlink()

    # --- the promise -----------------------------------------------------------------------

    def check_file(self, in_flight: tuple[str, Any] | None) -> None:
        from tipq.checks.batch import validate_file
        from tipq.io.loading import load_response_file

        if not self.path.exists():
            if self.confirmed:
                raise PromiseBroken(f"{self.path} vanished with {len(self.confirmed)} answers")
            return
        loaded = load_response_file(self.path)
        if not loaded.ok:
            raise PromiseBroken("the response does not load: "
                                + "; ".join(f.format() for f in loaded.findings))
        result = validate_file(self.path, self.catalog)
        if result.errors:
            raise PromiseBroken("the draft has errors: "
                                + "; ".join(f.format() for f in result.findings))
        values = {k: a.value for k, a in loaded.model.answers.items()}
        for qid, value in self.confirmed.items():
            if values.get(qid) != value:
                raise PromiseBroken(f"confirmed answer {qid}={value!r} lost: "
                                    f"the file holds {values.get(qid)!r}")
        extra = {k: v for k, v in values.items() if k not in self.confirmed}
        if in_flight is not None:
            qid, value = in_flight
            if qid in extra and extra.pop(qid) == value:
                self.confirmed[qid] = value
                self.stats.in_flight_saved += 1
            else:
                self.stats.in_flight_not_saved += 1
        if extra:
            raise PromiseBroken(f"answers nobody confirmed or sent: {extra}")

    def run(self, kills: int) -> CrashStats:
        while self.stats.kills < kills:
            self.sitting()
        return self.stats
