"""One sitting of an interview: the loop that asks, saves, navigates, reviews and submits.

:func:`run_session` drives an :class:`~tipq.interview.engine.Interview` with a prompter and
a :class:`~tipq.interview.store.ResponseStore`. Every answer is saved before the next prompt
appears. Ctrl-C / Ctrl-D (``KeyboardInterrupt`` / ``EOFError`` from the prompter) leave this
function untouched: nothing is pending, because everything given is already on disk; the
caller closes the store and says how to resume.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from tipq.core.findings import Severity
from tipq.core.i18n import t
from tipq.interview.engine import Interview
from tipq.interview.entry import KEEP, Command, Keep, Reader
from tipq.interview.prompters import Prompter
from tipq.interview.store import ResponseStore
from tipq.interview.views import build_card, build_review

Outcome = Literal["quit", "submitted", "draft"]


@dataclass
class SessionResult:
    outcome: Outcome
    answered: int
    applicable: int


_EMAIL_OK = "@"


class Session:
    def __init__(self, interview: Interview, store: ResponseStore, prompter: Prompter, *,
                 lang: str, resume_command: str) -> None:
        self.interview = interview
        self.store = store
        self.prompter = prompter
        self.lang = lang
        self.resume_command = resume_command
        self.reader = Reader(prompter, lang)
        self.history: list[int] = []
        self.skipped: set[str] = set()

    def _t(self, key: str, **params: Any) -> str:
        return t(key, self.lang, **params)

    def _say(self, key: str, kind: str = "info", **params: Any) -> None:
        self.prompter.say(self._t(key, **params), kind)

    # --- the loop ------------------------------------------------------------------------

    def run(self) -> SessionResult:
        self._intro()
        index = self.interview.next_open()
        show = True
        while True:
            if index is None:
                outcome = self._no_question_left()
                if isinstance(outcome, int):
                    index = outcome
                    continue
                return self._result(outcome)
            got = self._ask(index, show)
            show = True
            if isinstance(got, Command):
                nxt = self._command(got, index)
                if nxt == "quit":
                    self._say("saved_resume", "success", path=self.store.path,
                              command=self.resume_command)
                    return self._result("quit")
                # after help or a refused goto, ask again without repeating the question
                show = not (nxt == index and got.name in ("help", "goto", "back"))
                index = nxt
                continue
            self.history.append(index)
            if not isinstance(got, Keep):
                self._record(index, got)
            index = self.interview.next_open(index, self.skipped)

    def _result(self, outcome: Outcome) -> SessionResult:
        answered, applicable = self.interview.counts()
        return SessionResult(outcome, answered, applicable)

    def _intro(self) -> None:
        from tipq.core import countries
        from tipq.core.languages import pick_text

        q = self.store.questionnaire
        if self.store.recovered_lock is not None:
            info = self.store.recovered_lock
            self._say("recovered_lock", "warning", pid=info.pid, host=info.host)
        self._say("welcome", title=pick_text(q.title, self.lang)[0], version=q.version,
                  country=countries.describe(self.store.data["country"], self.lang),
                  path=self.store.path)
        answered, applicable = self.interview.counts()
        if self.store.created_now:
            self._ask_respondent()
        elif answered:
            self._say("resumed", answered=answered, applicable=applicable)
        if self.store.status == "submitted":
            self._say("already_submitted", "warning",
                      when=self.store.data.get("submitted_at", "?"))

    def _ask_respondent(self) -> None:
        self._say("respondent_intro", "help")
        name = self.prompter.ask(self._t("respondent_name")).strip()
        institution = self.prompter.ask(self._t("respondent_institution")).strip()
        while True:
            email = self.prompter.ask(self._t("respondent_email")).strip()
            if not email or (_EMAIL_OK in email and " " not in email and "." in email):
                break
            self._say("bad_email", "error", text=email)
        self.store.set_respondent(name or None, institution or None, email or None)

    def _ask(self, index: int, show: bool = True) -> Any:
        card = build_card(self.interview, index, self.lang)
        if show:
            self.prompter.show_question(card)
        form = self.interview.steps[index].item.answer
        answered = card.current is not None and card.invalid is None
        return self.reader.read(form, answered)

    def _record(self, index: int, value: Any) -> None:
        item = self.interview.steps[index].item
        was_submitted = self.store.status == "submitted"
        is_change = self.interview.is_answered(item.id)
        self.store.set_answer(item.id, value)
        for notice in self.store.take_notices():
            self._say(notice.kind, "warning", path=self.store.path, backup=notice.backup)
            if notice.kind == "edited_outside":
                self.interview.replace_values(self.store.values)
        change = self.interview.answer(item.id, value)
        for it in change.flagged:
            self._say("flagged", "warning", label=it.label)
        for it in change.unflagged:
            self._say("unflagged", label=it.label)
        if is_change and change.opened:
            self._say("opened", labels=", ".join(i.label for i in change.opened))
        if was_submitted:
            self._say("reopened", "warning")

    # --- commands ------------------------------------------------------------------------

    def _command(self, cmd: Command, index: int | None) -> int | Literal["quit"] | None:
        """Carry out ``cmd``; the step to show next (``index`` to ask the same again)."""
        if cmd.name == "quit":
            return "quit"
        if cmd.name == "help":
            self._say("help", "help")
            return index
        if cmd.name == "review":
            self.prompter.show_review(build_review(self.interview, self.lang, self.store.status))
            return index
        if cmd.name == "back":
            if self.history:
                return self.history.pop()
            before = self.interview.previous(index) if index is not None else None
            if before is None:
                self._say("at_start", "warning")
                return index
            return before
        if cmd.name == "skip":
            if index is None:
                return None
            item = self.interview.steps[index].item
            self.skipped.add(item.id)
            if item.parent is None:  # a question's follow-ups are skipped with it
                self.skipped.update(f.id for f in item.top.follow_ups)
            self.history.append(index)
            self._say("skipped", label=item.label)
            return self.interview.next_open(index, self.skipped)
        if cmd.name == "goto":
            return self._goto(cmd.arg, index)
        return index  # pragma: no cover - every command word is handled above

    def _goto(self, label: str, index: int | None) -> int | None:
        if not label:
            self._say("goto_usage", "error")
            return index
        item = self.interview.find(label)
        if item is None:
            self._say("goto_unknown", "error", label=label)
            return index
        target = self.interview.index_of(item.id)
        if target is None or not self.interview.applies.get(item.id, False):
            why, ref = self.interview.why_not_asked(item)
            if why == "moved":
                moved = item.top.moved_to
                where = f"{moved.questionnaire} ({moved.question})" if moved else "?"
                self._say("goto_moved", "warning", label=item.label, target=where)
            else:
                by = self.interview.questionnaire.index.by_id.get(ref or "")
                self._say("goto_blocked", "warning", label=item.label,
                          ref=by.label if by else ref)
            return index
        if item.answer is None:  # a lead-in without an answer: go to its first follow-up
            target += 1
        if index is not None:
            self.history.append(index)
        self.skipped.discard(self.interview.steps[target].id)
        return target

    # --- finishing -----------------------------------------------------------------------

    def _no_question_left(self) -> Outcome | int:
        """Nothing to ask right now: everything answered (review, submit) or skipped."""
        open_ = self.interview.open_indices()
        if open_:
            self._say("all_skipped", "warning", count=len(open_))
            while True:
                line = self.prompter.ask(self._t("next_prompt"))
                cmd = self.reader.command(line)
                if cmd is None:
                    if not line.strip():  # Enter: go through the skipped ones again
                        self.skipped.clear()
                        return open_[0]
                    self._say("all_skipped", "warning", count=len(open_))
                    continue
                nxt = self._command(cmd, None)
                if nxt == "quit":
                    self._say("saved_resume", "success", path=self.store.path,
                              command=self.resume_command)
                    return "quit"
                if isinstance(nxt, int):
                    return nxt
        return self._finish()

    def _finish(self) -> Outcome | int:
        self.prompter.show_review(build_review(self.interview, self.lang, self.store.status))
        self._say("all_answered", "success")
        while True:
            if self.store.status == "submitted":  # resumed after submitting: look or change
                line = self.prompter.ask(self._t("next_prompt"))
                choice: bool | Command = self.reader.command(line) or Command("quit")
            else:
                choice = self.reader.yes_no(self._t("submit_ask"))
            if isinstance(choice, Command):
                nxt = self._command(choice, None)
                if nxt == "quit":
                    if self.store.status == "submitted":
                        return "submitted"
                    self._say("kept_draft", command=self.resume_command)
                    return "quit"
                if isinstance(nxt, int):
                    return nxt
                continue
            if not choice:
                self._say("kept_draft", command=self.resume_command)
                return "draft"
            if self._submit():
                return "submitted"

    def _submit(self) -> bool:
        from tipq.checks.response import validate_response

        findings = validate_response(self.store.submitted_copy(), self.store.questionnaire,
                                     file=str(self.store.path))
        errors = [f for f in findings if f.level is Severity.ERROR]
        if errors:
            self.prompter.show_findings(errors)
            self._say("submit_refused", "error", count=len(errors))
            self._say("submit_fix_hint", "help")
            return False
        self.store.mark_submitted()
        notes = [f for f in findings if f.level is not Severity.ERROR]
        if notes:
            self._say("warnings", "warning", count=len(notes))
            self.prompter.show_findings(notes)
        self._say("submitted", "success", path=self.store.path)
        return True


def run_session(interview: Interview, store: ResponseStore, prompter: Prompter, *,
                lang: str = "en", resume_command: str = "tipq interview") -> SessionResult:
    """Run one sitting; raises KeyboardInterrupt / EOFError when the person breaks off."""
    return Session(interview, store, prompter, lang=lang, resume_command=resume_command).run()


__all__ = ["KEEP", "Session", "SessionResult", "run_session"]
