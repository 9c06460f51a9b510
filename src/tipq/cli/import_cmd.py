"""``tipq import``: data from other tools into tipq (KoboToolbox and ODK submissions)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

import_app = typer.Typer(
    help="Bring data from other tools into tipq: the submissions of the XLSForm that "
    "`tipq export --format xlsform` writes, as KoboToolbox or ODK export them.",
    no_args_is_help=True, rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]})


@import_app.command("xlsform-submissions")
def xlsform_submissions(
    file: Annotated[Path, typer.Argument(
        help="The submissions: a CSV export (KoboToolbox, ODK Central) or a JSON export "
        "(KoboToolbox data.json, ODK Central OData).", readable=False)],
    questionnaire: Annotated[Path | None, typer.Option(
        "--questionnaire", "-q", readable=False,
        help="The questionnaire the form was exported from. Default: the shipped "
        "Trafficking in Persons Protocol questionnaire.", show_default=False)] = None,
    out: Annotated[Path, typer.Option(
        "--out", "-o", help="The folder to write the responses to (<CODE>.yaml each).")
    ] = Path("responses"),
    force: Annotated[bool, typer.Option(
        "--force", help="Replace responses that exist already in --out.")] = False,
) -> int:
    """Turn KoboToolbox/ODK submissions of tipq's XLSForm into tipq response files, one per
    State (the form's 'country' field; the later of two submissions of a State wins). The
    responses are drafts: check them with tipq validate, complete them with tipq
    interview. Cells are data, never evaluated.

    Example: tipq import xlsform-submissions kobo-export.csv -o responses
    """
    from tipq.cli.exits import error
    from tipq.core.errors import UserError
    from tipq.io.repository import load_questionnaire
    from tipq.io.submissions import convert, read_submissions, write_responses

    q, _ = load_questionnaire(questionnaire)
    submissions, what = read_submissions(file)
    if not submissions:
        raise UserError(f"{file} holds no submissions; export the form's data again "
                        "once States have submitted")
    imported = convert(submissions, q, what, first=2 if what == "row" else 1)
    if not out.exists():
        if not out.parent.is_dir():
            raise UserError(f"cannot write to {out}: the folder {out.parent} does not "
                            "exist; create it, or give another --out")
        out.mkdir()
    written = write_responses(imported, q, file, out, force=force)
    by_country = {imp.country: imp for imp in imported}
    problems = 0
    for path in written:
        imp = by_country[path.stem]
        error(f"wrote {path} ({imp.country}, from {imp.source}, {len(imp.answers)} answers)")
        for p in imp.problems:
            problems += 1
            error(f"  {imp.source}: not imported: {p}")
    if len(written) < len(imported):
        error(f"{len(imported) - len(written)} submission(s) replaced by a later one of the "
              "same State")
    error(f"check them with: tipq validate {out}")
    return 1 if problems else 0


def register(app: typer.Typer) -> None:
    app.add_typer(import_app, name="import")
