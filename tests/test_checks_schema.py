"""schema/checks.schema.json: generated from the checks' field specs, published, and met by every file of checks."""
from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from conftest import REPO
from defence_figures import cli

CHECKS_SCHEMA_PATH = REPO / "schema" / "checks.schema.json"
CHECK_FILES = sorted((REPO / "curated" / "checks").glob("*.yaml"))


@pytest.fixture(scope="module")
def checks_validator():
    schema = json.loads(CHECKS_SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def error_places(validator, instance) -> list[tuple[str, str]]:
    return sorted(("/".join(str(p) for p in e.absolute_path), e.validator) for e in validator.iter_errors(instance))


def test_the_published_checks_schema_is_current(capsys):
    assert cli.main(["schema", "checks", "--check", str(CHECKS_SCHEMA_PATH)]) == 0
    assert capsys.readouterr().err == ""


def test_a_stale_checks_schema_names_the_command_that_rewrites_it(tmp_path, capsys):
    stale = tmp_path / "checks.schema.json"
    stale.write_text("{}\n", encoding="utf-8")
    assert cli.main(["schema", "checks", "--check", str(stale)]) == 1
    assert capsys.readouterr().err == f"{stale} is out of date; run `defence-figures schema checks > {stale}`\n"


@pytest.mark.parametrize("path", CHECK_FILES, ids=lambda p: p.name)
def test_every_file_of_checks_is_valid_against_the_schema(checks_validator, path):
    assert error_places(checks_validator, yaml.safe_load(path.read_text(encoding="utf-8"))) == []


def test_the_schema_rejects_an_unknown_field_a_missing_figure_and_an_unknown_kind(checks_validator):
    checks = {"schema_version": 1, "workbook": "nato-def-exp-2024", "checks": [
        {"id": "a-check", "kind": "no_such_kind", "name": "n", "title": "t", "indicators": ["share_of_gdp"],
         "figur": "bgnes-18-allies-at-2pct"},
    ]}
    assert error_places(checks_validator, checks) == [
        ("checks/0", "additionalProperties"),
        ("checks/0", "required"),
        ("checks/0/kind", "enum"),
    ]


def test_the_checks_schema_guides_every_field():
    schema = json.loads(CHECKS_SCHEMA_PATH.read_text(encoding="utf-8"))
    check = schema["properties"]["checks"]["items"]["properties"]
    assert [name for name, spec in check.items() if not spec.get("description")] == []
    assert check["figure"]["description"] == "The id of the curated figure it checks."


@pytest.mark.parametrize("path", CHECK_FILES, ids=lambda p: p.name)
def test_every_file_of_checks_points_editors_at_its_schema(path):
    assert path.read_text(encoding="utf-8").splitlines()[0] == "# yaml-language-server: $schema=../../schema/checks.schema.json"
