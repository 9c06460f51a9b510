"""``tipq migrate RESPONSE... --to QUESTIONNAIRE``: move responses to another version."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from tipq.io.migration import FileMigration


def migrate(
    responses: Annotated[list[Path], typer.Argument(
        help="Response files, or folders whose *.yaml files are responses (not searched "
        "below).", show_default=False)],
    to: Annotated[str, typer.Option(
        "--to", help="The version to migrate to: a questionnaire file, or ID@VERSION.",
        show_default=False)],
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Print the plan, answer by answer; write nothing.")] = False,
    backup_suffix: Annotated[str | None, typer.Option(
        "--backup-suffix", help="Suffix of the copy of each original (default: "
        ".v<old version>.bak, e.g. XXA.yaml.v2018-06-01T1200.bak).",
        show_default=False)] = None,
    moved_dir: Annotated[Path | None, typer.Option(
        "--moved-dir", help="Where the responses to the questionnaires that questions moved "
        "to go, as <DIR>/<questionnaire id>/<file name> (default: beside each response).",
        show_default=False)] = None,
    questionnaire: Annotated[list[Path] | None, typer.Option(
        "--questionnaire", "-q", help="A questionnaire file or folder to look for the "
        "versions the responses were written for (repeatable), before the questionnaires/ "
        "folder nearest to each response and those shipped with tipq.",
        show_default=False)] = None,
) -> int:
    """Migrate responses to another version of their questionnaire, without losing an
    answer: answers are carried by id and by 'replaces', option codes renamed; answers to
    questions moved to another questionnaire start (or join) the State's response to it,
    responses/<questionnaire id>/<file name>; answers to reworded or re-tagged questions
    are marked 'review' for the reviewer to confirm; an answer no question takes is kept
    under 'retired' with the reason. The original is kept as a backup. A response already
    at that version is left as it is (running it twice changes nothing).

    Exit 0 when every file was migrated or up to date; 2 when a file could not be migrated
    (the others still are).

    Example: tipq migrate responses/ --to questionnaires/tip-protocol.yaml --dry-run
    """
    from tipq.cli.diff_cmd import _resolve
    from tipq.cli.exits import ExitStatus, error
    from tipq.core.escape import text_line
    from tipq.io.migration import iter_migrate
    from tipq.io.repository import QuestionnaireRepository

    target, _ = _resolve(to, "--to", questionnaire or [])
    repo = QuestionnaireRepository.build(questionnaire or [])
    files = list(_response_files(responses))
    failed = 0
    counts = {"migrated": 0, "up-to-date": 0, "failed": 0}
    for result in iter_migrate(files, target, repo, dry_run=dry_run,
                               backup_suffix=backup_suffix, moved_dir=moved_dir):
        counts[result.state] += 1
        if not result.ok:
            failed += 1
            error(f"{result.path}: cannot be migrated: {result.problem}")
            continue
        for line in _report(result, dry_run, verbose=dry_run):
            typer.echo(text_line(line))
    verb = "would migrate" if dry_run else "migrated"
    typer.echo(f"{counts['migrated']} {verb}, {counts['up-to-date']} already at version "
               f"{target.version}, {counts['failed']} failed, of {len(files)} files")
    return ExitStatus.USAGE if failed else ExitStatus.OK


def _response_files(paths: list[Path]) -> list[Path]:
    from tipq.core.errors import UsageError

    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted(f for f in p.iterdir() if f.suffix in (".yaml", ".yml")
                          and f.is_file())
        elif p.exists():
            out.append(p)
        else:
            raise UsageError(f"{p}: no such file or folder; give response files or folders "
                             "holding them")
    if not out:
        raise UsageError(f"no response files (*.yaml, *.yml) in {', '.join(map(str, paths))}")
    return out


def _report(r: FileMigration, dry_run: bool, verbose: bool) -> list[str]:
    if r.state == "up-to-date":
        return [f"{r.path}: already at this version; left as it is"]
    plan = r.plan
    assert plan is not None
    carried = plan.by_action("carry")
    review = [f for f in plan.fates if f.action in ("carry", "move") and f.entry.get("review")]
    moved, retired = plan.by_action("move"), plan.by_action("retire")
    head = (f"{r.path}: {'would move' if dry_run else 'moved'} from version {r.from_version} "
            f"to {plan.new.version}: {len(plan.by_action('keep'))} kept, {len(carried)} "
            f"carried, {len(review)} marked for review, {len(moved)} moved, {len(retired)} "
            "retired")
    lines = [head]
    for qid, path in r.moved_files.items():
        lines.append(f"  answers to questions moved to '{qid}': {path}")
    if r.backup is not None:
        lines.append(f"  original kept as {r.backup}")
    if verbose:
        for f in plan.fates:
            if f.action == "keep":
                continue
            if f.action == "carry":
                to = f" -> {f.new_id}" if f.new_id != f.old_id else ""
                marks = f" (review: {', '.join(f.entry.get('review') or [])})" \
                    if f.entry.get("review") else ""
                lines.append(f"  carry   {f.old_id}{to}{marks}")
            elif f.action == "move":
                lines.append(f"  move    {f.old_id} -> {f.target}: {f.new_id}")
            else:
                lines.append(f"  retire  {f.old_id} ({f.reason}): {f.detail}")
    return lines


def register(app: typer.Typer) -> None:
    app.command("migrate")(migrate)
