"""What the pages on NATO's tables share: setup with the tables' problems, charts that open a cell or a
sentence, the cell panel, the source dialog, fact-check cards and the plain-words explanations.

Where a number comes from is one click away: a click (a chart point, a button, a table row)
puts an id in the address bar (`figure=`, `cell=`, `count=`), and the page opens the
sentence, the cell, or the count's cells in a dialog. So a copied link reopens it.
"""
from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from defence_figures import paths
from defence_figures.app import cache, ui
from defence_figures.app.cache import Loaded
from defence_figures.corpus.render import badge, esc, md_escape
from defence_figures.nato.checks import (
    VERDICTS,
    Check,
    Declared,
    Evidence,
    FactCheck,
    Revision,
    build_checks,
    count_revision,
    load_declarations,
)
from defence_figures.nato.queries import cell_ranges, count_detail, format_value, month_name, month_year, short_date, sort_cells
from defence_figures.nato.workbook import PRICE_BASES, TablesResult, year_label

TARGETS = ("figure", "cell", "count")
_CELL_PARAM = re.compile(r"[A-Za-z0-9_]{1,31}![A-Z]{1,3}[0-9]{1,7}\Z")
NATIONAL_LAW_NOTE = ("NATO marks this Ally with *: it has “national laws or political agreements which call for 2% "
                     "of GDP or more to be spent on defence annually” (NATO’s footnote, TABLE3!C81).")

STYLE = """
<style>
.df-stat{padding:0.1rem 0}
.df-stat-value{font-size:clamp(1.7rem,2.6vw,2.8rem);font-weight:800;line-height:1.1;white-space:nowrap}
.df-stat-label{font-size:1rem;font-weight:600;margin:0.15rem 0}
.df-stat-source{font-size:0.82rem;opacity:0.85}
.df-said{border-left:5px solid #CC79A7;padding-left:0.6rem}
.df-said .df-context{border-left:none;padding:0.2rem 0;margin:0.3rem 0}
.df-counted{border-left:5px solid #0072B2;padding-left:0.6rem}
.df-evidence{margin:0.2rem 0 0.5rem 0}
.df-evidence-value{font-size:1.6rem;font-weight:700;line-height:1.15}
.df-evidence-label{font-size:0.95rem}
.df-cite{font-size:0.8rem;opacity:0.85;word-break:break-word}
.df-check-title{font-size:1.3rem;font-weight:700;margin:0.2rem 0 0.3rem 0}
.df-check-grid{display:grid;grid-template-columns:2fr 3fr;gap:1rem 2.5rem;margin:0.6rem 0 0.8rem 0;align-items:start}
.df-evidence-grid{display:grid;grid-template-columns:repeat(var(--columns),minmax(0,1fr));gap:0 1.5rem}
@media (max-width:760px){.df-check-grid,.df-evidence-grid{grid-template-columns:minmax(0,1fr)}}
.df-v-agrees,.df-v-revised_up,.df-v-revised_down{color:light-dark(#006D4F,#5CD6A9)}
.df-v-coverage_differs,.df-v-inference,.df-v-derived{color:light-dark(#0060A0,#6CB8F0)}
.df-v-reading_differs{color:light-dark(#B35900,#FFA64D);font-weight:600}
</style>
"""


# ---------------------------------------------------------------------------
# Setup and problems


def setup() -> tuple[Loaded, TablesResult]:
    """The first lines of a page on NATO's tables: style, the corpus and its problems, the tables and theirs."""
    loaded = ui.page_setup()
    st.html(STYLE)
    tables = cache.tables()
    table_problems(tables)
    return loaded, tables


def fact_checks(loaded: Loaded, tables: TablesResult) -> tuple[Declared, FactCheck]:
    """The checks declared in curated/checks/ and what they find, built once per version of the files they read."""
    base = paths.root()
    digest = cache.checks_version(base)
    declared = cache.memo((), "declared_checks", lambda: load_declarations(base), digest)
    result = cache.memo((loaded, tables), "fact_checks", lambda: build_checks(tables, loaded.figures, declared,
                                                            loaded.result.withheld_figures), digest)
    return declared, result


def revision(loaded: Loaded, tables: TablesResult) -> Revision | None:
    """The said count of Allies at 2% that the tables revised, for the plain words."""
    _, result = fact_checks(loaded, tables)
    return count_revision(result, loaded.by_id)


def table_problems(tables: TablesResult) -> None:
    if not tables.problems:
        return
    count, withheld = len(tables.problems), tables.withheld_indicators
    held = f" ({', '.join(withheld)})" if withheld else ""
    ui.problems_panel(
        f"**{count} problem{'s' if count != 1 else ''} in NATO's tables.** "
        f"{len(withheld)} indicator{'s are' if len(withheld) != 1 else ' is'} withheld until fixed{md_escape(held)}; "
        "the statement and its sentences are still served, and every table value shown is read from its cell.",
        tables.problems, "Show the problems in NATO's tables (file:line:column)")


