"""The output formats of ``tipq report``, registered by name: the CLI's ``--format``
choices are the keys of :data:`COMPILATION_FORMAT_BY_NAME`. Each renders the same views of
one :class:`~tipq.checks.compile.Compilation` (the tidy rows); a new format is one class
and one entry.

Text from the files (answers, file names, descriptions) is untrusted: each format passes it
through the :mod:`tipq.core.escape` function of its output kind where it writes it.
"""

from __future__ import annotations

from tipq.render.compilation.base import CompilationFormat
from tipq.render.compilation.csv_format import CsvFormat
from tipq.render.compilation.html_format import HtmlFormat
from tipq.render.compilation.sqlite_format import SqliteFormat
from tipq.render.compilation.terminal_format import TerminalFormat
from tipq.render.compilation.xlsx_format import XlsxFormat

COMPILATION_FORMAT_BY_NAME: dict[str, type[CompilationFormat]] = {
    f.name: f for f in (TerminalFormat, CsvFormat, XlsxFormat, HtmlFormat, SqliteFormat)
}

__all__ = ["COMPILATION_FORMAT_BY_NAME", "CompilationFormat"]
