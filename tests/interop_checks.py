"""Shared checks of the interop exports (XLSForm, FHIR, docx): the tools are optional."""

from __future__ import annotations

import shutil

import pytest

JAVA = shutil.which("java")
needs_java = pytest.mark.skipif(JAVA is None,
                                reason="ODK Validate needs Java (apt: default-jre-headless)")
