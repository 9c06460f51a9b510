"""``tipq report --format csv``: the long (tidy) table for analysts, one row per State ×
question × value (see :class:`tipq.checks.compile.LongRow`). Every text cell goes through
:func:`tipq.core.escape.csv_cell`, so that nothing a State wrote runs as a spreadsheet
formula (a cell starting with ``=``, ``+``, ``-`` or ``@`` gets a leading ``'``)."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any, ClassVar

from tipq.core import escape
from tipq.render.compilation.base import LONG_COLUMNS, CompilationFormat, iter_long_cells

if TYPE_CHECKING:
    from tipq.checks.compile import Compilation


def _cell(value: Any) -> Any:
    return escape.csv_cell(value) if isinstance(value, str) else value


class CsvFormat(CompilationFormat):
    name = "csv"
    suffix = ".csv"
    description: ClassVar[str] = "the long table: one row per State × question × value"

    def render(self, c: Compilation, *, color: bool = False) -> str:
        buf = io.StringIO()
        out = csv.writer(buf, lineterminator="\r\n")
        out.writerow(LONG_COLUMNS)
        for row in iter_long_cells(c):
            out.writerow([_cell(v) for v in row])
        return buf.getvalue()
