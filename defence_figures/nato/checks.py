"""The fact checks: declared in curated/checks/*.yaml, each computed by a small registered kind, with located problems.

No Streamlit here. A declaration names the curated figure it checks, the indicators it
reads and its kind; the kind reads the table's numbers, computes the verdict and an
outcome, and fills the explanation written for that outcome in the declaration. Numbers
we compute (a count, a difference, a sum) are marked `derived`; readings NATO does not
state (a price basis) are marked as inferences, in words, on the row.
"""
from __future__ import annotations

import hashlib
import re
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from defence_figures import paths, yamlio
from defence_figures.nato.queries import (
    GUIDELINE,
    PRICE_WORDS,
    billions,
    cell_ranges,
    cite_many,
    format_value,
    month_name,
    month_year,
)
from defence_figures.nato.workbook import TablesResult, allies_at_or_above, count_at_or_above, published, year_label
from defence_figures.validation import (
    ENUM,
    ID_PATTERN,
    TEXT,
    Checker,
    FieldSpec,
    FieldType,
    Problem,
    json_schema_object,
    text_matching,
    unknown_key_message,
    whole_number,
)
from defence_figures.yamlio import describe

SCHEMA_VERSION = 1
TOP_LEVEL_KEYS = ("schema_version", "workbook", "said_counts", "joined", "checks")
MAX_FILE_BYTES = 256 * 1024

# Verdict -> (symbol, words): shown together, so no verdict is told by colour alone.
VERDICTS: dict[str, tuple[str, str]] = {
    "agrees": ("=", "agrees"),
    "revised_up": ("↑", "revised upwards"),
    "revised_down": ("↓", "revised downwards"),
    "coverage_differs": ("⊂", "coverage differs"),
    "inference": ("?", "inference"),
    "derived": ("Σ", "derived by us"),
    "reading_differs": ("⚠", "one-year reading not supported"),
}

# A curated figure's unit -> how many of the tables' million US dollars one of it is.
MILLIONS_PER_UNIT = {"usd_billion": 1000, "usd_million": 1}


# ---------------------------------------------------------------------------
# What a check gives a page


@dataclass(frozen=True)
class Evidence:
    """One table number: read from a cell, or computed by us from the cells named."""
    label: str
    value: float
    shown: str
    cells: tuple[str, ...]
    citation: str
    derived: bool = False
    inputs: tuple[str, ...] = ()  # the citation of each cell a derived value uses
    group: str = ""  # evidence shown side by side: "current prices", "constant 2015 prices"


@dataclass(frozen=True)
class Check:
    item: str
    title: str
    figure_id: str
    statement_value: str
    evidence: tuple[Evidence, ...]
    method: str
    verdicts: tuple[str, ...]
    explanation: str
    record_ids: tuple[str, ...] = ()
    details: tuple[str, ...] = field(default=())
    kind: str = ""
    year: int = 0  # the year the checked figure is about
    edition_date: str = ""  # when the tables checked against were published, YYYY-MM-DD


@dataclass
class FactCheck:
    checks: list[Check]
    skipped: list[str]

    def get(self, item: str) -> Check | None:
        return next((c for c in self.checks if c.item == item), None)


# ---------------------------------------------------------------------------
# The declarations


@dataclass(frozen=True)
class Declaration:
    """One check as curated/checks/FILE.yaml declares it, with where each part was written."""
    id: str
    kind: str
    name: str  # a few words naming it in a message when it cannot be built
    title: str
    figure: str
    records: tuple[str, ...]
    indicators: tuple[str, ...]
    explanations: dict[str, str]
    path: str
    pos: dict[str, tuple[int, int]]  # field -> where its value was written
    explanation_pos: dict[str, tuple[int, int]]
    record_pos: tuple[tuple[int, int], ...]
    indicator_pos: tuple[tuple[int, int], ...]
    aggregate: str = ""
    excluded: str = ""
    remainder: str = ""
    base_year: int = 0


@dataclass
class Declared:
    """Every file in curated/checks/: the checks, the said counts and accession years they declare, and problems."""
    checks: list[Declaration] = field(default_factory=list)
    said_counts: list[str] = field(default_factory=list)
    said_count_pos: dict[str, tuple[str, tuple[int, int]]] = field(default_factory=dict)
    joined: dict[str, int] = field(default_factory=dict)  # ISO code -> the year the Ally joined
    joined_note_cell: str = ""
    joined_pos: dict[str, tuple[str, tuple[int, int]]] = field(default_factory=dict)
    workbooks: dict[str, tuple[str, tuple[int, int]]] = field(default_factory=dict)  # document id -> where named
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------
# The registry: one small unit per kind of comparison


@dataclass(frozen=True)
class Reading:
    """What a kind hands back: the check's numbers and verdicts, and the values its explanation may name."""
    evidence: tuple[Evidence, ...]
    method: str
    verdicts: tuple[str, ...]
    outcome: str  # which declared explanation applies
    values: dict[str, str]
    default: str  # the explanation when none is declared for the outcome
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class Context:
    tables: TablesResult
    figure: Mapping[str, Any]
    year: int
    said: float
    edition: str
    joined: Mapping[str, int]
    joined_note_cell: str


