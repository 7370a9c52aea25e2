"""2% tracker: who is at NATO's 2% guideline, how many were each year, and the counts NATO said."""
import pyarrow as pa
import streamlit as st

from defence_figures.app import cache, table_ui, ui
from defence_figures.nato import queries as q
from defence_figures.nato import table_charts as tc

loaded, tables = table_ui.setup()
declared, result = table_ui.fact_checks(loaded, tables)
revision = table_ui.revision(loaded, tables)
edition = q.edition(tables)
said = cache.memo((loaded, tables), "said_counts", lambda: q.said_counts(loaded.figures, declared.said_counts), tuple(declared.said_counts))

st.title("2% tracker")
st.caption(f"Which Allies spend at least 2% of GDP on defence, in NATO's own tables of {edition} (Table 3), with "
           "the counts NATO said beside our count. Click any point, number or row for its table cell or sentence.")

if "share_of_gdp" not in tables.indicators:
    st.warning("NATO's Table 3 (share of GDP) is withheld until the problems above are fixed, so nothing can be "
               "counted. What NATO said is still here:", icon=":material/table_rows:")
    for row in said.itertuples():
        st.markdown(f"**NATO {ui.md_escape(row.said)}**: “{ui.md_escape(row.quote)}”")
        table_ui.source_button(row.figure_id, "Show the sentence", f"said-{row.figure_id}", ":material/format_quote:")
    table_ui.explain_two_percent(tables, revision)
    table_ui.requested_source(loaded, tables)
    ui.footer(loaded)
    st.stop()

counts = cache.memo((loaded, tables), "counts", lambda: q.counts(tables.frame, declared.joined),
                    tuple(sorted(declared.joined.items())))
first, last = cache.memo((loaded, tables), "count_ends", lambda: (counts.iloc[0].to_dict(), counts.iloc[-1].to_dict()))
clicked = None

# The message in four numbers, each one click from its cells or its sentence.
stats = st.columns(4)
for column, row, key in ((stats[0], first, "stat-first"), (stats[1], last, "stat-last")):
    with column:
        table_ui.stat(str(row["allies"]), f"Allies at or above 2% in {row['year_label']}",
                      f"our count in NATO's Table 3 ({row['cells']})")
        table_ui.source_button(f"count-{row['year']}", "Which Allies, with cells", key)
said_last_year = cache.memo((loaded, tables), "said_last_year", lambda: list(said[said["year"] == int(last["year"])].itertuples())[:2])
for column, row in zip(stats[2:], said_last_year):
    with column:
        verb = "expected" if row.kind == "expectation" else "said"
        table_ui.stat(str(int(row.value)), f"NATO {verb} for {row.year}, {q.short_date(row.date_published)}",
                      f"{row.document_title[:64]}{'…' if len(row.document_title) > 64 else ''}", "df-said")
        table_ui.source_button(row.figure_id, "Show the sentence", f"stat-{row.figure_id}", ":material/format_quote:")

chart_column, why_column = st.columns([3, 2], gap="large")
with chart_column:
    count_chart, count_text = cache.memo((loaded, tables), "count_chart", lambda: (tc.guideline_count_chart(counts, said, edition),
                                                                 tc.guideline_count_text(counts, said, edition)),
                                         tuple(declared.said_counts))
    clicked = table_ui.chart(count_chart, count_text, "count_chart", "nato-allies-at-2pct-per-year") or clicked
with why_column:
    if revision:
        st.header(f"Why {revision.said} in {q.month_name(revision.said_date)} and {revision.counted} in "
                     f"{q.month_name(revision.edition_date)}?")
        st.markdown(ui.md_escape(result.get(revision.item).explanation))
    st.markdown("**Blue circles** are our count (open: estimates). The **star, triangle and square** are what "
                "NATO said, each one click from its sentence.")
    st.page_link(ui.PAGES["fact_check"], label="The fact check, number by number", icon=":material/rule:",
                 query_params={"item": revision.item} if revision else None)
    table_ui.explain_two_percent(tables, revision)
    if downloads := ui.lazy_expander("Download the counts per year", "counts-downloads"):
        with downloads:
            share = tables.indicators["share_of_gdp"]
            document = tables.documents[share.document_id]
            counts_with_source = cache.memo((loaded, tables), "counts_with_source", lambda: counts.assign(
                source=f"Counted by Defence Figures Explorer in {document.producer}, {document.title}, {share.table}"))
            ui.download_frame(counts_with_source, "nato-allies-at-2pct-per-year", "counts")

st.header("Every Ally against the 2% line")
options, labels = cache.memo((loaded, tables), "tracker_years", lambda: ([str(y) for y in counts["year"] if y != first["year"]],
                                                        dict(zip(counts["year"].astype(str), counts["year_label"]))))
ui.url_choices("year", options, multiple=False)
if not st.session_state.get("year"):
    st.session_state["year"] = options[-1]
year = int(st.segmented_control(f"Compare {first['year_label']} with", options, key="year",
                                format_func=lambda y: labels[y], on_change=ui.write_choices_to_url, args=("year",),
                                help="The address bar keeps the year, so a copied link opens this view.")
           or options[-1])
tracker = cache.memo((loaded, tables), "tracker_frame", lambda: q.tracker_frame(tables, year, int(first["year"]), declared.joined), year,
                     tuple(declared.joined.items()))
chart_column, table_column = st.columns([3, 2], gap="large")
with chart_column:
    st.caption(f"◆ filled diamond and ✓: at or above 2%. ○ open circle: below 2%. Grey dot: {first['year_label']}. "
               "\\* NATO's mark for Allies with a national 2% law or agreement.")
    dumbbell, dumbbell_text = cache.memo((loaded, tables), "dumbbell",
                                         lambda: (tc.dumbbell_chart(tracker), tc.dumbbell_text(tracker)), year)
    clicked = table_ui.chart(dumbbell, dumbbell_text, "dumbbell_chart",
                             f"nato-share-of-gdp-{first['year_label']}-{labels[str(year)]}") or clicked
with table_column:
    shown = cache.memo((loaded, tables), "tracker_table", lambda: tracker.assign(
        status=["◆ at or above 2%" if m else "○ below 2%" for m in tracker["meets"]],
        law=["*" if law else "" for law in tracker["national_2pct_law"]],
    )[["ally", "law", "base_shown", "shown", "status", "cell", "citation"]], year)
    # Given as Arrow, built once: st.dataframe converted the frame again on every rerun (bench.profile_page).
    shown_arrow = cache.memo((loaded, tables), "tracker_table_arrow", lambda: pa.Table.from_pandas(shown, preserve_index=False), year)
    picked = st.dataframe(
        shown_arrow, hide_index=True,
        key="tracker_table", on_select="rerun", selection_mode="single-row", height=38 + 35 * 16,
        column_config={"ally": "Ally", "law": st.column_config.TextColumn("*", help=table_ui.NATIONAL_LAW_NOTE),
                       "base_shown": first["year_label"], "shown": labels[str(year)], "status": "2% guideline",
                       "cell": "Cell", "citation": st.column_config.TextColumn("Citation", width="large")})
    clicked = table_ui.table_click("tracker_table", picked, shown, "cell") or clicked
    st.caption("Click a row to see its cell. Download these rows, unrounded, with cells and citations:")
    ui.download_frame(tracker, f"nato-share-of-gdp-{first['year_label']}-{labels[str(year)]}", "tracker")

if clicked:
    table_ui.open_target(clicked)
table_ui.requested_source(loaded, tables)
ui.footer(loaded)
