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
from tipq.core.i18n import command_words, t
from tipq.interview.engine import Interview
from tipq.interview.entry import KEEP, REVIEW_FILTERS, AnswerContext, Command, Keep, Reader
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
        self.reader = Reader(prompter, lang, on_command=self._in_place)
        self.history: list[int] = []
        #: skipped questions, remembered in the file (``skipped:``) for later sittings
        self.skipped: set[str] = set(store.skipped)
        self._drafted = False

    def _t(self, key: str, **params: Any) -> str:
        return t(key, self.lang, **params)

    def _say(self, key: str, kind: str = "info", **params: Any) -> None:
        self.prompter.say(self._t(key, **params), kind)

    # --- the loop ------------------------------------------------------------------------

    def run(self) -> SessionResult:
        words = command_words(self.lang)
        self.prompter.offer(list(words), [w for w, c in words.items() if c == "goto"],
                            [s.item.label for s in self.interview.steps])
        pending = self._intro()
        index = self.interview.next_open(-1, self.skipped)
        show = True
        while True:
            if pending is not None:
                got: Any = pending
                pending = None
            else:
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
                show = not (nxt == index and got.name in ("help", "goto", "back", "edit"))
                index = nxt
                continue
            assert index is not None
            self.history.append(index)
            if not isinstance(got, Keep):
                self._record(index, got)
            index = self.interview.next_open(index, self.skipped)

    def _result(self, outcome: Outcome) -> SessionResult:
        answered, applicable = self.interview.counts()
        return SessionResult(outcome, answered, applicable)

    def _intro(self) -> Command | None:
        """Welcome, and what this sitting starts from; a command typed while the
        respondent's details were asked (``quit``, ``goto 3``...), to carry out first."""
        from tipq.core import countries
        from tipq.core.languages import pick_text

        q = self.store.questionnaire
        if self.store.recovered_lock is not None:
            info = self.store.recovered_lock
            self._say("recovered_lock", "warning", pid=info.pid, host=info.host)
        self._say("welcome", title=pick_text(q.title, self.lang)[0], version=q.version,
                  country=countries.describe(self.store.data["country"], self.lang),
                  path=self.store.path)
        if q.description:
            self.prompter.say(pick_text(q.description, self.lang)[0], "help")
        answered, applicable = self.interview.counts()
        pending = None
        if self.store.created_now:
            self._say("new_response_at", path=self.store.path.absolute())
            pending = self._ask_respondent()
        elif answered:
            self._say("resumed", answered=answered, applicable=applicable)
        still = [self.interview.steps[i].item.label for i in self.interview.open_indices()
                 if self.interview.steps[i].id in self.skipped]
        if still:
            self._say("resumed_skipped", "warning", labels=", ".join(still))
        if self.store.status == "submitted":
            self._say("already_submitted", "warning",
                      when=self.store.data.get("submitted_at", "?"))
        return pending

    def _in_place(self, cmd: Command) -> bool:
        """``help`` and ``review`` in the middle of an answer: carried out, and the same
        prompt asked again (True); any other command ends the answer (False)."""
        if cmd.name in ("help", "review"):
            self._command(cmd, None)
            return True
        return False

    def _ask_respondent(self, change: bool = False) -> Command | None:
        """Name, institution and e-mail, each kept with Enter when known, ``-`` removes it;
        ``back`` goes to the field before, ``skip`` leaves the rest as it is."""
        self._say("respondent_intro", "help")
        if change:
            self._say("respondent_keep_hint", "help")
        found = self.store.data.get("respondent")
        values: dict[str, str] = {k: str(v) for k, v in (found or {}).items() if v}
        fields = (("name", "respondent_name"), ("institution", "respondent_institution"),
                  ("email", "respondent_email"))
        i = 0
        pending: Command | None = None
        while i < len(fields):
            key, label = fields[i]
            prompt = self._t(label)
            if values.get(key):
                prompt = self._t("keeps", prompt=prompt, value=values[key])
            line = self.reader.ask_line(prompt)
            if isinstance(line, Command):
                if line.name == "back":
                    i = max(0, i - 1)
                    continue
                if line.name != "skip":
                    pending = line
                break
            text = line.strip()
            if text == "-":
                values.pop(key, None)
            elif text:
                if key == "email" and not (_EMAIL_OK in text and " " not in text
                                           and "." in text):
                    self._say("bad_email", "error", text=text)
                    continue
                values[key] = text
            i += 1
        if values != {k: str(v) for k, v in (found or {}).items() if v}:
            self.store.set_respondent(values.get("name"), values.get("institution"),
                                      values.get("email"))
            if change:
                self._say("respondent_saved", "success")
        return pending

    def _ask(self, index: int, show: bool = True) -> Any:
        card = build_card(self.interview, index, self.lang)
        if show:
            self.prompter.show_question(card)
        item = self.interview.steps[index].item
        form = item.answer
        answered = (card.current is not None and card.invalid is None
                    and item.id not in self.interview.unfinished)
        got = self.reader.read(form, answered, self._context(item.id))
        if self._drafted and isinstance(got, Command):  # citations saved as typed
            self.interview.replace_values(self.store.values, self.store.unfinished)
        self._drafted = False
        return got

    def _context(self, item_id: str) -> AnswerContext:
        def save_draft(value: Any) -> None:
            self.store.set_answer(item_id, value, unfinished=True)
            self._drafted = True
            self.skipped.discard(item_id)

        elsewhere = [c for k, v in self.store.values.items() if k != item_id
                     and isinstance(v, list) for c in v
                     if isinstance(c, dict) and isinstance(c.get("title"), str)]
        return AnswerContext(current=self.interview.values.get(item_id), save_draft=save_draft,
                             legislation=dict(self.store.legislation),
                             add_legislation=self.store.add_legislation,
                             cited_elsewhere=elsewhere, values=self.interview.values)

    def _record(self, index: int, value: Any) -> None:
        item = self.interview.steps[index].item
        was_submitted = self.store.status == "submitted"
        is_change = self.interview.is_answered(item.id)
        self.store.set_answer(item.id, value)
        self.skipped.discard(item.id)
        for notice in self.store.take_notices():
            self._say(notice.kind, "warning", path=self.store.path, backup=notice.backup)
            if notice.kind == "edited_outside":
                self.interview.replace_values(self.store.values, self.store.unfinished)
        change = self.interview.answer(item.id, value)
        for it in change.flagged:
            self._say("flagged", "warning", label=it.label)
        for it in change.unflagged:
            self._say("unflagged", label=it.label)
        if is_change and change.opened:
            self._say("opened", labels=", ".join(i.label for i in change.opened))
        if was_submitted:
            self._say("reopened", "warning")
        self._prune_skipped()

    def _prune_skipped(self) -> None:
        """Keep on the ``skipped`` list only what is still open."""
        still = [i for i in self.store.skipped
                 if (at := self.interview.index_of(i)) is not None and self.interview.is_open(at)]
        if still != self.store.skipped:
            self.store.set_skipped(still)

    # --- commands ------------------------------------------------------------------------

    def _command(self, cmd: Command, index: int | None) -> int | Literal["quit"] | None:
        """Carry out ``cmd``; the step to show next (``index`` to ask the same again)."""
        if cmd.name == "quit":
            return "quit"
        if cmd.name == "help":
            self.prompter.say(self._t("help") + "\n" + self._t("help_more"), "help")
            return index
        if cmd.name == "review":
            only_open = cmd.arg.strip().casefold() in REVIEW_FILTERS
            self.prompter.show_review(build_review(self.interview, self.lang, self.store.status,
                                                   only_open=only_open, paged=True))
            return index
        if cmd.name == "clear":
            if index is not None:
                self._clear(index)
            return index
        if cmd.name == "edit":
            self._say("editor_text_only", "warning")
            return index
        if cmd.name == "respondent":
            pending = self._ask_respondent(change=True)
            return self._command(pending, index) if pending is not None else index
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
            self.history.append(index)
            if not self.interview.is_open(index):  # answered: kept as it is
                self._say("skipped_kept", label=item.label)
                return self.interview.next_open(index, self.skipped)
            ids = [item.id]
            if item.parent is None:  # a question's follow-ups are skipped with it
                ids += [f.id for f in item.top.follow_ups]
            self.skipped.update(ids)
            self.store.set_skipped([*self.store.skipped, *ids])
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

    def _clear(self, index: int) -> None:
        """Remove the answer at ``index`` (and, after asking, its follow-ups' answers)."""
        item = self.interview.steps[index].item
        values = self.store.values
        follow = [self.interview.questionnaire.index.by_id[f.id] for f in item.top.follow_ups
                  if item.parent is None and f.id in values]
        if item.id not in values and not follow:
            self._say("nothing_to_clear", "warning", label=item.label)
            return
        if follow:
            answer = self.reader.yes_no(
                self._t("clear_confirm", label=item.label,
                        labels=", ".join(f.label for f in follow)) + " "
                + self._t("yes_no_hint"))
            if answer is not True:
                self._say("clear_cancelled")
                return
        ids = [item.id, *(f.id for f in follow)]
        self._remove(ids)

    def _remove(self, ids: list[str]) -> None:
        was_submitted = self.store.status == "submitted"
        index = self.interview.questionnaire.index.by_id
        self.store.clear_answers(ids)
        self.interview.replace_values(self.store.values, self.store.unfinished)
        self._say("cleared", labels=", ".join(index[i].label for i in ids))
        if was_submitted:
            self._say("reopened", "warning")

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
            self._offer_removal()
            if self._submit():
                return "submitted"
            open_ = self.interview.next_open(-1)
            if open_ is not None:  # the file changed meanwhile: a question is open again
                return open_

    def _offer_removal(self) -> None:
        """Answers kept that no longer apply: offered for removal, by number."""
        flagged = self.interview.flagged()
        if not flagged:
            return
        answer = self.reader.yes_no(
            self._t("remove_flagged_ask", labels=", ".join(i.label for i in flagged)) + " "
            + self._t("yes_no_hint"))
        if answer is True:
            self._remove([i.id for i in flagged])

    def _submit(self) -> bool:
        """Mark the response submitted if the file, as it will be saved (edits made outside
        merged in), passes ``tipq validate``'s checks; else show the findings."""
        from tipq.checks.batch import validate_text

        text = self.store.submission_text()
        for notice in self.store.take_notices():
            self._say(notice.kind, "warning", path=self.store.path, backup=notice.backup)
            self.interview.replace_values(self.store.values, self.store.unfinished)
            self._say("submit_changed_outside", "warning")
        result = validate_text(text, self.store.questionnaire, display=str(self.store.path),
                               now=self.store.clock())
        findings = result.findings
        errors = [f for f in findings if f.level is Severity.ERROR]
        if errors:
            self.prompter.show_findings(errors)
            self._say("submit_refused", "error", count=len(errors))
            self._say("submit_fix_hint", "help")
            return False
        self.store.mark_submitted()
        self.skipped.clear()
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