@dataclass(frozen=True)
class Kind:
    build: Callable[[Context, Declaration], Reading | str]  # a str says why it cannot be built
    outcomes: dict[str, str]  # outcome -> when it applies, for CURATING.md and messages
    placeholders: tuple[str, ...]
    needs: tuple[str, ...]  # the fields this kind requires beyond the common ones
    indicators: int


REGISTRY: dict[str, Kind] = {}

# Every explanation may name these, besides its kind's own.
COMMON_PLACEHOLDERS = ("said", "said_month", "said_edition", "edition", "edition_month", "year", "year_label",
                       "values", "counts")


def register(name: str, *, outcomes: dict[str, str], placeholders: tuple[str, ...], needs: tuple[str, ...] = (),
             indicators: int = 1) -> Callable:
    """Add a kind of check to REGISTRY under name."""
    def add(build: Callable[[Context, Declaration], Reading | str]) -> Callable:
        REGISTRY[name] = Kind(build, outcomes, placeholders, needs, indicators)
        return build
    return add


def _number(value: float) -> str:
    """18.0 -> '18'; 2.5 -> '2.5': a said value as its sentence writes it."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _cell(tables: TablesResult, indicator: str, ally: str, year: int) -> pd.Series | None:
    f = tables.frame
    rows = f[(f["indicator"] == indicator) & (f["ally"] == ally) & (f["year"] == year)]
    return None if rows.empty else rows.iloc[0]


def _read(tables: TablesResult, label: str, row: pd.Series, shown: str | None = None, group: str = "") -> Evidence:
    indicator = tables.indicators[row["indicator"]]
    return Evidence(label, float(row["value"]), shown or format_value(row["value"], row["unit"], indicator.decimals),
                    (row["cell"],), tables.cite(row), group=group)


def _by_basis(context: Context, declaration: Declaration) -> dict[str, str] | str:
    """price basis ('current', 'constant_2015') -> the indicator read at it; a str when one is missing."""
    bases = {context.tables.indicators[i].price_basis: i for i in declaration.indicators}
    if set(bases) != set(PRICE_WORDS):
        return (f"{declaration.name}: the indicators {', '.join(declaration.indicators)} are not one at current "
                "and one at constant prices.")
    return bases


@register("count_at_guideline",
          outcomes={"agrees": "the count in the tables is the said count",
                    "revised_up": "the tables count more Allies than were said",
                    "revised_down": "the tables count fewer Allies than were said"},
          placeholders=("counted", "of", "said_later"))
def count_at_guideline(context: Context, declaration: Declaration) -> Reading | str:
    """A said count of Allies at 2% beside the count in the indicator's column for that year."""
    tables, year, indicator = context.tables, context.year, declaration.indicators[0]
    f = tables.frame
    rows = f[(f["indicator"] == indicator) & ~f["aggregate"] & (f["year"] == year)].reset_index(drop=True)
    # The tables give every current Ally a row for every year; an Ally that joined later was not one then
    # (NATO's note, joined_note_cell): 2014 is counted among the 27 Allies with figures, not 31.
    later = {code for code, joined in context.joined.items() if joined > year}
    rows = rows[~rows["ally_code"].isin(later)].reset_index(drop=True)
    if rows.empty:
        return f"{declaration.title}: {indicator} has no values for {year}."
    at = [ally for ally in allies_at_or_above(f, year, indicator=indicator) if ally in set(rows["ally"])]
    n, said = len(at), context.said
    table = rows["table"].iloc[0]
    label = year_label(year, bool(rows["estimate"].iloc[0]))
    evidence = Evidence(
        f"Allies at or above 2% of GDP in {label}, counted by us in {table}", float(n),
        f"{n} of {len(rows)} Allies" + (" then" if later else ""),
        tuple(rows["cell"]), cite_many(tables, rows, f"share of GDP of {len(rows)} Allies, counted at or above "
                                                     f"{GUIDELINE:.2f}%"),
        derived=True, inputs=tuple(tables.cite(r) for _, r in rows.iterrows()))
    below = rows[~rows["ally"].isin(at)]
    verdict = "agrees" if n == said else ("revised_up" if n > said else "revised_down")
    method = (f"Count the {len(rows)} Allies whose {label} share in {table} ({cell_ranges(list(rows['cell']))}) "
              f"NATO prints as {GUIDELINE:.2f}% or more (two decimals, rounded half up), as NATO counts them.")
    details = (f"At or above 2% ({n}): {', '.join(at)}.",
               f"Below 2% ({len(below)}): " + ", ".join(
                   f"{r.ally} {format_value(r.value, 'percent_of_gdp')}" for r in below.itertuples()) + ".")
    values = {"counted": str(n), "of": str(len(rows)), "year_label": label,
              "said_later": context.figure.get("said_later", "")}
    default = (f"NATO said {_number(said)}; its {context.edition} tables count {n} of {len(rows)} Allies at or above "
               f"2% in {label}.")
    return Reading((evidence,), method, (verdict, "derived"), verdict, values, default, details)


@register("share_with_excluded",
          outcomes={"excluded_below": "the excluded Ally's share is below the aggregate's, and the aggregate "
                                      "rounds to the said value",
                    "excluded_not_below": "any other case"},
          placeholders=("aggregate", "excluded", "remainder", "aggregate_shown", "excluded_shown"),
          needs=("aggregate", "excluded", "remainder"))
