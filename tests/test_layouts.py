"""One definition of the para 32 layouts: the interview's order and the non-paper agree."""

from __future__ import annotations

import pytest
from helpers import SMALL_QUESTIONNAIRE

from tipq.core.errors import UsageError
from tipq.core.layouts import LAYOUTS, check_layout, layout_parts
from tipq.interview.engine import build_plan
from tipq.io.loading import load_questionnaire_file
from tipq.render import build_nonpaper


@pytest.fixture
def untagged(tmp_path):
    """The small example with question 3's requirement removed: only its obligation
    ('shall consider') says it is non-mandatory."""
    text = SMALL_QUESTIONNAIRE.read_text(encoding="utf-8")
    tagged = "        obligation: shall-consider\n        requirement: non-mandatory\n"
    changed = text.replace(tagged, "        obligation: shall-consider\n", 1)
    assert changed != text
    path = tmp_path / "q.yaml"
    path.write_text(changed, encoding="utf-8")
    loaded = load_questionnaire_file(path)
    assert loaded.ok
    return loaded.model


def _interview_parts(q, layout):
    """The interview plan as (annex?, numbered question ids)."""
    out: list[tuple[bool, list[str]]] = []
    for step in build_plan(q, layout):
        if step.item.parent is not None:
            continue
        if not out or out[-1][0] != step.annex:
            out.append((step.annex, []))
        out[-1][1].append(step.item.id)
    return out


def _nonpaper_parts(q, layout):
    np = build_nonpaper(q, layout=layout)
    return [(p.annex, [v.id for v in p.iter_questions() if not v.moved]) for p in np.parts]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_interview_and_export_agree_on_an_untagged_question(untagged, layout):
    q3 = untagged.index.by_id["ex-recovery"].top
    assert q3.requirement is None and q3.tag == "non-mandatory"
    interview = _interview_parts(untagged, layout)
    nonpaper = _nonpaper_parts(untagged, layout)
    if layout == "mandatory-first":  # the interview runs the parts on without a break
        assert [qid for _, ids in interview for qid in ids] == \
            [qid for _, ids in nonpaper for qid in ids]
    else:
        assert interview == nonpaper
    if layout == "annex":
        assert nonpaper[-1][0] is True and "ex-recovery" in nonpaper[-1][1]


def test_parts_follow_the_tag(untagged):
    parts = layout_parts(untagged, "mandatory-first")
    assert [p.key for p in parts] == ["mandatory", "non-mandatory", "none"]
    assert "ex-recovery" in parts[1]
    # the only untagged question is the moved one, which carries no tag at all
    assert [untagged.index.by_id[i].top.status for i in parts[2].question_ids] == ["moved"]
    with pytest.raises(UsageError, match="unknown layout 'appendix'"):
        check_layout("appendix")
