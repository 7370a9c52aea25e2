"""The one validator shared by the curated files and the workbook descriptions, on small inline fixtures."""
from __future__ import annotations

from decimal import Decimal

import pytest

from defence_figures import yamlio
from defence_figures.nato.workbook import column_number
from defence_figures.validation import (
    ENUM,
    ID_PATTERN,
    NULL_OR_URL,
    NUMBER,
    TEXT,
    CheckedFields,
    Checker,
    FieldSpec,
    Problem,
    json_schema_object,
    text_matching,
    whole_number,
)

SPECS = (
    FieldSpec("id", text_matching(ID_PATTERN, "a slug such as my-id"), True, "A stable slug."),
    FieldSpec("label", TEXT, True, "What it counts.", max_length=20),
    FieldSpec("kind", ENUM, True, "actual or estimate.", ("actual", "estimate")),
    FieldSpec("count", whole_number(1, 10), False, "How many."),
    FieldSpec("value", NUMBER, False, "The number."),
    FieldSpec("url", NULL_OR_URL, False, "An address, or null."),
)
GOOD = "item:\n  id: my-id\n  label: Allies\n  kind: actual\n"


def check(source: str, what: str = "item 'my-id'") -> tuple[CheckedFields, list[str]]:
    """Parse source, check its 'item' mapping against SPECS; the result and every problem as printed."""
    tree, yaml_problems = yamlio.parse(source)
    assert yaml_problems == []
    checker = Checker("curated/example.yaml")
    checked = checker.check_fields(tree["item"], SPECS, what, tree.value_pos["item"])
    return checked, [str(p) for p in checker.problems]


def test_a_good_mapping_gives_its_values_and_no_problem():
    checked, problems = check(GOOD + "  count: 3\n  value: 1.5\n  url: null\n")
    assert problems == []
    assert checked.ok is True
    assert checked.values == {"id": "my-id", "label": "Allies", "kind": "actual", "count": 3,
                              "value": Decimal("1.5"), "url": None}


def test_an_unknown_key_close_to_a_field_names_it():
    checked, problems = check(GOOD + "  cout: 3\n")
    assert problems == ["curated/example.yaml:5:3: item 'my-id': unknown field 'cout'; did you mean 'count'?"]
    assert checked.ok is False
    assert checked.values == {"id": "my-id", "label": "Allies", "kind": "actual"}  # the fields that fit


def test_an_unknown_key_close_to_nothing_lists_the_fields():
    _, problems = check(GOOD + "  colour: red\n")
    assert problems == ["curated/example.yaml:5:3: item 'my-id': unknown field 'colour'; "
                        "the fields are: id, label, kind, count, value, url"]


def test_a_missing_required_field_is_located_at_its_mapping_with_guidance():
    checked, problems = check("item:\n  id: my-id\n  kind: actual\n")
    assert problems == ["curated/example.yaml:2:3: item 'my-id' has no 'label': What it counts."]
    assert checked.ok is False


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("  label: 18\n", "curated/example.yaml:3:10: item 'my-id': 'label' must be text, not the number 18; put it in quotes"),
        ("  label: \"   \"\n", "curated/example.yaml:3:10: item 'my-id': 'label' is empty: What it counts."),
        ("  label: \"Allies and partners together\"\n",
         "curated/example.yaml:3:10: item 'my-id': 'label' is 28 characters long; keep it under 20"),
        ("  label: [a, b]\n", "curated/example.yaml:3:10: item 'my-id': 'label' must be text, not a list; put it in quotes"),
    ],
)
def test_a_text_field_of_the_wrong_type_or_size(line, message):
    checked, problems = check(GOOD.replace("  label: Allies\n", line))
    assert problems == [message]
    assert "label" not in checked.values


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("  count: two\n", "curated/example.yaml:5:10: item 'my-id': 'count' must be a whole number from 1 to 10, "
                           "not the text \"two\""),
        ("  count: 0\n", "curated/example.yaml:5:10: item 'my-id': 'count' must be a whole number from 1 to 10, "
                         "not the number 0"),
        ("  count: true\n", "curated/example.yaml:5:10: item 'my-id': 'count' must be a whole number from 1 to 10, "
                            "not the boolean true"),
        ("  value: \"1,500\"\n", "curated/example.yaml:5:10: item 'my-id': 'value' must be a number, "
                                 "not the text \"1,500\"; write it without quotes"),
        ("  value: lots\n", "curated/example.yaml:5:10: item 'my-id': 'value' must be a number, not the text \"lots\""),
    ],
)
def test_a_number_of_the_wrong_type(line, message):
    _, problems = check(GOOD + line)
    assert problems == [message]


def test_text_that_does_not_match_its_pattern_shows_what_would():
    _, problems = check(GOOD.replace("id: my-id", "id: My_Id"))
    assert problems == ["curated/example.yaml:2:7: item 'my-id': 'id' is 'My_Id', which is not a slug such as my-id"]