def share_with_excluded(context: Context, declaration: Declaration) -> Reading | str:
    """A share said of a group beside the table's aggregate that also includes one more Ally."""
    tables, year, indicator = context.tables, context.year, declaration.indicators[0]
    aggregate = _cell(tables, indicator, declaration.aggregate, year)
    excluded = _cell(tables, indicator, declaration.excluded, year)
    if aggregate is None or excluded is None:
        return f"{declaration.name}: the tables have no {year} row for {declaration.aggregate} or {declaration.excluded}."
    label = year_label(year, bool(aggregate["estimate"]))
    agg_shown = format_value(aggregate["value"], "percent_of_gdp")
    exc_shown = format_value(excluded["value"], "percent_of_gdp")
    below = published(excluded["value"], 2) < published(aggregate["value"], 2)
    rounds_to_said = round(published(aggregate["value"], 2)) == context.said
    values = {"aggregate": declaration.aggregate, "excluded": declaration.excluded,
              "remainder": declaration.remainder, "aggregate_shown": agg_shown, "excluded_shown": exc_shown}
    default = (f"The statement speaks of the {declaration.remainder} only; NATO's table adds {declaration.excluded}, "
               f"so the two cover different countries. {declaration.excluded}'s own share ({exc_shown}) is "
               + ("below" if below else "not below") + f" the combined {agg_shown}.")
    return Reading(
        (_read(tables, f"{declaration.aggregate}, share of GDP, {label}", aggregate),
         _read(tables, f"{declaration.excluded}, share of GDP, {label}", excluded)),
        f"{aggregate['table']} gives no share for the {declaration.remainder} alone; the nearest row is "
        f"{declaration.aggregate}, {label} ({aggregate['cell']}), which includes {declaration.excluded} "
        f"({excluded['cell']}).",
        ("coverage_differs", "inference") if below else ("coverage_differs",),
        "excluded_below" if below and rounds_to_said else "excluded_not_below", values, default)


@register("aggregate_minus_excluded",
          outcomes={"below_both": "the said amount is below the remainder at both price bases",
                    "above_both": "the said amount is above the remainder at both price bases",
                    "between": "the said amount lies between the two"},
          placeholders=("aggregate", "excluded", "remainder", "closer", "current_remainder", "constant_remainder",
                        "current_gap", "constant_gap"),
          needs=("aggregate", "excluded", "remainder"), indicators=2)
def aggregate_minus_excluded(context: Context, declaration: Declaration) -> Reading | str:
    """A money amount said of a group beside the aggregate minus one Ally, at current and at constant prices."""
    tables, year = context.tables, context.year
    bases = _by_basis(context, declaration)
    if isinstance(bases, str):
        return bases
    aggregate, excluded = declaration.aggregate, declaration.excluded
    cells = {(basis, ally): _cell(tables, indicator, ally, year) for basis, indicator in bases.items()
             for ally in (aggregate, excluded)}
    if any(c is None for c in cells.values()):
        return f"{declaration.name}: the tables have no {year} row for {aggregate} or {excluded}."
    said = context.said * MILLIONS_PER_UNIT.get(context.figure["unit"], 1)
    evidence: list[Evidence] = []
    remainder: dict[str, float] = {}
    label = year_label(year, bool(cells[("current", aggregate)]["estimate"]))
    for basis in PRICE_WORDS:
        words = PRICE_WORDS[basis]
        agg, exc = cells[(basis, aggregate)], cells[(basis, excluded)]
        evidence.append(_read(tables, f"{aggregate}, {label}, {words}", agg, billions(agg["value"]), words))
        evidence.append(_read(tables, f"{excluded}, {label}, {words}", exc, billions(exc["value"]), words))
        remainder[basis] = float(agg["value"] - exc["value"])
        evidence.append(Evidence(
            f"{declaration.remainder} alone, {label}, {words}: {aggregate} minus {excluded}", remainder[basis],
            billions(remainder[basis]), (agg["cell"], exc["cell"]),
            f"Computed by Defence Figures Explorer: {agg['cell']} \u2212 {exc['cell']}, from "
            f"{tables.cite(agg, with_cell=False)} and {tables.cite(exc, with_cell=False)}",
            derived=True, inputs=(tables.cite(agg), tables.cite(exc)), group=words))
    gap = {basis: remainder[basis] - said for basis in PRICE_WORDS}
    closer = PRICE_WORDS["constant_2015" if abs(gap["constant_2015"]) < abs(gap["current"]) else "current"]
    outcome = "below_both" if all(g > 0 for g in gap.values()) else (
        "above_both" if all(g < 0 for g in gap.values()) else "between")
    parts = " and ".join(
        f"once at {PRICE_WORDS[basis]} ({cells[(basis, aggregate)]['cell']} \u2212 {cells[(basis, excluded)]['cell']})"
        for basis in PRICE_WORDS)
    method = (f"{declaration.remainder} alone = {aggregate} minus {excluded}, {label}, "
              f"{cells[('current', aggregate)]['table']}, {parts}.")
    values = {"aggregate": aggregate, "excluded": excluded, "remainder": declaration.remainder, "closer": closer,
              "current_remainder": billions(remainder["current"]),
              "constant_remainder": billions(remainder["constant_2015"]),
              "current_gap": billions(abs(gap["current"])), "constant_gap": billions(abs(gap["constant_2015"]))}
    default = (f"{declaration.remainder} alone: {billions(remainder['current'])} at current prices and "
               f"{billions(remainder['constant_2015'])} at {PRICE_WORDS['constant_2015']} in {label}; the said amount is "
               f"closer to the series at {closer}.")
    return Reading(tuple(evidence), method, ("inference", "derived"), outcome, values, default)


