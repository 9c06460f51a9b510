"""``tipq report``: the views of the compilation, each a list of small rows built from the
store, which every output format renders."""

from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from tipq.checks.compile_consts import GAP_VALUES, NOT_NEEDED, STATUSES
from tipq.checks.compile_store import (
    Store,
)

# --- the rows of the views ----------------------------------------------------------------


@dataclass(frozen=True)
class StateRow:
    """A State in the compilation: the response kept for it, and the others."""

    country: str
    file: str
    status: str | None
    answered: int | None
    applicable: int | None
    updated: str | None
    questionnaire: str
    others: tuple[str, ...] = ()  # the other (valid) responses of this State, not counted
    expected: bool | None = None  # None: no list of expected States was given


@dataclass(frozen=True)
class InvalidRow:
    """A file left out of the counts: it has errors (``tipq validate`` tells them)."""

    file: str
    country: str | None
    status: str | None
    errors: int
    first: str  # the first error, as one line


@dataclass(frozen=True)
class ExpectedRow:
    """An expected State without a submitted response: ``missing``, ``draft`` or
    ``invalid`` (only files with errors)."""

    country: str
    situation: str
    file: str | None


@dataclass(frozen=True)
class QuestionInfo:
    questionnaire: int
    id: str
    position: int
    label: str
    top_id: str
    section_id: str
    section: str
    tag: str | None
    provisions: str
    kind: str
    discrete: bool
    text: str


@dataclass(frozen=True)
class CountRow:
    """How many States gave ``bucket`` to a question (a value, ``answered`` for open
    questions, ``not-applicable`` or ``unanswered``), and which."""

    question: QuestionInfo
    bucket: str
    display: str
    count: int
    countries: tuple[str, ...]


@dataclass(frozen=True)
class AssistanceNeed:
    """A provision (its numbered question) × a kind of assistance: the States asking."""

    question: QuestionInfo  # the numbered question the assistance item belongs to
    kind: str
    kind_label: str
    count: int
    countries: tuple[str, ...]


@dataclass(frozen=True)
class GapRow:
    """A mandatory provision a State answered No or Yes, in part, asking for assistance."""

    country: str
    question: QuestionInfo
    value: str
    display: str
    kinds: tuple[str, ...]  # labels
    description: str | None


@dataclass(frozen=True)
class ChangeRow:
    """What changed for a State since the previous cycle, on one question."""

    country: str
    question: str
    label: str
    change: str  # answer, assistance-new, assistance-dropped
    before: str | None
    after: str | None


@dataclass(frozen=True)
class LongRow:
    """One row of the long (tidy) table: a State × question × value."""

    country: str
    file: str
    status: str
    questionnaire: str
    section: str
    tag: str | None
    question: str
    label: str
    kind: str
    state: str
    seq: int
    value: str | None
    display: str | None


# --- the compilation -----------------------------------------------------------------------


