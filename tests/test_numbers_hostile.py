"""Numbers a careless or hostile curator writes: other currencies, bounds, signs, ranges, 29 digits, huge values, years.

The reader's tests give each sentence and what it must read, literally. The loader's tests write one tiny
document of their own (a text and its curated file with one figure) and assert the exact located message.
"""
from __future__ import annotations

import hashlib
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from defence_figures.corpus.frames import figure_rows
from defence_figures.corpus.load import load_corpus
from defence_figures.corpus.model import display_value, format_number
from defence_figures.corpus.numbers import read_numbers


def read(text: str, **kwargs) -> list[tuple]:
    """What the reader makes of text: words, value, dimension, qualifier, the words of the qualifier, currency, range start."""
    return [(m.text, m.value, m.dimension, m.qualifier, m.qualifier_text, m.currency, m.low)
            for m in read_numbers(text, **kwargs)]


# --- currencies -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "currency"),
    [
        ("C$380 billion", "Canadian dollars"),
        ("Can$380 billion", "Canadian dollars"),
        ("A$380 billion", "Australian dollars"),
        ("HK$380 billion", "Hong Kong dollars"),
        ("NZ$380 billion", "New Zealand dollars"),
        ("R$380 billion", "Brazilian reais"),
        ("S$380 billion", "Singapore dollars"),
        ("€380 billion", "euros"),
        ("£380 billion", "pounds sterling"),
        ("¥380 billion", "yen or yuan"),
        ("EUR 380 billion", "euros"),
        ("380 billion euros", "euros"),
        ("380 billion pounds", "pounds sterling"),
        ("380 billion Canadian dollars", "Canadian dollars"),
        # "$" before, but the words after name another dollar: the named currency wins.
        ("$380 billion Canadian dollars", "Canadian dollars"),
    ],
)
def test_another_currency_is_money_but_not_us_dollars(text, currency):
    assert read(text) == [(text, Decimal("380000000000"), "money", "exact", "", currency, None)]


@pytest.mark.parametrize("text", ["$380 billion", "US$380 billion", "US$ 380 billion", "USD 380 billion",
                                  "380 billion dollars", "380 billion US dollars", "380 billion USD"])
def test_plain_dollars_stay_us_dollars(text):
    assert read(text) == [(text, Decimal("380000000000"), "money", "exact", "", "US dollars", None)]


def test_a_currency_code_is_read_only_in_capitals():
    # "try" is not the Turkish lira's TRY.
    assert read("try 5 times") == [("5", Decimal("5"), "count", "exact", "", "", None)]


# --- bounds -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "written", "qualifier", "qualifier_text"),
    [
        ("no more than 2%", "no more than 2%", "at_most", "no more than"),
        ("not more than 2%", "not more than 2%", "at_most", "not more than"),
        ("at most 2%", "at most 2%", "at_most", "at most"),
        ("a maximum of 2%", "a maximum of 2%", "at_most", "a maximum of"),
        ("up to 2%", "up to 2%", "up_to", "up to"),
        ("at least 2%", "at least 2%", "at_least", "at least"),
        ("a minimum of 2%", "a minimum of 2%", "at_least", "a minimum of"),
        ("no less than 2%", "no less than 2%", "at_least", "no less than"),
        ("no fewer than 18 Allies", "no fewer than 18", "at_least", "no fewer than"),
        ("2% or more", "2%", "at_least", "or more"),
        ("2% of GDP or more", "2%", "at_least", "or more"),
        ("18 or more Allies", "18", "at_least", "or more"),
        ("31 Allies or fewer", "31", "at_most", "or fewer"),
        ("more than 2%", "more than 2%", "more_than", "more than"),
    ],
)
def test_bounds_become_their_qualifiers(text, written, qualifier, qualifier_text):
    [mention] = read_numbers(text)
    assert (mention.text, mention.qualifier, mention.qualifier_text) == (written, qualifier, qualifier_text)


def test_or_more_than_belongs_to_the_next_number():
    assert read("18 Allies or more than 20 partners") == [
        ("18", Decimal("18"), "count", "exact", "", "", None),
        ("more than 20", Decimal("20"), "count", "more_than", "more than", "", None),
    ]


# --- signs and ranges -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number_start"),
    [("-2%", 0), ("\u22122%", 0), ("\u20132%", 0), ("minus 2%", 0), ("growth of -2% a year", 10), ("more than -2%", 10)],
)
def test_a_written_sign_is_kept(text, number_start):
    [mention] = read_numbers(text)
    assert (mention.number, mention.value, mention.dimension, mention.number_start) == (
        Decimal("-2"), Decimal("-2"), "percent", number_start)


@pytest.mark.parametrize("text", ["- 18 Allies", "F-16", "2023-24"])
def test_a_hyphen_that_is_not_a_sign_leaves_the_number_alone(text):
    assert all(m.value >= 0 for m in read_numbers(text, include_dates=True))
    assert read("- 18 Allies") == [("18", Decimal("18"), "count", "exact", "", "", None)]