# ---------------------------------------------------------------------------
# Where a number comes from: ids in the address bar, opened in a dialog


def open_target(target: str) -> None:
    """Put a clicked id in the address bar: a cell ('TABLE3!N32'), 'count-2024', or a curated figure id."""
    clear_targets()
    if "!" in target:
        st.query_params["cell"] = target
    elif target.startswith("count-"):
        st.query_params["count"] = target.removeprefix("count-")
    else:
        st.query_params["figure"] = target


def clear_targets() -> None:
    for name in TARGETS:
        if name in st.query_params:
            del st.query_params[name]


def source_button(target: str, label: str, key: str, icon: str = ":material/table_view:", help: str | None = None) -> None:
    st.button(label, key=key, on_click=open_target, args=(target,), icon=icon,
              help=help or "Open where this number comes from")


@st.dialog("Where this number comes from", width="large", on_dismiss=clear_targets)
def _source_dialog(kind: str, value: str, loaded: Loaded, tables: TablesResult) -> None:
    if kind == "figure":
        ui.source_panel(loaded, value)
    elif kind == "cell":
        cell_panel(tables, value)
    else:
        count_panel(tables, int(value))


def requested_source(loaded: Loaded, tables: TablesResult) -> None:
    """Open the sentence, cell or count named in the address bar; a friendly note when it names nothing."""
    figure, cell, count = (ui.id_param(name) for name in TARGETS)
    if figure:
        if figure in loaded.by_id:
            _source_dialog("figure", figure, loaded, tables)
        else:
            ui.not_found("figure", figure, "figures", "See all figures")
    elif cell:
        if _CELL_PARAM.match(cell) and cell in set(tables.frame["cell"]):
            _source_dialog("cell", cell, loaded, tables)
        else:
            ui.not_found("table cell", cell, "tracker", "Back to the 2% tracker")
    elif count:
        years = set(tables.frame.loc[tables.frame["indicator"] == "share_of_gdp", "year"])
        if count.isdigit() and len(count) == 4 and int(count) in years:
            _source_dialog("count", count, loaded, tables)
        else:
            ui.not_found("year", count, "tracker", "Back to the 2% tracker")


def cell_row(tables: TablesResult, cell: str) -> pd.Series:
    return tables.frame.loc[tables.frame["cell"] == cell].iloc[0]


def cell_panel(tables: TablesResult, cell: str) -> None:
    """One table cell: its value as NATO prints it, what it measures, its citation, and the workbook."""
    row = cell_row(tables, cell)
    indicator = tables.indicators[row["indicator"]]
    document = tables.documents[row["document_id"]]
    label = year_label(int(row["year"]), bool(row["estimate"]))
    shown = format_value(row["value"], row["unit"], indicator.decimals)
    kind = badge("≈", "estimate", title="NATO's estimate: the year was not over") if row["estimate"] else \
        badge("●", "reported", title="reported by the Ally to NATO")
    basis = badge("$", PRICE_BASES[row["price_basis"]]) if row["price_basis"] != "not_applicable" else ""
    st.html(
        f'<div class="df-panel" data-cell="{esc(cell)}">'
        f'<div class="df-card-value">{esc(shown)}</div>'
        f'<div class="df-card-label">{esc(indicator.label)}: <b>{esc(row["ally"])}</b>, {esc(label)}</div>'
        f'<div>{kind}{basis}</div>'
        f'<div class="df-doc-head"><b>{esc(document.title)}</b><br>{esc(document.producer)} · '
        f'{esc(document.report_number)} · published {esc(short_date(document.date_published))} · '
        f'{esc(row["table"])}, sheet {esc(row["sheet"])}, cell {esc(cell.split("!")[1])}</div></div>'
    )
    if indicator.explanation:
        st.info(md_escape(indicator.explanation), icon=":material/lightbulb:")
    st.caption(md_escape(f"Stored in the cell as {float(row['value'])!r}; NATO prints {indicator.decimals} decimals, "
                         f"so it reads {shown}."))
    if row["estimate"]:
        st.caption(md_escape(f"{label} is an estimate: NATO's {month_year(document.date_published)} edition, with information up to "
                             f"{short_date(document.cutoff)}. Later editions revise it."))
    if bool(row["national_2pct_law"]):
        st.caption(md_escape(NATIONAL_LAW_NOTE))
    st.caption("Cite this value")
    st.code(tables.cite(row), language=None, wrap_lines=True)
    links = st.columns(2)
    with links[0]:
        if row["ally_code"] and not pd.isna(row["ally_code"]):
            st.page_link(ui.PAGES["ally"], label=f"All of {row['ally']}'s values", icon=":material/flag:",
                         query_params={"ally": row["ally_code"]})
    with links[1]:
        link = document.url_main or document.url_copy
        if link:
            st.link_button("The workbook" if document.url_main else "The copy of NATO's workbook", link,
                           icon=":material/open_in_new:")
    if not document.url_main:
        st.caption("NATO's own page for this edition could not be found; the link is the public copy the file "
                   "was taken from, checked against its sha256.")


