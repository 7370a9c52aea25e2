"""The published JSON Schema: never stale, accepts every curated file, rejects what the loader rejects; and the guide documents every field."""
from __future__ import annotations

import copy
import json
import re

import jsonschema
import pytest
import yaml

from conftest import REPO
from defence_figures import cli
from defence_figures.corpus import model

SCHEMA_PATH = REPO / "schema" / "curated.schema.json"
CURATED = sorted((REPO / "curated").glob("*.yaml"))


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def errors(validator, instance) -> list[tuple[str, str]]:
    """(path, validator keyword) of every error, sorted, so tests can name exactly what failed."""
    return sorted(("/".join(str(p) for p in error.absolute_path), error.validator) for error in validator.iter_errors(instance))


def test_the_published_schema_is_current(capsys):
    assert cli.main(["schema", "--check", str(SCHEMA_PATH)]) == 0
    assert capsys.readouterr() == ("", "")


def test_the_schema_command_prints_the_published_file(capsys):
    assert cli.main(["schema"]) == 0
    assert capsys.readouterr().out == SCHEMA_PATH.read_text(encoding="utf-8")


def test_the_schema_tests_see_every_curated_file():
    # Files a curator adds are checked too; these are the ones known when this test was written.
    assert {p.name for p in CURATED} >= {
        "bgnes-2024-02-15-stoltenberg.yaml",
        "nato-2024-02-14-news-story.yaml",
        "nato-2024-02-14-pre-ministerial.yaml",
        "nato-2024-02-15-press-conference.yaml",
        "nato-2024-06-18-blinken-meeting-news.yaml",
        "nato-2024-07-10-summit-press-conference.yaml",
        "ukrinform-2024-02-15-nato-ukraine-council.yaml",
    }


