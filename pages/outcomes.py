"""Outcomes: what NATO said in February 2024, and what its later records (or the press) say happened."""
import streamlit as st

from defence_figures.app import cache, claims_ui, reuse_ui, table_ui, ui
from defence_figures.nato import outcome_charts as oc

loaded, tables = table_ui.setup()
st.html(claims_ui.STYLE)
claims = loaded.claims.claims
st.title("What happened next")
st.caption("What NATO said in February 2024, then what later records say happened: NATO's own tables "
           "(estimates for the year under way), NATO's later statements, and press reports of NATO documents this "
           "explorer does not hold, marked as such. Click any point or step for its sentence or its cells.")
if not claims:
    st.info("No claims are curated yet (curated/claims/), so there is no record to follow.")
    ui.footer(loaded)
    st.stop()

# Claims with a later record first: they are why this page exists.
ordered = sorted(claims, key=lambda c: not claims[c].outcomes)
requested = ui.id_param("claim")
if requested and requested not in claims:
    ui.not_found("claim", requested, "outcomes", "See every claim")
if "claim" not in st.session_state or (requested in claims and st.session_state["claim"] != requested):
    st.session_state["claim"] = requested if requested in claims else ordered[0]
# The claim and its chain on the left, the choice and what the claim means on the right: the chart then
# starts within a 720-pixel screen.
top = st.columns([3, 2], gap="large")
claim_id = top[1].selectbox(
    "Claim", ordered, key="claim", on_change=ui.write_choices_to_url, args=("claim",),
    format_func=lambda c: f"{claims[c].short}" + ("" if claims[c].outcomes else " (no later record yet)"),
    help="The address bar keeps the claim (?claim=...), so a copied link reopens it.")
claim = claims[claim_id]
checks = claims_ui.checks_by_id(loaded, tables)
steps = claims_ui.steps_of(loaded, tables, claim_id)

top[0].html(cache.memo(loaded, "outcome_headline", lambda: claims_ui.headline_html(claim, steps), claim_id,
                       tuple(steps)))
if claim.explanation:
    top[1].caption(ui.md_escape(claim.explanation))
if any(step.rests_on_press for step in steps):
    top[0].warning("Some steps rest on press reports of a NATO document not stored here (an open circle on the "
                   "chart, a dashed edge below): they are only as sure as those reports.", icon=":material/newspaper:")

first_unit = loaded.by_id[claim.first_appearance]["unit_label"]
figure, words = cache.memo((loaded, tables), "outcome_chart", lambda: (
    oc.outcome_chart(steps, loaded.by_id, first_unit), oc.chart_words(claim, steps)), claim_id)
clicked = None
if figure is not None:
    clicked = ui.chart(figure, words, "outcome_chart", f"defence-figures-outcome-{claim_id}")

st.header("Step by step")
claims_ui.timeline(loaded, claim, steps, checks)

st.header("Download")
st.caption("One row per step: the number, its date, source, what it rests on, the verdict, the sentence or cells, "
           "and the citation.")
claims_ui.outcome_downloads(loaded, tables, claim, steps)
st.caption("The same check for fact-checking tools and for print: schema.org ClaimReview, and a fact sheet that opens "
           "offline. Every format: the Reuse the data page.")
formats = st.columns(2)
with formats[0]:
    reuse_ui.claimreview_download(loaded, tables, claim_id, "outcome-claimreview")
with formats[1]:
    reuse_ui.factsheet_download(loaded, tables, claim_id, "outcome-factsheet")

if clicked:
    claims_ui.open_step(clicked, checks)
table_ui.requested_source(loaded, tables)
ui.footer(loaded)
