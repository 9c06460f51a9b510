"""Golden files: the non-paper of the small example, exactly as exported.

A change in the output shows as a diff here. When the change is intended, regenerate the
files and review the diff before committing:

    TIPQ_UPDATE_GOLDEN=1 /work/venv/bin/pytest tests/test_render_golden.py
"""

from __future__ import annotations

import os

import pytest
from helpers import REPO, SMALL_QUESTIONNAIRE

from tipq.io.loading import load_questionnaire_file
from tipq.render import RenderOptions, render_questionnaire

GOLDEN = REPO / "tests" / "golden"

#: file name → (format, language, layout, bidi: reordered for display)
CASES = {
    "small-en-document.md": ("markdown", "en", "document", False),
    "small-ar-annex.md": ("markdown", "ar", "annex", False),
    "small-en-document.html": ("html", "en", "document", False),
    "small-ar-annex.html": ("html", "ar", "annex", False),
    "small-en-mandatory-first.txt": ("terminal", "en", "mandatory-first", False),
    "small-ar-annex.txt": ("terminal", "ar", "annex", False),
    "small-ar-annex-bidi.txt": ("terminal", "ar", "annex", True),
}


def _render(fmt: str, lang: str, layout: str, bidi: bool) -> str:
    loaded = load_questionnaire_file(SMALL_QUESTIONNAIRE)
    assert loaded.ok, loaded.findings
    return render_questionnaire(loaded.model, fmt, lang=lang, layout=layout,
                                options=RenderOptions(width=100, bidi=bidi))


@pytest.mark.parametrize("name", list(CASES))
def test_golden(name: str) -> None:
    actual = _render(*CASES[name])
    path = GOLDEN / name
    if os.environ.get("TIPQ_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
    assert path.exists(), f"{path.name} is missing: run TIPQ_UPDATE_GOLDEN=1 pytest {__file__}"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, (f"{name} differs from the golden file; if the change is "
                                "intended, regenerate with TIPQ_UPDATE_GOLDEN=1 and review "
                                "the diff")


def test_every_golden_file_is_a_case() -> None:
    """No stale golden file lingers after a case is renamed."""
    assert sorted(p.name for p in GOLDEN.iterdir()) == sorted(CASES)
