"""The tidy rows of ``tipq report``, kept in one SQLite database.

The compilation (:mod:`tipq.checks.compile`) streams every response into these tables as
it is validated, so memory stays flat in the number of files; every view (completion,
answer counts, technical assistance, changes since the previous cycle) is a query over
them, and every output format renders the same rows. ``tipq report --format sqlite``
writes this very database: the secretariat's database, which Datasette and sqlite-utils
open as it is.

One table per entity, with primary and foreign keys:

- ``questionnaires``: each questionnaire a response was checked against;
- ``questions``: every question and follow-up of those questionnaires, with its label,
  section (thematic cluster), requirement tag (report para 32), provisions, kind and text;
- ``responses``: every file given, valid or not, with its State, status, completion,
  findings, the cycle it belongs to (``current`` or ``previous``) and whether it is the
  one kept for its State (``chosen``);
- ``answers``: one row per response × applicable question × value (a multi-choice answer
  has a row per option, a citations answer one per citation, an assistance answer one
  per kind of assistance); questions that apply but are not answered, and those that do
  not apply, have a row with ``state`` ``unanswered`` or ``not-applicable``;
- ``citations``: the legislation cited (title, provision, link);
- ``assistance``: the technical assistance requested (report para 5), one row per kind;
- ``findings``: what ``tipq validate`` found in each file;
- ``expected``: the States expected to respond (``--expected``);
- ``changes``: per State, what changed since the previous cycle.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE questionnaires (
  id INTEGER PRIMARY KEY,
  questionnaire_id TEXT NOT NULL,
  version TEXT NOT NULL,
  hash TEXT NOT NULL,
  file TEXT,
  title TEXT,
  UNIQUE (questionnaire_id, version, hash)
);
CREATE TABLE questions (
  questionnaire INTEGER NOT NULL REFERENCES questionnaires (id),
  id TEXT NOT NULL,
  position INTEGER NOT NULL,
  label TEXT NOT NULL,
  top_id TEXT NOT NULL,
  parent_id TEXT,
  section_id TEXT NOT NULL,
  section TEXT NOT NULL,
  tag TEXT,
  provisions TEXT NOT NULL,
  kind TEXT NOT NULL,
  discrete INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (questionnaire, id)
);
CREATE TABLE responses (
  id INTEGER PRIMARY KEY,
  cycle TEXT NOT NULL CHECK (cycle IN ('current', 'previous')),
  file TEXT NOT NULL,
  country TEXT,
  status TEXT,
  questionnaire INTEGER REFERENCES questionnaires (id),
  created TEXT,
  updated TEXT,
  submitted_at TEXT,
  answered INTEGER,
  applicable INTEGER,
  errors INTEGER NOT NULL,
  warnings INTEGER NOT NULL,
  valid INTEGER NOT NULL,
  chosen INTEGER NOT NULL DEFAULT 0,
  UNIQUE (cycle, file)
);
CREATE TABLE answers (
  response INTEGER NOT NULL REFERENCES responses (id),
  questionnaire INTEGER NOT NULL,
  question TEXT NOT NULL,
  seq INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('answered', 'unanswered', 'not-applicable')),
  value TEXT,
  display TEXT,
  PRIMARY KEY (response, question, seq),
  FOREIGN KEY (questionnaire, question) REFERENCES questions (questionnaire, id)
);
CREATE TABLE citations (
  response INTEGER NOT NULL REFERENCES responses (id),
  question TEXT NOT NULL,
  seq INTEGER NOT NULL,
  title TEXT NOT NULL,
  provision TEXT,
  link TEXT,
  PRIMARY KEY (response, question, seq)
);
CREATE TABLE assistance (
  response INTEGER NOT NULL REFERENCES responses (id),
  question TEXT NOT NULL,
  top_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  needed INTEGER NOT NULL,
  kind TEXT,
  kind_label TEXT,
  description TEXT,
  PRIMARY KEY (response, question, seq)
);
CREATE TABLE findings (
  response INTEGER NOT NULL REFERENCES responses (id),
  seq INTEGER NOT NULL,
  code TEXT NOT NULL,
  severity TEXT NOT NULL,
  line INTEGER,
  col INTEGER,
  question_id TEXT,
  message TEXT NOT NULL,
  PRIMARY KEY (response, seq)
);
CREATE TABLE expected (country TEXT PRIMARY KEY, line INTEGER NOT NULL);
CREATE TABLE changes (
  id INTEGER PRIMARY KEY,
  country TEXT NOT NULL,
  response INTEGER NOT NULL REFERENCES responses (id),
  previous INTEGER NOT NULL REFERENCES responses (id),
  question TEXT NOT NULL,
  label TEXT NOT NULL,
  change TEXT NOT NULL CHECK (change IN ('answer', 'assistance-new', 'assistance-dropped')),
  before TEXT,
  after TEXT
);
"""

