"""Findings and the catalog of finding codes.

A :class:`Finding` is a value: what is wrong, where (file, line, column, question id) and
how to fix it. Loaders, ``check`` and ``validate`` return findings; they never print.

Every finding has a code from :data:`CATALOG`. Each entry has a severity, a message
template and a hint template, both formatted with the finding's ``params``. Tests assert
against the catalog, and ``docs/finding-codes.md`` is generated from it
(``python -m tipq.core.findings > docs/finding-codes.md``; a test keeps the two in sync).

Code families:

- ``Y`` reading a file: encoding, size, YAML syntax and the guards against hostile YAML;
- ``Q`` a questionnaire (``tipq check``);
- ``R`` a response (``tipq validate`` and the interview's submit step).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    severity: Severity
    message: str
    hint: str
    audience: str = ""  # who usually meets it: reviewer, secretariat, author


def _c(code: str, name: str, severity: Severity, message: str, hint: str, audience: str) -> Code:
    return Code(code, name, severity, message, hint, audience)


E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741

_CODES: tuple[Code, ...] = (
    # --- reading files -------------------------------------------------------------------
    _c("Y001", "unreadable-file", E, "cannot read the file: {reason}",
       "Check that the path names a regular file you may read.", "all"),
    _c("Y002", "file-too-large", E,
       "the file is {size} bytes; tipq reads files of at most {limit} bytes",
       "A questionnaire or response is far smaller; check that this is the right file.", "all"),
    _c("Y003", "invalid-utf8", E, "the file is not valid UTF-8 (byte 0x{byte} cannot start or "
       "continue a character)",
       "Save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8).", "all"),
    _c("Y004", "utf16-file", E, "the file is encoded as {encoding}; tipq reads UTF-8 only",
       "Save the file as UTF-8 (in Notepad: Save As, Encoding: UTF-8). Nothing is converted "
       "silently, so that no character is misread.", "reviewer"),
    _c("Y005", "binary-file", E, "the file contains a NUL byte: it is binary, not YAML text",
       "Check that this is the right file; YAML files are plain text.", "all"),
    _c("Y006", "yaml-syntax", E, "YAML syntax error: {problem}", "{fix}", "all"),
    _c("Y007", "too-deep", E, "the YAML nests deeper than {limit} levels",
       "tipq files nest only a few levels; remove the runaway nesting.", "all"),
    _c("Y008", "alias-refused", E, "YAML {what} are not allowed in tipq files",
       "Write the value out in full instead of using '&anchor' and '*alias'.", "all"),
    _c("Y009", "tag-refused", E, "the YAML tag {tag} is not allowed",
       "Remove the tag; tipq files hold plain text, numbers, lists and mappings.", "all"),
    _c("Y010", "duplicate-key", E, "the key '{key}' appears twice in this mapping{where} "
       "(first at line {first_line})",
       "Keep one of the two entries: YAML keeps only one, so the other would be lost.", "all"),
    _c("Y011", "not-one-document", E, "{problem}",
       "A tipq file holds exactly one YAML document.", "all"),
    _c("Y012", "not-a-mapping", E, "the file holds {kind}, not a mapping of keys to values",
       "A tipq file starts with keys such as 'id:' (questionnaire) or 'questionnaire:' "
       "(response).", "all"),
    _c("Y013", "complex-key", E, "a mapping key must be plain text, not {kind}",
       "Write the key as text.", "all"),
    _c("Y014", "too-many-values", E, "the file holds more than {limit} values",
       "A questionnaire or response holds a few thousand values; check that this is the "
       "right file.", "all"),
    # --- questionnaires (tipq check) ------------------------------------------------------
    _c("Q001", "questionnaire-structure", E, "{message}",
       "{fix} (docs/questionnaire-format.md lists the fields.)", "author"),
    _c("Q101", "duplicate-question-id", E,
       "question id '{id}' is used twice (first at line {first_line})",
       "Give each question its own id; ids are stable and never reused.", "author"),
    _c("Q102", "duplicate-number", E,
       "question number {number} is used twice (first by '{first_id}')",
       "Renumber one of the two questions.", "author"),
    _c("Q103", "duplicate-section-id", E, "section id '{id}' is used twice",
       "Give each section its own id.", "author"),
    _c("Q104", "requirement-missing", E, "question '{id}' has no 'requirement'",
       "Add 'requirement: mandatory' (for a 'shall' obligation) or "
       "'requirement: non-mandatory' (report para 32: every question is tagged).", "author"),
    _c("Q105", "requirement-contradicts-obligation", E,
       "question '{id}' is tagged {requirement} but its obligation '{obligation}' makes it "
       "{expected}",
       "Set 'requirement: {expected}', or correct 'obligation' to the wording of the "
       "provision.", "author"),
    _c("Q106", "when-unknown-question", E,
       "'when' refers to question '{ref}', which does not exist",
       "Refer to the id of an earlier question.", "author"),
    _c("Q107", "when-not-earlier", E,
       "'when' refers to question '{ref}', which is not asked before '{id}'",
       "A follow-up can only depend on an answer given earlier; move it or change 'when'.",
       "author"),
    _c("Q108", "when-impossible-value", E,
       "'when' expects '{value}' from question '{ref}', which cannot give that answer "
       "(it accepts: {accepted})",
       "Use one of the accepted values.", "author"),
    _c("Q109", "when-on-open-answer", E,
       "'when' refers to question '{ref}', whose {type} answer has no fixed values",
       "Conditions can only test closed, choice and multi-choice answers.", "author"),
    _c("Q110", "missing-translation", E, "{what} has no text in declared language '{lang}'",
       "Add the '{lang}:' text, or remove '{lang}' from 'languages'.", "author"),
    _c("Q111", "empty-choices", E, "question '{id}' offers no options",
       "List at least two options under 'options'.", "author"),
    _c("Q112", "moved-target-unresolved", E,
       "question '{id}' is moved to {target}, which is neither among the files checked nor "
       "beside this one",
       "Check the moved_to ids; keep the target questionnaire beside this file as <id>.yaml, "
       "or pass it to tipq check too.", "author"),
    _c("Q113", "moved-inconsistent", E, "{message}",
       "A moved question has 'status: moved' and a 'moved_to'; other questions have neither.",
       "author"),
    _c("Q114", "unknown-provision", E, "'{provision}' is not a provision of the {instrument}",
       "Write provisions as article(paragraph)(subparagraph), e.g. '5(2)(a)', and check "
       "the article against the treaty text.", "author"),
    _c("Q115", "numbering-gap", W, "question numbers jump from {before} to {after}",
       "Renumber, or list the missing numbers under 'retired_numbers' with a reason.", "author"),
    _c("Q116", "follow-up-never-applies", E, "follow-up '{id}' can never apply: {reason}",
       "Fix its 'when' so that some answer makes it apply.", "author"),
    _c("Q117", "undeclared-language", W,
       "{what} has text in '{lang}', which is not among the declared languages",
       "Add '{lang}' to 'languages', or remove the text.", "author"),
    _c("Q118", "no-consensus-without-alternative", W,
       "question '{id}' has no consensus but offers no alternative wording",
       "Record the wordings on the table under 'alternatives' (report para 31).", "author"),
    _c("Q119", "replaced-id-unknown", E,
       "'{id}' replaces '{old}', which is not a question of version {version} it derives from",
       "Name an id of that version in 'replaces' (tipq diff OLD NEW lists them), or remove "
       "it.", "author"),
    _c("Q120", "id-reused", E, "{message}",
       "Ids are never reused for another question: give the new question a new id and list "
       "the old one under its 'replaces' (docs/versions.md).", "author"),
    _c("Q121", "renamed-code-unknown", E, "{message}",
       "'renamed' maps an option code of the older version to one of this version: "
       "{{old-code: new-code}}; the new code must be among 'options' and the old one not.",
       "author"),
    _c("Q122", "derived-from-not-found", I,
       "the version it derives from ('{id}' version {version}) was not found beside this "
       "file or among the files checked, so 'replaces' and 'renamed' were not checked "
       "against it",
       "Keep the older version beside this file, or pass it to tipq check too.", "author"),
    # --- responses (tipq validate, interview submit) --------------------------------------
    _c("R001", "response-structure", E, "{message}",
       "{fix} (docs/response-format.md lists the fields.)", "reviewer"),
    _c("R101", "questionnaire-not-found", E,
       "no questionnaire '{id}' version {version} was found (looked in: {where})",
       "Pass the questionnaire with --questionnaire PATH.", "secretariat"),
    _c("R102", "questionnaire-version-mismatch", E,
       "the response was written for version {version} of '{id}'; the questionnaire "
       "found is version {found}",
       "Validate against the version the response names, or migrate the response.",
       "secretariat"),
    _c("R103", "questionnaire-hash-mismatch", E,
       "the questionnaire '{id}' version {version} has changed since the response was "
       "written (hash {expected} in the response, {found} now)",
       "Ask for the questionnaire file the response was written for.", "secretariat"),
    _c("R104", "invalid-country", E, "'{country}' is not a country code tipq knows",
       "Use an ISO 3166-1 alpha-3 code (e.g. ARG, NGA, ITA) or EU{suggestion}.", "reviewer"),
    _c("R105", "country-file-name-mismatch", W,
       "the response is for {country} but the file is named {name}",
       "Name the file {country}.yaml, or correct 'country'.", "secretariat"),
    _c("R106", "unanswered", E, "question {number} ('{id}') is not answered",
       "Answer it: every question applies to the review, mandatory or not "
       "(report para 32).", "reviewer"),
    _c("R107", "open-in-draft", I, "{count} of {total} applicable questions are still open",
       "Open questions are fine in a draft; answer them all before submitting.", "reviewer"),
    _c("R108", "invalid-answer", E, "question {number} ('{id}'): {problem}",
       "{fix}", "reviewer"),
    _c("R109", "citation-required", E,
       "question {number} ('{id}') is answered '{value}' but no legislation is cited",
       "Cite the applicable legislation under '{follow_up}': a 'Yes' needs it.", "reviewer"),
    _c("R110", "follow-up-not-applicable", W,
       "question {number} ('{id}') is answered, but it does not apply {reason}",
       "Remove the answer, or {change}. tipq keeps it so that nothing is lost.", "reviewer"),
    _c("R111", "unknown-question", E, "'{id}' is not a question of this questionnaire",
       "Check the id against the questionnaire; remove or rename the entry.", "reviewer"),
    _c("R112", "answer-to-moved-question", W,
       "'{id}' was moved to {target}; its answer here is not reviewed",
       "Give this answer in the questionnaire it moved to.", "reviewer"),
    _c("R113", "timestamp-inconsistent", W, "{problem}",
       "Check the clock of the machine that wrote the file, or correct the timestamp.",
       "secretariat"),
    _c("R114", "questionnaire-unreadable", E,
       "the questionnaire '{id}' for this response cannot be read: {reason}",
       "Fix the questionnaire first (tipq check).", "secretariat"),
    _c("R115", "unquoted-yaml11-value", W,
       "question {number} ('{id}'): the answer {value} is written without quotes, and YAML 1.1 "
       "tools such as PyYAML read it as something else (a boolean or a date)",
       "Quote it: value: '{value}'. tipq reads it right either way; quotes keep other tools "
       "reading what you meant.", "reviewer"),
    _c("R116", "answers-to-review", I,
       "{count} answers were carried from an earlier version to questions that changed, "
       "and are marked for review: {ids}",
       "Confirm each (tipq interview asks them first; answering removes the 'review' "
       "mark).", "reviewer"),
    _c("R117", "retired-answers", I,
       "{count} answers given to an earlier version are kept under 'retired': no question "
       "of this version takes them",
       "Read them when you answer the new questions (each says why it was retired); "
       "nothing is lost.", "reviewer"),
    _c("R119", "unknown-legislation-ref", E,
       "question {number} ('{id}'), citation {n}: 'ref: {ref}' is not in the legislation list "
       "(known: {known})",
       "Add '{ref}' under 'legislation:' with its title, or correct the key.", "reviewer"),
    _c("R120", "implausible-answer", W, "question {number} ('{id}'): {problem}",
       "{fix} The questionnaire marks it as unusual ('plausible'); if it is right, keep it.",
       "reviewer"),
)

CATALOG: dict[str, Code] = {c.code: c for c in _CODES}


class _Defaults(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(frozen=True)
class Finding:
    """One problem (or note) about one place in one file."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)
    file: str | None = None
    line: int | None = None  # 1-based
    col: int | None = None  # 1-based
    question_id: str | None = None
    severity: Severity | None = None  # None: the catalog's severity

    @property
    def spec(self) -> Code:
        return CATALOG[self.code]

    @property
    def level(self) -> Severity:
        return self.severity or self.spec.severity

    @property
    def message(self) -> str:
        return self.spec.message.format_map(_Defaults(self.params))

    @property
    def hint(self) -> str:
        return self.spec.hint.format_map(_Defaults(self.params))

    @property
    def where(self) -> str:
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.col is not None:
                parts.append(str(self.col))
        return ":".join(parts)

    def format(self) -> str:
        """One line for people: ``file:line:col: error Q101 [q-id] message. hint``."""
        qid = f" [{self.question_id}]" if self.question_id else ""
        return f"{self.where}: {self.level.value} {self.code}{qid} {self.message}. {self.hint}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.spec.name,
            "severity": self.level.value,
            "message": self.message,
            "hint": self.hint,
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "question_id": self.question_id,
        }