def count_panel(tables: TablesResult, year: int) -> None:
    """The Allies counted at or above 2% in one year, each with its share and cell."""
    detail = count_detail(tables, year)
    label = year_label(year, bool(detail["estimate"].iloc[0]))
    meets = int(detail["meets"].sum())
    st.html(
        f'<div class="df-panel" data-count="{year}"><div class="df-card-value">{meets} of {len(detail)} Allies</div>'
        f'<div class="df-card-label">at or above 2% of GDP in {esc(label)}, counted by us in NATO’s Table 3 '
        f'(cells {esc(cell_ranges(sort_cells(list(detail["cell"]))))})</div></div>'
    )
    st.caption("An Ally counts when the share NATO prints (two decimals) is 2.00% or more. Click a row to see its cell.")
    table = detail.assign(status=["◆ at or above 2%" if m else "○ below 2%" for m in detail["meets"]])
    picked = st.dataframe(
        table[["ally", "shown", "status", "cell", "citation"]], hide_index=True, key=f"count_table_{year}",
        on_select="rerun", selection_mode="single-row", height=min(38 + 35 * len(table), 420),
        column_config={"ally": "Ally", "shown": "Share of GDP", "status": "2% guideline", "cell": "Cell",
                       "citation": st.column_config.TextColumn("Citation", width="large")})
    rows = picked["selection"]["rows"] if picked else []
    if rows:
        cell_panel(tables, table.iloc[rows[0]]["cell"])
    ui.download_frame(table, f"nato-allies-at-2pct-{label}", f"count-{year}")


# ---------------------------------------------------------------------------
# Charts that open their source


chart = ui.chart  # the table pages' charts open their cells the same way


table_click = ui.row_click  # a row opens its cell the same way a figure row opens its sentence


# ---------------------------------------------------------------------------
# Small pieces of HTML


def stat(value: str, label: str, source: str, css: str = "df-counted") -> None:
    st.html(f'<div class="df-stat {css}"><div class="df-stat-value">{esc(value)}</div>'
            f'<div class="df-stat-label">{esc(label)}</div><div class="df-stat-source">{esc(source)}</div></div>')


def verdict_badges(verdicts: tuple[str, ...]) -> str:
    return "".join(badge(*VERDICTS[v], css=f"df-v-{v}") for v in verdicts)


def guideline_badge(meets: bool, year: str) -> str:
    return badge("◆", f"at or above 2% in {year}", "df-ok") if meets else badge("○", f"below 2% in {year}", "df-warn")


# ---------------------------------------------------------------------------
# Fact-check card


def _evidence_html(evidence: Evidence) -> str:
    derived = badge("Σ", "derived by us", "df-v-derived") if evidence.derived else badge("▦", "read from one cell")
    return (f'<div class="df-evidence"><div class="df-evidence-value">{esc(evidence.shown)}</div>'
            f'<div class="df-evidence-label">{esc(evidence.label)} {derived}</div>'
            f'<div class="df-cite">{esc(evidence.citation)}</div></div>')


def check_card_html(check: Check, figures: dict[str, dict]) -> str:
    """A check as one block: verdicts and title, what was said beside the table's numbers, method and reason.

    One block instead of an element per part: seven cards of twenty elements each made the
    fact check's reruns 4.6x the bare page (bench.profile_page, 2026-11-28).
    """
    figure = figures[check.figure_id]
    groups = list(dict.fromkeys(e.group for e in check.evidence))
    if len(groups) > 1:  # side by side: "At current prices" | "At constant 2015 prices"
        columns = [f'<div><div class="df-stat-label">At {esc(group)}</div>'
                   + "".join(_evidence_html(e) for e in check.evidence if e.group == group) + "</div>"
                   for group in groups]
    else:
        count = 2 if len(check.evidence) > 1 else 1
        columns = ["<div>" + "".join(_evidence_html(e) for e in check.evidence[i::count]) + "</div>"
                   for i in range(count)]
    return (
        f'<div id="check-{esc(check.item)}" data-item="{esc(check.item)}">{verdict_badges(check.verdicts)}'
        f'<div class="df-check-title">{esc(check.title)}</div></div>'
        '<div class="df-check-grid">'
        f'<div class="df-said"><div class="df-stat-label">Said: {esc(figure["producer"])}, '
        f'{esc(short_date(figure["date_published"]))}</div>'
        f'<div class="df-evidence-value">{esc(check.statement_value)}</div>'
        f'<div class="df-context">{esc(figure["quote"])}</div></div>'
        f'<div><div class="df-stat-label">NATO’s {esc(month_year(check.edition_date))} tables</div>'
        f'<div class="df-evidence-grid" style="--columns:{len(columns)}">{"".join(columns)}</div></div></div>'
        f'<p><b>Method:</b> {esc(check.method)}</p>'
        f'<p><b>Why they differ, or agree:</b> {esc(check.explanation)}</p>'
    )


