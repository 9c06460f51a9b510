"""The fuzz target and the mutators shared by tests/test_fuzz.py and benchmarks/fuzz_long.py.

:func:`fuzz_one` takes any bytes and runs them through everything that reads a file:
the guarded YAML loader, the questionnaire model and every ``tipq check`` rule, the
response model and ``tipq validate``'s whole-file path. It returns the outcome
(``refused``, ``findings`` or ``loaded``) and raises only when tipq breaks its promise:
an exception that is not a finding, or a finding that does not say where it is.
"""

from __future__ import annotations

import copy
import json
import os
import random
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
SMALL_QUESTIONNAIRE = REPO / "tests/examples/questionnaires/valid/small/questionnaire.yaml"
OUTCOMES = ("refused", "findings", "loaded")


class BrokenPromise(AssertionError):
    """tipq answered an input with something other than a model or a clear finding."""


# --- seeds -------------------------------------------------------------------------------


def questionnaire_paths() -> list[Path]:
    """The small example and every shipped questionnaire."""
    from tipq.io.repository import shipped_questionnaires_dir

    shipped = sorted(shipped_questionnaires_dir().glob("*.yaml"))
    return [SMALL_QUESTIONNAIRE, *shipped]


def sample_answers(q: Any) -> dict[str, Any]:
    """Valid answers (every one checked by tipq.core.kinds.check_value) for ``q``'s items."""
    from tipq.core.kinds import accepted_values, check_value
    from tipq.core.questionnaire import (
        AssistanceAnswer,
        CitationsAnswer,
        DateAnswer,
        MultiChoiceAnswer,
        NumberAnswer,
        TextAnswer,
    )

    answers: dict[str, Any] = {}
    for item in q.index.items:
        form = item.answer
        if form is None or item.top.is_moved:
            continue
        if isinstance(form, TextAnswer):
            value: Any = "Article 3 of the (fictitious) Penal Code of XXA, as amended."
        elif isinstance(form, NumberAnswer):
            value = int(form.min or 0) + 1 if form.max is None or form.max >= (form.min or 0) + 1 \
                else form.min
        elif isinstance(form, DateAnswer):
            value = str(form.min or "2018-07-03")
        elif isinstance(form, CitationsAnswer):
            value = [{"title": "Penal Code of XXA", "provision": "art. 3",
                      "link": "https://example.invalid/xxa/penal-code"}] * max(1, form.min_items)
        elif isinstance(form, AssistanceAnswer):
            value = {"needed": True, "kinds": accepted_values(form)[:1],
                     "description": "Training for labour inspectors."}
        elif isinstance(form, MultiChoiceAnswer):
            value = accepted_values(form)[: max(1, form.min_selected)]
        else:  # closed, choice
            value = accepted_values(form)[0]
        if check_value(form, value) is None:
            answers[item.id] = {"value": value}
    return answers


def sample_response(q: Any, *, country: str = "XXA") -> dict[str, Any]:
    now = datetime(2026, 1, 5, 9, 30, tzinfo=timezone.utc).isoformat()
    return {
        "questionnaire": {"id": q.id, "version": q.version, "hash": q.content_hash},
        "country": country,
        "status": "draft",
        "created": now,
        "updated": now,
        "answers": sample_answers(q),
    }


def seed_inputs() -> list[bytes]:
    """Valid questionnaires and responses to mutate."""
    from tipq.io.loading import load_questionnaire_file

    seeds = []
    for path in questionnaire_paths():
        data = path.read_bytes()
        seeds.append(data)
        loaded = load_questionnaire_file(path)
        if loaded.ok:
            text = json.dumps(sample_response(loaded.model), ensure_ascii=False, indent=2)
            seeds.append(text.encode("utf-8"))
    return seeds


# --- the target ----------------------------------------------------------------------------


class Target:
    """Everything that reads a file, set up once: a work folder and the questionnaires."""

    def __init__(self, workdir: Path) -> None:
        from tipq.io.repository import QuestionnaireRepository

        self.workdir = workdir
        self.path = workdir / "input.yaml"
        self.catalog = QuestionnaireRepository.build(questionnaire_paths(), exclusive=True)
        list(self.catalog.iter_entries())  # read them now, not in the first input's time

    def __call__(self, data: bytes) -> str:
        return fuzz_one(data, self.path, self.catalog)