@pytest.mark.parametrize("path", CURATED, ids=lambda p: p.name)
def test_every_curated_file_is_valid_against_the_schema(validator, path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert errors(validator, data) == []


@pytest.mark.parametrize("path", CURATED, ids=lambda p: p.name)
def test_every_curated_file_points_editors_at_the_schema(path):
    first_line = path.read_text(encoding="utf-8").split("\n", 1)[0]
    assert first_line == "# yaml-language-server: $schema=../schema/curated.schema.json"


@pytest.fixture
def press_conference():
    return yaml.safe_load((REPO / "curated" / "nato-2024-02-15-press-conference.yaml").read_text(encoding="utf-8"))


def test_the_schema_rejects_an_unknown_unit(validator, press_conference):
    broken = copy.deepcopy(press_conference)
    broken["figures"][2]["unit"] = "euros"
    assert errors(validator, broken) == [("figures/2/unit", "enum")]


def test_the_schema_lists_the_controlled_units():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["properties"]["figures"]["items"]["properties"]["unit"]["enum"] == [
        "usd_billion", "percent_of_gdp", "percent", "percent_change", "allies", "countries", "troops",
        "artillery_shells_per_year", "drones", "years", "times",
    ]


@pytest.mark.parametrize(
    ("where", "field", "value", "expected"),
    [
        ("figure", "explantion", "typo", ("figures/0", "additionalProperties")),
        ("figure", "value", "18", ("figures/0/value", "type")),
        ("figure", "id", "PC15_18", ("figures/0/id", "pattern")),
        ("figure", "period", "2014-2024", ("figures/0/period", "pattern")),
        ("figure", "qualifier", "roughly", ("figures/0/qualifier", "enum")),
        ("figure", "occurrence", 0, ("figures/0/occurrence", "minimum")),
        ("document", "date_published", "15/02/2024", ("document/date_published", "pattern")),
        ("document", "url_main", "javascript:alert(1)", ("document/url_main", "pattern")),
        ("document", "url_main", "https://www.nato.int/cps/en/natohq/opinions 222664.htm", ("document/url_main", "pattern")),
        ("document", "sha256", "0771D4C2", ("document/sha256", "pattern")),
        ("document", "role", "record", ("document/role", "enum")),
    ],
)
def test_the_schema_rejects_what_the_loader_rejects(validator, press_conference, where, field, value, expected):
    broken = copy.deepcopy(press_conference)
    target = broken["figures"][0] if where == "figure" else broken["document"]
    target[field] = value
    assert errors(validator, broken) == [expected]


def test_the_schema_requires_the_fields_the_loader_requires(validator, press_conference):
    broken = copy.deepcopy(press_conference)
    del broken["figures"][0]["label"]
    del broken["schema_version"]
    assert errors(validator, broken) == [("", "required"), ("figures/0", "required")]


def test_an_unquoted_date_read_by_a_yaml_1_1_tool_is_flagged(validator):
    # PyYAML's safe_load reads 2024-02-15 as a date: the schema asks for the quoted text.
    text = (REPO / "curated" / "nato-2024-02-15-press-conference.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text.replace('date_published: "2024-02-15"', "date_published: 2024-02-15"))
    assert errors(validator, data) == [("document/date_published", "type")]


# --- nothing undocumented ---------------------------------------------------------------------------------------


CURATING = REPO / "CURATING.md"


def test_every_field_is_explained_in_curating_md():
    guide = CURATING.read_text(encoding="utf-8")
    missing = [
        f"{what}.{spec.name}"
        for what, specs in (("document", model.DOCUMENT_FIELDS), ("figure", model.FIGURE_FIELDS),
                            ("comparison", model.COMPARISON_FIELDS))
        for spec in specs
        if not re.search(rf"`{re.escape(spec.name)}`", guide)
    ]
    assert missing == [], f"CURATING.md does not mention these fields (as `name`): {missing}"


def test_every_controlled_value_is_listed_in_curating_md():
    guide = CURATING.read_text(encoding="utf-8")
    lists = {
        "units": model.UNITS, "qualifiers": model.QUALIFIERS, "kinds": model.KINDS, "bases": model.BASES,
        "topics": model.TOPICS, "verdicts": model.VERDICTS, "roles": model.ROLES, "completeness": model.COMPLETENESS,
    }
    missing = [f"{name}: {value}" for name, values in lists.items() for value in values if f"`{value}`" not in guide]
    assert missing == [], f"CURATING.md does not list these controlled values (as `value`): {missing}"


def test_curating_md_keeps_the_walk_through_heading():
    assert "\n## Adding a new statement\n" in CURATING.read_text(encoding="utf-8")


# --- the workbook description's schema ---------------------------------------------------------------------------


WORKBOOK_SCHEMA_PATH = REPO / "schema" / "workbook.schema.json"
WORKBOOK_DESCRIPTIONS = sorted((REPO / "curated" / "workbooks").glob("*.yaml"))


@pytest.fixture(scope="module")
def workbook_validator():
    schema = json.loads(WORKBOOK_SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture
def workbook_description():
    return yaml.safe_load((REPO / "curated" / "workbooks" / "nato-def-exp-2024.yaml").read_text(encoding="utf-8"))


def test_the_published_workbook_schema_is_current(capsys):
    assert cli.main(["schema", "workbook", "--check", str(WORKBOOK_SCHEMA_PATH)]) == 0
    assert capsys.readouterr() == ("", "")


def test_the_schema_command_prints_the_published_workbook_schema(capsys):
    assert cli.main(["schema", "workbook"]) == 0
    assert capsys.readouterr().out == WORKBOOK_SCHEMA_PATH.read_text(encoding="utf-8")


def test_a_stale_workbook_schema_names_the_command_that_rewrites_it(tmp_path, capsys):
    stale = tmp_path / "workbook.schema.json"
    stale.write_text("{}\n", encoding="utf-8")
    assert cli.main(["schema", "workbook", "--check", str(stale)]) == 1
    assert capsys.readouterr().err == f"{stale} is out of date; run `defence-figures schema workbook > {stale}`\n"


@pytest.mark.parametrize("path", WORKBOOK_DESCRIPTIONS, ids=lambda p: p.name)
def test_every_workbook_description_is_valid_against_its_schema(workbook_validator, path):
    assert errors(workbook_validator, yaml.safe_load(path.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize("path", WORKBOOK_DESCRIPTIONS, ids=lambda p: p.name)
def test_every_workbook_description_points_editors_at_its_schema(path):
    first_line = path.read_text(encoding="utf-8").split("\n", 1)[0]
    assert first_line == "# yaml-language-server: $schema=../../schema/workbook.schema.json"


def test_the_workbook_schema_guides_every_field():
    schema = json.loads(WORKBOOK_SCHEMA_PATH.read_text(encoding="utf-8"))
    indicator = schema["properties"]["indicators"]["items"]["properties"]
    assert indicator["block_title"]["description"] == (
        "The block's title as the sheet writes it; leave it out when the sheet has one untitled block.")
    assert indicator["price_basis"] == {"description": "current, constant_2015 or not_applicable.",
                                        "enum": ["current", "constant_2015", "not_applicable"]}
    parts = [schema["properties"]["document"], *(schema["properties"][p]["items"] for p in ("allies", "sheets", "indicators"))]
    undescribed = [name for part in parts for name, field in part["properties"].items() if not field.get("description")]
    assert undescribed == []


@pytest.mark.parametrize(
    ("part", "field", "value", "expected"),
    [
        ("indicators", "unit_lable", "typo", ("indicators/0", "additionalProperties")),
        ("indicators", "decimals", 7, ("indicators/0/decimals", "maximum")),
        ("indicators", "id", "Share-of-GDP", ("indicators/0/id", "pattern")),
        ("indicators", "price_basis", "constant_2020", ("indicators/0/price_basis", "enum")),
        ("sheets", "title_cell", "B0", ("sheets/0/title_cell", "pattern")),
        ("sheets", "year_columns", "D-N", ("sheets/0/year_columns", "pattern")),
        ("sheets", "year_row", "8", ("sheets/0/year_row", "type")),
        ("allies", "code", "PL", ("allies/0/code", "pattern")),
        ("document", "file", "data/nato.xlsx", ("document/file", "pattern")),
        ("document", "estimate_years", [], ("document/estimate_years", "minItems")),
        ("document", "url_main", "javascript:alert(1)", ("document/url_main", "pattern")),
    ],
)
def test_the_workbook_schema_rejects_what_the_reader_rejects(workbook_validator, workbook_description, part, field,
                                                             value, expected):
    broken = copy.deepcopy(workbook_description)
    target = broken[part] if part == "document" else broken[part][0]
    target[field] = value
    assert errors(workbook_validator, broken) == [expected]


def test_the_workbook_schema_requires_what_the_reader_requires(workbook_validator, workbook_description):
    broken = copy.deepcopy(workbook_description)
    del broken["document"]["cutoff"]
    del broken["sheets"]
    broken["indicators"] = []
    assert errors(workbook_validator, broken) == [("", "required"), ("document", "required"), ("indicators", "minItems")]


def test_every_workbook_field_is_explained_in_curating_md():
    from defence_figures.nato import workbook

    guide = CURATING.read_text(encoding="utf-8")
    section = guide.split("\n## The workbook description\n", 1)[1].split("\n## ", 1)[0]
    missing = [
        f"{what}.{spec.name}"
        for what, specs in (("document", workbook.DOCUMENT_FIELDS), ("allies", workbook.ALLY_FIELDS),
                            ("sheets", workbook.SHEET_FIELDS), ("indicators", workbook.INDICATOR_FIELDS))
        for spec in specs
        if f"`{spec.name}`" not in section
    ]
    assert missing == [], f"CURATING.md's workbook section does not mention these fields (as `name`): {missing}"