class Compilation:
    """The result of :func:`compile_responses`: the store and its views. Close it (or use
    it as a context manager) to delete the temporary database."""

    def __init__(self, store: Store, lang: str, *, files: int, previous: bool,
                 expected_given: bool, tmpdir: tempfile.TemporaryDirectory[str] | None) -> None:
        self.store = store
        self.lang = lang
        self.files = files  # files of the current cycle
        self.has_previous = previous
        self.expected_given = expected_given
        self._tmpdir = tmpdir

    def __enter__(self) -> Compilation:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()
        if self._tmpdir is not None:
            self._tmpdir.cleanup()
            self._tmpdir = None

    # --- completion -------------------------------------------------------------------

    @cached_property
    def questionnaire_names(self) -> dict[int, str]:
        return {k: f"{qid} {version}" for k, qid, version in self.store.rows(
            "SELECT id, questionnaire_id, version FROM questionnaires")}

    @cached_property
    def title(self) -> str:
        titles = [t for (t,) in self.store.rows("SELECT title FROM questionnaires ORDER BY id")]
        return "; ".join(dict.fromkeys(titles))

    @cached_property
    def states(self) -> list[StateRow]:
        """Per State, the response kept for it (valid responses of the current cycle)."""
        expected = {c for (c,) in self.store.rows("SELECT country FROM expected")}
        others: dict[str, list[str]] = defaultdict(list)
        for country, file in self.store.rows(
                "SELECT country, file FROM responses WHERE cycle = 'current' AND valid AND "
                "NOT chosen ORDER BY country, file"):
            others[country].append(file)
        rows = []
        for country, file, status, answered, applicable, updated, qkey in self.store.rows(
                "SELECT country, file, status, answered, applicable, updated, questionnaire "
                "FROM responses WHERE cycle = 'current' AND chosen ORDER BY country"):
            rows.append(StateRow(country, file, status, answered, applicable, updated,
                                 self.questionnaire_names.get(qkey, ""),
                                 tuple(others.get(country, ())),
                                 (country in expected) if self.expected_given else None))
        return rows

    @cached_property
    def invalid(self) -> list[InvalidRow]:
        rows = []
        for rid, file, country, status, errors in self.store.rows(
                "SELECT id, file, country, status, errors FROM responses "
                "WHERE cycle = 'current' AND NOT valid ORDER BY file"):
            first = self.store.rows("SELECT line, col, code, message FROM findings WHERE "
                                    "response = ? AND severity = 'error' ORDER BY seq LIMIT 1",
                                    (rid,))
            where = ""
            text = ""
            if first:
                line, col, code, message = first[0]
                where = f"{line}:{col}: " if line else ""
                text = f"{where}{code} {message}"
            rows.append(InvalidRow(file, country, status, errors, text))
        return rows

    @cached_property
    def expected(self) -> list[ExpectedRow]:
        """Expected States with no response, only a draft, or only files with errors."""
        rows = []
        for country, chosen_status, chosen_file, invalid_file in self.store.rows(
                "SELECT e.country, c.status, c.file, "
                "(SELECT min(file) FROM responses i WHERE i.cycle = 'current' AND NOT i.valid "
                " AND i.country = e.country) "
                "FROM expected e LEFT JOIN responses c ON c.country = e.country "
                "AND c.cycle = 'current' AND c.chosen ORDER BY e.country"):
            if chosen_file is None:
                situation = "invalid" if invalid_file else "missing"
                rows.append(ExpectedRow(country, situation, invalid_file))
            elif chosen_status != "submitted":
                rows.append(ExpectedRow(country, chosen_status or "draft", chosen_file))
        return rows

    @cached_property
    def unexpected(self) -> list[str]:
        """States that responded but are not on the list of expected States."""
        if not self.expected_given:
            return []
        return [s.country for s in self.states if not s.expected]

    @cached_property
    def status_counts(self) -> dict[str, int]:
        """States by the status of the response kept, with ``invalid`` (States with files
        with errors only) and ``missing`` (expected States without any file)."""
        counts: dict[str, int] = {s: 0 for s in STATUSES}
        for s in self.states:
            counts[s.status or "draft"] = counts.get(s.status or "draft", 0) + 1
        kept = {s.country for s in self.states}
        invalid_states = {r.country for r in self.invalid if r.country and r.country not in kept}
        counts["invalid"] = len(invalid_states) + sum(
            1 for r in self.invalid if not r.country)
        if self.expected_given:
            counts["missing"] = sum(1 for e in self.expected if e.situation == "missing")
        return counts

    # --- answers --------------------------------------------------------------------------

    @cached_property
    def questions(self) -> dict[tuple[int, str], QuestionInfo]:
        """Every question and follow-up of the questionnaires used, in document order."""
        return {(r[0], r[1]): QuestionInfo(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7],
                                           r[8], r[9], bool(r[10]), r[11])
                for r in self.store.rows(
                    "SELECT questionnaire, id, position, label, top_id, section_id, section, "
                    "tag, provisions, kind, discrete, text FROM questions "
                    "ORDER BY questionnaire, position")}

    @cached_property
    def counts(self) -> list[CountRow]:
        """Per question (document order), the States behind each value, then not
        applicable and unanswered. Choice values come in the questionnaire's order."""
        order = self._bucket_order()
        found: dict[tuple[int, str], list[CountRow]] = defaultdict(list)
        for qkey, qid, bucket, display, n, states in self.store.rows(
                "SELECT a.questionnaire, a.question, "
                "CASE WHEN a.state != 'answered' THEN a.state "
                "WHEN q.discrete THEN a.value ELSE 'answered' END AS bucket, "
                "min(a.display), count(DISTINCT r.id), group_concat(DISTINCT r.country) "
                "FROM answers a JOIN responses r ON r.id = a.response "
                "JOIN questions q ON q.questionnaire = a.questionnaire AND q.id = a.question "
                "WHERE r.chosen AND r.cycle = 'current' "
                "GROUP BY a.questionnaire, a.question, bucket"):
            info = self.questions[(qkey, qid)]
            shown = display if info.discrete and bucket not in ("unanswered",
                                                                 "not-applicable") else bucket
            found[(qkey, qid)].append(CountRow(info, bucket, shown or bucket, n,
                                               tuple(sorted(states.split(",")))))
        rows: list[CountRow] = []
        for key in self.questions:
            rank = order.get(key, {})
            rows.extend(sorted(found.get(key, []),
                               key=lambda c: (rank.get(c.bucket, len(rank)), c.bucket)))
        return rows

    def _bucket_order(self) -> dict[tuple[int, str], dict[str, int]]:
        """The order of values per question: options as listed, then the other states."""
        orders: dict[tuple[int, str], dict[str, int]] = {}
        for key, options in self._options.items():
            seq = [*options, NOT_NEEDED, "answered", "not-applicable", "unanswered"]
            orders[key] = {b: i for i, b in enumerate(seq)}
        return orders

    @cached_property
    def _options(self) -> dict[tuple[int, str], list[str]]:
        return dict(self._option_rows())

    def _option_rows(self) -> Iterator[tuple[tuple[int, str], list[str]]]:
        for key, value in self.store.rows("SELECT key, value FROM meta WHERE key LIKE "
                                          "'options:%'"):
            _, qkey, qid = key.split(":", 2)
            yield (int(qkey), qid), json.loads(value)

    # --- technical assistance -------------------------------------------------------------

    @cached_property
    def assistance(self) -> list[AssistanceNeed]:
        """Provision × kind of assistance × States asking, in document order."""
        rows = []
        for qkey, top, kind, label, n, states in self.store.rows(
                "SELECT r.questionnaire, s.top_id, s.kind, min(s.kind_label), "
                "count(DISTINCT r.id), group_concat(DISTINCT r.country) "
                "FROM assistance s JOIN responses r ON r.id = s.response "
                "WHERE r.chosen AND r.cycle = 'current' AND s.needed "
                "GROUP BY r.questionnaire, s.top_id, s.kind"):
            rows.append(AssistanceNeed(self.questions[(qkey, top)], kind, label, n,
                                       tuple(sorted(states.split(",")))))
        return sorted(rows, key=lambda a: (a.question.questionnaire, a.question.position,
                                           -a.count, a.kind))

    @cached_property
    def assistance_by_kind(self) -> list[tuple[str, str, int]]:
        """Kind of assistance, its label, and how many States ask for it anywhere."""
        return [(k, label, n) for k, label, n in self.store.rows(
            "SELECT s.kind, min(s.kind_label), count(DISTINCT r.country) "
            "FROM assistance s JOIN responses r ON r.id = s.response "
            "WHERE r.chosen AND r.cycle = 'current' AND s.needed "
            "GROUP BY s.kind ORDER BY count(DISTINCT r.country) DESC, s.kind")]

    @cached_property
    def gaps(self) -> list[GapRow]:
        """Mandatory provisions answered No or Yes, in part where assistance is requested:
        the list a donor or the secretariat acts on. By provision, then State."""
        marks = ",".join("?" for _ in GAP_VALUES)
        rows = []
        for country, qkey, top, value, display, kinds, description in self.store.rows(
                "SELECT r.country, r.questionnaire, s.top_id, a.value, a.display, "
                "group_concat(s.kind_label, '\x1f'), min(s.description) "
                "FROM assistance s JOIN responses r ON r.id = s.response "
                "JOIN questions q ON q.questionnaire = r.questionnaire AND q.id = s.top_id "
                "JOIN answers a ON a.response = r.id AND a.question = s.top_id "
                "AND a.state = 'answered' "
                f"WHERE r.chosen AND r.cycle = 'current' AND s.needed AND q.tag = 'mandatory' "
                f"AND q.kind = 'closed' AND a.value IN ({marks}) "
                "GROUP BY r.id, s.question", GAP_VALUES):
            rows.append(GapRow(country, self.questions[(qkey, top)], value, display,
                               tuple(kinds.split("\x1f")), description))
        return sorted(rows, key=lambda g: (g.question.questionnaire, g.question.position,
                                           g.country))

    # --- changes since the previous cycle -------------------------------------------------

    @cached_property
    def changes(self) -> list[ChangeRow]:
        return [ChangeRow(*r) for r in self.store.rows(
            "SELECT c.country, c.question, c.label, c.change, c.before, c.after "
            "FROM changes c JOIN responses r ON r.id = c.response "
            "JOIN questions q ON q.questionnaire = r.questionnaire AND q.id = c.question "
            "ORDER BY c.country, q.position, c.change, c.id")]

    # --- the long table ------------------------------------------------------------------

    def iter_long(self) -> Iterator[LongRow]:
        """Every answer row of the responses kept, State by State, in document order."""
        names = self.questionnaire_names
        for row in self.store.iter_rows(
                "SELECT r.country, r.file, r.status, r.questionnaire, q.section, q.tag, "
                "a.question, q.label, q.kind, a.state, a.seq, a.value, a.display "
                "FROM answers a JOIN responses r ON r.id = a.response "
                "JOIN questions q ON q.questionnaire = a.questionnaire AND q.id = a.question "
                "WHERE r.chosen AND r.cycle = 'current' "
                "ORDER BY r.country, r.id, q.position, a.seq"):
            yield LongRow(row[0], row[1], row[2], names.get(row[3], ""), *row[4:])

    # --- totals ------------------------------------------------------------------------------

    @property
    def invalid_count(self) -> int:
        return len(self.invalid)


