"""Generated docs and schemas stay in sync with the code; every command is documented."""

from __future__ import annotations

import pytest
from helpers import REPO

from tipq.core.findings import CATALOG
from tipq.docgen import generated_files


@pytest.mark.parametrize("path", list(generated_files(REPO)), ids=lambda p: p.name)
def test_generated_file_is_up_to_date(path) -> None:
    expected = generated_files(REPO)[path]
    assert path.exists(), f"{path} is missing: run python -m tipq.docgen"
    assert path.read_text(encoding="utf-8") == expected, (
        f"{path.relative_to(REPO)} is out of date: run python -m tipq.docgen")


def test_every_code_is_in_the_finding_codes_doc() -> None:
    text = (REPO / "docs" / "finding-codes.md").read_text(encoding="utf-8")
    for code in CATALOG:
        assert f"`{code}`" in text


def test_every_command_has_a_section_in_the_commands_doc() -> None:
    import typer

    from tipq.cli.app import app

    group = typer.main.get_command(app)
    text = (REPO / "docs" / "commands.md").read_text(encoding="utf-8")
    for name in group.list_commands(None):  # type: ignore[arg-type]
        assert f"## `tipq {name}`" in text, f"docs/commands.md does not document tipq {name}"


def test_the_format_doc_example_is_a_valid_questionnaire(tmp_path) -> None:
    """As the page says: saved beside the shipped untoc-general.yaml, it passes tipq check."""
    from tipq.checks.questionnaire import check_paths

    text = (REPO / "docs" / "questionnaire-format.md").read_text(encoding="utf-8")
    example = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "small-example.yaml").write_text(example, encoding="utf-8")
    (tmp_path / "untoc-general.yaml").write_bytes(
        (REPO / "questionnaires" / "untoc-general.yaml").read_bytes())
    result = check_paths([tmp_path / "small-example.yaml"])
    assert [f.format() for f in result.findings] == []
