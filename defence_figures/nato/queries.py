"""Questions asked of NATO's tables: counts at the 2% guideline, the tracker, one Ally's rows, and values and dates as NATO prints them.

No Streamlit here. Every table number handed to a page carries the cells it was read or
computed from and a citation naming table, Ally and year, so the page can show where it
came from.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal

import pandas as pd

from defence_figures.nato.workbook import TablesResult, count_at_or_above, published, year_label

GUIDELINE = Decimal(2)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
# How the checks name a price basis (PRICE_BASES in workbook.py is the longer form).
PRICE_WORDS: dict[str, str] = {"current": "current prices", "constant_2015": "constant 2015 prices"}

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


def month_year(iso: str) -> str:
    """'2024-06-17' -> 'June 2024': an edition as the pages name it."""
    return f"{month_name(iso)} {iso[:4]}"


def month_name(iso: str) -> str:
    """'2024-02-15' -> 'February'."""
    return MONTHS[int(iso[5:7]) - 1]


def edition(tables: TablesResult) -> str:
    """The month and year the (first) workbook was published, as the pages name it: 'June 2024'; '' when none is."""
    documents = list(tables.documents.values())
    return month_year(documents[0].date_published) if documents else ""


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


def counts(frame: pd.DataFrame, joined: Mapping[str, int] | None = None) -> pd.DataFrame:
    """Per year: Allies at or above 2%, how many Allies have a value, and the cells counted.

    joined (ISO code -> the year an Ally joined, from curated/checks/) leaves an Ally out of the years before
    it was one: the tables give every current Ally a row for every year, and 2014 had 27 Allies with figures.
    """
    if joined:
        later = frame["ally_code"].map(dict(joined)).fillna(0) > frame["year"]
        frame = frame[~later]
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


def tracker_frame(tables: TablesResult, year: int, base_year: int, joined: Mapping[str, int] | None = None) -> pd.DataFrame:
    """Each Ally's share in base_year and year, side by side, highest first, with cells and citations.

    joined: ISO code -> the year an Ally joined, for the download's `joined` column.
    """
    joined = joined or {}
    base = share_rows(tables.frame, base_year).set_index("ally", drop=False)
    focus = share_rows(tables.frame, year).set_index("ally", drop=False)
    allies = [a for a in focus.index if a in base.index]
    records = []
    for ally in allies:
        b, f = base.loc[ally], focus.loc[ally]
        records.append({
            "ally": ally, "ally_code": f["ally_code"], "national_2pct_law": bool(f["national_2pct_law"]),
            "joined": joined.get(f["ally_code"]),
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


def said_counts(figures: pd.DataFrame, figure_ids: Sequence[str]) -> pd.DataFrame:
    """The curated sentences (figure_ids, in that order) that state a count of Allies at 2%, with the year each is about."""
    part = figures[figures["figure_id"].isin(figure_ids)].copy()
    part["_order"] = part["figure_id"].map({f: i for i, f in enumerate(figure_ids)})
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


