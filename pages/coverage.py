"""Coverage: which outlets carried NATO's February 2024 claims, and how faithfully; a cell opens the two sentences."""
import streamlit as st

from defence_figures.app import cache, claims_ui, ui

loaded = ui.page_setup()
st.html(claims_ui.STYLE)
claims = loaded.claims.claims
st.title("Who reported what")
st.caption("Each row is a news outlet, each column a number NATO announced in February 2024. A cell says whether "
           "the outlet kept NATO's number and meaning: click it to read the outlet's sentence beside NATO's, the "
           "words that differ marked (struck through: only in the outlet; underlined: only in NATO's record).")
if not claims:
    st.info("No claims are curated yet (curated/claims/), so there is nothing to compare.")
    ui.footer(loaded)
    st.stop()

rows = claims_ui.coverage_rows(loaded)
outlets = {row.outlet: row for row in rows}
outlet, claim_id, cell_param = (ui.id_param(name) for name in ("outlet", "claim", "cell"))
if outlet and outlet not in outlets:
    ui.not_found("outlet", outlet, "coverage", "See every outlet")
    outlet = None
if claim_id and claim_id not in claims:
    ui.not_found("claim", claim_id, "coverage", "See every claim")
    claim_id = None

claims_ui.coverage_grid(loaded, rows, claims, outlet, claim_id)

# ?cell=outlet,claim, or both ?outlet= and ?claim=, opens that cell.
cell = None
if cell_param:
    cell_outlet, _, cell_claim = cell_param.partition(",")
    cell = claims_ui.find_cell(rows, cell_outlet, cell_claim)
    if cell is None:
        ui.not_found("cell", cell_param, "coverage", "See every outlet and claim")
elif outlet and claim_id:
    cell = claims_ui.find_cell(rows, outlet, claim_id)
if cell is not None:
    claims_ui.cell_dialog(loaded, claims[cell.claim], cell)

if claim_id:
    st.header(f"“{ui.md_escape(claims[claim_id].short)}”: every outlet")
    st.html(cache.memo(loaded, "claim_html", lambda: claims_ui.claim_html(loaded, claims[claim_id], rows), claim_id))
    if claims[claim_id].outcomes:
        st.page_link(ui.PAGES["outcomes"], label="What happened next to this claim", icon=":material/timeline:",
                     query_params={"claim": claim_id})
elif outlet:
    st.header(f"{ui.md_escape(claims_ui.outlet_name(loaded.result.corpus.documents[outlet]))}: every claim")
    st.html(cache.memo(loaded, "outlet_html", lambda: claims_ui.outlet_html(loaded, claims, outlets[outlet]), outlet))
    st.page_link(ui.PAGES["sources"], label="Read this outlet's whole text", icon=":material/article:",
                 query_params={"doc": outlet})
if outlet or claim_id:
    st.button("Back to the whole grid", key="grid", on_click=claims_ui.set_view, icon=":material/grid_on:")

st.header("Download")
claims_ui.coverage_downloads(loaded)
ui.footer(loaded)
