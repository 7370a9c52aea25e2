"""Fact check: each figure the tables can check, beside NATO's tables, with method and verdict."""
import streamlit as st

from defence_figures.app import cache, table_ui, ui
from defence_figures.corpus.render import md_escape
from defence_figures.nato import checks as fc
from defence_figures.nato.queries import edition, month_name

loaded, tables = table_ui.setup()
_, result = table_ui.fact_checks(loaded, tables)
revision = fc.count_revision(result, loaded.by_id)
st.title("Fact check: the figures against NATO's tables")
revised = (f"revised between {month_name(revision.said_date)} and {month_name(revision.edition_date)}" if revision
           else "revised between editions")
st.caption(f"The statement's figures, and NATO's own later sentences about the same years: each figure NATO's "
           f"{edition(tables)} tables can check, beside the table's numbers with their cells and "
           f"a one-line method. Differences are explained, not hidden: an estimate {revised}, a different group of "
           "countries, or a reading NATO does not state (marked as our inference).")

for note in result.skipped:
    st.warning(md_escape(note), icon=":material/block:")
titles = {check.item: check.title for check in result.checks}
requested = ui.id_param("item")
if requested and requested not in titles:
    ui.not_found("check", requested, "fact_check", "See every check")
if "item" not in st.session_state or (requested in titles and st.session_state["item"] != requested):
    st.session_state["item"] = requested if requested in titles else None
top = st.columns([2, 3], gap="large", vertical_alignment="bottom")
with top[1]:
    table_ui.explain_two_percent(tables, revision)
choice = top[0].selectbox("Show", list(titles), key="item", format_func=lambda i: titles[i], index=None,
                      placeholder="All checks", on_change=ui.write_choices_to_url, args=("item",),
                      help="Pick one check to show only it; the address bar keeps it (?item=...).")
shown = [check for check in result.checks if not choice or check.item == choice]
if choice:
    st.button("Show every check", key="all", icon=":material/list:",
              on_click=lambda: (st.session_state.update(item=None), ui.write_choices_to_url("item")))

legend = " · ".join(f"{symbol} {words}" for symbol, words in fc.VERDICTS.values())
st.caption(md_escape(f"Verdicts: {legend}. “Derived by us”: computed by this app from the cells named, "
                     "not a number NATO printed."))
for check in shown:
    table_ui.check_card(check, loaded)

if result.checks:
    st.header("Download")
    st.caption("One row per table number shown: the statement, the value (unrounded), its cells, citation, "
               "method and verdict.")
    frame = cache.memo((loaded, tables), "fact_check_frame", lambda: fc.checks_frame(fc.FactCheck(shown, result.skipped), loaded.figures),
                        tuple(check.item for check in shown))
    ui.download_frame(frame, "defence-figures-fact-check", "fact_check")
elif not result.skipped:
    st.info("Nothing to check: the tables or the statement are withheld.")

table_ui.requested_source(loaded, tables)
ui.footer(loaded)
