"""Finding the version a questionnaire derives from, or the one a response names."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from tipq.io.repository import QuestionnaireRepository

if TYPE_CHECKING:
    from tipq.core.questionnaire import Questionnaire


def find_beside(path: str | os.PathLike[str], qid: str, version: str) -> Questionnaire | None:
    """Questionnaire ``qid`` version ``version`` among the files in ``path``'s folder."""
    folder = Path(path).resolve().parent
    if not folder.is_dir():
        return None
    repo = QuestionnaireRepository.build([folder], exclusive=True)
    return find_in(repo, qid, version)


def find_in(repo: QuestionnaireRepository, qid: str, version: str, *,
            response: str | os.PathLike[str] | None = None,
            digest: str | None = None) -> Questionnaire | None:
    """Version ``version`` of ``qid`` in ``repo`` (the one with hash ``digest`` first)."""
    found = [e for e in repo.versions(qid, response) if e.version == version]
    for e in found:
        if digest is None or e.hash == digest:
            return e.questionnaire
    return found[0].questionnaire if found else None


__all__ = ["find_beside", "find_in"]
