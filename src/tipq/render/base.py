"""The renderer interface: a :class:`~tipq.render.model.NonPaper` in, a string out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from tipq.render.model import NonPaper


@dataclass(frozen=True)
class RenderOptions:
    """What a renderer may need beyond the non-paper (the terminal's width and colours)."""

    width: int = 100  # terminal columns
    color: bool = False  # ANSI colours (terminal)
    bidi: bool = False  # reorder right-to-left text for display, for terminals that do no
    # bidi of their own (a terminal that does would reverse it twice; files keep logical order)


class Renderer:
    """One output format. Subclasses set ``name``, ``description`` and ``suffix``."""

    name: ClassVar[str]
    description: ClassVar[str]
    suffix: ClassVar[str | None]  # file suffix for `tipq export`; None: not a file format
    binary: ClassVar[bool] = False  # a binary file (.docx): render_bytes, not render

    def render(self, nonpaper: NonPaper, options: RenderOptions | None = None) -> str:
        raise NotImplementedError

    def render_bytes(self, nonpaper: NonPaper, options: RenderOptions | None = None) -> bytes:
        """The file's content: :meth:`render` in UTF-8, unless the format is binary."""
        return self.render(nonpaper, options).encode("utf-8")