def check_sources(check: Check) -> dict[str, str]:
    """What a check's source buttons open, in order: the sentence, then each number read from one cell."""
    sources = {check.figure_id: ":material/format_quote: The sentence"}
    for evidence in check.evidence:
        if len(evidence.cells) == 1:
            sources[evidence.cells[0]] = f":material/table_view: Cell {evidence.cells[0]}"
    return sources


def check_card(check: Check, loaded: Loaded) -> None:
    """One check: what was said (with its sentence), the table's numbers (with their cells), method, verdict."""
    figures = loaded.by_id
    with st.container(border=True):
        st.html(cache.memo(loaded, "check_card", lambda: check_card_html(check, figures), check))
        sources = check_sources(check)
        st.pills("Open where a number comes from", list(sources), key=f"{check.item}-sources",
                 format_func=sources.__getitem__, on_change=ui.act_once, args=(f"{check.item}-sources", open_target),
                 help="The sentence, highlighted in its paragraph, or the table cell with its citation")
        derived = [e for e in check.evidence if len(e.cells) > 1 and e.inputs]
        if derived and (box := ui.lazy_expander(
                "The cells used: " + "; ".join(f"{len(e.inputs)} for {e.shown} ({cell_ranges(list(e.cells))})"
                                               for e in derived), f"{check.item}-cells")):
            with box:
                for evidence in derived:
                    st.caption(md_escape(f"{evidence.shown}: {evidence.label}"))
                    st.code("\n".join(evidence.inputs), language=None, wrap_lines=True)
        if check.record_ids and (box := ui.lazy_expander(f"NATO's own words ({len(check.record_ids)})",
                                                       f"{check.item}-words")):
            with box:
                for index, record_id in enumerate(check.record_ids):
                    record = figures[record_id]
                    st.html(f'<div class="df-cite"><b>{esc(record["display_value"])}</b> · '
                            f'{esc(record["producer"])}, {esc(short_date(record["date_published"]))}: '
                            f'“{esc(record["quote"])}”</div>')
                    source_button(record_id, "Show this sentence", f"{check.item}-rec{index}", ":material/format_quote:")
        if check.details and (box := ui.lazy_expander("Which Allies", f"{check.item}-allies")):
            with box:
                for line in check.details:
                    st.markdown(md_escape(line))


# ---------------------------------------------------------------------------
# Plain words for a student


def explain_two_percent(tables: TablesResult, revision: Revision | None) -> None:
    """What 2% of GDP means and why estimates change, with the revision the tables show when there is one."""
    estimates = sorted({year_label(int(y), True) for y in tables.frame.loc[tables.frame["estimate"], "year"]})
    headed = f"The columns headed {' and '.join(estimates)} are estimates" if estimates else "Estimates"
    example = (f" In {month_year(revision.said_date)} NATO expected {revision.said} Allies at 2% for {revision.year}; its "
               f"{month_year(revision.edition_date)} tables count {revision.counted} for the same year. Newer numbers, "
               "not a mistake.") if revision else ""
    why = (f"why {month_name(revision.said_date)} and {month_name(revision.edition_date)} disagree" if revision
           else "why estimates change")
    with st.expander(f"New here? What “2% of GDP” means, and {why}"):
        st.markdown(
            "- **GDP** (gross domestic product) is the value of everything a country produces in a year. "
            "**2% of GDP on defence** means 2 of every 100 dollars of it. It is NATO's guideline for each Ally; "
            "in 2014 the Allies pledged to move towards it.\n"
            "- **Counting.** NATO prints each share with two decimals and an Ally counts when it reads **2.00% or "
            "more**. The count here is ours, made from NATO's Table 3; where NATO *said* a count, its sentence "
            "is shown beside it, with a different marker.\n"
            f"- **Estimates change.** {headed}, made before the year's "
            "money was spent and before its GDP was known. Each new edition uses newer budgets and GDP forecasts "
            f"and also revises past years.{example}\n"
            "- NATO's own footnote says so: “For past years Allies defence spending was based on the then "
            "available GDP data and Allies may, therefore, have met the 2% guideline when using those figures” "
            "(TABLE3!C81).\n"
            "- **Prices.** *Current prices* are each year's own dollars, moved by inflation and exchange rates; "
            "*constant 2015 prices* hold prices and exchange rates at 2015 levels so years can be compared."
        )
