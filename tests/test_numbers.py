"""Reading the numbers written in a sentence: each form, its value and dimension, and what is not a figure."""
from __future__ import annotations

from decimal import Decimal

import pytest

from defence_figures.corpus.numbers import NumberMention, read_numbers


def only(text: str, **kwargs) -> NumberMention:
    mentions = read_numbers(text, **kwargs)
    assert len(mentions) == 1, mentions
    return mentions[0]


@pytest.mark.parametrize(
    ("text", "written", "number", "value", "dimension"),
    [
        ("$380 billion", "$380 billion", Decimal("380"), Decimal("380000000000"), "money"),
        ("380 billion US dollars", "380 billion US dollars", Decimal("380"), Decimal("380000000000"), "money"),
        ("ten billion dollars", "ten billion dollars", Decimal("10"), Decimal("10000000000"), "money"),
        ("US$5 billion", "US$5 billion", Decimal("5"), Decimal("5000000000"), "money"),
        ("USD 5 billion", "USD 5 billion", Decimal("5"), Decimal("5000000000"), "money"),
        ("2.3 trillion dollars", "2.3 trillion dollars", Decimal("2.3"), Decimal("2300000000000"), "money"),
        ("90,000", "90,000", Decimal("90000"), Decimal("90000"), "count"),
        ("one million", "one million", Decimal("1"), Decimal("1000000"), "count"),
        ("a million", "a million", Decimal("1"), Decimal("1000000"), "count"),
        ("2.5 million", "2.5 million", Decimal("2.5"), Decimal("2500000"), "count"),
        ("a hundred", "a hundred", Decimal("100"), Decimal("100"), "count"),
        ("two hundred and five", "two hundred and five", Decimal("205"), Decimal("205"), "count"),
        ("ninety-nine", "ninety-nine", Decimal("99"), Decimal("99"), "count"),
        ("twenty-three Allies", "twenty-three", Decimal("23"), Decimal("23"), "count"),
        ("2%", "2%", Decimal("2"), Decimal("2"), "percent"),
        ("1.47%", "1.47%", Decimal("1.47"), Decimal("1.47"), "percent"),
        ("99 percent", "99 percent", Decimal("99"), Decimal("99"), "percent"),
        ("2 per cent", "2 per cent", Decimal("2"), Decimal("2"), "percent"),
        ("18 Allies", "18", Decimal("18"), Decimal("18"), "count"),
        ("six-fold", "six-fold", Decimal("6"), Decimal("6"), "multiplier"),
        ("6-fold", "6-fold", Decimal("6"), Decimal("6"), "multiplier"),
        ("a sixfold increase", "sixfold", Decimal("6"), Decimal("6"), "multiplier"),
        ("a tenfold rise", "tenfold", Decimal("10"), Decimal("10"), "multiplier"),
        # Forms news agencies also write: a space after the currency, "bn" run on, spaces between thousands
        ("US$ 300 billion", "US$ 300 billion", Decimal("300"), Decimal("300000000000"), "money"),
        ("$ 300 billion", "$ 300 billion", Decimal("300"), Decimal("300000000000"), "money"),
        ("$380bn", "$380bn", Decimal("380"), Decimal("380000000000"), "money"),
        ("380bn dollars", "380bn dollars", Decimal("380"), Decimal("380000000000"), "money"),
        ("10 000 troops", "10 000", Decimal("10000"), Decimal("10000"), "count"),
        ("90\u00a0000 troops", "90\u00a0000", Decimal("90000"), Decimal("90000"), "count"),
        ("1\u202f000\u202f000 shells", "1\u202f000\u202f000", Decimal("1000000"), Decimal("1000000"), "count"),
    ],
)
def test_each_form_is_read_with_its_value_and_dimension(text, written, number, value, dimension):
    mention = only(text)
    assert mention.text == written
    assert mention.number == number
    assert mention.value == value
    assert mention.dimension == dimension
    assert mention.qualifier == "exact"
    assert mention.qualifier_text == ""
    assert mention.is_figure


def test_more_than_600_billion_is_money_with_its_qualifier():
    mention = only("will have added more than $600 billion for defence")
    assert (mention.text, mention.start, mention.end, mention.number_start) == ("more than $600 billion", 16, 38, 26)
    assert (mention.number, mention.value) == (Decimal("600"), Decimal("600000000000"))
    assert (mention.dimension, mention.qualifier, mention.qualifier_text) == ("money", "more_than", "more than")


def test_an_estimated_90000_is_approximately():
    mention = only("involve an estimated 90,000 troops")
    assert (mention.text, mention.start, mention.end, mention.number_start) == ("an estimated 90,000", 8, 27, 21)
    assert (mention.value, mention.dimension) == (Decimal("90000"), "count")
    assert (mention.qualifier, mention.qualifier_text) == ("approximately", "an estimated")


def test_money_read_across_a_line_break():
    # As printed in Ukrinform's text: the currency word is two lines below its number.
    mention = only("provided Ukraine with around 75 billion\n\ndollars in military aid")
    assert mention.text == "around 75 billion\n\ndollars"
    assert (mention.start, mention.end, mention.number_start) == (22, 48, 29)
    assert (mention.value, mention.dimension) == (Decimal("75000000000"), "money")
    assert (mention.qualifier, mention.qualifier_text) == ("approximately", "around")


