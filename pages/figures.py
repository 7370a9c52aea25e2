"""Figures: filter every curated figure, chart it, and open any bar or row at its sentence."""
import streamlit as st

from defence_figures.app import cache, internals, ui
from defence_figures.corpus.model import KINDS, TOPICS, UNITS
from defence_figures.corpus.render import md_escape

loaded = ui.page_setup()
# The rows, not the frames: this page's first chart is drawn before pandas is imported (cache.Loaded).
titles = {document["document_id"]: document["source_name"] for document in loaded.document_rows}

st.title("Figures")
filters = st.columns([3, 2, 2, 2, 1.3], vertical_alignment="bottom")
for key, options in (("doc", list(titles)), ("topic", list(TOPICS)), ("unit", list(UNITS)),
                     ("kind", list(KINDS))):
    ui.url_choices(key, options)
if "log" not in st.session_state:
    st.session_state["log"] = st.query_params.get("log") == "true"
def filter_button(column, key: str, title: str, options: list[str], format_func, help: str | None = None) -> list[str]:
    """A filter as a button naming its choice; its options are built only while it is open.

    Four dropdown boxes made the browser load and draw Streamlit's select widget before the first
    chart (bench: cold start, 0.14 s of the page); a popover of buttons costs almost nothing until
    opened. The address bar stays the record of the choice, so closing the popover keeps it.
    """
    chosen = [value for value in st.query_params.get_all(key) if value in options]  # url_choices named the rest
    shown = "all" if not chosen else (format_func(chosen[0]) if len(chosen) == 1 else f"{len(chosen)} chosen")
    box = column.popover(md_escape(f"{title}: {shown}"), key=f"{key}-filter", on_change="rerun", width="stretch",
                         help=help)
    if box.open:
        st.session_state[key] = chosen  # whatever a closed filter's buttons left in the session
        with box:
            return st.pills(title, options, key=key, selection_mode="multi", format_func=format_func,
                            on_change=ui.write_choices_to_url, args=(key,)) or []
    return chosen


chosen_docs = filter_button(filters[0], "doc", "Documents", list(titles), lambda d: titles.get(d, d))
chosen_topics = filter_button(filters[1], "topic", "Topic", list(TOPICS), TOPICS.__getitem__)
chosen_units = filter_button(filters[2], "unit", "Unit", list(UNITS), lambda u: UNITS[u].label)
chosen_kinds = filter_button(
    filters[3], "kind", "Kind", list(KINDS), str,
    help="actual: measured; estimate and expectation: forecasts made before the year was over; "
         "target: an agreed goal; change: growth between two periods")
log_scale = filters[4].toggle("Log scale", key="log", on_change=ui.write_choices_to_url, args=("log",),
                              help="For money: spreads out small and large amounts, but bar lengths are then "
                                   "no longer proportional to the amounts.")

view = cache.figures_view(loaded, chosen_docs, chosen_topics, chosen_units, chosen_kinds, log_scale)
st.caption(f"{len(view.shown_rows)} of {len(loaded.figure_rows)} figures. Empty filters show everything; the address bar keeps your "
           "choices, so a copied link opens this view. Click a bar, a card's button or a table row to read its sentence.")


# One view at a time, each its own tab and its own link (?chart=Allies): a presenter can share exactly
# one, and the browser draws one chart instead of three and the cards before anything shows (bench: cold start).
CHART_TABS = {"money_chart": "Money", "count_chart": "Allies", "share_chart": "Shares"}
OTHERS_TAB = "Other figures"


def show_charts() -> str | None:
    clicked = None
    names = [CHART_TABS[c.key] for c in view.charts] + ([OTHERS_TAB] if view.others else [])
    if not names:
        st.info("No figures match these filters. Clear a filter above to see more.")
        return None
    tabs = st.tabs(names, key="chart", bind="query-params", on_change="rerun")
    for tab, chart_view in zip(tabs, view.charts):
        if tab.open is False:
            continue
        with tab:
            if chart_view.drawn < len(chart_view.part):
                st.caption(f"This chart draws the first {chart_view.drawn} of {len(chart_view.part):,} figures: "
                           "narrow the filters to see others, or open the Table tab, which lists them all.")
            clicked = ui.chart(chart_view.figure, chart_view.alt, chart_view.key, chart_view.file_name) or clicked
    if view.others and tabs[-1].open is not False:
        with tabs[-1]:
            st.caption("Troops, drones, shells, years and multipliers: each its own unit, so not charted together.")
            ui.card_grid(loaded, list(view.others_ids), "other_figures")
            if len(view.others) > len(view.others_ids):
                st.caption(f"{len(view.others_ids)} of {len(view.others):,} shown; the Table tab lists them all.")
    return clicked


def show_table() -> str | None:
    shown = view.shown
    table = st.dataframe(
        shown[["display_value", "label", "period", "kind", "basis", "scope", "producer", "date_published", "quote", "figure_id"]],
        hide_index=True, key="figure_table", on_select="rerun", selection_mode="single-row",
        column_config={
            "display_value": "Figure", "label": "What it counts", "period": "Period", "kind": "Kind",
            "basis": "Basis", "scope": "Scope", "producer": "Source", "date_published": "Date",
            "quote": st.column_config.TextColumn("Sentence", width="large"), "figure_id": "Id",
        },
    )
    clicked = ui.row_click("figure_table", table, shown, "figure_id")
    st.caption("Download exactly these rows, with every provenance column:")
    ui.download_frame(shown, "defence-figures", "figures")
    return clicked


# The sentence stays in view while the charts scroll, so a click low on the page still shows its answer.
st.html(internals.sticky_container("sentence_panel"))


# A click on a bar or a row reruns only this part, not the filters, the navigation or
# the footer: the sentence answers sooner (bench: click to sentence).
@st.fragment
def charts_and_sentence() -> None:
    left, right = st.columns([3, 2], gap="large")
    clicked = None
    with left:
        chart_tab, table_tab = st.tabs(["Charts", "Table"], key="view", bind="query-params", on_change="rerun")
        # Only the open tab is built: the other one's charts or table would cost every rerun for nothing.
        if chart_tab.open is not False:
            with chart_tab:
                clicked = show_charts()
        if table_tab.open:
            with table_tab:
                clicked = show_table() or clicked
    if clicked:
        ui.select_figure(clicked)
    with right, st.container(key="sentence_panel"):
        st.header("The sentence")
        if not ui.figure_not_found_or_panel(loaded, ui.id_param("figure")):
            st.info("Click a bar, a card's button or a table row to see the sentence it comes from, highlighted in its "
                    "paragraph.", icon=":material/touch_app:")
            st.caption(md_escape("Every figure here is proven: its sentence is found word for word in the source "
                                 "text, and the number written there equals the figure."))


charts_and_sentence()
ui.footer(loaded)
