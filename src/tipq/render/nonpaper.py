"""The non-paper's renderers, registered by name in :data:`RENDERER_BY_NAME`, and
:func:`render_questionnaire`. A new format is one :class:`Renderer` subclass and one entry.
The exports of the whole questionnaire for other tools (XLSForm, FHIR) are registered in
:data:`EXPORTER_BY_NAME`; ``tipq export`` offers both (:data:`EXPORT_FORMATS`)."""

from __future__ import annotations

from tipq.core.layouts import LAYOUTS
from tipq.core.questionnaire import Questionnaire
from tipq.render.base import Renderer, RenderOptions
from tipq.render.docx import DocxRenderer
from tipq.render.exporters import Exporter
from tipq.render.fhir import FhirExporter
from tipq.render.filters import Filters
from tipq.render.html import HtmlRenderer
from tipq.render.markdown import MarkdownRenderer
from tipq.render.model import NonPaper, build_nonpaper
from tipq.render.terminal import TerminalRenderer
from tipq.render.xlsform import XlsFormExporter

RENDERER_BY_NAME: dict[str, type[Renderer]] = {
    r.name: r for r in (TerminalRenderer, MarkdownRenderer, HtmlRenderer, DocxRenderer)
}

#: Exports of the whole questionnaire, in all its languages, for other tools.
EXPORTER_BY_NAME: dict[str, type[Exporter]] = {
    e.name: e for e in (XlsFormExporter, FhirExporter)
}

#: Formats `tipq export` writes: the renderers that make a file, then the exporters.
EXPORT_FORMATS: tuple[str, ...] = (
    *(n for n, r in RENDERER_BY_NAME.items() if r.suffix), *EXPORTER_BY_NAME)


def render_questionnaire(questionnaire: Questionnaire, format: str, *, lang: str | None = None,
                         layout: str = "document", filters: Filters | None = None,
                         options: RenderOptions | None = None,
                         others: dict[str, Questionnaire] | None = None) -> str:
    """The non-paper of ``questionnaire`` rendered as ``format`` (a key of RENDERER_BY_NAME)."""
    nonpaper = build_nonpaper(questionnaire, lang=lang, layout=layout, filters=filters,
                              others=others)
    return RENDERER_BY_NAME[format]().render(nonpaper, options)


__all__ = [
    "EXPORTER_BY_NAME",
    "EXPORT_FORMATS",
    "LAYOUTS",
    "RENDERER_BY_NAME",
    "Filters",
    "NonPaper",
    "RenderOptions",
    "Renderer",
    "build_nonpaper",
    "render_questionnaire",
]
