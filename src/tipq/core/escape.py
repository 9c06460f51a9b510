"""Escaping of untrusted text, one function per output kind.

Every string that comes from a file (a State's response, a questionnaire, a file name) is
untrusted wherever it is shown: it may hold terminal escape sequences, line breaks that
forge a GitHub workflow command, characters XML 1.0 forbids, markup or a spreadsheet
formula. Reporters and the terminal pass such text through the function for their output
kind, at the one place they write it; the core builds its texts raw
(:meth:`tipq.core.findings.Finding.format`) and never escapes.

The visible convention (:func:`visible`), used for terminals, plain text and inside the
other kinds: a character that would act rather than show is written as a Python-style
escape, so a reader sees exactly what the file holds and nothing acts on the terminal:

- ``\\n``, ``\\r``, ``\\t`` for line feed, carriage return and tab;
- ``\\xNN`` for the other C0 controls, DEL and the C1 controls (``\\x1b`` for ESC,
  ``\\x00`` for NUL, ``\\x9b`` for CSI);
- ``\\uNNNN`` for the bidirectional formatting characters (embeddings, overrides,
  isolates and marks, U+061C, U+200E/F, U+202A-U+202E, U+2066-U+2069), the line and
  paragraph separators U+2028/U+2029, U+FEFF and the non-characters U+FFFE/U+FFFF.

A backslash already in the text is left as it is (Windows paths stay readable), so
``\\n`` written literally in a file looks the same as an escaped line break: harmless,
since neither acts on anything.

This module is pure: no imports of tipq, no I/O.
"""

from __future__ import annotations

import re

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

#: Characters that act instead of showing: C0, DEL, C1, bidi controls, separators, BOM.
_ACTING = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ufeff\ufffe\uffff]")

#: Characters XML 1.0 does not allow anywhere in a document (surrogates never reach here).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _code(ch: str) -> str:
    if ch in _NAMED:
        return _NAMED[ch]
    n = ord(ch)
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}"


#: As _ACTING, less the bidi controls (for renderers that place isolates themselves).
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def visible(text: str, *, bidi: bool = True) -> str:
    """``text`` on one line with every acting character written as a visible escape.
    ``bidi=False`` leaves the bidi controls alone: for the non-paper renderers, which
    write Unicode isolates of their own around provisions and symbols."""
    return (_ACTING if bidi else _CONTROLS).sub(lambda m: _code(m[0]), text)


def visible_lines(text: str, *, bidi: bool = True) -> str:
    """:func:`visible`, keeping line feeds as line breaks (for text of several lines)."""
    return "\n".join(visible(line, bidi=bidi) for line in text.split("\n"))


def text_line(line: str) -> str:
    """A line of plain-text output (terminal, CI log): :func:`visible`, and a line that a
    CI runner would take for a command is neutralised: ``::`` at its start (after any
    blanks) becomes ``\\x3a:``, and ``##[`` becomes ``##\\x5b`` (GitHub and Azure
    logging commands)."""
    out = visible(line).replace("##[", "##\\x5b")
    stripped = out.lstrip(" ")
    if stripped.startswith("::"):
        out = out[: len(out) - len(stripped)] + "\\x3a" + stripped[1:]
    return out


# --- GitHub workflow commands --------------------------------------------------------------


def github_data(text: str) -> str:
    """The data of a workflow command (``::error file=...::DATA``), as actions/toolkit's
    ``escapeData`` does, after :func:`visible` (so no control character reaches the log)."""
    return visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """A property value of a workflow command (``file=``, ``title=``): as ``escapeProperty``
    (``%``, CR, LF, ``:`` and ``,``), after :func:`visible`."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


# --- XML, HTML ------------------------------------------------------------------------------


def _xml_legal(text: str) -> str:
    return _XML_ILLEGAL.sub(lambda m: _code(m[0]), text)


def xml_text(text: str) -> str:
    """Character data of an XML 1.0 element: characters XML forbids replaced by their
    visible escape, then ``&``, ``<`` and ``>`` escaped. Line breaks and tabs are kept."""
    return (_xml_legal(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\r", "&#13;"))


def xml_attr(text: str) -> str:
    """An XML attribute value, with its double quotes: as :func:`xml_text`, and ``"``,
    line breaks and tabs as character references (so a parser keeps them)."""
    body = (xml_text(text).replace('"', "&quot;").replace("\n", "&#10;")
            .replace("\t", "&#9;"))
    return f'"{body}"'


def html(text: str) -> str:
    """HTML element content or attribute value: :func:`visible_lines`, then ``&``, ``<``,
    ``>``, ``"`` and ``'`` escaped."""
    return (visible_lines(text).replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;").replace('"', "&quot;").replace("'", "&#x27;"))


# --- Markdown -------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>|~&#!+\-.=:])")


def markdown(text: str) -> str:
    """Inline Markdown (a table cell, a list item) that shows exactly ``text``:
    :func:`visible` (one line), then every punctuation character Markdown or GitHub
    could read as markup escaped with a backslash (pipes too, for tables; ``:`` so that
    no ``https:`` becomes an autolink)."""
    return _MD_SPECIAL.sub(r"\\\1", visible(text))


# --- spreadsheets ---------------------------------------------------------------------------

#: What JSON encoders leave raw in strings, yet acts on a terminal.
_JSON_RAW = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                       "\ufeff\ufffe\uffff]")

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text: str) -> str:
    """A CSV or spreadsheet cell that no spreadsheet runs as a formula (OWASP CSV
    injection): a cell starting with ``=``, ``+``, ``-``, ``@``, tab or CR gets a leading
    ``'``. Quoting the cell for CSV is the csv module's job."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def json_text(text: str) -> str:
    """A JSON document safe to print on a terminal: the C1 controls, bidi controls and
    separators that JSON allows raw inside strings written as ``\\uNNNN`` escapes (the
    C0 controls are escaped by any JSON encoder already). The data is unchanged."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


# --- XPath (XLSForm expressions) ----------------------------------------------------------


def xpath_string(text: str) -> str:
    """An XPath 1.0 string literal that is exactly ``text``, quotes included: XPath has no
    escapes, so a text holding both kinds of quote becomes a ``concat()`` of pieces."""
    if "'" not in text:
        return f"'{text}'"
    if '"' not in text:
        return f'"{text}"'
    pieces = [f"'{p}'" for p in text.split("'")]
    return "concat(" + ", \"'\", ".join(pieces) + ")"


__all__ = ["csv_cell", "github_data", "github_property", "html", "json_text", "markdown",
           "text_line", "visible", "visible_lines", "xml_attr", "xml_text",
           "xpath_string"]
