"""``tipq migrate``: move responses to another version of their questionnaire."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    pass