@register("added_since",
          outcomes={"added_fits_at_constant_only": "one year's spending is at or below the said amount at both "
                                                   "price bases, and the sum added since the base year is above it "
                                                   "at constant prices only"},
          placeholders=("aggregate", "base_year", "one_year_current", "one_year_constant", "added_current",
                        "added_constant", "joined", "joined_note_cell"),
          needs=("aggregate", "base_year"), indicators=2)
def added_since(context: Context, declaration: Declaration) -> Reading | str:
    """A money amount read two ways: one year's spending, or each year's rise over the base year added up."""
    tables, year, base_year, aggregate = context.tables, context.year, declaration.base_year, declaration.aggregate
    bases = _by_basis(context, declaration)
    if isinstance(bases, str):
        return bases
    f = tables.frame
    evidence: list[Evidence] = []
    added: dict[str, float] = {}
    one_year: dict[str, float] = {}
    label = table = first_label = ""
    for basis in PRICE_WORDS:
        words = PRICE_WORDS[basis]
        series = f[(f["indicator"] == bases[basis]) & (f["ally"] == aggregate)].sort_values("year")
        base = series[series["year"] == base_year]
        later = series[(series["year"] > base_year) & (series["year"] <= year)]
        last = series[series["year"] == year]
        if base.empty or len(later) != year - base_year or last.empty:
            return f"{declaration.name}: the tables lack a year from {base_year} to {year} for {aggregate}."
        base_row, last_row = base.iloc[0], last.iloc[0]
        table = last_row["table"]
        label = year_label(year, bool(last_row["estimate"]))
        first_label = year_label(int(later.iloc[0]["year"]), bool(later.iloc[0]["estimate"]))
        one_year[basis] = float(last_row["value"])
        evidence.append(_read(tables, f"{aggregate}, one year: {label}, {words}", last_row,
                              billions(last_row["value"]), words))
        added[basis] = float((later["value"] - base_row["value"]).sum())
        used = pd.concat([base, later])
        evidence.append(Evidence(
            f"{aggregate}, added up over {first_label} to {label} above the {base_year} level, {words}", added[basis],
            billions(added[basis]), tuple(used["cell"]),
            cite_many(tables, used, f"{aggregate}, {words}",
                      f"each year's value from {first_label} to {label} minus {base_year}'s ({base_row['cell']}), "
                      "added up"),
            derived=True, inputs=tuple(tables.cite(r) for _, r in used.iterrows()), group=words))
    said = context.said * MILLIONS_PER_UNIT.get(context.figure["unit"], 1)
    one_year_fits = any(v > said for v in one_year.values())
    fits = [basis for basis in PRICE_WORDS if added[basis] > said]
    outcome = "added_fits_at_constant_only" if not one_year_fits and fits == ["constant_2015"] else "other"
    joined = [(name, joined_year) for code, joined_year in sorted(context.joined.items(), key=lambda kv: kv[1])
              if base_year < joined_year <= year
              for name in f.loc[f["ally_code"] == code, "ally"].iloc[:1]]
    values = {"aggregate": aggregate, "base_year": str(base_year),
              "one_year_current": billions(one_year["current"]), "one_year_constant": billions(one_year["constant_2015"]),
              "added_current": billions(added["current"]), "added_constant": billions(added["constant_2015"]),
              "joined": _and([f"{name} from {joined_year}" for name, joined_year in joined]),
              "joined_note_cell": context.joined_note_cell}
    default = (f"One year's spending by {aggregate} in {label}: {billions(one_year['current'])} at current prices "
               f"and {billions(one_year['constant_2015'])} at {PRICE_WORDS['constant_2015']}. Added up over the "
               f"{base_year} level: {billions(added['current'])} at current prices and "
               f"{billions(added['constant_2015'])} at {PRICE_WORDS['constant_2015']}.")
    method = (f"For each year {first_label} to {label}, {aggregate}'s spending in {table} "
              f"minus its {base_year} spending, added up (our method: NATO does not publish its own); beside it, one "
              f"year's spending in {label}.")
    return Reading(tuple(evidence), method, ("derived",) if one_year_fits else ("derived", "reading_differs"),
                   outcome, values, default)


@register("real_change",
          outcomes={"agrees": "the table's change rounds to the said percentage",
                    "revised_up": "the table's change is above the said percentage",
                    "revised_down": "the table's change is below the said percentage"},
          placeholders=("aggregate", "table_shown"), needs=("aggregate",))
