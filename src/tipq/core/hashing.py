"""Content hashes of what a questionnaire *means*, independent of how its file is written.

A hash is ``sha256-v1:<hex>`` of the canonical JSON of the data **as written in the file**
(``model_dump(exclude_unset=True)``: a field left out stays out, so adding an optional
field with a default to a model changes no hash), with keys sorted, text in Unicode NFC,
numbers and dates in one form. So it does not change with key order, quoting, comments,
indentation, line endings or a byte-order mark, and it changes with any change of text,
tag, option, condition or structure.

The ``v1`` names the canonical form: a later change of the form gets a new prefix, so a
hash is never silently compared with one made another way. Response files record the
questionnaire's hash; :data:`LEGACY_PREFIX` hashes (before ``v1``) are recognised as such.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from typing import Any

from pydantic import BaseModel

SCHEME = "sha256-v1"
PREFIX = f"{SCHEME}:"
#: Hashes written by tipq 0.1 (of the model with its defaults): never equal to a v1 hash.
LEGACY_PREFIX = "sha256:"
#: What a hash in a response file may look like (both schemes, so old files still load).
HASH_PATTERN = r"^sha256(?:-v1)?:[0-9a-f]{64}$"


def canonical(data: Any) -> Any:
    """``data`` with every text in NFC and every mapping's keys as text (JSON-ready)."""
    if isinstance(data, str):
        return unicodedata.normalize("NFC", data)
    if isinstance(data, dict):
        return {canonical(str(k)): canonical(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [canonical(v) for v in data]
    return data


def hash_data(data: Any) -> str:
    """``sha256-v1:`` hash of JSON-ready ``data`` in canonical form."""
    text = json.dumps(canonical(data), sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"), allow_nan=False)
    return PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()


def written_data(model: BaseModel) -> Any:
    """What the file said, as loaded into ``model``: fields set, in JSON form."""
    return model.model_dump(mode="json", by_alias=True, exclude_unset=True)


def hash_model(model: BaseModel) -> str:
    """The content hash of ``model`` as written in its file."""
    return hash_data(written_data(model))


def short(digest: str) -> str:
    """A hash shortened for people: the scheme and 12 hex digits."""
    scheme, _, hexdigits = digest.partition(":")
    return f"{scheme}:{hexdigits[:12]}…" if hexdigits else digest
