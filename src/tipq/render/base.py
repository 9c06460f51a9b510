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
    bidi: bool | None = None  # reorder right-to-left text for terminals without bidi
    # support; None: when the language shown is right-to-left


class Renderer:
    """One output format. Subclasses set ``name``, ``description`` and ``suffix``."""

    name: ClassVar[str]
    description: ClassVar[str]
    suffix: ClassVar[str | None]  # file suffix for `tipq export`; None: not a file format

    def render(self, nonpaper: NonPaper, options: RenderOptions | None = None) -> str:
        raise NotImplementedError