def count_by_severity(findings: Iterable[Finding]) -> dict[Severity, int]:
    counts = dict.fromkeys(Severity, 0)
    for f in findings:
        counts[f.level] += 1
    return counts


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.level is Severity.ERROR for f in findings)


def render_catalog_markdown() -> str:
    """The code list of ``docs/finding-codes.md``, generated from :data:`CATALOG`."""
    families = {
        "Y": "Reading a file (any command)",
        "Q": "Questionnaires (`tipq check`)",
        "R": "Responses (`tipq validate`, and the interview before submitting)",
    }
    out = [
        "# Finding codes",
        "",
        "<!-- Generated from src/tipq/core/findings.py by `python -m tipq.core.findings`; "
        "do not edit by hand. -->",
        "",
        "Every problem tipq reports has a code, a severity, a place (`file:line:col`, and the "
        "question id where there is one) and a hint saying how to fix it. Severities: "
        "**error** (exit code 1, the file must be fixed), **warning** (exit code 0, or 1 with "
        "`--strict`), **info** (for your attention only). Words in `{braces}` are filled in "
        "from the file.",
        "",
    ]
    for prefix, title in families.items():
        out += [f"## {title}", "", "| code | name | severity | message | how to fix | met by |",
                "|---|---|---|---|---|---|"]
        for c in _CODES:
            if c.code.startswith(prefix):
                msg = c.message.replace("|", "\\|")
                hint = c.hint.replace("|", "\\|")
                out.append(f"| `{c.code}` | {c.name} | {c.severity.value} | {msg} | {hint} "
                           f"| {c.audience} |")
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":  # pragma: no cover - documentation generator
    import sys

    sys.stdout.write(render_catalog_markdown())
