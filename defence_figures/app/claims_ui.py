"""What the Coverage and Outcomes pages, the Overview's outcome lines and the claims' Present decks share.

The HTML builders here are pure (data in, escaped HTML out) so tests can read them without a page;
the functions that draw take the Loaded corpus and call Streamlit. Where a reader is sent is
always in the address bar (`cell=`, `outlet=`, `claim=`, `figure=`, `count=`), so a copied
link reopens the same view.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from defence_figures.app import cache, table_ui, ui
from defence_figures.app.cache import Loaded
from defence_figures.corpus.claims import COVERAGE, EVIDENCE, NOT_IN_EXCERPT, Claim
from defence_figures.corpus.coverage import Cell, OutletRow, claim_summary, coverage
from defence_figures.corpus.model import VERDICTS, Document
from defence_figures.corpus.render import (
    coverage_badge,
    esc,
    md_escape,
    outcome_badge,
    provenance_marks,
    quote_in_context,
    value_html,
    verdict_badge,
    word_diff,
)
from defence_figures.nato import outcome_charts as oc
from defence_figures.nato.checks import Check
from defence_figures.nato.outcomes import Step, chain, claim_steps, headline
from defence_figures.nato.queries import month_year
from defence_figures.nato.workbook import TablesResult

COVERAGE_PARAMS = ("cell", "outlet", "claim")

STYLE = """
<style>
.df-cov-head{font-size:0.95rem;line-height:1.3}
.df-cov-sum{font-size:0.8rem;opacity:0.85;line-height:1.25}
.df-cov-block{margin:0.4rem 0 0.9rem 0}
.df-cov-block .df-context{margin:0.3rem 0}
.df-cite{font-size:0.8rem;opacity:0.85;word-break:break-word}
.df-claim-text{font-size:1.15rem;font-weight:600;margin:0.2rem 0 0.4rem 0}
.df-chain{font-size:clamp(2rem,5vw,3.4rem);font-weight:800;line-height:1.1;color:#0072B2;margin:0.2rem 0}
.df-step-date{font-size:0.9rem;font-weight:600;opacity:0.85}
.df-step-value{font-size:1.8rem;font-weight:750;line-height:1.15}
.df-step-quote{font-size:0.95rem;border-left:3px solid rgba(128,128,128,0.5);padding-left:0.6rem;margin:0.3rem 0}
.df-press{border:2px solid #E69F00;border-radius:6px;padding:0.3rem 0.6rem;margin:0.3rem 0;font-size:0.92rem}
.df-ev-said{border-left:5px solid #CC79A7;padding-left:0.6rem}
.df-ev-tables{border-left:5px solid #0072B2;padding-left:0.6rem}
.df-ev-official{border-left:5px solid #009E73;padding-left:0.6rem}
.df-ev-press{border-left:5px dashed #D55E00;padding-left:0.6rem}
/* A coverage cell is a button; its words say the verdict, the colour only repeats them. */
/* Light and dark versions, picked by the theme in force: 4.5:1 on either background (docs/accessibility.md). */
[class*="st-key-cov-meaning_differs--"] button,[class*="st-key-cov-number_missing--"] button{
  color:light-dark(#B35900,#FFA64D);border-color:light-dark(#B35900,#FFA64D);font-weight:600}
[class*="st-key-cov-faithful--"] button,[class*="st-key-cov-reworded--"] button{color:light-dark(#006D4F,#5CD6A9);
  border-color:light-dark(#006D4F,#5CD6A9)}
[class*="st-key-cov-not_reported--"] button,[class*="st-key-cov-not_in_excerpt--"] button{color:light-dark(#555555,#B8B8B8);
  border-style:dashed}
/* Cells and headers wrap their words instead of cutting them off ("meanin…"), and stay compact. */
[class*="st-key-cov-"] button,[class*="st-key-claim-"] button{min-height:2.1rem;padding:0.2rem 0.45rem}
[class*="st-key-cov-"] button *,[class*="st-key-claim-"] button *{white-space:normal !important;
  overflow:visible !important;text-overflow:clip !important}
[class*="st-key-cov-"] button p,[class*="st-key-claim-"] button p{font-size:0.85rem;line-height:1.15}
[class*="st-key-outlet-"] button p{font-weight:700;font-size:1rem}
</style>
"""


# ---------------------------------------------------------------------------
# Pure pieces: names, marks, blocks of HTML


def outlet_name(document: Document) -> str:
    """'BGNES', 'DOD News', 'Novinite': the publisher without its parenthesis or its parent body."""
    name = document.producer.split(" (")[0]
    return name.split(", ")[-1] if ", " in name else name


def document_head_html(document: Document) -> str:
    return (f'<div class="df-doc-head"><b>{esc(document.title)}</b><br>{esc(document.producer)} · '
            f'{esc(document.date_published)} {provenance_marks(document)}</div>')


def comparison_html(outlet_row: Mapping[str, Any], record_row: Mapping[str, Any], verdict: str,
                    outlet_document: Document, record_document: Document) -> str:
    """The outlet's sentence beside NATO's, the differing words marked, the difference stated, both cited."""
    left, right = word_diff(outlet_row["quote"], record_row["quote"])
    difference = outlet_row["difference"] or VERDICTS[verdict]
    return (
        f'<div class="df-cov-block" data-figure="{esc(outlet_row["figure_id"])}">'
        f'<div>{verdict_badge(verdict)}</div>'
        '<div class="df-compare-grid">'
        f'<div><p><b>{esc(outlet_name(outlet_document))} wrote</b> → {esc(outlet_row["display_value"])}</p>'
        f'<blockquote class="df-context">{left}</blockquote>'
        f'<div class="df-cite">{esc(ui.citation(outlet_row))}</div></div>'
        f'<div><p><b>NATO’s record ({esc(record_document.date_published)})</b> → {esc(record_row["display_value"])}</p>'
        f'<blockquote class="df-context">{right}</blockquote>'
        f'<div class="df-cite">{esc(ui.citation(record_row))}</div></div></div>'
        f'<p><b>How they differ:</b> {esc(difference)}</p></div>'
    )


def in_paragraph_html(row: Mapping[str, Any], document: Document) -> str:
    """The outlet's sentence highlighted in its paragraph, its number (or the words left of it) in bold."""
    return quote_in_context(document.text, int(row["quote_start"]), int(row["quote_end"]),
                            int(row["number_start"]), int(row["number_end"]))


def cell_html(loaded: Loaded, claim: Claim, cell: Cell) -> str:
    """A coverage cell opened: the outlet and the claim, then each of the outlet's sentences beside NATO's."""
    documents = loaded.result.corpus.documents
    outlet = documents[cell.outlet]
    parts = [
        f'<div class="df-panel" data-cell="{esc(cell.outlet)},{esc(claim.id)}">'
        f'<p>{coverage_badge(cell.status)} <b>{esc(outlet_name(outlet))}</b> on NATO’s claim “{esc(claim.claim)}”</p>',
        document_head_html(outlet),
    ]
    if not cell.carried:
        first = loaded.by_id[claim.first_appearance]
        parts.append(f'<p>{esc(COVERAGE[cell.status])}</p>'
                     f'<p><b>NATO said</b> ({esc(first["producer"])}, {esc(first["date_published"])}):</p>'
                     f'{in_paragraph_html(first, documents[first["document_id"]])}')
    for figure_id in cell.figure_ids:
        row = loaded.by_id[figure_id]
        record = loaded.by_id[row["reports"]]
        parts.append(comparison_html(row, record, row["verdict"], outlet, documents[record["document_id"]]))
        parts.append(f'<p><b>{esc(outlet_name(outlet))}’s sentence in its paragraph</b></p>{in_paragraph_html(row, outlet)}')
    parts.append("</div>")
    return "".join(parts)


def outlet_html(loaded: Loaded, claims: Mapping[str, Claim], row: OutletRow) -> str:
    """One outlet's row opened: every claim it carried, its sentence beside NATO's; the claims it did not."""
    documents = loaded.result.corpus.documents
    outlet = documents[row.outlet]
    parts = [f'<div class="df-panel" data-outlet="{esc(row.outlet)}">{document_head_html(outlet)}'
             f'<p><b>{esc(outlet_name(outlet))}: {esc(row.summary())}</b></p>']
    missing = []
    for cell in row.cells:
        claim = claims[cell.claim]
        if not cell.carried:
            missing.append(f'<li>{coverage_badge(cell.status)} {esc(claim.short)}</li>')
            continue
        parts.append(f'<h4>{esc(claim.short)}</h4>')
        for figure_id in cell.figure_ids:
            figure = loaded.by_id[figure_id]
            record = loaded.by_id[figure["reports"]]
            parts.append(comparison_html(figure, record, figure["verdict"], outlet, documents[record["document_id"]]))
    if missing:
        parts.append(f'<p><b>Not carried</b></p><ul>{"".join(missing)}</ul>')
    parts.append("</div>")
    return "".join(parts)


def claim_html(loaded: Loaded, claim: Claim, rows: list[OutletRow]) -> str:
    """One claim's column opened: NATO's first sentence, then each outlet's sentence beside NATO's."""
    documents = loaded.result.corpus.documents
    first = loaded.by_id[claim.first_appearance]
    first_document = documents[first["document_id"]]
    parts = [
        f'<div class="df-panel" data-claim="{esc(claim.id)}"><div class="df-claim-text">“{esc(claim.claim)}”</div>'
        f'<p>{esc(claim.author)} · {esc(claim_summary(rows, claim.id))}</p>'
        f'<p><b>First said</b>: {esc(first_document.title)}, {esc(first_document.date_published)}</p>'
        f'{in_paragraph_html(first, first_document)}'
        f'<div class="df-cite">{esc(ui.citation(first))}</div>',
    ]
    if claim.explanation:
        parts.append(f'<p>{esc(claim.explanation)}</p>')
    for row in rows:
        cell = next(c for c in row.cells if c.claim == claim.id)
        outlet = documents[row.outlet]
        # A carried cell's blocks carry their own verdict badges; the heading names the status only when none follow.
        parts.append(f'<h4>{esc(outlet_name(outlet))} {"" if cell.carried else coverage_badge(cell.status)}</h4>')
        for figure_id in cell.figure_ids:
            figure = loaded.by_id[figure_id]
            record = loaded.by_id[figure["reports"]]
            parts.append(comparison_html(figure, record, figure["verdict"], outlet, documents[record["document_id"]]))
    parts.append("</div>")
    return "".join(parts)


def step_html(step: Step, by_id: Mapping[str, Mapping[str, Any]]) -> str:
    """One step of a claim's record: when, the number, who says it, on what evidence, and its verdict."""
    row = by_id.get(step.figure_id) if step.figure_id else None
    quote = f'<div class="df-step-quote">“{esc(" ".join(row["quote"].split()))}”</div>' if row else ""
    verdict = f'<div>{outcome_badge(step.verdict)} {esc(step.difference)}</div>' if step.verdict else ""
    press = ""
    if step.rests_on_press and row is not None:
        press = (f'<div class="df-press">⚠ As reported by {esc(row["producer"])}: this rests on '
                 f'{esc(EVIDENCE["press"])}. It is only as sure as that report.</div>')
    cells = f'<div class="df-cite">Counted from cells {esc(_cell_span(step.cells))}</div>' if step.cells else ""
    return (
        f'<div class="df-step df-ev-{esc(step.evidence)}" data-step="{esc(oc.step_target(step))}">'
        f'<div class="df-step-date">{esc(month_year(step.date))} ({esc(step.date)}) · {esc(oc.STAGE_WORDS[step.stage])}</div>'
        f'<div class="df-step-value">{esc(step.shown)} <span style="font-size:1rem;font-weight:500">'
        f'{esc(step.kind_words)}</span></div>'
        f'<div>{esc(step.source)} · <i>{esc(oc.evidence_words(step))}</i></div>'
        f'{quote}{cells}{verdict}{press}</div>'
    )


def _cell_span(cells: tuple[str, ...]) -> str:
    return cells[0] if len(cells) == 1 else f"{cells[0]} … {cells[-1]} ({len(cells)} cells)"


# ---------------------------------------------------------------------------
# Data built once per corpus (and tables)


def coverage_rows(loaded: Loaded) -> list[OutletRow]:
    return cache.memo(loaded, "coverage_rows", lambda: coverage(loaded.result.corpus, loaded.claims.claims))


def checks_by_id(loaded: Loaded, tables: TablesResult) -> dict[str, Check]:
    _, result = table_ui.fact_checks(loaded, tables)
    return {check.item: check for check in result.checks}


def steps_of(loaded: Loaded, tables: TablesResult, claim_id: str) -> list[Step]:
    checks = checks_by_id(loaded, tables)
    return cache.memo((loaded, tables), "claim_steps",
                      lambda: claim_steps(loaded.claims.claims[claim_id], loaded.by_id, checks),
                      claim_id, tuple(sorted(checks)))


def outcome_lines(loaded: Loaded, tables: TablesResult) -> dict[str, tuple[str, str]]:
    """NATO figure id -> (claim id, 'expected → reached' line), for every claim with outcomes.

    A statement's figure carries the line of the claim whose first appearance or restatement it reports.
    """
    def build() -> dict[str, tuple[str, str]]:
        lines = {}
        for claim in loaded.claims.claims.values():
            if not claim.outcomes:
                continue
            line = headline(steps_of(loaded, tables, claim.id))
            for figure_id in claim.statements:
                lines[figure_id] = (claim.id, line)
        return lines
    return cache.memo((loaded, tables), "outcome_lines", build)


def overview_outcomes(loaded: Loaded) -> dict[str, tuple[str, str]]:
    """The Overview's outcome lines; NATO's tables are read only when some claim is curated."""
    return outcome_lines(loaded, cache.tables()) if loaded.claims.claims else {}


def figure_card(row: Mapping[str, Any], key: str, outcome: tuple[str, str] | None) -> None:
    """ui.figure_card, with what happened next in one line, linked to the claim's Outcomes view."""
    figure_id = row["figure_id"]
    with st.container(border=True):
        st.html(ui.figure_card_html(row))
        if outcome:
            claim_id, line = outcome
            # The line as text, which wraps: a link's label is cut at the card's edge ("(as rep…").
            st.html(f'<div class="df-outcome-line"><b>Then:</b> {esc(line)}</div>')
            st.page_link(ui.PAGES["outcomes"], label="What happened next", icon=":material/timeline:",
                         query_params={"claim": claim_id}, help="What NATO's later records say happened to this number")
        st.button("Show the sentence", key=f"{key}-{figure_id}", on_click=ui.select_figure, args=(figure_id,),
                  icon=":material/format_quote:",
                  help="Open the sentence this number comes from, highlighted in its paragraph")


# ---------------------------------------------------------------------------
# Coverage page


def set_view(**params: str) -> None:
    """on_click: open one view of the coverage (a cell, an outlet's row or a claim's column) in the address bar."""
    for name in COVERAGE_PARAMS:
        if name in st.query_params and name not in params:
            del st.query_params[name]
    for name, value in params.items():
        st.query_params[name] = value


def open_cell(cell: str) -> None:
    """on_click: a cell's dialog over the view it was opened from (that view stays in the address bar)."""
    st.query_params["cell"] = cell


def close_cell() -> None:
    """The cell's dialog closed: back to the view it was opened from."""
    if "cell" in st.query_params:
        del st.query_params["cell"]
    elif "outlet" in st.query_params and "claim" in st.query_params:
        del st.query_params["claim"]


def coverage_grid(loaded: Loaded, rows: list[OutletRow], claims: Mapping[str, Claim], outlet: str | None,
                  claim_id: str | None) -> None:
    """Outlets down, claims across; every cell, outlet and claim a button that opens it (Tab reaches each).

    One st.grid, not a row of st.columns per outlet: its rows line up by themselves, and the page's
    rerun drew 54 column blocks fewer (bench.profile_page: columns were a quarter of a rerun).
    """
    labels = cache.memo(loaded, "coverage_labels", lambda: _grid_labels(loaded, rows, claims))
    grid = st.grid(len(claims) + 2, wrap=False, min_column_width=80, gap=("xsmall", "xsmall"),
                   vertical_alignment="center", key="coverage-grid")
    grid.cell(column_span=2).caption("Outlet ↓ · NATO’s claim →")
    for claim in claims.values():
        label, help_text = labels[claim.id]
        grid.button(label, key=f"claim-{claim.id}", on_click=set_view, kwargs={"claim": claim.id},
                    type="primary" if claim.id == claim_id else "secondary", width="stretch", help=help_text)
    for row in rows:
        label, summary_html = labels[row.outlet]
        with grid.cell(column_span=2):
            st.button(label, key=f"outlet-{row.outlet}", on_click=set_view, kwargs={"outlet": row.outlet},
                      type="primary" if row.outlet == outlet else "tertiary",
                      help="See every sentence of this outlet beside NATO's")
            st.html(summary_html)
        for cell in row.cells:
            label, help_text = labels[(row.outlet, cell.claim)]
            grid.button(label, key=f"cov-{cell.status}--{row.outlet}--{cell.claim}", width="stretch",
                        on_click=open_cell, args=(f"{row.outlet},{cell.claim}",), help=help_text)
    grid.cell(column_span=2).caption("Each claim, all outlets")
    for claim in claims.values():
        grid.caption(labels[("sum", claim.id)])
    st.caption(labels["legend"])


def _grid_labels(loaded: Loaded, rows: list[OutletRow], claims: Mapping[str, Claim]) -> dict:
    """Every label and tooltip of the grid, escaped once per corpus: escaping them was a tenth of a rerun."""
    documents = loaded.result.corpus.documents
    labels: dict = {"legend": md_escape(LEGEND)}
    for claim in claims.values():
        labels[claim.id] = (md_escape(claim.short),
                            md_escape(f"{claim.claim} Click to see every outlet's sentence for this claim."))
        labels[("sum", claim.id)] = md_escape(claim_summary(rows, claim.id))
    for row in rows:
        document = documents[row.outlet]
        labels[row.outlet] = (md_escape(outlet_name(document)),
                              f'<div class="df-cov-sum"><b>{esc(row.summary())}</b><br>{esc(document.date_published)} '
                              f'{provenance_marks(document)}</div>')
        for cell in row.cells:
            labels[(row.outlet, cell.claim)] = (
                md_escape(CELL_LABELS[cell.status]),
                md_escape(f"{outlet_name(document)} on “{claims[cell.claim].short}”: {COVERAGE[cell.status]} "
                          "Click for the sentence."))
    return labels


LEGEND = " · ".join(f"{words}: {meaning}" for words, meaning in (
    ("✓ faithful", "same number, same meaning"),
    ("≈ reworded", "same number and meaning in other words"),
    ("⚠ meaning differs", "the wording changes what the number means"),
    ("∅ number lost", "the published text lost NATO's number"),
    ("– not reported", "the outlet does not give it"),
    ("… not in excerpt", "not in the part of the text stored here"),
))


# A cell's words, shorter than the badges' so that eight fit across 1280 pixels; the help says them in full.
CELL_LABELS = {
    "faithful": "✓ faithful", "reworded": "≈ reworded", "meaning_differs": "⚠ meaning differs",
    "number_missing": "∅ number lost", "not_reported": "– not reported", "not_in_excerpt": "… not in excerpt",
}





@st.dialog("The outlet's sentence beside NATO's", width="large", on_dismiss=close_cell)
def cell_dialog(loaded: Loaded, claim: Claim, cell: Cell) -> None:
    st.html(cache.memo(loaded, "cell_html", lambda: cell_html(loaded, claim, cell), cell.outlet, claim.id))
    cell_links(loaded, cell, claim)


def cell_links(loaded: Loaded, cell: Cell, claim: Claim) -> None:
    """Links to each sentence in its full text, and to the original."""
    documents = loaded.result.corpus.documents
    outlet = documents[cell.outlet]
    for figure_id in cell.figure_ids:
        record = loaded.by_id[loaded.by_id[figure_id]["reports"]]
        links = st.columns(2)
        links[0].page_link(ui.PAGES["sources"], label=f"{md_escape(outlet_name(outlet))}'s sentence in its full text",
                           icon=":material/article:", query_params={"doc": cell.outlet, "figure": figure_id})
        links[1].page_link(ui.PAGES["sources"], label="NATO's sentence in its full text", icon=":material/article:",
                           query_params={"doc": record["document_id"], "figure": record["figure_id"]})
    if not cell.carried:
        st.page_link(ui.PAGES["sources"], label=f"Read {md_escape(outlet_name(outlet))}'s text",
                     icon=":material/article:", query_params={"doc": cell.outlet})
        if cell.status == NOT_IN_EXCERPT and outlet.excerpt_covers:
            st.caption(md_escape(f"The stored text is an excerpt: {outlet.excerpt_covers}"))
    if outlet.url_main:
        st.link_button(f"Open {outlet_name(outlet)}'s original", outlet.url_main, icon=":material/open_in_new:")
    if claim.outcomes:
        st.page_link(ui.PAGES["outcomes"], label="What happened next to this claim", icon=":material/timeline:",
                     query_params={"claim": claim.id})


def find_cell(rows: list[OutletRow], outlet: str, claim_id: str) -> Cell | None:
    return next((c for row in rows if row.outlet == outlet for c in row.cells if c.claim == claim_id), None)


def coverage_downloads(loaded: Loaded) -> None:
    from defence_figures.corpus.frames import appearance_rows, claim_rows

    appearances, claims = cache.memo(loaded, "claims_frames", lambda: _frames(
        appearance_rows(loaded.claims.claims, loaded.result.corpus), claim_rows(loaded.claims.claims, loaded.result.corpus)))
    st.caption("Every outlet's sentence that carries a claim, beside NATO's, with its verdict, both quotes and citations:")
    ui.download_frame(appearances, "defence-figures-coverage", "coverage")
    st.caption("The claims themselves, each with its first appearance:")
    ui.download_frame(claims, "defence-figures-claims", "claims")


def _frames(*row_lists: list[dict]):
    import pandas as pd

    return tuple(pd.DataFrame(rows) for rows in row_lists)


# ---------------------------------------------------------------------------
# Outcomes page


def open_step(target: str, checks: Mapping[str, Check]) -> None:
    """A step's source in the address bar: a figure's sentence, or the count of NATO's tables a check made."""
    if target.startswith(oc.CHECK_PREFIX):
        check = checks.get(target.removeprefix(oc.CHECK_PREFIX))
        if check is not None and check.kind == "count_at_guideline":
            table_ui.open_target(f"count-{check.year}")
        elif check is not None:
            table_ui.open_target(check.evidence[0].cells[0])
        return
    table_ui.open_target(target)


def timeline(loaded: Loaded, claim: Claim, steps: list[Step], checks: Mapping[str, Check]) -> None:
    """Each step in date order, with the button that opens its sentence or its cells.

    NATO saying the same number again is folded away: three cards of "18 Allies expected" hid the outcomes.
    """
    again = [(index, step) for index, step in enumerate(steps) if step.stage == "restated"]
    for index, step in enumerate(steps):
        if step.stage != "restated":
            _step_card(loaded, claim, index, step, checks)
    if again:
        with st.expander(f"NATO said the same number again {len(again)} time{'s' if len(again) != 1 else ''}"):
            for index, step in again:
                _step_card(loaded, claim, index, step, checks)


def _step_card(loaded: Loaded, claim: Claim, index: int, step: Step, checks: Mapping[str, Check]) -> None:
    with st.container(border=True):
        st.html(cache.memo(loaded, "step_html", lambda: step_html(step, loaded.by_id), claim.id, index, step))
        target = oc.step_target(step)
        if step.figure_id:
            label, icon = "Show the sentence", ":material/format_quote:"
        else:
            label, icon = "Show the cells it is counted from", ":material/table_view:"
        st.button(label, key=f"step-{index}-{target}", on_click=open_step, args=(target, checks), icon=icon)
        if step.check_id:
            st.page_link(ui.PAGES["fact_check"], label="The full fact check", icon=":material/rule:",
                         query_params={"item": step.check_id})


def outcome_downloads(loaded: Loaded, tables: TablesResult, claim: Claim, steps: list[Step]) -> None:
    (frame,) = cache.memo((loaded, tables), "outcome_frame", lambda: _frames(oc.step_rows(claim, steps, loaded.by_id)),
                          claim.id)
    ui.download_frame(frame, f"defence-figures-outcome-{claim.id}", "outcomes")


def headline_html(claim: Claim, steps: list[Step]) -> str:
    return (f'<div data-claim="{esc(claim.id)}"><div class="df-claim-text">“{esc(claim.claim)}”</div>'
            f'<div class="df-chain" aria-label="{esc(chain(steps))}">{esc(chain(steps))}</div>'
            f'<p><b>{esc(headline(steps))}</b></p></div>')


# ---------------------------------------------------------------------------
# Present: a slide per claim


SLIDE_STYLE = """
<style>
.df-slide{background:%(bg)s;color:%(fg)s;border-radius:12px;padding:2vh 3vw;min-height:70vh;
  display:flex;flex-direction:column;justify-content:center;border:1px solid rgba(128,128,128,0.35)}
.df-slide-count{font-size:1.1rem;opacity:0.75;margin-bottom:1vh}
.df-slide-value{font-size:clamp(2.4rem,9vh,6.5rem);font-weight:800;line-height:1.05;color:%(accent)s}
.df-slide-label{font-size:clamp(1.1rem,3.2vh,1.9rem);font-weight:600;margin:1vh 0 1.4vh 0}
.df-slide-rows{font-size:clamp(0.95rem,2.5vh,1.35rem);line-height:1.4;margin:0;padding:0;list-style:none}
.df-slide-rows li{margin:0.35vh 0}
.df-slide-source{font-size:clamp(0.9rem,2.1vh,1.1rem);opacity:0.85;margin-top:1.6vh}
.df-slide .df-badge{font-size:clamp(0.8rem,2vh,1rem)}
.df-slide .df-press{border-color:#E69F00}
.df-slide-note{font-size:clamp(0.85rem,2vh,1.05rem);opacity:0.85;margin-left:1.2rem}
/* On the dark slide the badges' greys and greens would vanish: they take the slide's own colour. */
.df-slide[data-theme="dark"] .df-badge{color:#F4F4F4}
</style>"""


def _theme(dark: bool) -> str:
    return "dark" if dark else "light"


def _slide_style(dark: bool) -> str:
    bg, fg, accent = ("#111418", "#F4F4F4", "#56B4E9") if dark else ("#FFFFFF", "#111111", "#0072B2")
    return SLIDE_STYLE % {"bg": bg, "fg": fg, "accent": accent}


def coverage_slide_html(loaded: Loaded, claim: Claim, rows: list[OutletRow], number: int, total: int, dark: bool) -> str:
    """One claim: what NATO said, and how each outlet carried it, in a line each."""
    documents = loaded.result.corpus.documents
    first = loaded.by_id[claim.first_appearance]
    lines = []
    for row in rows:
        cell = next(c for c in row.cells if c.claim == claim.id)
        written = ""
        if cell.carried:
            figure = loaded.by_id[cell.figure_ids[0]]
            written = f' “{esc(around_number(figure, documents[row.outlet].text))}”'
        lines.append(f'<li>{coverage_badge(cell.status)} <b>{esc(outlet_name(documents[row.outlet]))}</b>{written}</li>')
    return (f'{_slide_style(dark)}<section class="df-slide" data-claim="{esc(claim.id)}" data-theme="{_theme(dark)}" '
            f'aria-label="Slide {number} of {total}"><div class="df-slide-count">{number} / {total} · who carried it, and how</div>'
            f'<div class="df-slide-value">{value_html(first["display_value"], first["qualifier"])}</div>'
            f'<div class="df-slide-label">“{esc(claim.claim)}”</div>'
            f'<ul class="df-slide-rows">{"".join(lines)}</ul>'
            f'<div class="df-slide-source">{esc(claim_summary(rows, claim.id)).capitalize()}. NATO first said it on '
            f'{esc(first["date_published"])}.</div></section>')


def outcome_slide_html(claim: Claim, steps: list[Step], by_id: Mapping[str, Mapping[str, Any]], number: int,
                       total: int, dark: bool) -> str:
    """One claim: the chain very large, then each step with its source and what it rests on."""
    lines = []
    for step in steps:
        if step.stage == "restated":
            continue
        verdict = f" {outcome_badge(step.verdict)}" if step.verdict else ""
        press = " <b>(press report: NATO's own document is not stored here)</b>" if step.rests_on_press else ""
        # A number in other terms (another scope, "more than" for "approximately") says how, or the arrow misleads.
        note = (f'<div class="df-slide-note">{esc(step.difference)}</div>'
                if step.verdict in ("not_comparable", "consistent") and step.difference else "")
        lines.append(f'<li>{esc(month_year(step.date))}: <b>{esc(step.shown)}</b> {esc(step.kind_words)}, '
                     f'{esc(step.source)}{verdict}{press}{note}</li>')
    return (f'{_slide_style(dark)}<section class="df-slide" data-claim="{esc(claim.id)}" data-theme="{_theme(dark)}" '
            f'aria-label="Slide {number} of {total}"><div class="df-slide-count">{number} / {total} · what happened next</div>'
            f'<div class="df-slide-value">{esc(chain(steps))}</div>'
            f'<div class="df-slide-label">“{esc(claim.claim)}”</div>'
            f'<ul class="df-slide-rows">{"".join(lines)}</ul></section>')


def around_number(row: Mapping[str, Any], text: str, limit: int = 110) -> str:
    """The quote cut to about `limit` characters around its number, so a long sentence still shows what it said."""
    start, end = int(row["quote_start"]), int(row["quote_end"])
    number_start, number_end = int(row["number_start"]), int(row["number_end"])
    if end - start <= limit:
        return " ".join(text[start:end].split())
    before = max(start, number_start - (limit - (number_end - number_start)) // 2)
    after = min(end, before + limit)
    before = max(start, after - limit)
    # Whole words only: drop a word cut at either edge.
    piece = text[before:after]
    if before > start:
        piece = piece.split(" ", 1)[-1]
    if after < end:
        piece = piece.rsplit(" ", 1)[0]
    return ("… " if before > start else "") + " ".join(piece.split()) + (" …" if after < end else "")
