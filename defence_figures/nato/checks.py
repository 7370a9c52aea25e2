"""Pure logic for NATO's tables beside the statement: counts, Allies' rows, and the fact-check rows.

No Streamlit here. Every table number handed to a page carries the cells it was read or
computed from and a citation naming table, Ally and year, so the page can show where it
came from. Numbers we compute (a count, a difference, a sum) are marked `derived`; readings
NATO does not state (a price basis) are marked as inferences, in words, on the row.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from defence_figures.nato.workbook import TablesResult, allies_at_or_above, count_at_or_above, published, year_label

# The counts of Allies at 2% that NATO *said*, as curated sentences in NATO's own records:
# 3 in 2014 and 18 expected for 2024 (press conference, 15 Feb 2024), 23 for 2024 (NATO
# news, 18 Jun 2024). The year each is about comes from the record's period.
SAID_COUNTS: tuple[str, ...] = ("pc15-3-allies-2014", "pc15-18-allies-at-2pct", "jun18-23-allies-at-2pct")

# When an Ally joined, from NATO's note under Tables 2 and 3 (TABLE3!C80): the aggregates
# count it from that year, while the tables give its own row for every year.
JOINED: dict[str, int] = {"MNE": 2017, "MKD": 2020, "FIN": 2023, "SWE": 2024}
JOINED_NOTE_CELL = "TABLE3!C80"

GUIDELINE = Decimal(2)
AGGREGATE = "NATO Europe and Canada"

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

_CELL = re.compile(r"(?P<sheet>[A-Za-z0-9_]+)!(?P<column>[A-Z]{1,3})(?P<row>[0-9]+)\Z")


# ---------------------------------------------------------------------------
# Formatting: values as NATO prints them


def format_value(value: float, unit: str, decimals: int = 2, *, signed: bool = False) -> str:
    """A table value as NATO prints it (rounded half up), with its unit: '4.12%', '$34,975 million'."""
    shown = published(value, decimals)
    if unit == "percent_of_gdp":
        return f"{shown}%"
    if unit == "percent_change":
        return f"{'+' if shown > 0 else ''}{shown}%"
    if unit == "usd_million":
        return f"${shown:,} million"
    if unit == "thousand_personnel":
        return f"{shown:,} thousand"
    if unit == "allies":
        return f"{int(value)} Allies"
    return f"{'+' if signed and shown > 0 else ''}{shown}"


def billions(million: float) -> str:
    """Million US dollars as billions with one decimal: 476197.24 -> '$476.2 billion'."""
    return f"${published(million / 1000, 1):,} billion"


def _column_number(letters: str) -> int:
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - ord("A") + 1
    return number


def cell_ranges(cells: list[str] | tuple[str, ...]) -> str:
    """Cells as ranges: consecutive rows of a column, or consecutive columns of a row, become one range.

    ['TABLE3!N11', ..., 'TABLE3!N41'] -> 'TABLE3!N11:N41'; ['TABLE2!D42', ..., 'TABLE2!N42'] -> 'TABLE2!D42:N42'.
    """
    parsed = [(m["sheet"], m["column"], _column_number(m["column"]), int(m["row"]), c)
              for c in cells if (m := _CELL.match(c))]
    parts: list[str] = []
    index = 0
    while index < len(parsed):
        sheet, column, col, row, _ = parsed[index]
        end = index
        for step in ((0, 1), (1, 0)):  # down a column, then along a row
            end = index
            while end + 1 < len(parsed) and parsed[end + 1][0] == sheet and \
                    (parsed[end + 1][2], parsed[end + 1][3]) == (parsed[end][2] + step[0], parsed[end][3] + step[1]):
                end += 1
            if end > index:
                break
        last = parsed[end]
        parts.append(f"{sheet}!{column}{row}" + (f":{last[1]}{last[3]}" if end > index else ""))
        index = end + 1
    return ", ".join(parts)


def sort_cells(cells: list[str]) -> list[str]:
    """Cells in sheet order: by sheet, column, then row."""
    def key(cell: str) -> tuple:
        m = _CELL.match(cell)
        return (m["sheet"], _column_number(m["column"]), int(m["row"])) if m else (cell, 0, 0)
    return sorted(cells, key=key)


def short_date(iso: str) -> str:
    """'2024-02-15' -> '15 Feb 2024'."""
    try:
        year, month, day = (int(x) for x in iso.split("-"))
    except ValueError:
        return iso
    months = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
    return f"{day} {months[month - 1]} {year}" if 1 <= month <= 12 else iso


def cite_many(tables: TablesResult, rows: pd.DataFrame, what: str, how: str = "") -> str:
    """One citation for a value computed from several cells of one table: what, years, cells, and how."""
    first = rows.iloc[0]
    document = tables.documents[first["document_id"]]
    ordered = rows.sort_values("year")
    years = list(dict.fromkeys(year_label(int(r.year), bool(r.estimate)) for r in ordered.itertuples()))
    when = years[0] if len(years) == 1 else f"{years[0]} to {years[-1]}"
    return (f"{document.producer}, {document.title}, {first['table']}, {what}, {when} "
            f"(cells {cell_ranges(list(rows['cell']))}); computed by Defence Figures Explorer"
            + (f": {how}" if how else ""))


# ---------------------------------------------------------------------------
# The 2% tracker


def share_rows(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """Every Ally's share of GDP in one year (aggregates left out), in the table's order."""
    rows = frame[(frame["indicator"] == "share_of_gdp") & ~frame["aggregate"] & (frame["year"] == year)]
    return rows.reset_index(drop=True)


def meets_guideline(value: float) -> bool:
    """At or above 2% as NATO publishes the share (two decimals, rounded half up)."""
    return published(value, 2) >= GUIDELINE


def counts(frame: pd.DataFrame) -> pd.DataFrame:
    """Per year: Allies at or above 2%, how many Allies have a value, and the cells counted."""
    counted = count_at_or_above(frame)
    rows = frame[(frame["indicator"] == "share_of_gdp") & ~frame["aggregate"]]
    extra = rows.groupby("year", sort=True).agg(of=("ally", "size"), cells=("cell", lambda c: cell_ranges(list(c))))
    out = counted.merge(extra.reset_index(), on="year", how="left")
    out["year_label"] = [year_label(int(y), bool(e)) for y, e in zip(out["year"], out["estimate"])]
    return out


def count_detail(tables: TablesResult, year: int) -> pd.DataFrame:
    """The Allies of one year with their share, whether it counts, the cell and its citation."""
    rows = share_rows(tables.frame, year)
    if rows.empty:
        return rows.assign(shown=[], meets=[], citation=[])
    out = rows.assign(
        shown=[format_value(v, "percent_of_gdp") for v in rows["value"]],
        meets=[meets_guideline(v) for v in rows["value"]],
        citation=[tables.cite(r) for _, r in rows.iterrows()],
    )
    return out.sort_values(["meets", "value"], ascending=[False, False], kind="stable").reset_index(drop=True)


def tracker_frame(tables: TablesResult, year: int, base_year: int = 2014) -> pd.DataFrame:
    """Each Ally's share in base_year and year, side by side, highest first, with cells and citations."""
    base = share_rows(tables.frame, base_year).set_index("ally", drop=False)
    focus = share_rows(tables.frame, year).set_index("ally", drop=False)
    allies = [a for a in focus.index if a in base.index]
    records = []
    for ally in allies:
        b, f = base.loc[ally], focus.loc[ally]
        records.append({
            "ally": ally, "ally_code": f["ally_code"], "national_2pct_law": bool(f["national_2pct_law"]),
            "joined": JOINED.get(f["ally_code"]),
            "base_year": year_label(base_year, bool(b["estimate"])), "base_value": float(b["value"]),
            "base_shown": format_value(b["value"], "percent_of_gdp"), "base_cell": b["cell"],
            "base_citation": tables.cite(b),
            "year": year_label(year, bool(f["estimate"])), "value": float(f["value"]),
            "shown": format_value(f["value"], "percent_of_gdp"), "cell": f["cell"], "citation": tables.cite(f),
            "meets": meets_guideline(f["value"]), "base_meets": meets_guideline(b["value"]),
            "change_points": float(published(f["value"], 2) - published(b["value"], 2)),
        })
    out = pd.DataFrame.from_records(records)
    if out.empty:
        return out
    return out.sort_values(["value", "ally"], ascending=[False, True], kind="stable").reset_index(drop=True)


