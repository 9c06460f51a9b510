"""``tipq check`` rules for versions: ``derived_from``, ``replaces`` and ``renamed``.

Registered with :func:`tipq.checks.questionnaire.rule` (imported by that module). The
version a questionnaire derives from is looked for among the files checked, then beside it.
"""

from __future__ import annotations

from collections.abc import Iterator

from tipq.checks.questionnaire import Context, rule
from tipq.core.findings import Finding
from tipq.core.lineage import kind_name, option_codes, renamed_codes
from tipq.core.questionnaire import Questionnaire
from tipq.io.versions import find_beside


def _older(ctx: Context) -> tuple[Questionnaire | None, bool]:
    """The version ``ctx.q`` derives from, and whether it derives from one at all."""
    df = ctx.q.derived_from
    if df is None:
        return None, False
    old = ctx.versions.get((df.id, df.version))
    if old is None:
        old = find_beside(ctx.doc.file, df.id, df.version)
    return old, True


@rule("Q119", "Q120", "Q121", "Q122")
def lineage(ctx: Context) -> Iterator[Finding]:
    q = ctx.q
    old, derived = _older(ctx)
    if derived and old is None:
        assert q.derived_from is not None
        yield ctx.at("Q122", ("derived_from",), id=q.derived_from.id,
                     version=q.derived_from.version)
    claimed: dict[str, str] = {}
    for item in q.index.items:
        for ri, old_id in enumerate(item.question.replaces):
            path = (*item.path, "replaces", ri)
            if old_id == item.id:
                yield ctx.at("Q120", path, item.id,
                             message=f"'{item.id}' lists itself under 'replaces'")
            elif old_id in q.index.by_id:
                other = q.index.by_id[old_id]
                yield ctx.at("Q120", path, item.id,
                             message=f"'{item.id}' replaces '{old_id}', which is still the "
                             f"id of question {other.label} in this version")
            elif old_id in claimed:
                yield ctx.at("Q120", path, item.id,
                             message=f"'{old_id}' is replaced by both '{claimed[old_id]}' "
                             f"and '{item.id}'")
            elif old is not None and old_id not in old.index.by_id:
                yield ctx.at("Q119", path, item.id, id=item.id, old=old_id,
                             version=old.version)
            claimed.setdefault(old_id, item.id)
        if old is not None:
            before = old.index.by_id.get(item.id)
            if (before is not None and before.answer is not None and item.answer is not None
                    and kind_name(before) != kind_name(item)
                    and all(before.question.text.get(lang) != text
                            for lang, text in item.question.text.items())):
                yield ctx.at("Q120", (*item.path, "id"), item.id,
                             message=f"'{item.id}' was a {kind_name(before)} question with "
                             f"another text in version {old.version}; this one asks "
                             f"something else ({kind_name(item)})")
        renamed = renamed_codes(item)
        if not renamed:
            continue
        codes = option_codes(item)
        earlier: set[str] | None = None
        if old is not None:
            sources = [item.id, *item.question.replaces]
            earlier = {c for s in sources if s in old.index.by_id
                       for c in option_codes(old.index.by_id[s])}
        for old_code, new_code in renamed.items():
            path = (*item.path, "answer", "renamed", old_code)
            if new_code not in codes:
                yield ctx.at("Q121", path, item.id,
                             message=f"'renamed' maps '{old_code}' to '{new_code}', which is "
                             f"not an option of '{item.id}'")
            if old_code in codes:
                yield ctx.at("Q121", path, item.id,
                             message=f"'{old_code}' is renamed to '{new_code}' but is still "
                             f"an option of '{item.id}'")
            elif earlier is not None and old is not None and old_code not in earlier:
                yield ctx.at("Q121", path, item.id,
                             message=f"'renamed' names '{old_code}', which was not an option "
                             f"of '{item.id}' in version {old.version}")


__all__ = ["lineage"]
