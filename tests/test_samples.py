"""The shipped samples stay true: responses validate against the shipped questionnaires."""

from __future__ import annotations

import pytest
from helpers import REPO
from typer.testing import CliRunner

from tipq.cli.app import app

SAMPLES = sorted((REPO / "responses").glob("*.yaml"))


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_sample_response_has_no_errors(sample) -> None:
    result = CliRunner().invoke(app, ["validate", "-f", "json", "-q", str(REPO / "questionnaires"),
                                      str(sample)])
    assert result.exit_code == 0, result.output
    assert '"error": 0' in result.output


def test_samples_belong_to_fictitious_states_only() -> None:
    from tipq.core.countries import is_user_assigned

    assert SAMPLES
    for sample in SAMPLES:
        assert is_user_assigned(sample.stem), \
            f"{sample.name}: samples never answer for a real State"
