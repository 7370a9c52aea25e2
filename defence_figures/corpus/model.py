"""The curated schema: documents, figures, units, kinds and qualifiers, with guidance for curators."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import MAX_PREC, Context, Decimal
from typing import Any

from defence_figures.validation import (
    DATE_PATTERN,
    ENUM,
    ID_PATTERN,
    NULL_OR_NUMBER,
    NULL_OR_URL,
    SHA256,
    TEXT,
    FieldSpec,
    json_schema_object,
    text_matching,
    whole_number,
)

SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class Unit:
    id: str
    label: str  # shown after the number, for a reader
    dimension: str  # which kind of number in a quote can prove it: money, percent, count, multiplier
    scale: int = 1  # the curated value times this is the absolute quantity the quote writes
    prefix: str = ""
    explanation: str = ""
    # For counts: the words that may name what is counted, within three words after
    # the number ("31 NATO member states"), so 90,000 forces cannot pass as 90,000 Allies.
    nouns: tuple[str, ...] = ()


# The controlled list of units. A figure's unit decides which number in its quote
# can prove it: a count cannot be proven by "2%", money cannot be proven by "18".
UNITS: dict[str, Unit] = {
    u.id: u
    for u in (
        Unit("usd_billion", "billion US dollars", "money", 1_000_000_000, "$",
             "Billions of US dollars; one billion is a thousand million."),
        Unit("percent_of_gdp", "% of GDP", "percent",
             explanation="A share of a country's gross domestic product (GDP), the value of everything "
             "it produces in a year. 2% of GDP means 2 of every 100 dollars the economy produces go to defence."),
        Unit("percent", "%", "percent", explanation="A share of a whole, out of 100."),
        Unit("percent_change", "% change", "percent",
             explanation="How much a quantity grew (or shrank) compared with an earlier period, out of 100."),
        Unit("allies", "Allies", "count", explanation="NATO member countries.",
             nouns=("allies", "ally", "member states", "members", "countries", "nations", "states")),
        Unit("countries", "countries", "count", explanation="Countries, NATO members or not.",
             nouns=("countries", "nations", "states", "partners")),
        Unit("troops", "troops", "count", explanation="Military personnel.",
             nouns=("troops", "forces", "soldiers", "personnel", "service members")),
        Unit("artillery_shells_per_year", "artillery shells a year", "count",
             explanation="Artillery rounds produced in one year.", nouns=("shells", "rounds")),
        Unit("drones", "drones", "count", explanation="Uncrewed aircraft.", nouns=("drones",)),
        Unit("years", "years", "count", explanation="A length of time in years.", nouns=("years",)),
        Unit("times", "times", "multiplier",
             explanation="How many times larger one number is than another: six-fold means six times as many."),
    )
}

QUALIFIERS: dict[str, str] = {
    # id -> how it reads before a number. The loader checks the quote says the same.
    "exact": "",
    "approximately": "approximately",
    "more_than": "more than",
    "at_least": "at least",  # also "a minimum of", "no less than", and "or more" after the number
    # "no more than", "not more than", "a maximum of", and "or less" after the number: a ceiling, never more_than.
    "at_most": "at most",
    "less_than": "less than",
    # Just below: "nearly 2%" is under 2%, which "approximately" would hide.
    "nearly": "nearly",
    "up_to": "up to",
}

KINDS: dict[str, str] = {
    "actual": "A value that has happened and was measured.",
    "estimate": "A value for a period that has happened or is under way, not yet final.",
    "expectation": "What the speaker expects for a period not yet over.",
    "target": "An agreed goal, such as the 2% guideline.",
    "goal": "What a group of countries set out to deliver.",
    "change": "How much something grew between two periods.",
}

BASES: dict[str, str] = {
    "annual": "One year's value.",
    "cumulative": "Added up over several years.",
    "point_in_time": "A count at one moment.",
    "rate": "An amount per year, at a stated capacity.",
}

TOPICS: dict[str, str] = {
    "defence-spending": "Defence spending",
    "two-percent-guideline": "The 2% guideline",
    "ammunition-industry": "Ammunition and industry",
    "exercises": "Exercises and forces",
    "deterrence": "Deterrence and threat",
    "support-for-ukraine": "Support for Ukraine",
    "membership": "Membership",
}

ROLES: dict[str, str] = {
    "statement": "the statement the explorer is about",
    "primary": "NATO's own record of what was said",
    "corroborating": "another report quoting the same words",
    "report": "another outlet's account of NATO's statements or of a later NATO record",
    "outcome": "a later official record of what happened",
}
# Comparisons set the statement's words beside a record's (CURATING.md, "A compared passage (statements
# only)"): only the statement carries them, and a record is NATO's own or another report of the same words.
COMPARING_ROLE = "statement"
RECORD_ROLES = ("primary", "corroborating")
# A figure of a statement or a report may say which figure of a record it reports (`reports`): the record
# is NATO's own words, a report quoting them word for word, or NATO's later record of the outcome.
REPORTING_ROLES = ("statement", "report")
REPORTED_ROLES = ("primary", "corroborating", "outcome")

TITLE_SOURCES: dict[str, str] = {
    "published": "the headline as published",
    "page_address": "read from the page's web address: the stored copy has no headline",
    "supplied": "written by the curators, in square brackets: the stored copy has no title",
}
WEB_TEXTS: dict[str, str] = {
    "as_stored": "the page's text reads as the stored copy, so a link to a sentence on the page finds it",
    "differs": "the page's text differs from the stored copy (say how in notes): no link to a sentence on the page",
}
DATE_BASES: dict[str, str] = {
    "published": "the date the document prints or its publisher gives",
    "inferred": "inferred from the text (the notes say how): the stored copy prints no date",
}

COMPLETENESS: dict[str, str] = {
    "complete": "the whole document",
    "excerpt": "only part of the document could be recovered",
}

VERDICTS: dict[str, str] = {
    "faithful": "The report gives the same number with the same meaning.",
    "reworded": "The same number and meaning, in other words.",
    "meaning_differs": "The report's wording changes what the number means.",
    "number_missing": "The report's published text has lost the number: the sentence is there, the number is not.",
}
# Verdicts that keep the record's number: the loader checks the value, unit, qualifier and basis agree.
SAME_NUMBER_VERDICTS = ("faithful", "reworded")


# ISO 8601 years, months, days and intervals; "/.." leaves an interval open-ended (EDTF).
PERIOD_PATTERN = r"^\d{4}(?:-\d{2}(?:-\d{2})?)?(?:/(?:\d{4}(?:-\d{2}(?:-\d{2})?)?|\.\.))?$"

# The kinds of text in a curated file; the examples in their hints are the corpus's own.
CURATED_ID = text_matching(ID_PATTERN, "lower-case letters and digits joined by single hyphens, such as bgnes-380-billion")
CURATED_DATE = text_matching(DATE_PATTERN, "a date written YYYY-MM-DD, such as 2024-02-15")
PERIOD = text_matching(PERIOD_PATTERN, "a year or interval such as 2024, 2014/2024 or 2023-11/2024-02")
OCCURRENCE = whole_number(1)

DOCUMENT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("id", CURATED_ID, True, "A stable slug, lower-case words joined by hyphens; it appears in URLs, so never rename it."),
    FieldSpec("role", ENUM, True, "statement (the report the explorer is about), primary (NATO's record), corroborating, "
              "report (another outlet's account) or outcome (a later official record).", tuple(ROLES)),
    FieldSpec("title", TEXT, True, "The headline or title exactly as published; with title_source supplied, a short "
              "description in square brackets.", max_length=300),
    FieldSpec("title_source", ENUM, False, "published (the default), page_address (read from the page's address) or "
              "supplied (written by the curators, in square brackets).", tuple(TITLE_SOURCES)),
    FieldSpec("producer", TEXT, True, "Who published it (the agency or organisation).", max_length=200),
    FieldSpec("speaker", TEXT, False, "Whose words are quoted, with their office.", max_length=200),
    FieldSpec("event", TEXT, False, "Where the words were said.", max_length=300),
    FieldSpec("date_published", CURATED_DATE, True, "YYYY-MM-DD, the day of publication."),
    FieldSpec("date_basis", ENUM, False, "published (the default) or inferred, when the stored copy prints no date "
              "(say how it was inferred in notes).", tuple(DATE_BASES)),
    FieldSpec("url_main", NULL_OR_URL, True, "The address of the original, or null when it is not known (say so in notes)."),
    FieldSpec("web_text", ENUM, False, "as_stored (the default) or differs, when the page's text is known to differ from "
              "the stored copy (say how in notes); then no Text Fragment link to the page is offered.", tuple(WEB_TEXTS)),
    FieldSpec("completeness", ENUM, True, "complete, or excerpt when only part of the original was recovered (say which part in excerpt_covers).", tuple(COMPLETENESS)),
    FieldSpec("excerpt_covers", TEXT, False, "For an excerpt: which part of the original the text covers.", max_length=500),
    FieldSpec("text", TEXT, True, "The text's file name in data/sources/.", max_length=200),
    FieldSpec("sha256", SHA256, True, "sha256 of the text file; run `sha256sum data/sources/FILE` after any deliberate change to the text."),
    FieldSpec("citation_full", TEXT, True, "A full citation a reader can copy.", max_length=600),
    FieldSpec("notes", TEXT, False, "What a reader should know about this document.", max_length=4000),
)

FIGURE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("id", CURATED_ID, True, "A stable slug, unique across all curated files; it appears in URLs, so never rename it."),
    FieldSpec("label", TEXT, True, "What the number counts, in words a student understands, without the number.", max_length=200),
    FieldSpec("value", NULL_OR_NUMBER, True, "The number as the quote writes it, in the figure's unit (380 for \"$380 billion\" in "
              "usd_billion); null only with verdict number_missing, when the text prints no number at all."),
    FieldSpec("unit", ENUM, True, "One of the controlled units; it decides which number in the quote proves the value.", tuple(UNITS)),
    FieldSpec("qualifier", ENUM, True, "exact, or the hedge the quote puts before the number (\"more than\" is more_than, \"around\" and \"an estimated\" are approximately).", tuple(QUALIFIERS)),
    FieldSpec("period", PERIOD, True, "The year or interval the number is about: 2024, 2014/2024, 2024-02, or 2024/.. for an open end."),
    FieldSpec("scope", TEXT, True, "Which countries or forces the number covers, as precisely as the quote allows.", max_length=200),
    FieldSpec("kind", ENUM, True, "What sort of statement the number is.", tuple(KINDS)),
    FieldSpec("basis", ENUM, True, "annual, cumulative (added up over years), point_in_time or rate; never chart cumulative beside annual.", tuple(BASES)),
    FieldSpec("topic", ENUM, True, "The theme used for filters.", tuple(TOPICS)),
    FieldSpec("quote", TEXT, True, "The sentence copied byte for byte from the text, with its typographic quotes and line breaks.", max_length=2000),
    FieldSpec("occurrence", OCCURRENCE, False, "Which occurrence of the quote in the text (1 = first), needed only when the quote appears more than once."),
    FieldSpec("number_text", TEXT, False, "The exact words in the quote that write the number, when the quote has several numbers of the same kind.", max_length=200),
    FieldSpec("explanation", TEXT, False, "One or two plain sentences for a student: what the number means.", max_length=1000),
    FieldSpec("reports", CURATED_ID, False, "For a figure of a statement or report: the id of the record's figure it reports."),
    FieldSpec("verdict", ENUM, False, "With reports: faithful, reworded, meaning_differs or number_missing.", tuple(VERDICTS)),
    FieldSpec("difference", TEXT, False, "With reports, for every verdict but faithful: how the report's wording differs from the "
              "record, and what that changes.", max_length=2000),
)

COMPARISON_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("id", CURATED_ID, True, "A stable slug, unique across all curated files."),
    FieldSpec("topic", ENUM, True, "The theme the passage belongs to.", tuple(TOPICS)),
    FieldSpec("quote", TEXT, True, "The statement's words, byte for byte.", max_length=2000),
    FieldSpec("record", CURATED_ID, True, "The id of the document holding the record's words."),
    FieldSpec("record_quote", TEXT, True, "The record's words, byte for byte.", max_length=2000),
    FieldSpec("verdict", ENUM, True, "faithful, reworded or meaning_differs.", tuple(VERDICTS)),
    FieldSpec("difference", TEXT, True, "What the change of words changes for a reader.", max_length=2000),
)

NOT_FIGURE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("text", TEXT, True, "A few words of the text, byte for byte, holding a number that is not a figure (\"Feb. 14\").",
              max_length=300),
    FieldSpec("occurrence", OCCURRENCE, False, "Which occurrence of the words in the text (1 = first), when they appear more than once."),
    FieldSpec("why", TEXT, True, "What the number is instead: a date, an identifier, a name.", max_length=300),
)

TOP_LEVEL_KEYS = ("schema_version", "document", "figures", "comparisons", "not_figures")


@dataclass(frozen=True, slots=True)
class Location:
    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    role: str
    title: str
    producer: str
    date_published: str
    url_main: str | None
    completeness: str
    text_file: str
    sha256: str
    citation_full: str
    text: str
    location: Location
    speaker: str = ""
    event: str = ""
    excerpt_covers: str = ""
    notes: str = ""
    title_source: str = "published"
    date_basis: str = "published"
    web_text: str = "as_stored"


@dataclass(frozen=True, slots=True)
class Figure:
    id: str
    document_id: str
    label: str
    value: Decimal | None  # None only for a number_missing figure whose text prints no number
    unit: str
    qualifier: str
    period: str
    scope: str
    kind: str
    basis: str
    topic: str
    quote: str
    quote_start: int
    quote_end: int
    number_start: int  # where the proving number is written, in the document's text
    number_end: int
    location: Location
    explanation: str = ""
    reports: str = ""
    verdict: str = ""
    difference: str = ""
    occurrence: int = 1

    @property
    def number_text(self) -> str:
        return self.quote[self.number_start - self.quote_start: self.number_end - self.quote_start]


@dataclass(frozen=True, slots=True)
class Comparison:
    id: str
    document_id: str
    topic: str
    quote: str
    quote_start: int
    quote_end: int
    record: str
    record_quote: str
    record_start: int
    record_end: int
    verdict: str
    difference: str
    location: Location


@dataclass(frozen=True, slots=True)
class NotFigure:
    """A number of a text that is not a figure (a date, an identifier), with why."""

    document_id: str
    text: str
    start: int
    end: int
    why: str
    location: Location


@dataclass(slots=True)
class Corpus:
    documents: dict[str, Document] = field(default_factory=dict)
    figures: dict[str, Figure] = field(default_factory=dict)
    comparisons: dict[str, Comparison] = field(default_factory=dict)
    not_figures: list[NotFigure] = field(default_factory=list)


_WRITTEN_OUT_DIGITS = 100


def format_number(value: Decimal) -> str:
    """380 -> '380', 90000 -> '90,000', 1.47 -> '1.47', 10**33 -> every one of its digits, never rounded."""
    if value.is_zero():
        return "0"
    if not -_WRITTEN_OUT_DIGITS < value.adjusted() < _WRITTEN_OUT_DIGITS:
        # A value no quote can write digit by digit (a quote has at most 2,000 characters) is shown exactly
        # as 1E+5000, not as five thousand digits in a problem line.
        return format(value.normalize(Context(prec=MAX_PREC)), "E")
    # format(..., ",f") writes the exact digits; normalize() and arithmetic would round to 28 of them.
    written = format(value, ",f")
    if "." in written:
        written = written.rstrip("0").rstrip(".")
    return written


def _power_of_ten(value: Decimal) -> int:
    """The largest n with 10**n dividing value, read from its digits: value % 10**n raises past 28 digits."""
    _, digits, exponent = value.as_tuple()
    significant = "".join(map(str, digits)).rstrip("0")
    return exponent + len(digits) - len(significant) if significant else 0


def display_value(value: Decimal, unit_id: str, qualifier: str) -> str:
    """The figure as a reader sees it: 'more than $600 billion', '2% of GDP', 'approximately 90,000 troops'."""
    unit = UNITS[unit_id]
    number = format_number(value)
    if 1_000_000 <= value < 1_000_000_000 and _power_of_ten(value) >= 5:
        # "1 million drones", as the quotes say it; past a billion the digits read better than "1,000 million".
        number = f"{format_number(value.scaleb(-6))} million"
    if unit.dimension == "money":
        text = f"{unit.prefix}{number} billion"
    elif unit.id == "percent_of_gdp":
        text = f"{number}% of GDP"
    elif unit.dimension == "percent":
        text = f"{number}%"
    elif unit.dimension == "multiplier":
        text = f"{number}-fold"
    else:
        text = f"{number} {unit.label}"
    prefix = QUALIFIERS[qualifier]
    return f"{prefix} {text}" if prefix else text


def figure_display(figure: Figure) -> str:
    """display_value, except for a number the report lost: its words as printed, said to be lost."""
    if figure.verdict == "number_missing":
        return f"\u201c{figure.number_text}\u201d (number lost)"
    return display_value(figure.value, figure.unit, figure.qualifier)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a curated file, generated from the field specs so the two never drift."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://defence-figures.example/curated.schema.json",
        "title": "Defence Figures Explorer: a curated document and its figures",
        "description": "One file per document in curated/. Generated by `defence-figures schema`; do not edit by hand.",
        "type": "object",
        "additionalProperties": False,
        "required": ["schema_version", "document", "figures"],
        "properties": {
            "schema_version": {"const": SCHEMA_VERSION, "description": "Always 1."},
            "document": json_schema_object(DOCUMENT_FIELDS),
            "figures": {"type": "array", "items": json_schema_object(FIGURE_FIELDS)},
            "comparisons": {"type": "array", "items": json_schema_object(COMPARISON_FIELDS)},
            "not_figures": {"type": "array", "items": json_schema_object(NOT_FIGURE_FIELDS)},
        },
    }
