"""``tipq report --format xlsx -o FILE``: a workbook with one sheet per view and the long
table, written with xlsxwriter. Text is written as strings (never as formulas, numbers or
links, whatever it starts with); sheets run right to left for Arabic."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from tipq.core.errors import UserError
from tipq.render.compilation.base import (
    LONG_COLUMNS,
    VIEWS,
    CompilationFormat,
    iter_long_cells,
)
from tipq.render.compilation.words import is_rtl, word

if TYPE_CHECKING:
    from tipq.checks.compile import Compilation

#: Excel's limit on a cell's text.
MAX_CELL = 32_767


class XlsxFormat(CompilationFormat):
    name = "xlsx"
    binary = True
    suffix = ".xlsx"
    description: ClassVar[str] = "a workbook, one sheet per view (needs -o FILE)"

    def write(self, c: Compilation, path: Path) -> None:
        try:
            import xlsxwriter
        except ImportError as e:  # pragma: no cover - a dependency of tipq
            raise UserError("the xlsx format needs the xlsxwriter package: pip install "
                            "xlsxwriter (or pip install 'tipq[report]').") from e
        book = xlsxwriter.Workbook(str(path), {
            "constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
            "strings_to_urls": False, "in_memory": False})
        bold = book.add_format({"bold": True})
        rtl = is_rtl(c.lang)
        try:
            for key, _title, build in VIEWS:
                if key == "expected" and not c.expected_given:
                    continue
                head, rows = build(c)
                _sheet(book, word(f"sheet.{key}", c.lang), key, head, rows, bold, rtl)
            _sheet(book, word("sheet.data", c.lang), "data", list(LONG_COLUMNS), iter_long_cells(c),
                   bold, rtl)
        finally:
            book.close()


def _sheet(book: Any, title: str, key: str, head: list[str], rows: Any, bold: Any,
           rtl: bool) -> None:
    ws = book.add_worksheet(_sheet_name(title, key))
    if rtl:
        ws.right_to_left()
    for col, h in enumerate(head):
        ws.write_string(0, col, h, bold)
    ws.freeze_panes(1, 0)
    for r, row in enumerate(rows, 1):
        for col, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, int) and not isinstance(value, bool):
                ws.write_number(r, col, value)
            else:
                ws.write_string(r, col, str(value)[:MAX_CELL])


_BAD_SHEET = str.maketrans({ch: " " for ch in "[]:*?/\\"})


def _sheet_name(title: str, key: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    name = title.translate(_BAD_SHEET).strip()[:31]
    return name or key