def real_change(context: Context, declaration: Declaration) -> Reading | str:
    """A said percentage rise beside the aggregate's annual real change in the tables."""
    tables, year, indicator = context.tables, context.year, declaration.indicators[0]
    row = _cell(tables, indicator, declaration.aggregate, year)
    if row is None:
        return f"{declaration.name}: the tables have no {year} row for {declaration.aggregate}."
    table = float(published(row["value"], 2))
    said = context.said
    verdict = "agrees" if round(table) == said else ("revised_up" if table > said else "revised_down")
    label = year_label(year, bool(row["estimate"]))
    shown = format_value(row["value"], "percent_change")
    values = {"aggregate": declaration.aggregate, "table_shown": shown}
    default = f"NATO said {_number(said)}%; its {context.edition} tables give {shown} for {label}."
    method = (f"{row['table']}, annual real change (%), {declaration.aggregate}, {label} ({row['cell']}): growth on the "
              "year before with prices held at 2015 levels.")
    verdicts: tuple[str, ...] = (verdict,)
    # "Up 18 percent" names no price basis: reading it as the real change is ours, and the page says so.
    if not re.search(r"\breal\b", str(context.figure.get("quote", "")), re.IGNORECASE):
        verdicts += ("inference",)
        method += (" NATO's sentence does not say the rise is in real terms; comparing it with the real change, "
                   "rather than the change at current prices, is our inference.")
    return Reading(
        (_read(tables, f"{declaration.aggregate}, annual real change, {label}", row),),
        method, verdicts, verdict, values, default)


def _and(words: list[str]) -> str:
    """['a', 'b', 'c'] -> 'a, b and c'."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1] if words else ""


# ---------------------------------------------------------------------------
# Reading curated/checks/*.yaml


def _ids_error(spec: FieldSpec, value: Any) -> str:
    if not isinstance(value, yamlio.Seq) or not all(isinstance(v, str) and v for v in value):
        return f"must be a list of ids such as [pc15-18-allies-at-2pct], not {describe(value)}"
    return ""


def _explanations_error(spec: FieldSpec, value: Any) -> str:
    if not isinstance(value, yamlio.Map) or not all(isinstance(v, str) and v.strip() for v in value.values()):
        return f"must be a mapping of outcome to text, such as {{agrees: \"...\"}}, not {describe(value)}"
    return ""


IDS = FieldType(_ids_error, lambda spec: {"type": "array", "items": {"type": "string", "pattern": ID_PATTERN}})
EXPLANATIONS = FieldType(_explanations_error,
                         lambda spec: {"type": "object", "additionalProperties": {"type": "string", "minLength": 1}})
_ID = text_matching(ID_PATTERN, "lower-case words joined by hyphens")
_INDICATOR_IDS = FieldType(
    lambda spec, value: "" if isinstance(value, yamlio.Seq) and value and all(isinstance(v, str) for v in value)
    else f"must be a list of indicator ids such as [share_of_gdp], not {describe(value)}",
    lambda spec: {"type": "array", "minItems": 1, "items": {"type": "string"}})

CHECK_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("id", _ID, True, "A stable slug, lower-case words joined by hyphens; the page's ?item= link."),
    FieldSpec("kind", ENUM, True, "The kind of comparison, one of checks.REGISTRY.", tuple(REGISTRY)),
    FieldSpec("name", TEXT, True, "A few words naming the check in a message when it cannot be built."),
    FieldSpec("title", TEXT, True, "The check's heading on the page."),
    FieldSpec("figure", _ID, True, "The id of the curated figure it checks."),
    FieldSpec("records", IDS, False, "Other curated figures in which NATO says the same, shown as its own words."),
    FieldSpec("indicators", _INDICATOR_IDS, True, "The workbook's indicator ids it reads, such as [share_of_gdp]."),
    FieldSpec("aggregate", TEXT, False, "The aggregate row it reads, as the tables name it."),
    FieldSpec("excluded", TEXT, False, "The Ally the aggregate includes and the statement does not."),
    FieldSpec("remainder", TEXT, False, "What the aggregate without that Ally is called, such as European Allies."),
    FieldSpec("base_year", whole_number(1900, 2100), False, "The year the rises are measured from."),
    FieldSpec("explanations", EXPLANATIONS, False, "Outcome -> the text shown for it, with {placeholders}."),
)
JOINED_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("note_cell", text_matching(r"^[A-Za-z0-9_]+![A-Z]{1,3}[0-9]+$", "a cell such as TABLE3!C80"), True,
              "The cell of NATO's note that gives the years."),
    FieldSpec("allies", FieldType(
        lambda spec, value: "" if isinstance(value, yamlio.Map) and all(
            isinstance(v, int) and not isinstance(v, bool) and 1949 <= v <= 2100 for v in value.values())
        else f"must be a mapping of ISO code to year, such as {{SWE: 2024}}, not {describe(value)}",
        lambda spec: {"type": "object", "additionalProperties": {"type": "integer"}}), True,
              "ISO code -> the year the Ally joined."),
)


def checks_json_schema() -> dict[str, Any]:
    """The JSON Schema of a file of fact checks, generated from the field specs so the two never drift."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://defence-figures.example/checks.schema.json",
        "title": "Defence Figures Explorer: the fact checks run against one of NATO's workbooks",
        "description": "One file per workbook edition in curated/checks/. Generated by `defence-figures schema checks`; "
                       "do not edit by hand.",
        "type": "object",
        "additionalProperties": False,
        "required": ["schema_version", "workbook", "checks"],
        "properties": {
            "schema_version": {"const": SCHEMA_VERSION, "description": "Always 1."},
            "workbook": {"type": "string", "pattern": ID_PATTERN,
                         "description": "The id of the workbook description in curated/workbooks/ the checks read."},
            "said_counts": {"description": "The curated figures in which NATO states a count of Allies at 2%, drawn on "
                                           "the 2% tracker beside the count from the tables.",
                            **IDS.schema(None)},
            "joined": {"description": "When each Ally joined, and NATO's note cell that says the aggregates count "
                                      "it from then.",
                       **json_schema_object(JOINED_FIELDS)},
            "checks": {"description": "The fact checks, in the order the Fact check page shows them.",
                       "type": "array", "minItems": 1, "items": json_schema_object(CHECK_FIELDS)},
        },
    }


