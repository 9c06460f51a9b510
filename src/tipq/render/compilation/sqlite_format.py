"""``tipq report --format sqlite -o FILE``: the compilation's own database, as it is (one
table per entity with primary and foreign keys; see :mod:`tipq.checks.compile_store`), for
Datasette, sqlite-utils or any SQL client."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from tipq.render.compilation.base import CompilationFormat

if TYPE_CHECKING:
    from tipq.checks.compile import Compilation


class SqliteFormat(CompilationFormat):
    name = "sqlite"
    binary = True
    suffix = ".sqlite"
    description: ClassVar[str] = "the SQLite database of every table (needs -o FILE)"

    def write(self, c: Compilation, path: Path) -> None:
        c.store.copy_to(str(path))