def fuzz_one(data: bytes, path: Path, catalog: Any) -> str:
    """Run ``data`` through check and validate; the outcome, or :class:`BrokenPromise`."""
    from tipq.checks.batch import validate_file
    from tipq.checks.questionnaire import check_questionnaire
    from tipq.io.loading import load_questionnaire_file

    path.write_bytes(data)
    loaded = load_questionnaire_file(path)
    _assert_findings(loaded.findings, path)
    outcome = "refused" if any(f.code.startswith("Y") for f in loaded.findings) else "findings"
    if loaded.ok:
        outcome = "loaded"
        _assert_findings(check_questionnaire(loaded.model, loaded.doc), path)
        assert loaded.model.content_hash.startswith("sha256-v1:")
    result = validate_file(path, catalog, now=datetime(2026, 6, 1, tzinfo=timezone.utc))
    _assert_findings(result.findings, path)
    if result.questionnaire is not None:  # the response model loaded
        outcome = "loaded"
    return outcome


def _assert_findings(findings: Sequence[Any], path: Path) -> None:
    from tipq.core.findings import CATALOG, Finding

    for f in findings:
        if not isinstance(f, Finding) or f.code not in CATALOG:
            raise BrokenPromise(f"not a catalogued finding: {f!r}")
        text = f.format()
        if f.file != str(path) or not text.startswith(str(path)):
            raise BrokenPromise(f"finding does not name the file: {text}")
        if (f.line is not None and f.line < 1) or (f.col is not None and f.col < 1):
            raise BrokenPromise(f"finding has a bad position: {text}")
        if "{" in f.message and "}" in f.message and "{" not in str(f.params):
            raise BrokenPromise(f"message template not filled: {text}")


# --- byte-level mutation -------------------------------------------------------------------

TOKENS: tuple[bytes, ...] = tuple(t.encode("utf-8") if isinstance(t, str) else t for t in (
    ": ", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "&b [1, *a]", "!!", "!local ",
    "!!python/object:os.system ", "!!str ", "!!int ", "!!float ", "!!binary ", "---\n",
    "\n...\n", "# c", "'", '"', "\\", "\t", "\n", "\r\n", "\r", "  ", "    ", "? ", "| ",
    "|-\n  ", "> ", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "<<: *a", "~", "null", "yes", "no",
    "on", "true", "1e999", "-.inf", ".nan", "0x1F", "0o17", "1_000", "12:30", "2018-07-03",
    "9" * 5000, "x" * 70, "\u2028", "\u0085", "\ufeff", "\u202e", "نعم", "\U0001f600",
    b"\x00", b"\xff", b"\xc3", b"\xe2\x80", b"\xed\xa0\x80", b"\xf4\x90\x80\x80",
    "id: ", "value: ", "answers:\n  ", "questionnaire: ", "type: closed", "when: ",
    "number: 1", "requirement: mandatory", "status: moved", "sections: []", "country: XXA",
))


def mutate_bytes(seed: bytes, rng: random.Random, steps: int | None = None) -> bytes:
    """``seed`` with a few random edits: YAML tokens in, spans out, lines moved."""
    data = bytearray(seed)
    for _ in range(steps if steps is not None else rng.randint(1, 8)):
        op = rng.randrange(9)
        n = len(data)
        i = rng.randint(0, n)
        if op == 0:  # insert a token
            data[i:i] = rng.choice(TOKENS)
        elif op == 1 and n:  # replace a byte
            data[min(i, n - 1)] = rng.randrange(256)
        elif op == 2 and n:  # delete a span
            data[i:i + rng.randint(1, 64)] = b""
        elif op == 3 and n:  # duplicate a span (duplicate keys, repeated ids)
            j = rng.randint(0, n)
            data[j:j] = data[i:i + rng.randint(1, 200)]
        elif op in (4, 5):  # move or copy a whole line
            lines = bytes(data).split(b"\n")
            a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
            if op == 4:
                lines[a], lines[b] = lines[b], lines[a]
            else:
                lines.insert(b, lines[a])
            data = bytearray(b"\n".join(lines))
        elif op == 6:  # re-indent a line
            lines = bytes(data).split(b"\n")
            a = rng.randrange(len(lines))
            lines[a] = b" " * rng.choice((0, 1, 2, 3, 4, 8)) + lines[a].lstrip(b" ")
            data = bytearray(b"\n".join(lines))
        elif op == 7:  # truncate
            del data[i:]
        else:  # replace a value after ': ' with a token
            j = data.find(b": ", i)
            if j >= 0:
                end = data.find(b"\n", j)
                data[j + 2:end if end >= 0 else len(data)] = rng.choice(TOKENS)
    return bytes(data)


