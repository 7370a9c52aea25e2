"""Statement vs record: each figure and passage of the report beside NATO's words, differences marked."""
import streamlit as st

from defence_figures import corpus, ui
from defence_figures.model import VERDICTS
from defence_figures.render import esc, verdict_badge, word_diff

loaded = ui.page_setup()
comparisons = loaded.comparisons
st.title("Statement vs record")
st.caption("What the BGNES report wrote beside what NATO's own transcript (or, where it is missing, "
           "Ukrinform's quotation) says. Words only in the report are struck through; words only in the record "
           "are underlined.")
if comparisons.empty:
    st.info("No comparisons could be loaded.")
    ui.footer(loaded)
    st.stop()

figures_part = comparisons[comparisons["what"] == "figure"]
faithful = int(figures_part["verdict"].isin(["faithful", "reworded"]).sum())
st.html(
    f'<p style="font-size:1.25rem"><b>{faithful} of {len(figures_part)}</b> figures were reported with '
    f'NATO’s meaning {verdict_badge("faithful")}; <b>{len(figures_part) - faithful}</b> were not '
    f'{verdict_badge("meaning_differs")}.</p>'
)
ui.url_choices("verdict", list(VERDICTS), multiple=False)
verdict_filter = st.segmented_control(
    "Show", list(VERDICTS), key="verdict", on_change=ui.write_choices_to_url, args=("verdict",),
    format_func=lambda v: {"faithful": "Faithful", "reworded": "Reworded", "meaning_differs": "Meaning differs"}[v],
    help="Pick one to show only those; click it again to show everything.",
)
shown = comparisons if not verdict_filter else comparisons[comparisons["verdict"] == verdict_filter]
# The differences first: they are why this page exists.
shown = shown.assign(_order=shown["verdict"].map({"meaning_differs": 0, "reworded": 1, "faithful": 2})).sort_values(
    ["_order", "what"], kind="stable")

diffs = corpus.memo("word_diffs", lambda: {
    row.comparison_id: word_diff(row.statement_quote, row.record_quote) for row in comparisons.itertuples()})
for row in shown.itertuples():
    left_html, right_html = diffs[row.comparison_id]
    title = row.record_title if len(row.record_title) <= 90 else row.record_title[:90] + "…"
    with st.container(border=True):
        # One block per comparison: a few elements instead of eight keeps the page's reruns quick.
        st.html(
            f'<div id="cmp-{esc(row.comparison_id)}">{verdict_badge(row.verdict)} '
            f'<b>{esc(row.statement_value) or "A passage"}</b></div>'
            '<div class="df-compare-grid">'
            f'<div><p><b>The report wrote</b>{esc(" → " + row.statement_value) if row.statement_value else ""}</p>'
            f'<blockquote class="df-context">{left_html}</blockquote></div>'
            f'<div><p><b>{esc(title)}</b>{esc(" → " + row.record_value) if row.record_value else ""}</p>'
            f'<blockquote class="df-context">{right_html}</blockquote></div></div>'
            f'<p><b>How they differ:</b> {esc(row.difference or VERDICTS[row.verdict])}</p>'
        )
        if row.statement_figure_id:
            st.page_link(ui.PAGES["figures"], label="Open this figure and its sources", icon=":material/format_quote:",
                         query_params={"figure": row.statement_figure_id})
ui.download_frame(shown.drop(columns="_order"), "defence-figures-statement-vs-record", "compare")
ui.footer(loaded)