def said_counts(figures: pd.DataFrame) -> pd.DataFrame:
    """The curated NATO sentences that state a count of Allies at 2%, with the year each is about."""
    part = figures[figures["figure_id"].isin(SAID_COUNTS)].copy()
    part["_order"] = part["figure_id"].map({f: i for i, f in enumerate(SAID_COUNTS)})
    part = part[part["period"].str.fullmatch(r"\d{4}")].sort_values("_order").drop(columns="_order")
    part["year"] = part["period"].astype(int)
    words = {"expectation": "expected", "estimate": "said", "actual": "said"}
    part["said"] = [f"{words.get(k, 'said')} {int(v)}, {short_date(d)}" for v, k, d in
                    zip(part["value"], part["kind"], part["date_published"])]
    return part.reset_index(drop=True)


# ---------------------------------------------------------------------------
# One Ally


def ally_rows(tables: TablesResult, code: str) -> pd.DataFrame:
    """Every value of every indicator for one Ally, by indicator then year, with display and citation."""
    rows = tables.frame[tables.frame["ally_code"] == code]
    if rows.empty:
        return rows
    order = {name: i for i, name in enumerate(tables.indicators)}
    rows = rows.assign(_order=rows["indicator"].map(order)).sort_values(["_order", "year"]).drop(columns="_order")
    decimals = {k: v.decimals for k, v in tables.indicators.items()}
    return rows.assign(
        year_label=[year_label(int(y), bool(e)) for y, e in zip(rows["year"], rows["estimate"])],
        shown=[format_value(v, u, decimals.get(i, 2)) for v, u, i in zip(rows["value"], rows["unit"], rows["indicator"])],
        citation=[tables.cite(r) for _, r in rows.iterrows()],
    ).reset_index(drop=True)


