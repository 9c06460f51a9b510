"""Exports of the questionnaire itself for other tools (not the non-paper): an XLSForm for
KoboToolbox and ODK, an HL7 FHIR Questionnaire. Registered by name in
:data:`tipq.render.nonpaper.EXPORTER_BY_NAME`; ``tipq export --format`` offers them
beside the non-paper's renderers. A new format is one :class:`Exporter` subclass and one entry.

Unlike a non-paper renderer, an exporter takes the whole questionnaire, in every one of
its languages: the other tool chooses the language shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from tipq.core.questionnaire import Questionnaire

FhirVersion = Literal["r4b", "r5"]
FHIR_VERSIONS: tuple[FhirVersion, ...] = ("r4b", "r5")


@dataclass(frozen=True)
class ExportOptions:
    lang: str | None = None  # the form's default language (None: English, else the first)
    fhir_version: FhirVersion = "r4b"


class Exporter:
    """One export format of the questionnaire. Subclasses set ``name``, ``description``,
    ``suffix`` and ``binary`` (bytes, not text: an .xlsx)."""

    name: ClassVar[str]
    description: ClassVar[str]
    suffix: ClassVar[str]
    binary: ClassVar[bool] = False

    def export(self, questionnaire: Questionnaire, options: ExportOptions) -> bytes:
        """The file's content (UTF-8 for a text format)."""
        raise NotImplementedError


def default_language(questionnaire: Questionnaire, lang: str | None) -> str:
    """``lang`` if given, else English if the questionnaire has it, else its first."""
    if lang:
        return lang
    return "en" if "en" in questionnaire.languages else questionnaire.languages[0]


__all__ = ["FHIR_VERSIONS", "ExportOptions", "Exporter", "FhirVersion",
           "default_language"]
