"""Small helpers shared by the tests."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import Path


def build_file_tree(root: Path, spec: Mapping[str, str | bytes]) -> Path:
    """Write ``{relative path: content}`` under ``root``; text is dedented. Returns root."""
    for rel, content in spec.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root


REPO = Path(__file__).resolve().parent.parent
SMALL_QUESTIONNAIRE = REPO / "tests/examples/questionnaires/valid/small/questionnaire.yaml"


def read_expected(case: Path) -> list[tuple[str, int, str | None]]:
    """The findings an invalid example folder expects, from its ``expected.txt``: one line
    per finding, ``CODE LINE QUESTION-ID`` (``-`` for none); ``#`` starts a comment line."""
    rows = []
    for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            code, lineno, qid = line.split()
            rows.append((code, int(lineno), None if qid == "-" else qid))
    return rows