def allies(frame: pd.DataFrame) -> dict[str, str]:
    """ISO code -> name for every Ally in the frame, sorted by name."""
    rows = frame[~frame["aggregate"]].drop_duplicates("ally_code").sort_values("ally")
    return dict(zip(rows["ally_code"], rows["ally"]))


# ---------------------------------------------------------------------------
# Fact-check rows


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


@dataclass
class FactCheck:
    checks: list[Check]
    skipped: list[str]

    def get(self, item: str) -> Check | None:
        return next((c for c in self.checks if c.item == item), None)


def _cell(tables: TablesResult, indicator: str, ally: str, year: int) -> pd.Series | None:
    f = tables.frame
    rows = f[(f["indicator"] == indicator) & (f["ally"] == ally) & (f["year"] == year)]
    return None if rows.empty else rows.iloc[0]


def _read(tables: TablesResult, label: str, row: pd.Series, shown: str | None = None, group: str = "") -> Evidence:
    indicator = tables.indicators[row["indicator"]]
    return Evidence(label, float(row["value"]), shown or format_value(row["value"], row["unit"], indicator.decimals),
                    (row["cell"],), tables.cite(row), group=group)


def _count_check(tables: TablesResult, figures: pd.DataFrame, year: int, item: str, figure_id: str,
                 record_ids: tuple[str, ...], title: str, explanation: str) -> Check | str:
    """A said count of Allies at 2% beside the count in Table 3's column for that year."""
    rows = share_rows(tables.frame, year)
    if rows.empty:
        return f"{title}: Table 3 has no shares of GDP for {year}."
    said = float(figures.loc[figures["figure_id"] == figure_id, "value"].iloc[0])
    at = allies_at_or_above(tables.frame, year)
    n = len(at)
    label = year_label(year, bool(rows["estimate"].iloc[0]))
    evidence = Evidence(
        f"Allies at or above 2% of GDP in {label}, counted by us in Table 3", float(n), f"{n} of {len(rows)} Allies",
        tuple(rows["cell"]), cite_many(tables, rows, f"share of GDP of {len(rows)} Allies, counted at or above 2.00%"),
        derived=True, inputs=tuple(tables.cite(r) for _, r in rows.iterrows()))
    below = rows[~rows["ally"].isin(at)]
    verdict = "agrees" if n == said else ("revised_up" if n > said else "revised_down")
    method = (f"Count the {len(rows)} Allies whose {label} share in Table 3 ({cell_ranges(list(rows['cell']))}) "
              "NATO prints as 2.00% or more (two decimals, rounded half up), as NATO counts them.")
    details = (f"At or above 2% ({n}): {', '.join(at)}.",
               f"Below 2% ({len(below)}): " + ", ".join(
                   f"{r.ally} {format_value(r.value, 'percent_of_gdp')}" for r in below.itertuples()) + ".")
    shown = str(figures.loc[figures["figure_id"] == figure_id, "display_value"].iloc[0])
    return Check(item, title, figure_id, shown, (evidence,), method, (verdict, "derived"), explanation, record_ids,
                 details)