@pytest.mark.parametrize(
    ("text", "written", "low", "high", "dimension", "currency"),
    [
        ("2-3%", "2-3%", "2", "3", "percent", ""),
        ("2\u20133%", "2\u20133%", "2", "3", "percent", ""),
        ("2%-3%", "2%-3%", "2", "3", "percent", ""),
        ("2 to 3%", "2 to 3%", "2", "3", "percent", ""),
        ("between 2 and 3%", "between 2 and 3%", "2", "3", "percent", ""),
        ("$2-3 billion", "$2-3 billion", "2000000000", "3000000000", "money", "US dollars"),
        ("C$2-3 billion", "C$2-3 billion", "2000000000", "3000000000", "money", "Canadian dollars"),
        ("18-20 Allies", "18-20", "18", "20", "count", ""),
    ],
)
def test_a_range_is_one_mention_with_both_ends(text, written, low, high, dimension, currency):
    assert read(text) == [(written, Decimal(high), dimension, "exact", "", currency, Decimal(low))]


def test_from_one_number_to_another_is_a_change_not_a_range():
    assert read("from 2 to 3%") == [
        ("2", Decimal("2"), "count", "exact", "", "", None),
        ("3%", Decimal("3"), "percent", "exact", "", "", None),
    ]
    assert read("from 2014 to 2024", include_dates=True) == [
        ("2014", Decimal("2014"), "year", "exact", "", "", None),
        ("2024", Decimal("2024"), "year", "exact", "", "", None),
    ]


# --- exact values -----------------------------------------------------------------------------------------


def test_a_scaled_number_keeps_every_digit():
    [mention] = read_numbers("$380.0000000000000000000000000001 billion")
    assert mention.value == Decimal("380000000000.0000000000000000001")
    assert mention.value != Decimal("380000000000")


def test_huge_values_format_exactly():
    assert format_number(Decimal(10**33)) == "1,000,000,000,000,000,000,000,000,000,000,000"
    assert format_number(Decimal("1E+40")) == "10,000,000,000,000,000,000,000,000,000,000,000,000,000"
    assert format_number(Decimal("1234567890123456789012345678.9012")) == "1,234,567,890,123,456,789,012,345,678.9012"
    assert format_number(Decimal("1.50")) == "1.5"
    assert format_number(Decimal("1E+5000")) == "1E+5000"
    assert display_value(Decimal(10**33), "drones", "exact") == "1,000,000,000,000,000,000,000,000,000,000,000 drones"
    assert display_value(Decimal("1E+40"), "usd_billion", "at_most") == (
        "at most $10,000,000,000,000,000,000,000,000,000,000,000,000,000 billion")
    assert display_value(Decimal("2500000"), "drones", "exact") == "2.5 million drones"


# --- the loader -------------------------------------------------------------------------------------------

HOSTILE = "curated/hostile.yaml"


def prove(root: Path, sentence: str, value: str, unit: str, qualifier: str, number_text: str | None = None):
    """Load a corpus of one document whose text is the sentence, with one figure quoting it whole."""
    text = f"Hostile numbers\n\n{sentence}\n"
    (root / "data" / "sources").mkdir(parents=True, exist_ok=True)
    (root / "curated").mkdir(exist_ok=True)
    (root / "data/sources/hostile.txt").write_text(text, encoding="utf-8")
    sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    named = f"    number_text: \"{number_text}\"\n" if number_text is not None else ""
    (root / HOSTILE).write_text(textwrap.dedent(f"""\
        schema_version: 1
        document:
          id: hostile-numbers
          role: corroborating
          title: Hostile numbers
          producer: Test
          date_published: "2024-02-15"
          url_main: null
          completeness: complete
          text: hostile.txt
          sha256: {sha256}
          citation_full: "Test."
        figures:
          - id: hostile-figure
            label: A number
            value: {value}
            unit: {unit}
            qualifier: {qualifier}
            period: "2024"
            scope: NATO Allies
            kind: actual
            basis: annual
            topic: defence-spending
            quote: "{sentence}"
        """) + named, encoding="utf-8")
    return load_corpus(root / "curated", root / "data" / "sources", root=root)


def problems(result) -> list[str]:
    return [str(problem) for problem in result.problems]


def test_canadian_dollars_do_not_prove_us_dollars(tmp_path):
    result = prove(tmp_path, "Canada will spend C$380 billion on defence.", "380", "usd_billion", "exact")
    assert problems(result) == [
        "curated/hostile.yaml:17:11: figure 'hostile-figure': the unit usd_billion is in US dollars, but the quote "
        "writes \"C$380 billion\" in Canadian dollars; curate amounts in US dollars only, since no unit is in Canadian dollars",
    ]
    assert result.corpus.figures == {}


def test_euros_written_after_the_number_do_not_prove_us_dollars(tmp_path):
    result = prove(tmp_path, "Europe will spend 380 billion euros on defence.", "380", "usd_billion", "exact")
    assert problems(result) == [
        "curated/hostile.yaml:17:11: figure 'hostile-figure': the unit usd_billion is in US dollars, but the quote "
        "writes \"380 billion euros\" in euros; curate amounts in US dollars only, since no unit is in euros",
    ]