def checks_digest(base: Path | None = None) -> str:
    """A hash of every file in curated/checks/: the cache key for load_declarations."""
    digest = hashlib.sha256()
    for path in _check_files(base):
        digest.update(path.name.encode() + b"\0")
        try:
            digest.update(paths.read_regular_file(path, MAX_FILE_BYTES))
        except OSError:
            digest.update(b"unreadable")
        digest.update(b"\0")
    return digest.hexdigest()


def _check_files(base: Path | None) -> list[Path]:
    return sorted(paths.checks_dir(base).glob("*.yaml"))


def load_declarations(base: Path | None = None) -> Declared:
    """Every check declared in curated/checks/*.yaml, and the located problems of their fields and placeholders.

    Whether the figures and indicators named exist is asked of the corpus and the tables
    by build_checks (and validate_checks), which hold them.
    """
    base = base or paths.root()
    declared = Declared()
    for path in _check_files(base):
        display = paths.display_path(path, base)
        declared.files.append(display)
        checker = Checker(display)
        _read_file(path, checker, declared)
        declared.problems.extend(checker.problems)
    return declared


def _read_file(path: Path, checker: Checker, declared: Declared) -> None:
    tree = checker.read_mapping(path, MAX_FILE_BYTES, "a file of checks",
                                f"the file must be a mapping with {', '.join(TOP_LEVEL_KEYS)}")
    if tree is None:
        return
    checker.check_top_level(tree, TOP_LEVEL_KEYS, SCHEMA_VERSION)
    workbook = tree.get("workbook")
    if not isinstance(workbook, str) or not workbook:
        checker.add(tree.value_pos.get("workbook", (1, 1)),
                    "'workbook' must name the id of a workbook description in curated/workbooks/, not "
                    + (describe(workbook) if "workbook" in tree else "nothing"))
        return
    declared.workbooks[workbook] = (checker.path, tree.value_pos["workbook"])
    if "said_counts" in tree:
        said = tree["said_counts"]
        if error := _ids_error(FieldSpec("said_counts", IDS, False, ""), said):
            checker.add(tree.value_pos["said_counts"], f"'said_counts' {error}")
        else:
            for index, figure_id in enumerate(said):
                declared.said_counts.append(figure_id)
                declared.said_count_pos[figure_id] = (checker.path, said.item_pos[index])
    if "joined" in tree:
        joined = checker.check_fields(tree["joined"], JOINED_FIELDS, "'joined'", tree.value_pos["joined"])
        if joined.ok:
            declared.joined_note_cell = joined.values["note_cell"]
            allies = joined.values["allies"]
            for code, year in allies.items():
                declared.joined[code] = year
                declared.joined_pos[code] = (checker.path, allies.key_pos[code])
    raw_checks = tree.get("checks")
    if not isinstance(raw_checks, yamlio.Seq):
        checker.add(tree.value_pos.get("checks", (1, 1)),
                    "'checks' must be a list of checks, not " + (describe(raw_checks) if "checks" in tree else "nothing"))
        return
    seen = {d.id for d in declared.checks}
    for index, raw in enumerate(raw_checks):
        declaration = _declaration(raw, raw_checks.item_pos[index], checker)
        if declaration is None:
            continue
        if declaration.id in seen:
            checker.add(declaration.pos["id"], f"check '{declaration.id}': the id is already used by another check")
            continue
        seen.add(declaration.id)
        declared.checks.append(declaration)


def _declaration(raw: Any, pos: tuple[int, int], checker: Checker) -> Declaration | None:
    check_id = raw.get("id") if isinstance(raw, yamlio.Map) and isinstance(raw.get("id"), str) else ""
    what = f"check '{check_id}'" if check_id else "a check"
    checked = checker.check_fields(raw, CHECK_FIELDS, what, pos)
    if not checked.ok:
        return None
    values = checked.values
    kind = REGISTRY[values["kind"]]
    ok = True
    for name in kind.needs:
        if name not in values:
            checker.add((raw.line, raw.column), f"{what} has no '{name}', which kind {values['kind']} needs")
            ok = False
    if len(values["indicators"]) != kind.indicators:
        checker.add(raw.value_pos["indicators"], f"{what}: kind {values['kind']} reads {kind.indicators} "
                                                 f"indicator{'s' if kind.indicators != 1 else ''}, not "
                                                 f"{len(values['indicators'])}")
        ok = False
    explanations = values.get("explanations", yamlio.Map())
    known = (*COMMON_PLACEHOLDERS, *kind.placeholders)
    for outcome, text in explanations.items():
        if outcome not in kind.outcomes:
            unknown = unknown_key_message(outcome, kind.outcomes, "outcome", "outcomes of kind " + values["kind"])
            checker.add(explanations.key_pos[outcome], f"{what}: {unknown}")
            ok = False
            continue
        if error := _template_error(text, known):
            checker.add(explanations.value_pos[outcome], f"{what}: the explanation for '{outcome}' {error}")
            ok = False
    if not ok:
        return None
    records = values.get("records", yamlio.Seq())
    return Declaration(
        id=check_id, kind=values["kind"], name=values["name"], title=values["title"], figure=values["figure"],
        records=tuple(records), indicators=tuple(values["indicators"]), explanations=dict(explanations),
        path=checker.path, pos=dict(raw.value_pos),
        explanation_pos={k: explanations.value_pos[k] for k in explanations},
        record_pos=tuple(records.item_pos) if records else (),
        indicator_pos=tuple(values["indicators"].item_pos),
        aggregate=values.get("aggregate", ""), excluded=values.get("excluded", ""),
        remainder=values.get("remainder", ""), base_year=values.get("base_year", 0))