def build_checks(tables: TablesResult, figures: pd.DataFrame) -> FactCheck:
    """The statement's figures the tables can check, each with the table's numbers, cells, method and verdict.

    A check whose figure is withheld (a problem in the curated files) or whose indicator is
    withheld (a problem in the workbook) is left out and named in `skipped`.
    """
    known = set(figures["figure_id"])
    checks: list[Check] = []
    skipped: list[str] = []

    def need(figure_id: str, indicators: tuple[str, ...], what: str) -> bool:
        if figure_id not in known:
            skipped.append(f"{what}: the figure {figure_id} is withheld (see the problems above).")
            return False
        missing = [i for i in indicators if i not in tables.indicators]
        if missing:
            skipped.append(f"{what}: NATO's table for {', '.join(missing)} is withheld (see the problems above).")
            return False
        return True

    def value_of(figure_id: str) -> str:
        return str(figures.loc[figures["figure_id"] == figure_id, "display_value"].iloc[0])

    def records(*ids: str) -> tuple[str, ...]:
        return tuple(i for i in ids if i in known)

    # (1) 18 Allies expected in February vs the count in June's Table 3.
    what = "18 Allies at 2% in 2024"
    if need("bgnes-18-allies-at-2pct", ("share_of_gdp",), what):
        check = _count_check(
            tables, figures, 2024, "allies-at-2pct-2024", "bgnes-18-allies-at-2pct",
            records("pc15-18-allies-at-2pct", "jun18-23-allies-at-2pct", "jul10-23-allies-at-2pct"),
            "How many Allies spend 2% of GDP in 2024",
            "February's 18 was a forecast made with NATO's February 2024 estimates. NATO's June 2024 tables, "
            "with newer budgets and GDP forecasts, put 23 Allies at or above 2% for the same year, and NATO itself "
            "said 23 in June and July. Both are estimates for 2024 (the column is headed 2024e): the number was "
            "revised as the year went on, not misreported.")
        (skipped if isinstance(check, str) else checks).append(check)

    # (2) "2 percent of their total GDP" (European Allies) vs NATO Europe and Canada.
    what = "2% of European Allies' total GDP"
    if need("bgnes-2pct-of-european-gdp", ("share_of_gdp",), what):
        aggregate = _cell(tables, "share_of_gdp", AGGREGATE, 2024)
        canada = _cell(tables, "share_of_gdp", "Canada", 2024)
        if aggregate is None or canada is None:
            skipped.append(f"{what}: Table 3 has no 2024 row for {AGGREGATE} or Canada.")
        else:
            agg_shown = format_value(aggregate["value"], "percent_of_gdp")
            can_shown = format_value(canada["value"], "percent_of_gdp")
            below = published(canada["value"], 2) < published(aggregate["value"], 2)
            checks.append(Check(
                "european-share-2024", "European Allies' combined share of GDP in 2024", "bgnes-2pct-of-european-gdp",
                value_of("bgnes-2pct-of-european-gdp"),
                (_read(tables, f"{AGGREGATE}, share of GDP, 2024e", aggregate),
                 _read(tables, "Canada, share of GDP, 2024e", canada)),
                f"Table 3 gives no share for the European Allies alone; the nearest row is {AGGREGATE}, 2024e "
                f"({aggregate['cell']}), which includes Canada ({canada['cell']}).",
                ("coverage_differs", "inference") if below else ("coverage_differs",),
                f"The statement speaks of the European Allies only; NATO's table adds Canada, so the two cover "
                f"different countries. Canada's own share ({can_shown}) is "
                + ("below" if below else "not below") + f" the combined {agg_shown}"
                + (", so the European Allies alone should be at or above it, if the combined share is total "
                   "spending over total GDP. That reading is our inference; the table does not say how it adds up. "
                   "Either way the table agrees with \u201c2 percent\u201d." if below else "."),
                records("pc15-2pct-of-european-gdp", "jul10-2pct-target-europe-canada"),
            ))

    # (3) $380 billion (European Allies) vs Table 2 minus Canada, at both price bases.
    what = "$380 billion"
    if need("bgnes-380-billion", ("usd_current", "usd_constant_2015"), what):
        cells = {(i, a): _cell(tables, i, a, 2024) for i in ("usd_current", "usd_constant_2015")
                 for a in (AGGREGATE, "Canada")}
        if any(c is None for c in cells.values()):
            skipped.append(f"{what}: Table 2 has no 2024 row for {AGGREGATE} or Canada.")
        else:
            said = float(figures.loc[figures["figure_id"] == "bgnes-380-billion", "value"].iloc[0]) * 1000
            evidence: list[Evidence] = []
            europe: dict[str, float] = {}
            for indicator, basis in (("usd_current", "current prices"), ("usd_constant_2015", "constant 2015 prices")):
                agg, can = cells[(indicator, AGGREGATE)], cells[(indicator, "Canada")]
                evidence.append(_read(tables, f"{AGGREGATE}, 2024e, {basis}", agg, billions(agg["value"]), basis))
                evidence.append(_read(tables, f"Canada, 2024e, {basis}", can, billions(can["value"]), basis))
                europe[indicator] = float(agg["value"] - can["value"])
                evidence.append(Evidence(
                    f"European Allies alone, 2024e, {basis}: {AGGREGATE} minus Canada", europe[indicator],
                    billions(europe[indicator]), (agg["cell"], can["cell"]),
                    f"Computed by Defence Figures Explorer: {agg['cell']} \u2212 {can['cell']}, from "
                    f"{tables.cite(agg, with_cell=False)} and {tables.cite(can, with_cell=False)}",
                    derived=True, inputs=(tables.cite(agg), tables.cite(can)), group=basis))
            gap_current = europe["usd_current"] - said
            gap_constant = europe["usd_constant_2015"] - said
            closer = "constant 2015 prices" if abs(gap_constant) < abs(gap_current) else "current prices"
            checks.append(Check(
                "europe-380-billion", "European Allies' defence spending in 2024", "bgnes-380-billion",
                value_of("bgnes-380-billion"), tuple(evidence),
                "European Allies alone = NATO Europe and Canada minus Canada, 2024e, Table 2, once at current "
                f"prices ({cells[('usd_current', AGGREGATE)]['cell']} \u2212 {cells[('usd_current', 'Canada')]['cell']}) "
                f"and once at constant 2015 prices ({cells[('usd_constant_2015', AGGREGATE)]['cell']} \u2212 "
                f"{cells[('usd_constant_2015', 'Canada')]['cell']}).",
                ("inference", "derived"),
                f"NATO did not say which prices the 380 billion is in. Our inference: it is closer to the series at "
                f"{closer} ({billions(europe['usd_constant_2015'])} at 2015 prices is "
                f"{billions(abs(gap_constant))} away; {billions(europe['usd_current'])} at current prices is "
                f"{billions(abs(gap_current))} away). It is below both because it comes from NATO's February 2024 "
                "estimates, which were lower than June's (18 Allies at 2% expected then, 23 counted in June). "
                "Current-price dollars also move with exchange rates, so the two series differ by tens of billions.",
                records("pc15-380-billion"),
            ))

    # (4) "more than $600 billion": one year's spending, or the increases since 2014 added up?
    what = "more than $600 billion"
    if need("bgnes-600-billion", ("usd_current", "usd_constant_2015"), what):
        f = tables.frame
        evidence = []
        cumulative: dict[str, float] = {}
        annual: dict[str, float] = {}
        ok = True
        for indicator, basis in (("usd_current", "current prices"), ("usd_constant_2015", "constant 2015 prices")):
            series = f[(f["indicator"] == indicator) & (f["ally"] == AGGREGATE)].sort_values("year")
            base = series[series["year"] == 2014]
            later = series[(series["year"] > 2014) & (series["year"] <= 2024)]
            last = series[series["year"] == 2024]
            if base.empty or len(later) != 10 or last.empty:
                ok = False
                break
            base_row, last_row = base.iloc[0], last.iloc[0]
            annual[indicator] = float(last_row["value"])
            evidence.append(_read(tables, f"{AGGREGATE}, one year: 2024e, {basis}", last_row,
                                  billions(last_row["value"]), basis))
            total = float((later["value"] - base_row["value"]).sum())
            cumulative[indicator] = total
            used = pd.concat([base, later])
            evidence.append(Evidence(
                f"{AGGREGATE}, added up over 2015 to 2024e above the 2014 level, {basis}", total, billions(total),
                tuple(used["cell"]),
                cite_many(tables, used, f"{AGGREGATE}, {basis}",
                          f"each year's value from 2015 to 2024e minus 2014's ({base_row['cell']}), added up"),
                derived=True, inputs=tuple(tables.cite(r) for _, r in used.iterrows()), group=basis))
        if not ok:
            skipped.append(f"{what}: Table 2 lacks a year from 2014 to 2024e for {AGGREGATE}.")
        else:
            said = 600_000.0
            annual_fits = any(v > said for v in annual.values())
            fits = [b for i, b in (("usd_current", "current prices"), ("usd_constant_2015", "constant 2015 prices"))
                    if cumulative[i] > said]
            checks.append(Check(
                "600-billion", "\u201cMore than $600 billion\u201d: one year, or added up since 2014?",
                "bgnes-600-billion", value_of("bgnes-600-billion"), tuple(evidence),
                f"For each year 2015 to 2024e, {AGGREGATE}'s spending in Table 2 minus its 2014 spending, added up "
                "(our method: NATO does not publish its own); beside it, one year's spending in 2024e.",
                ("derived",) if annual_fits else ("derived", "reading_differs"),
                ("As one year's spending (the report's reading) the figure does not fit: "
                 f"{AGGREGATE} spend {billions(annual['usd_current'])} at current prices and "
                 f"{billions(annual['usd_constant_2015'])} at 2015 prices in 2024e. " if not annual_fits else "")
                + "As money added since 2014 (NATO's words: \u201cwill have added\u201d), our sum gives "
                f"{billions(cumulative['usd_constant_2015'])} at constant 2015 prices and "
                f"{billions(cumulative['usd_current'])} at current prices"
                + (f", so \u201cmore than 600 billion\u201d fits at {' and '.join(fits)}. " if fits else
                   ", neither above 600 billion. ")
                + "Current-price dollars fell in 2015 with exchange rates, which is why that sum is lower. "
                "The aggregate counts Montenegro from 2017, North Macedonia from 2020, Finland from 2023 and "
                f"Sweden from 2024 (NATO's note, {JOINED_NOTE_CELL}), so their whole budgets from those years count "
                "as added. These sums are ours, from June's tables; NATO's February figure came from earlier estimates.",
                records("pc15-600-billion-added", "pm14-600-billion-added", "news14-600-billion-added"),
            ))

    # (5) The 11% real rise in 2023 vs Table 3's annual real change, NATO Europe and Canada 2023e.
    for figure_id, year, item, title, records_ids in (
            ("pm14-11-percent-rise", 2023, "real-rise-2023", "The real rise in defence spending in 2023",
             ("news14-11-percent-rise",)),
            ("jun18-18-percent-rise", 2024, "real-rise-2024", "The real rise in defence spending in 2024", ())):
        what = f"the real rise in {year}"
        if not need(figure_id, ("real_change",), what):
            continue
        row = _cell(tables, "real_change", AGGREGATE, year)
        if row is None:
            skipped.append(f"{what}: Table 3 has no {year} row for {AGGREGATE}.")
            continue
        said = float(figures.loc[figures["figure_id"] == figure_id, "value"].iloc[0])
        table = float(published(row["value"], 2))
        rounds_to = round(table)
        verdict = "agrees" if rounds_to == said else ("revised_up" if table > said else "revised_down")
        label = year_label(year, bool(row["estimate"]))
        checks.append(Check(
            item, title, figure_id, value_of(figure_id),
            (_read(tables, f"{AGGREGATE}, annual real change, {label}", row),),
            f"Table 3, annual real change (%), {AGGREGATE}, {label} ({row['cell']}): growth on the year before "
            "with prices held at 2015 levels.",
            (verdict,),
            (f"{format_value(row['value'], 'percent_change')} rounds to the {int(said)}% NATO said."
             if verdict == "agrees" else
             f"NATO said {int(said)}% in February 2024, from its February estimates; its June 2024 tables put the "
             f"rise at {format_value(row['value'], 'percent_change')}. Both are estimates ({label}): a revision "
             "between editions, not a misquotation."),
            records(*records_ids),
        ))

    # (6) 3 Allies at 2% in 2014: said by NATO, checked against Table 3's 2014 column.
    what = "3 Allies at 2% in 2014"
    if need("pc15-3-allies-2014", ("share_of_gdp",), what):
        check = _count_check(
            tables, figures, 2014, "allies-at-2pct-2014", "pc15-3-allies-2014", records("jul10-3-allies-2014"),
            "How many Allies spent 2% of GDP in 2014",
            "The starting point of NATO's comparison. 2014 is no longer an estimate, and the June 2024 tables "
            "still count 3 Allies at or above 2% that year.")
        (skipped if isinstance(check, str) else checks).append(check)
    return FactCheck(checks, skipped)


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
