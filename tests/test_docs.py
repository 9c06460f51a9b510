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


def test_the_architecture_doc_names_every_module_and_layer() -> None:
    """docs/architecture.md stays true to the tree: every package and every module of the
    core and io layers is named, and the layers it draws are the import-linter contract's."""
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+

    text = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    src = REPO / "src" / "tipq"
    for package in sorted(p for p in src.iterdir() if (p / "__init__.py").exists()):
        assert f"`{package.name}" in text, f"docs/architecture.md does not name {package.name}/"
        if package.name in ("core", "io"):
            for module in sorted(package.glob("*.py")):
                if module.name != "__init__.py":
                    assert f"{package.name}/{module.name}" in text, \
                        f"docs/architecture.md does not name {package.name}/{module.name}"
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    [layers] = [c["layers"] for c in config["tool"]["importlinter"]["contracts"]
                if c["type"] == "layers"]
    for layer in layers:
        for name in layer.split("|"):
            assert name.strip() in text, f"the layer {name.strip()} is not in the doc"
