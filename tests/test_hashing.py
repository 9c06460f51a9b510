"""The content hash is of what the file says: formatting aside, model defaults aside."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from helpers import REPO, SMALL_QUESTIONNAIRE

from tipq.core.hashing import hash_data
from tipq.io.loading import load_questionnaire_file
from tipq.io.yaml_emit import dump_roundtrip, load_roundtrip

SHIPPED = REPO / "questionnaires" / "tip-protocol.yaml"
#: Pinned: a change here means every response to the shipped questionnaire gets R103.
#: Change it only with the questionnaire's content (and the sample response with it).
SHIPPED_HASH = "sha256-v1:3b55fe9039fb0dce66ff6cace076f5f8a08259e45ebe830ab14d6797224e9eca"


def _hash_of_text(text: str, tmp_path, name: str = "q.yaml") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    loaded = load_questionnaire_file(path)
    assert loaded.ok, [f.format() for f in loaded.findings]
    return str(loaded.model.content_hash)


def test_the_shipped_questionnaire_hash_is_pinned():
    loaded = load_questionnaire_file(SHIPPED)
    assert loaded.ok
    assert loaded.model.content_hash == SHIPPED_HASH


def test_the_sample_response_names_the_shipped_hash():
    sample = (REPO / "responses" / "XXA.yaml").read_text(encoding="utf-8")
    assert f"hash: {SHIPPED_HASH}" in sample


def test_adding_an_optional_model_field_changes_no_hash():
    """A future release adds an optional field with a default to Question (no file
    changed): the hash must stay. Run in a fresh interpreter so the patched model does not
    leak into other tests. The old way (dumping the model with its defaults) would change."""
    script = textwrap.dedent(f"""
        import hashlib, json
        from pydantic.fields import FieldInfo
        from tipq.core import questionnaire as m
        from tipq.io.loading import load_questionnaire_file

        def old_way(q):
            data = q.model_dump(mode="json", by_alias=True)
            text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
            return hashlib.sha256(text.encode()).hexdigest()

        before = load_questionnaire_file({str(SHIPPED)!r}).model
        m.Question.model_fields["review_note"] = FieldInfo(annotation=str | None,
                                                            default="none yet")
        for model in (m.Question, m.Section, m.Questionnaire):
            model.model_rebuild(force=True)
        after = load_questionnaire_file({str(SHIPPED)!r}).model
        first = after.index.items[0].question
        assert first.review_note == "none yet", "the field was not added"
        print(before.content_hash == after.content_hash, old_way(before) != old_way(after))
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["True", "True"]


def test_formatting_does_not_change_the_hash(tmp_path):
    text = SMALL_QUESTIONNAIRE.read_text(encoding="utf-8")
    base = _hash_of_text(text, tmp_path)
    # comments, CRLF line endings and a BOM
    variants = [
        "# a comment on top\n" + text.replace("\n", "  # trailing comment\n", 3),
        "\ufeff" + text.replace("\n", "\r\n"),
    ]
    # key order and quoting: a round trip with the top-level keys reversed, every text quoted
    doc = load_roundtrip(text)
    for key in list(doc)[::-1]:
        doc.move_to_end(key)
    variants.append(dump_roundtrip(doc).replace("version: 2018", "version: '2018", 1)
                    .replace("T18:00\n", "T18:00'\n", 1))
    for i, variant in enumerate(variants):
        assert _hash_of_text(variant, tmp_path, f"v{i}.yaml") == base, i


def test_any_change_of_meaning_changes_the_hash(tmp_path):
    text = SMALL_QUESTIONNAIRE.read_text(encoding="utf-8")
    base = _hash_of_text(text, tmp_path)
    loaded = load_questionnaire_file(SMALL_QUESTIONNAIRE)
    first = loaded.model.index.items[0].question
    english = first.text["en"]
    changes = {
        "text": text.replace(english, english + " (reworded)", 1),
        "requirement": text.replace("requirement: mandatory", "requirement: non-mandatory", 1),
        "status": text.replace("status: non-paper", "status: draft", 1),
        "structure": text.replace("sections:\n", "retired_numbers: []\nsections:\n", 1),
    }
    for name, changed in changes.items():
        assert changed != text, f"the {name} change did not apply to the fixture"
        assert _hash_of_text(changed, tmp_path, f"{name}.yaml") != base, name


def test_per_question_hashes_move_with_their_question_only(tmp_path):
    text = SMALL_QUESTIONNAIRE.read_text(encoding="utf-8")
    before = load_questionnaire_file(SMALL_QUESTIONNAIRE).model
    first = before.index.items[0].question
    changed = text.replace(first.text["en"], first.text["en"] + " (reworded)", 1)
    path = tmp_path / "q.yaml"
    path.write_text(changed, encoding="utf-8")
    after = load_questionnaire_file(path).model
    differ = {k for k in before.question_hashes
              if before.question_hashes[k] != after.question_hashes[k]}
    assert differ == {first.id}


def test_text_is_compared_in_one_unicode_form():
    assert hash_data({"t": "e\u0301"}) == hash_data({"t": "\u00e9"})  # NFD and NFC
    assert hash_data({"a": 1, "b": 2}) == hash_data({"b": 2, "a": 1})
    assert hash_data({"a": 1}).startswith("sha256-v1:")
