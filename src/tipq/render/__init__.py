"""Show and export: the non-paper, the finding reporters, and the other renderers.

One model of what the non-paper contains (:func:`build_nonpaper`, in
:mod:`tipq.render.model`) and renderers registered by name in
:data:`~tipq.render.nonpaper.RENDERER_BY_NAME`; the finding reporters in
:mod:`tipq.render.reporters`. Everything returns strings; only the CLI prints or writes files.

The names below are loaded on first use, so that importing one renderer (the finding
reporters, for ``tipq --help``) does not load the questionnaire models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what the lazy names are, for type checkers
    from tipq.core.layouts import LAYOUTS as LAYOUTS
    from tipq.render.base import Renderer as Renderer
    from tipq.render.base import RenderOptions as RenderOptions
    from tipq.render.exporters import ExportOptions as ExportOptions
    from tipq.render.filters import Filters as Filters
    from tipq.render.model import NonPaper as NonPaper
    from tipq.render.model import build_nonpaper as build_nonpaper
    from tipq.render.nonpaper import EXPORT_FORMATS as EXPORT_FORMATS
    from tipq.render.nonpaper import EXPORTER_BY_NAME as EXPORTER_BY_NAME
    from tipq.render.nonpaper import RENDERER_BY_NAME as RENDERER_BY_NAME
    from tipq.render.nonpaper import render_questionnaire as render_questionnaire

_LAZY = {
    "EXPORT_FORMATS": "tipq.render.nonpaper",
    "EXPORTER_BY_NAME": "tipq.render.nonpaper",
    "ExportOptions": "tipq.render.exporters",
    "RENDERER_BY_NAME": "tipq.render.nonpaper",
    "render_questionnaire": "tipq.render.nonpaper",
    "LAYOUTS": "tipq.core.layouts",
    "Filters": "tipq.render.filters",
    "NonPaper": "tipq.render.model",
    "build_nonpaper": "tipq.render.model",
    "RenderOptions": "tipq.render.base",
    "Renderer": "tipq.render.base",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'tipq.render' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)


__all__ = sorted(_LAZY)
