"""The safe YAML reader: positions kept, YAML 1.2 core typing, and every unsafe construct refused with its place."""
from __future__ import annotations

import textwrap
import time
from decimal import Decimal

from defence_figures import yamlio
from defence_figures.yamlio import Map, Seq, YamlProblem


def parse_ok(text: str):
    tree, problems = yamlio.parse(textwrap.dedent(text))
    assert problems == []
    return tree


def test_lines_and_columns_of_keys_values_and_items():
    tree = parse_ok("""\
        # a comment
        document:
          id: x
          title: "T"
        figures:
          - id: a
            value: 1
          - id: b
        """)
    assert isinstance(tree, Map)
    assert (tree.line, tree.column) == (2, 1)
    assert tree.key_pos == {"document": (2, 1), "figures": (5, 1)}
    assert tree.value_pos == {"document": (3, 3), "figures": (6, 3)}
    document = tree["document"]
    assert document.key_pos == {"id": (3, 3), "title": (4, 3)}
    assert document.value_pos == {"id": (3, 7), "title": (4, 10)}
    figures = tree["figures"]
    assert isinstance(figures, Seq)
    assert (figures.line, figures.column) == (6, 3)
    assert figures.item_pos == [(6, 5), (8, 5)]
    assert figures[0].value_pos == {"id": (6, 9), "value": (7, 12)}
    assert figures == [{"id": "a", "value": 1}, {"id": "b"}]


def test_yaml_1_2_core_typing():
    tree = parse_ok("""\
        norway: NO
        yes_word: yes
        on_word: on
        date: 2024-02-15
        decimal: 1.47
        quoted_number: "18"
        single_quoted: '2'
        integer: 18
        negative: -3
        leading_zero: 012
        exponent: 1e3
        hex: 0x1F
        infinity: .inf
        true_word: true
        false_word: False
        null_word: null
        tilde: ~
        empty:
        block: |
          text
        folded: >-
          one
          two
        """)
    assert tree == {
        "norway": "NO",
        "yes_word": "yes",
        "on_word": "on",
        "date": "2024-02-15",
        "decimal": Decimal("1.47"),
        "quoted_number": "18",
        "single_quoted": "2",
        "integer": 18,
        "negative": -3,
        "leading_zero": 12,
        "exponent": Decimal("1E+3"),
        "hex": "0x1F",
        "infinity": ".inf",
        "true_word": True,
        "false_word": False,
        "null_word": None,
        "tilde": None,
        "empty": None,
        "block": "text\n",
        "folded": "one two",
    }
    assert type(tree["decimal"]) is Decimal
    assert type(tree["integer"]) is int
    assert type(tree["date"]) is str
    assert type(tree["quoted_number"]) is str


def test_a_key_is_the_word_as_written():
    assert parse_ok("1: a\nnull: b\ntrue: c\n") == {"1": "a", "null": "b", "true": "c"}


def test_explicit_str_tag_keeps_a_string():
    assert parse_ok("a: !!str 18\nb: ! 19\n") == {"a": "18", "b": "19"}


def test_duplicate_key_is_rejected_with_both_places():
    tree, problems = yamlio.parse("a: 1\nb: 2\na: 3\n")
    assert problems == [YamlProblem(3, 1, "duplicate key 'a' (first written on line 1); keep one")]
    assert tree == {"a": 1, "b": 2}


def test_duplicate_key_in_a_nested_mapping():
    _, problems = yamlio.parse("figures:\n  - id: x\n    unit: allies\n    unit: troops\n")
    assert problems == [YamlProblem(4, 5, "duplicate key 'unit' (first written on line 3); keep one")]


def test_tags_are_rejected():
    tree, problems = yamlio.parse("a: !!python/object:os.system x\nb: !custom y\nc: !!python/name:os.system\n")
    assert problems == [
        YamlProblem(1, 4, "the tag !!python/object:os.system is not allowed; curated files use plain YAML without tags"),
        YamlProblem(2, 4, "the tag !custom is not allowed; curated files use plain YAML without tags"),
        YamlProblem(3, 4, "the tag !!python/name:os.system is not allowed; curated files use plain YAML without tags"),
    ]
    assert tree == {"a": None, "b": None, "c": None}


def test_a_tag_on_a_collection_is_rejected_and_its_content_dropped():
    tree, problems = yamlio.parse('a: !!python/object/apply:os.system ["echo hacked"]\nb: 1\n')
    assert problems == [
        YamlProblem(1, 4, "the tag !!python/object/apply:os.system is not allowed; curated files use plain YAML without tags"),
    ]
    assert tree == {"a": None, "b": 1}


def test_aliases_are_rejected_where_they_are_written():
    tree, problems = yamlio.parse("a: &x 1\nb: *x\nc: [*x]\n")
    assert problems == [
        YamlProblem(2, 4, "the alias *x is not allowed in curated files; write the value out in full"),
        YamlProblem(3, 5, "the alias *x is not allowed in curated files; write the value out in full"),
    ]
    assert tree == {"a": 1, "b": None, "c": [None]}