INDEXES = """
CREATE INDEX answers_question ON answers (questionnaire, question);
CREATE INDEX responses_country ON responses (cycle, country);
CREATE INDEX assistance_top ON assistance (top_id);
"""

#: Views for readers of the database (Datasette shows them beside the tables).
VIEWS = """
CREATE VIEW answer_counts AS
SELECT a.questionnaire, a.question, q.label, q.section, q.tag,
       CASE WHEN a.state != 'answered' THEN a.state
            WHEN q.discrete THEN a.value ELSE 'answered' END AS bucket,
       count(DISTINCT r.id) AS states,
       group_concat(DISTINCT r.country) AS countries
FROM answers a JOIN responses r ON r.id = a.response
JOIN questions q ON q.questionnaire = a.questionnaire AND q.id = a.question
WHERE r.chosen AND r.cycle = 'current'
GROUP BY a.questionnaire, a.question, bucket;
CREATE VIEW assistance_needs AS
SELECT r.questionnaire, s.top_id, s.kind, count(DISTINCT r.id) AS states,
       group_concat(DISTINCT r.country) AS countries
FROM assistance s JOIN responses r ON r.id = s.response
WHERE r.chosen AND r.cycle = 'current' AND s.needed
GROUP BY r.questionnaire, s.top_id, s.kind;
"""

AnswerRow = tuple[str, int, str, str | None, str | None]  # question, seq, state, value, display
CitationRow = tuple[str, int, str, str | None, str | None]  # question, seq, title, provision, link
# question, top id, seq, needed, kind, kind label, description
AssistanceRow = tuple[str, str, int, int, str | None, str | None, str | None]
FindingRow = tuple[int, str, str, int | None, int | None, str | None, str]


class Store:
    """The database of a compilation: created empty, filled by :mod:`tipq.checks.compile`,
    then only read. ``path`` is a file (a temporary one, normally) or ``:memory:``."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.db = sqlite3.connect(path)
        self.db.execute("PRAGMA journal_mode = OFF")
        self.db.execute("PRAGMA synchronous = OFF")
        self.db.executescript(SCHEMA)
        self.db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))

    def close(self) -> None:
        self.db.close()

    def finish(self) -> None:
        """Indexes and views once the rows are in (faster than keeping indexes up to date)."""
        self.db.executescript(INDEXES + VIEWS)
        self.db.commit()

    # --- writing ------------------------------------------------------------------------

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def add_questionnaire(self, qid: str, version: str, digest: str, file: str | None,
                          title: str, questions: Iterable[Sequence[Any]]) -> int:
        cur = self.db.execute("INSERT INTO questionnaires (questionnaire_id, version, hash, "
                              "file, title) VALUES (?, ?, ?, ?, ?)",
                              (qid, version, digest, file, title))
        key = cur.lastrowid
        assert key is not None
        self.db.executemany("INSERT INTO questions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                            "?)", ((key, *row) for row in questions))
        return key

    def add_response(self, cycle: str, row: Sequence[Any], answers: Iterable[AnswerRow],
                     citations: Iterable[CitationRow], assistance: Iterable[AssistanceRow],
                     findings: Iterable[FindingRow]) -> int:
        """``row``: file, country, status, questionnaire key, created, updated, submitted_at,
        answered, applicable, errors, warnings, valid."""
        cur = self.db.execute(
            "INSERT INTO responses (cycle, file, country, status, questionnaire, created, "
            "updated, submitted_at, answered, applicable, errors, warnings, valid) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (cycle, *row))
        rid = cur.lastrowid
        assert rid is not None
        qkey = row[3]
        db = self.db
        db.executemany("INSERT INTO answers VALUES (?, ?, ?, ?, ?, ?, ?)",
                       [(rid, qkey, *a) for a in answers])
        db.executemany("INSERT INTO citations VALUES (?, ?, ?, ?, ?, ?)",
                       [(rid, *c) for c in citations])
        db.executemany("INSERT INTO assistance VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       [(rid, *s) for s in assistance])
        db.executemany("INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       [(rid, *f) for f in findings])
        return rid

    def add_expected(self, codes: Iterable[tuple[str, int]]) -> None:
        self.db.executemany("INSERT OR IGNORE INTO expected VALUES (?, ?)", codes)

    # --- reading ------------------------------------------------------------------------

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.db.execute(sql, params).fetchall()

    def iter_rows(self, sql: str, params: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
        cur = self.db.execute(sql, params)
        while True:
            batch = cur.fetchmany(2000)
            if not batch:
                return
            yield from batch

    def copy_to(self, path: str) -> None:
        """Write the whole database to ``path`` (which must not be open elsewhere)."""
        self.db.commit()
        out = sqlite3.connect(path)
        try:
            with out:
                self.db.backup(out)
            out.execute("PRAGMA journal_mode = DELETE")
        finally:
            out.close()


__all__ = ["SCHEMA_VERSION", "Store"]