def _template_fields(text: str) -> list[tuple[str, str]]:
    """The placeholders of a text: '{counts[2024]}' -> ('counts', '2024'); raises ValueError when malformed."""
    fields = []
    for _, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if spec or conversion:
            raise ValueError(f"{{{name}}} has a format or conversion; write the placeholder alone")
        base, _, index = name.partition("[")
        fields.append((base, index.rstrip("]")))
    return fields


def _template_error(text: str, known: tuple[str, ...]) -> str:
    """Why a declared explanation cannot be filled, as a sentence; '' when it can."""
    try:
        fields = _template_fields(text)
    except ValueError as error:
        return f"cannot be read: {error}; write a brace as {{{{ or }}}}"
    for base, index in fields:
        if base not in known:
            return f"names the {unknown_key_message(base, known, 'placeholder', 'placeholders')}"
        if base in ("values", "counts") and not index:
            return f"names {{{base}}} without a key; write {{{base}[...]}}"
        if base not in ("values", "counts") and index:
            return f"names {{{base}[{index}]}}, but only values[...] and counts[...] take a key"
        if base == "counts" and not index.isdigit():
            return f"names {{counts[{index}]}}; the key is a year, such as {{counts[2024]}}"
    return ""


# ---------------------------------------------------------------------------
# Building the checks against the corpus and the tables


def cross_problems(declared: Declared, figures: pd.DataFrame, withheld_figures: tuple[str, ...] | list[str],
                   tables: TablesResult) -> dict[str, list[Problem]]:
    """Check id ('' for the file's own lines) -> the problems of names that neither the corpus nor the tables know.

    A figure or indicator that is withheld (its own file has problems) is not one: the
    check is skipped with a note instead, as the problems above already name it.
    """
    known = set(figures["figure_id"]) | set(withheld_figures)
    indicators = set(tables.indicators) | set(tables.withheld_indicators)
    years = set(tables.frame.loc[tables.frame["indicator"] == "share_of_gdp", "year"])
    codes = set(tables.frame["ally_code"].dropna())
    out: dict[str, list[Problem]] = {}

    def add(key: str, where: tuple[str, tuple[int, int]], message: str) -> None:
        out.setdefault(key, []).append(Problem(where[0], where[1][0], where[1][1], message))

    for figure_id, where in declared.said_count_pos.items():
        if figure_id not in known:
            add("", where, f"'said_counts': the figure '{figure_id}' is not in the curated corpus")
    if codes:
        for code, where in declared.joined_pos.items():
            if code not in codes:
                add("", where, f"'joined': the Ally '{code}' is not in the workbook's allies")
    for workbook, where in declared.workbooks.items():
        if tables.documents and workbook not in tables.documents:
            add("", where, f"'workbook': '{workbook}' is not described in curated/workbooks/; the workbooks are: "
                           f"{', '.join(tables.documents)}")
    for d in declared.checks:
        what = f"check '{d.id}'"
        if d.figure not in known:
            add(d.id, (d.path, d.pos["figure"]), f"{what}: the figure '{d.figure}' is not in the curated corpus")
        for record, pos in zip(d.records, d.record_pos):
            if record not in known:
                add(d.id, (d.path, pos), f"{what}: the record '{record}' is not in the curated corpus")
        for indicator, pos in zip(d.indicators, d.indicator_pos):
            if indicator not in indicators:
                add(d.id, (d.path, pos), f"{what}: the indicator '{indicator}' is not in the workbook; the "
                                         f"indicators are: {', '.join(tables.indicators) or 'none'}")
        for outcome, text in d.explanations.items():
            for base, index in _template_fields(text):
                if base == "values" and index not in known:
                    add(d.id, (d.path, d.explanation_pos[outcome]),
                        f"{what}: the explanation for '{outcome}' names {{values[{index}]}}, a figure not in the "
                        "curated corpus")
                if base == "counts" and years and int(index) not in years:
                    add(d.id, (d.path, d.explanation_pos[outcome]),
                        f"{what}: the explanation for '{outcome}' names {{counts[{index}]}}, a year the tables "
                        "do not have")
    return out


def build_checks(tables: TablesResult, figures: pd.DataFrame, declared: Declared,
                 withheld_figures: tuple[str, ...] | list[str] = ()) -> FactCheck:
    """The declared checks the tables can make, each with the table's numbers, cells, method and verdict.

    A check whose figure is withheld (a problem in the curated files) or whose indicator is
    withheld (a problem in the workbook) is left out and named in `skipped`; so is one whose
    declaration names what neither holds, with its located problem.
    """
    by_id = {row["figure_id"]: row for row in figures.to_dict("records")}
    problems = cross_problems(declared, figures, withheld_figures, tables)
    skipped = [str(p) for p in problems.get("", [])]
    checks: list[Check] = []
    counted = count_at_or_above(tables.frame)
    counts = {int(y): str(n) for y, n in zip(counted["year"], counted["allies"])}
    for d in declared.checks:
        if d.id in problems:
            skipped.extend(str(p) for p in problems[d.id])
            continue
        if d.figure not in by_id:
            skipped.append(f"{d.name}: the figure {d.figure} is withheld (see the problems above).")
            continue
        missing = [i for i in d.indicators if i not in tables.indicators]
        if missing:
            skipped.append(f"{d.name}: NATO's table for {', '.join(missing)} is withheld (see the problems above).")
            continue
        check = _build(d, tables, by_id, counts, declared)
        (skipped if isinstance(check, str) else checks).append(check)
    return FactCheck(checks, skipped)


