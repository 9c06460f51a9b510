"""YAML writing: values that YAML 1.1 and 1.2 readers read alike, fragments, round trips.

The round-trip dumper of ruamel.yaml keeps the comments of what it loaded; tipq writes every
text value through :func:`yaml11_safe` first, so that ``no``, ``on`` or ``2018-07-03`` stay
text for PyYAML and other YAML 1.1 tools too.
"""

from __future__ import annotations

import io
import re
from typing import Any

from tipq.io.yaml_load import _YAML11_NOT_STR


def _roundtrip() -> Any:
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)
    y.preserve_quotes = True
    y.allow_unicode = True
    return y


def load_roundtrip(text: str) -> Any:
    """Round-trip load (comments kept) of text that :func:`parse_yaml` already accepted."""
    return _roundtrip().load(text)


def dump_roundtrip(data: Any) -> str:
    """Serialize with ruamel's round-trip dumper (keeps comments of loaded data)."""
    buf = io.StringIO()
    _roundtrip().dump(data, buf)
    return buf.getvalue()



# cheaper and surer than knowing every reader's number and date forms.
_QUOTE_FIRST = frozenset("0123456789+-.~")
_UNUSUAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
# Characters a literal block may hold (YAML's printable set, without CR).
_LITERAL_OK = re.compile("^[\t\n\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*$")


def yaml11_safe(value: Any) -> Any:
    """``value`` prepared for the round-trip dumper so that YAML 1.1 and 1.2 read it alike.

    Text a YAML 1.1 tool would misread (``no``, ``on``, ``2018-07-03``, ``1:20``, ``0777``...)
    is single-quoted; multi-line text becomes a literal block (``|``) where YAML allows one.
    Mappings and lists are converted recursively; other values are returned as they are.
    """
    from ruamel.yaml.scalarstring import (
        DoubleQuotedScalarString,
        LiteralScalarString,
        SingleQuotedScalarString,
    )

    if isinstance(value, str):
        if _UNUSUAL.search(value):  # line breaks YAML knows but readers fold, BOM, controls
            return DoubleQuotedScalarString(value)
        if "\n" in value.rstrip("\n"):
            if (_LITERAL_OK.match(value) and not value.endswith("\n\n")
                    and not value.startswith((" ", "\n"))):
                return LiteralScalarString(value)
            return value  # the dumper picks a double-quoted form with escapes
        if value[:1] in _QUOTE_FIRST or _YAML11_NOT_STR.match(value):
            return SingleQuotedScalarString(value)
        return value
    if isinstance(value, dict):
        return {yaml11_safe(k): yaml11_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [yaml11_safe(v) for v in value]
    return value


_fragment_yaml: Any = None
_SIMPLE_KEY = re.compile(r"^[a-z][a-z0-9_-]*$")
_SIMPLE_VALUE = re.compile(r"^[A-Za-z0-9:.+-]+$")


def dump_fragment(mapping: dict[str, Any], indent: int = 0) -> str:
    """Block-style YAML for ``mapping`` (made :func:`yaml11_safe`), indented by ``indent``."""
    global _fragment_yaml
    if len(mapping) == 1:  # a timestamp or a code: no need for the dumper
        (key, value), = mapping.items()
        if (isinstance(key, str) and _SIMPLE_KEY.match(key) and isinstance(value, str)
                and _SIMPLE_VALUE.match(value)):
            # quoted exactly when the dumper would quote it (status: draft stays plain,
            # times such as '2026-...Z' are quoted), so a value never flips between forms
            plain = not (value[:1] in _QUOTE_FIRST or _YAML11_NOT_STR.match(value))
            return _indent(f"{key}: {value}\n" if plain else f"{key}: '{value}'\n", indent)
    if _fragment_yaml is None:
        _fragment_yaml = _roundtrip()
    buf = io.StringIO()
    _fragment_yaml.dump(yaml11_safe(mapping), buf)
    return _indent(buf.getvalue(), indent)


def _indent(text: str, n: int) -> str:
    if n == 0:
        return text
    pad = " " * n
    return "".join(pad + line if line.strip("\n") else line
                   for line in text.splitlines(keepends=True))



def merge_into(container: Any, key: Any, new: Any) -> None:
    """Put ``new`` at ``container[key]``, updating mappings in place (their comments stay)."""
    old = container.get(key) if isinstance(container, dict) else None
    if isinstance(old, dict) and isinstance(new, dict):
        for k in [k for k in old if k not in new]:
            del old[k]
        for k, v in new.items():
            merge_into(old, k, v)
        return
    if old == new and type(old) is type(new):
        return  # unchanged: keep its quoting and style
    container[key] = yaml11_safe(new)