# --- data-level mutation (for the questionnaire model and check) ----------------------------

_RANDOM_VALUES: tuple[Any, ...] = (
    None, True, False, 0, -1, 1, 10**30, 1.5, float("inf"), "", " ", "x", "yes", "no",
    "mandatory", "moved", "shall", "closed", "ex-offence", "5(1)", "untoc:10(1)", "1(1)(z)",
    "2018-07-03T18:00", "نعم", "a" * 300, [], {}, ["x"], {"en": ""}, {"en": "t", "xx": "u"},
    {"question": "nope", "in": ["yes"]}, {"type": "closed"}, {"type": "choice", "options": []},
    {"type": "number", "min": 5, "max": 1}, {"type": "unknown"},
)


def _containers(node: Any, out: list[Any]) -> list[Any]:
    if isinstance(node, (dict, list)):
        out.append(node)
        for child in node.values() if isinstance(node, dict) else node:
            _containers(child, out)
    return out


def mutate_data(data: Any, rng: random.Random, steps: int | None = None) -> Any:
    """A deep copy of ``data`` with a few edits: keys dropped, types swapped, ids duplicated,
    items copied between lists, random strings and values."""
    data = copy.deepcopy(data)
    ops: list[Callable[[Any], None]] = []

    def drop_key(node: Any) -> None:
        if isinstance(node, dict) and node:
            del node[rng.choice(list(node))]

    def swap_type(node: Any) -> None:
        if isinstance(node, dict) and node:
            k = rng.choice(list(node))
            node[k] = rng.choice(_RANDOM_VALUES)
        elif isinstance(node, list) and node:
            node[rng.randrange(len(node))] = rng.choice(_RANDOM_VALUES)

    def random_string(node: Any) -> None:
        alphabet = "abcxyz-_ 0123456789:#'\"\n\tنعم\u202e"
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))
        if isinstance(node, dict) and node:
            node[rng.choice(list(node))] = s
        elif isinstance(node, dict):
            node[s] = s

    def copy_item(node: Any) -> None:  # duplicate ids, numbers, sections
        if isinstance(node, list) and node:
            node.insert(rng.randint(0, len(node)), copy.deepcopy(rng.choice(node)))

    def rename_key(node: Any) -> None:
        if isinstance(node, dict) and node:
            k = rng.choice(list(node))
            node[rng.choice(("id", "number", "when", "answer", "status", k + "s", "in"))] = \
                node.pop(k)

    def wrap(node: Any) -> None:
        if isinstance(node, dict) and node:
            k = rng.choice(list(node))
            node[k] = rng.choice(([node[k]], {"en": node[k]}, {k: node[k]}))

    ops = [drop_key, swap_type, random_string, copy_item, rename_key, wrap]
    for _ in range(steps if steps is not None else rng.randint(1, 6)):
        containers = _containers(data, [])
        if not containers:
            break
        rng.choice(ops)(rng.choice(containers))
    return data


def to_yaml_text(data: Any) -> str:
    """``data`` as YAML text tipq's loader reads (JSON is YAML; non-finite floats spelt out)."""
    text = json.dumps(data, ensure_ascii=False, indent=1, default=str)
    return text.replace("Infinity", ".inf").replace("NaN", ".nan")


def load_seed_data(path: os.PathLike[str] | str) -> Any:
    from tipq.io.yaml_load import load_yaml

    return load_yaml(path).data
