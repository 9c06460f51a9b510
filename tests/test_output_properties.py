"""Property: whatever text a State's file holds, every output format stays well-formed and
shows that text, visibly, without acting on the reader (issue 10).

Arbitrary strings (control characters, ``::``, ``%``, characters XML forbids, bidi
controls; YAML cannot hold lone surrogates, so none) go into every text field of a
response: country, respondent, a text answer, a citation title, the key of an answer (an
unknown question, whose finding quotes the key) and the file name. The file is written
with tipq's own YAML emitter and validated through the real CLI in every format.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from output_checks import check_json_report, check_junit, check_sarif, github_lines
from typer.testing import CliRunner

from tipq.cli.app import app
from tipq.core import escape
from tipq.io.yaml_emit import dump_roundtrip, load_roundtrip, yaml11_safe
from tipq.render.reporters import REPORTER_BY_NAME

EXAMPLES = Path(__file__).parent / "examples" / "responses"
QUESTIONNAIRES = EXAMPLES / "_questionnaires"
COMPLETE = (EXAMPLES / "valid" / "complete" / "XXA.yaml").read_text(encoding="utf-8")

_PIECES = st.sampled_from([
    "\n", "\r", "\r\n", "\t", "\x00", "\x1b", "\x1b[2J", "\x1b]0;pwned\a", "\x07", "\x0b",
    "\x7f", "\x85", "\x9b", "\ufffe", "\ufeff", "\u202e", "\u2066", "\u2069", "\u200f",
    "\u2028", "::", "::error file=README.md,line=1::Injected", "##[error]", "%", "%0A",
    ",", ":", "<", "&", "]]>", '"', "'", "|", "*", "=", "@", "قانون", "法律", " ",
])
_TEXT = st.lists(st.one_of(_PIECES, st.text(
    st.characters(blacklist_categories=["Cs"]), max_size=4)), min_size=1, max_size=6,
).map("".join)
_NAME = _TEXT.map(lambda s: s.replace("/", "_").replace("\0", "_").replace("\\", "_")[:40])


def _response_text(t: dict[str, str]) -> str:
    data = load_roundtrip(COMPLETE)
    data["country"] = t["country"]
    data["respondent"]["name"] = t["name"]
    data["respondent"]["institution"] = t["institution"]
    data["answers"]["ex-offence-details"]["value"] = t["details"]
    data["answers"]["ex-offence-citations"]["value"][0]["title"] = t["title"]
    data["answers"]["zz-" + t["key"]] = {"value": t["value"]}
    return dump_roundtrip(yaml11_safe(data))


# No shrinking: on these inputs it takes minutes; the failing example is printed as found.
@settings(max_examples=20, deadline=None, derandomize=True, database=None,
          phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.fixed_dictionaries({"country": st.one_of(st.just("XXA"), _TEXT),
                              **{k: _TEXT for k in ("name", "institution", "details", "title",
                                                    "key", "value")}}), _NAME)
def test_every_format_stays_well_formed_whatever_the_file_holds(texts, name):
    key = "zz-" + texts["key"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "responses"
        folder.mkdir()
        path = folder / f"{name or 'x'}.yaml"
        path.write_text(_response_text(texts), encoding="utf-8")
        out = {}
        for fmt in REPORTER_BY_NAME:
            result = CliRunner().invoke(app, ["validate", str(folder), "-q", str(QUESTIONNAIRES),
                                              "-f", fmt], env={"GITHUB_STEP_SUMMARY": "",
                                                               "GITHUB_WORKSPACE": tmp})
            assert result.exit_code in (0, 1), (fmt, result.output)
            out[fmt] = result.stdout

    doc = check_json_report(out["json"])
    check_junit(out["junit"])
    check_sarif(out["sarif"])
    # findings that quote the key (R111 unknown question, or R001 when it is no id)
    quoted = [f for f in doc["findings"] if key in f["message"]]
    event(f"key quoted by {sorted({f['code'] for f in quoted})}")

    shown = escape.visible(key)
    commands = [line for line in github_lines(out["github"]) if isinstance(line, tuple)]
    for _, props, data in commands:
        assert "\n" not in data and "\r" not in data and "\n" not in props.get("file", "")
        assert not escape._ACTING.search(data)
    if quoted:
        assert any(shown in data for _, _, data in commands)

    text = out["text"]
    assert not escape._ACTING.search(text.replace("\n", ""))
    assert not any(line.lstrip().startswith("::") for line in text.split("\n"))
    if quoted:
        assert shown.replace("##[", "##\\x5b") in text
    assert json.loads(out["sarif"])["runs"][0]["results"]