def billion_laughs(levels: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    names = "abcdefghijklmnopqrstuvwxyz"
    for previous, name in zip(names, names[1:levels]):
        lines.append(f"{name}: &{name} [{','.join(['*' + previous] * 9)}]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_fast_with_the_first_ten_places():
    text = billion_laughs(levels=20)  # 9**20 strings if expanded
    started = time.perf_counter()
    tree, problems = yamlio.parse(text)
    assert time.perf_counter() - started < 1.0
    message = "the alias *{} is not allowed in curated files; write the value out in full"
    assert problems == [YamlProblem(2, column, message.format("a")) for column in (8, 11, 14, 17, 20, 23, 26, 29, 32)] + [
        YamlProblem(3, 8, message.format("b")),
    ]
    assert tree["b"] == [None] * 9


def test_deep_nesting_is_refused_at_the_first_level_too_deep():
    tree, problems = yamlio.parse("[" * 30 + "]" * 30)
    assert tree is None
    assert problems == [YamlProblem(1, 22, "nested deeper than 20 levels; curated files need at most 4")]


def test_twenty_levels_are_still_read():
    tree, problems = yamlio.parse("[" * 21 + "]" * 21)
    assert problems == []
    for _ in range(20):
        tree = tree[0]
    assert tree == []


def test_hostile_nesting_finishes_fast_and_does_not_crash():
    # 1,000,000 levels: libyaml's composer overflowed the C stack on far fewer (a segfault),
    # and its scanner is quadratic on deep flow brackets.
    for text, column in (("[" * 1_000_000 + "]" * 1_000_000, 22), ("- " * 1_000_000 + "x", 43), ("{a: " * 1_000_000 + "}" * 1_000_000, 82)):
        started = time.perf_counter()
        _, problems = yamlio.parse(text)
        assert time.perf_counter() - started < 1.0
        assert problems == [YamlProblem(1, column, "nested deeper than 20 levels; curated files need at most 4")]


def test_a_second_document_is_refused():
    tree, problems = yamlio.parse("a: 1\n---\nb: 2\n")
    assert tree is None
    assert problems == [YamlProblem(2, 1, "a second YAML document starts here; a curated file is one document: "
                                          "remove the '---' line and what follows, or merge it")]


def test_tab_indentation_is_named():
    tree, problems = yamlio.parse("document:\n  id: x\n\ttitle: y\n")
    assert tree is None
    assert problems == [YamlProblem(3, 1, "a tab is used for indentation; YAML needs spaces: replace the tab with spaces")]


def test_a_tab_after_a_colon_is_fine():
    assert parse_ok("a:\t1\n") == {"a": 1}


def test_syntax_error_has_its_place():
    _, problems = yamlio.parse("a: b: c\n")
    assert problems == [YamlProblem(1, 5, "YAML syntax error: mapping values are not allowed in this context")]
    _, problems = yamlio.parse("a: [1, 2\n")
    assert problems == [YamlProblem(2, 1, "YAML syntax error: while parsing a flow sequence, did not find expected ',' or ']'")]


def test_a_quotation_mark_inside_a_quoted_value_is_explained():
    _, problems = yamlio.parse('figures:\n  - id: x\n    quote: "He said "no" to it."\n')
    assert problems == [YamlProblem(3, 22, "text follows the closing quotation mark of a quoted value; inside \"...\" "
                                           "write a quotation mark as \\\", inside '...' write an apostrophe as ''")]


def test_an_unclosed_quote_is_reported_where_it_opens():
    _, problems = yamlio.parse('a: "never closed\nb: 1\n')
    assert problems == [YamlProblem(1, 4, "this quoted value is never closed; add the closing quotation mark")]


def test_a_complex_key_is_refused():
    tree, problems = yamlio.parse("? [a, b]\n: 1\nc: 2\n")
    assert problems == [YamlProblem(1, 3, "a key must be a plain word, not a list or a mapping")]
    assert tree == {"c": 2}


def test_empty_and_comment_only_texts_are_none_without_problems():
    assert yamlio.parse("") == (None, [])
    assert yamlio.parse("# only a comment\n") == (None, [])


def test_top_level_list_and_scalar_are_returned_as_such():
    assert yamlio.parse("- 1\n- 2\n") == ([1, 2], [])
    assert yamlio.parse("hello\n") == ("hello", [])


def test_columns_count_characters_not_bytes():
    # Curly quotes are three bytes each in UTF-8; a curator's editor counts them as one column.
    tree, problems = yamlio.parse('a: "’’’"\nb: "x’’’" "y"\n')
    assert problems == [YamlProblem(2, 11, "text follows the closing quotation mark of a quoted value; inside \"...\" "
                                           "write a quotation mark as \\\", inside '...' write an apostrophe as ''")]
    tree = parse_ok('a: "’’’"\nb: "x"\n')
    assert tree.value_pos == {"a": (1, 4), "b": (2, 4)}
    assert tree["a"] == "’’’"