def test_us_dollars_beside_another_currency_prove_the_us_amount(tmp_path):
    result = prove(tmp_path, "Canada will spend C$380 billion (US$280 billion) on defence.", "280", "usd_billion", "exact")
    assert problems(result) == []
    assert result.corpus.figures["hostile-figure"].number_text == "US$280 billion"


def test_no_more_than_is_not_more_than(tmp_path):
    result = prove(tmp_path, "Allies will spend no more than 2% of GDP.", "2", "percent_of_gdp", "more_than")
    assert problems(result) == [
        "curated/hostile.yaml:18:16: figure 'hostile-figure': qualifier is more_than but the quote puts \"no more than\" "
        "before the number (\"no more than 2%\"); set qualifier: at_most",
    ]


def test_at_most_is_proven(tmp_path):
    result = prove(tmp_path, "Allies will spend no more than 2% of GDP.", "2", "percent_of_gdp", "at_most")
    assert problems(result) == []
    [row] = figure_rows(result.corpus)
    assert row["display_value"] == "at most 2% of GDP"


def test_or_more_after_the_number_is_at_least(tmp_path):
    result = prove(tmp_path, "Allies will spend 2% of GDP or more.", "2", "percent_of_gdp", "exact")
    assert problems(result) == [
        "curated/hostile.yaml:18:16: figure 'hostile-figure': qualifier is exact but the quote puts \"or more\" "
        "after the number (\"2%\"); set qualifier: at_least",
    ]


def test_a_minus_sign_is_not_dropped(tmp_path):
    result = prove(tmp_path, "Spending changed by -2% last year.", "2", "percent_change", "exact")
    assert problems(result) == [
        "curated/hostile.yaml:16:12: figure 'hostile-figure': value 2 (% change) disagrees with the quote, "
        "where \"-2%\" is -2 % change; set value: -2, or correct the unit or the quote",
    ]


def test_a_negative_value_is_proven_by_its_sign(tmp_path):
    result = prove(tmp_path, "Spending changed by minus 2% last year.", "-2", "percent_change", "exact")
    assert problems(result) == []
    assert result.corpus.figures["hostile-figure"].number_text == "minus 2%"


@pytest.mark.parametrize(
    ("sentence", "written"),
    [("Allies will spend 2-3% of GDP.", "2-3%"), ("Allies will spend between 2 and 3% of GDP.", "between 2 and 3%")],
)
def test_a_range_proves_neither_end(tmp_path, sentence, written):
    result = prove(tmp_path, sentence, "3", "percent_of_gdp", "exact")
    assert problems(result) == [
        f"curated/hostile.yaml:16:12: figure 'hostile-figure': the quote writes a range, \"{written}\" (2 to 3 % of GDP), "
        "and a figure has one value; curate a sentence that writes one number",
    ]


def test_the_29th_digit_of_the_quote_counts(tmp_path):
    result = prove(tmp_path, "Allies spent $380.0000000000000000000000000001 billion.", "380", "usd_billion", "exact")
    assert problems(result) == [
        "curated/hostile.yaml:16:12: figure 'hostile-figure': value 380 (billion US dollars) disagrees with the quote, "
        "where \"$380.0000000000000000000000000001 billion\" is 380.0000000000000000000000000001 billion US dollars; "
        "set value: 380.0000000000000000000000000001, or correct the unit or the quote",
    ]


def test_the_29th_digit_of_the_value_counts(tmp_path):
    result = prove(tmp_path, "Allies spend 2% of GDP.", "2.0000000000000000000000000001", "percent_of_gdp", "exact")
    assert problems(result) == [
        "curated/hostile.yaml:16:12: figure 'hostile-figure': value 2.0000000000000000000000000001 (% of GDP) disagrees "
        "with the quote, where \"2%\" is 2 % of GDP; set value: 2, or correct the unit or the quote",
    ]


def test_a_value_of_ten_to_the_33rd_is_proven_and_displayed(tmp_path):
    result = prove(tmp_path, "They built 1,000,000,000,000,000,000,000,000,000,000,000 drones.", "1e33", "drones", "exact")
    assert problems(result) == []
    [row] = figure_rows(result.corpus)
    assert row["display_value"] == "1,000,000,000,000,000,000,000,000,000,000,000 drones"
    assert row["value_text"] == "1,000,000,000,000,000,000,000,000,000,000,000"


def test_2000_troops_says_it_was_read_as_a_year(tmp_path):
    result = prove(tmp_path, "NATO sent 2000 troops.", "2000", "troops", "exact")
    assert problems(result) == [
        "curated/hostile.yaml:17:11: figure 'hostile-figure': the unit troops needs a count (such as 18 or 90,000) in "
        "the quote, but the quote writes no number; \"2000\" is read as a year, as is every four-digit number from 1800 "
        "to 2100 without a currency, scale or percent sign: if it is the count, set number_text: \"2000\" to read it as "
        "one; check the unit or the quote",
    ]


def test_number_text_makes_2000_a_count(tmp_path):
    result = prove(tmp_path, "NATO sent 2000 troops.", "2000", "troops", "exact", number_text="2000")
    assert problems(result) == []
    assert result.corpus.figures["hostile-figure"].number_text == "2000"