def test_a_bad_choice_names_the_choices_and_the_closest():
    _, problems = check(GOOD.replace("kind: actual", "kind: actul"))
    assert problems == ["curated/example.yaml:4:9: item 'my-id': 'kind' is 'actul', which is not one of: "
                        "actual, estimate; did you mean 'actual'?"]


def test_a_bad_choice_close_to_nothing_has_no_hint():
    _, problems = check(GOOD.replace("kind: actual", "kind: forecast"))
    assert problems == ["curated/example.yaml:4:9: item 'my-id': 'kind' is 'forecast', which is not one of: "
                        "actual, estimate"]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "\"https://www.nato.int/a b.htm\"", "ftp://nato.int/x"])
def test_a_bad_address(url):
    _, problems = check(GOOD + f"  url: {url}\n")
    shown = url.strip('"')
    assert problems == [f"curated/example.yaml:5:8: item 'my-id': 'url' must be an http(s) address or null, "
                        f"not the text \"{shown}\""]


def test_a_draft_placeholder_is_refused_whatever_the_field_type():
    _, problems = check("item:\n  id: my-id\n  label: \"TODO: what it counts\"\n  kind: \"  TODO: actual?\"\n"
                        "  count: TODO\n")
    assert problems == [
        "curated/example.yaml:3:10: item 'my-id': 'label' is still a draft placeholder (TODO: what it counts); fill it in",
        "curated/example.yaml:4:9: item 'my-id': 'kind' is still a draft placeholder (TODO: actual?); fill it in",
        "curated/example.yaml:5:10: item 'my-id': 'count' is still a draft placeholder (TODO); fill it in",
    ]


def test_something_other_than_a_mapping_is_located_where_it_is_written():
    checked, problems = check("item: [1, 2]\n")
    assert problems == ["curated/example.yaml:1:7: item 'my-id' must be a mapping of fields, not a list"]
    assert checked == CheckedFields({}, False)


def test_the_top_level_keys_and_schema_version():
    tree, _ = yamlio.parse("schema_version: 2\ndocumnt: {}\nsheet: []\n")
    checker = Checker("curated/workbooks/example.yaml")
    checker.check_top_level(tree, ("schema_version", "document", "indicators"), 1)
    assert [str(p) for p in checker.problems] == [
        "curated/workbooks/example.yaml:2:1: unknown top-level key 'documnt'; did you mean 'document'?",
        "curated/workbooks/example.yaml:3:1: unknown top-level key 'sheet'; the keys are: schema_version, document, indicators",
        "curated/workbooks/example.yaml:1:17: schema_version must be 1, not the number 2",
    ]


def test_a_missing_schema_version_is_located_at_the_top():
    tree, _ = yamlio.parse("document: {}\n")
    checker = Checker("curated/example.yaml")
    checker.check_top_level(tree, ("schema_version", "document"), 1)
    assert [str(p) for p in checker.problems] == ["curated/example.yaml:1:1: schema_version must be 1, not nothing"]


def test_problems_carry_the_document_and_figure_they_concern():
    checker = Checker("curated/example.yaml")
    checker.add((3, 5), "first")
    checker.document_id = "nato-def-exp-2024"
    checker.add((4, 1), "second")
    checker.add((5, 2), "third", "another-document", "a-figure")
    assert checker.problems == [
        Problem("curated/example.yaml", 3, 5, "first", "", ""),
        Problem("curated/example.yaml", 4, 1, "second", "nato-def-exp-2024", ""),
        Problem("curated/example.yaml", 5, 2, "third", "another-document", "a-figure"),
    ]
    assert str(checker.problems[2]) == "curated/example.yaml:5:2: third"


def test_yaml_problems_are_filed_with_their_location():
    _, yaml_problems = yamlio.parse("a: 1\na: 2\n")
    checker = Checker("curated/example.yaml")
    checker.add_yaml_problems(yaml_problems)
    assert [str(p) for p in checker.problems] == [
        "curated/example.yaml:2:1: duplicate key 'a' (first written on line 1); keep one"]


def test_a_schema_object_is_generated_from_the_specs():
    assert json_schema_object(SPECS[1:4]) == {
        "type": "object",
        "additionalProperties": False,
        "required": ["label", "kind"],
        "properties": {
            "label": {"description": "What it counts.", "type": "string", "minLength": 1, "maxLength": 20},
            "kind": {"description": "actual or estimate.", "enum": ["actual", "estimate"]},
            "count": {"description": "How many.", "type": "integer", "minimum": 1, "maximum": 10},
        },
    }


@pytest.mark.parametrize(("letters", "number"), [("A", 1), ("N", 14), ("Z", 26), ("AA", 27), ("AZ", 52), ("XFD", 16384)])
def test_column_letters_as_numbers(letters, number):
    assert column_number(letters) == number
