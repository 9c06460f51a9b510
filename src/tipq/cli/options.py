"""Option types shared by several commands."""

from __future__ import annotations

import enum

from tipq.render.reporters import REPORTER_BY_NAME

#: --format choices: the keys of the reporter registry.
ReportFormat = enum.Enum("ReportFormat", {name: name for name in REPORTER_BY_NAME}, type=str)  # type: ignore[misc]