def _build(d: Declaration, tables: TablesResult, by_id: dict[str, dict], counts: dict[int, str],
           declared: Declared) -> Check | str:
    figure = dict(by_id[d.figure])
    records = tuple(r for r in d.records if r in by_id)
    year = int(figure["period"][:4])
    document = tables.documents[tables.indicators[d.indicators[0]].document_id]
    edition = month_year(document.date_published)
    said_date = figure["date_published"]
    figure["said_later"] = _said_later(figure, [by_id[r] for r in records])
    context = Context(tables, figure, year, float(figure["value"]), edition, declared.joined,
                      declared.joined_note_cell)
    reading = REGISTRY[d.kind].build(context, d)
    if isinstance(reading, str):
        return reading
    values = {"said": _number(figure["value"]), "said_month": month_name(said_date),
              "said_edition": month_year(said_date), "edition": edition,
              "edition_month": month_name(document.date_published), "year": str(year),
              "year_label": year_label(year, year in document.estimate_years),
              "values": {fid: _number(row["value"]) for fid, row in by_id.items()}, "counts": counts,
              **reading.values}
    template = d.explanations.get(reading.outcome)
    try:
        explanation = " ".join(template.split()).format_map(values) if template else reading.default
    except (KeyError, IndexError):  # a figure it names is withheld, or a year the tables lack
        explanation = reading.default
    return Check(d.id, d.title, d.figure, str(figure["display_value"]), reading.evidence, reading.method,
                 reading.verdicts, explanation, records, reading.details, d.kind, year, document.date_published)


def _said_later(figure: Mapping[str, Any], records: list[Mapping[str, Any]]) -> str:
    """What NATO said about the same period after the figure: '23 in June and July'."""
    later: dict[str, list[str]] = {}
    for record in sorted(records, key=lambda r: r["date_published"]):
        if record["period"] == figure["period"] and record["date_published"] > figure["date_published"]:
            later.setdefault(_number(record["value"]), []).append(month_name(record["date_published"]))
    return "; ".join(f"{value} in {_and(list(dict.fromkeys(months)))}" for value, months in later.items())


def validate_checks(base: Path | None = None) -> list[Problem]:
    """Every problem of curated/checks/: their fields, and names the corpus or the tables do not know."""
    from defence_figures.corpus.frames import figures_frame
    from defence_figures.corpus.load import load_corpus
    from defence_figures.nato.workbook import load_tables

    base = base or paths.root()
    declared = load_declarations(base)
    corpus = load_corpus(paths.curated_dir(base), paths.sources_dir(base), root=base)
    cross = cross_problems(declared, figures_frame(corpus.corpus), corpus.withheld_figures, load_tables(base))
    return declared.problems + [p for problems in cross.values() for p in problems]


@dataclass(frozen=True)
class Revision:
    """A said count of Allies at 2% that the tables revised: what the pages' plain words explain."""
    item: str
    said: str
    said_date: str
    counted: int
    year: int
    edition_date: str


def count_revision(result: FactCheck, figures_by_id: Mapping[str, Mapping[str, Any]]) -> Revision | None:
    """The latest year's count check whose count the tables revised, or None when every count agrees."""
    revised = [c for c in result.checks if c.kind == "count_at_guideline" and c.verdicts[0] != "agrees"]
    if not revised:
        return None
    check = max(revised, key=lambda c: c.year)
    figure = figures_by_id[check.figure_id]
    return Revision(check.item, _number(figure["value"]), figure["date_published"], int(check.evidence[0].value),
                    check.year, check.edition_date)


# ---------------------------------------------------------------------------
# The download


def checks_frame(result: FactCheck, figures: pd.DataFrame) -> pd.DataFrame:
    """One row per table number of every check, with the statement, cells, citations, method and verdicts."""
    by_id = figures.set_index("figure_id")
    rows = []
    for check in result.checks:
        figure = by_id.loc[check.figure_id]
        for evidence in check.evidence:
            rows.append({
                "item": check.item, "title": check.title, "figure_id": check.figure_id,
                "statement_value": check.statement_value, "statement_quote": figure["quote"],
                "statement_source": f"{figure['producer']}, {figure['date_published']}: {figure['document_title']}",
                "table_label": evidence.label, "table_value": evidence.value, "table_shown": evidence.shown,
                "derived_by_us": evidence.derived, "cells": cell_ranges(list(evidence.cells)),
                "citation": evidence.citation, "inputs": " | ".join(evidence.inputs),
                "method": check.method, "verdicts": "; ".join(VERDICTS[v][1] for v in check.verdicts),
                "explanation": check.explanation, "records": " ".join(check.record_ids),
            })
    return pd.DataFrame.from_records(rows)
