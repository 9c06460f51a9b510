"""Generated documentation: the finding codes and the CLI reference.

``python -m tipq.docgen`` rewrites docs/finding-codes.md, docs/cli-reference.md and the
JSON Schemas in schemas/; tests/test_docs.py fails when any of them is out of date.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def render_cli_reference() -> str:
    import typer

    from tipq.cli.app import app

    group: Any = typer.main.get_command(app)

    def help_of(cmd: Any, name: str, parent: Any = None) -> str:
        ctx = cmd.context_class(cmd, info_name=name, parent=parent, terminal_width=100,
                                max_content_width=100)
        return str(cmd.get_help(ctx))

    root_ctx = group.context_class(group, info_name="tipq", terminal_width=100,
                                   max_content_width=100)
    out = [
        "# CLI reference",
        "",
        "<!-- Generated from the commands' --help by `python -m tipq.docgen`; "
        "do not edit by hand. -->",
        "",
        "Exit codes, for every command: `0` nothing wrong; `1` the files have errors (or "
        "warnings, with `--strict`); `2` bad usage, or an input that cannot be read at all; "
        "`3` a bug in tipq; `130` interrupted (Ctrl-C or Ctrl-D; the interview saves first).",
        "",
        "## tipq",
        "",
        "```text",
        help_of(group, "tipq").rstrip(),
        "```",
        "",
    ]
    for name in sorted(group.list_commands(root_ctx)):
        cmd = group.get_command(root_ctx, name)
        out += [f"## tipq {name}", "", "```text", help_of(cmd, name, root_ctx).rstrip(), "```", ""]
        if hasattr(cmd, "list_commands"):  # a group of its own: tipq import
            ctx = cmd.context_class(cmd, info_name=name, parent=root_ctx)
            for sub_name in sorted(cmd.list_commands(ctx)):
                sub = cmd.get_command(ctx, sub_name)
                out += [f"### tipq {name} {sub_name}", "", "```text",
                        help_of(sub, sub_name, ctx).rstrip(), "```", ""]
    return "\n".join(out)


def generated_files(root: Path) -> dict[Path, str]:
    from tipq.core.findings import render_catalog_markdown
    from tipq.core.schema import schema_json

    return {
        root / "docs" / "finding-codes.md": render_catalog_markdown(),
        root / "docs" / "cli-reference.md": render_cli_reference(),
        root / "schemas" / "questionnaire.schema.json": schema_json("questionnaire"),
        root / "schemas" / "response.schema.json": schema_json("response"),
        root / "schemas" / "findings.schema.json": schema_json("findings"),
    }


def main() -> None:  # pragma: no cover - run by hand
    root = Path(__file__).resolve().parents[2]
    for path, text in generated_files(root).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {path.relative_to(root)}")


if __name__ == "__main__":  # pragma: no cover
    main()