@pytest.mark.parametrize(
    ("text", "qualifier", "qualifier_text"),
    [
        ("over 300,000 troops", "more_than", "over"),
        ("at least 2%", "at_least", "at least"),
        ("under 5%", "less_than", "under"),
        ("fewer than 20 drones", "less_than", "fewer than"),
        ("up to 100 drones", "up_to", "up to"),
        ("some 30 countries", "approximately", "some"),
        ("nearly 2%", "nearly", "nearly"),
        ("almost 600 billion dollars", "nearly", "almost"),
        ("just under 2%", "nearly", "just under"),
        ("about one million drones", "approximately", "about"),
        ("more than\n600 billion dollars", "more_than", "more than"),
    ],
)
def test_hedges_become_qualifiers(text, qualifier, qualifier_text):
    mention = only(text)
    assert (mention.qualifier, mention.qualifier_text) == (qualifier, qualifier_text)


def test_a_year_is_not_a_figure_unless_dates_are_asked_for():
    assert read_numbers("2024") == []
    assert read_numbers("In 2024, NATO Allies in Europe will invest") == []
    year = only("In 2024, NATO Allies in Europe will invest", include_dates=True)
    assert (year.text, year.start, year.end, year.value) == ("2024", 3, 7, Decimal("2024"))
    assert year.dimension == "year"
    assert not year.is_figure


def test_a_year_beside_a_count_leaves_the_count():
    mentions = read_numbers("A six-fold increase from only 3 Allies in 2014.")
    assert [(m.text, m.dimension, m.start) for m in mentions] == [("six-fold", "multiplier", 2), ("3", "count", 30)]
    with_dates = read_numbers("A six-fold increase from only 3 Allies in 2014.", include_dates=True)
    assert [(m.text, m.dimension) for m in with_dates] == [("six-fold", "multiplier"), ("3", "count"), ("2014", "year")]


def test_a_four_digit_number_with_a_currency_is_money_not_a_year():
    mention = only("$2024 billion")
    assert (mention.dimension, mention.value) == ("money", Decimal("2024000000000"))


def test_aircraft_names_are_not_numbers():
    assert read_numbers("spare parts for F-16 and air defence aircraft") == []
    assert read_numbers("MiG-29 and F-35s and COVID-19") == []


def test_a_day_of_a_month_is_a_date():
    assert read_numbers("15 February 2024") == []
    mentions = read_numbers("15 February 2024", include_dates=True)
    assert [(m.text, m.dimension, m.start, m.end) for m in mentions] == [("15", "date", 0, 2), ("2024", "year", 12, 16)]
    mentions = read_numbers("on February 15, 2024", include_dates=True)
    assert [(m.text, m.dimension) for m in mentions] == [("15", "date"), ("2024", "year")]


def test_a_count_before_a_month_name_is_a_date_but_a_count_before_other_words_is_not():
    assert [m.dimension for m in read_numbers("18 March", include_dates=True)] == ["date"]
    assert [m.dimension for m in read_numbers("18 Allies", include_dates=True)] == ["count"]


@pytest.mark.parametrize("text", ["no one", "one of the Allies", "one", "a country", "the one thing"])
def test_one_and_a_alone_are_not_numbers(text):
    assert read_numbers(text) == []


def test_several_numbers_in_order_with_offsets():
    text = "I expect 18 Allies to spend 2% of their GDP on defence this year."
    mentions = read_numbers(text)
    assert [(m.text, m.start, m.end, m.dimension) for m in mentions] == [("18", 9, 11, "count"), ("2%", 28, 30, "percent")]
    assert text[9:11] == "18" and text[28:30] == "2%"


def test_number_start_skips_the_qualifier_but_keeps_the_currency_sign():
    mention = only("more than $600 billion")
    assert mention.number_start == 10
    assert "more than $600 billion"[mention.number_start:mention.end] == "$600 billion"


def test_a_hedge_starts_at_a_word_boundary():
    # "more than" inside "furthermore than" is not a hedge, and "an estimated" cannot borrow the "an" of "than".
    (mention,) = read_numbers("furthermore than 5 Allies")
    assert (mention.text, mention.qualifier) == ("5", "exact")
    (mention,) = read_numbers("higher than estimated 10 Allies")
    assert (mention.text, mention.qualifier_text) == ("estimated 10", "estimated")


def test_a_currency_is_not_shared_with_the_previous_number():
    first, second = read_numbers("six USD six drones")
    assert (first.text, first.dimension) == ("six USD", "money")
    assert (second.text, second.dimension) == ("six", "count")


@pytest.mark.parametrize(("text", "values"), [
    ("in 2024 100 troops", [Decimal("100")]),  # a year then a count: the year is not joined to it
    ("5 1000 cases", [Decimal("5"), Decimal("1000")]),  # a group of four digits is not a thousands group
    ("10 0000", [Decimal("10"), Decimal("0")]),
    ("the 380bnx", []),  # "bn" only as a whole word
])
def test_spaced_thousands_and_bn_do_not_join_what_they_should_not(text, values):
    assert [m.value for m in read_numbers(text)] == values
