"""Statement vs record: each figure and passage of the report beside NATO's words, differences marked."""
import pandas as pd
import streamlit as st

from defence_figures.app import cache, ui
from defence_figures.corpus.model import VERDICTS
from defence_figures.corpus.render import VERDICT_BADGES, esc, verdict_badge, word_diff

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

def summary_html() -> str:
    figures_part = comparisons[comparisons["what"] == "figure"]
    faithful = int(figures_part["verdict"].isin(["faithful", "reworded"]).sum())
    return (f'<p style="font-size:1.25rem"><b>{faithful} of {len(figures_part)}</b> figures were reported with '
            f'NATO’s meaning {verdict_badge("faithful")}; <b>{len(figures_part) - faithful}</b> were not '
            f'{verdict_badge("meaning_differs")}.</p>')


def comparison_blocks(verdict: str | None) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """The rows shown for a verdict filter, differences first, each as one block of HTML and its figure id."""
    shown = comparisons if not verdict else comparisons[comparisons["verdict"] == verdict]
    # The differences first: they are why this page exists.
    shown = shown.assign(_order=shown["verdict"].map(
        {"number_missing": 0, "meaning_differs": 1, "reworded": 2, "faithful": 3})).sort_values(
        ["_order", "what"], kind="stable").drop(columns="_order")
    blocks = []
    for row in shown.itertuples():
        left_html, right_html = word_diff(row.statement_quote, row.record_quote)
        title = row.record_title if len(row.record_title) <= 90 else row.record_title[:90] + "…"
        blocks.append((
            f'<div id="cmp-{esc(row.comparison_id)}">{verdict_badge(row.verdict)} '
            f'<b>{esc(row.statement_value) or "A passage"}</b></div>'
            '<div class="df-compare-grid">'
            f'<div><p><b>The report wrote</b>{esc(" → " + row.statement_value) if row.statement_value else ""}</p>'
            f'<blockquote class="df-context">{left_html}</blockquote></div>'
            f'<div><p><b>{esc(title)}</b>{esc(" → " + row.record_value) if row.record_value else ""}</p>'
            f'<blockquote class="df-context">{right_html}</blockquote></div></div>'
            f'<p><b>How they differ:</b> {esc(row.difference or VERDICTS[row.verdict])}</p>',
            row.statement_figure_id,
        ))
    return shown, blocks


st.html(cache.memo(loaded, "compare_summary", summary_html))
ui.url_choices("verdict", list(VERDICTS), multiple=False)
verdict_filter = st.segmented_control(
    "Show", list(VERDICTS), key="verdict", on_change=ui.write_choices_to_url, args=("verdict",),
    format_func=lambda v: VERDICT_BADGES[v][1].capitalize(),
    help="Pick one to show only those; click it again to show everything.",
)
shown, blocks = cache.memo(loaded, "compare_blocks", lambda: comparison_blocks(verdict_filter), verdict_filter)
for block_html, figure_id in blocks:
    with st.container(border=True):
        # One block per comparison: a few elements instead of eight keeps the page's reruns quick.
        st.html(block_html)
        if figure_id:
            st.page_link(ui.PAGES["figures"], label="Open this figure and its sources", icon=":material/format_quote:",
                         query_params={"figure": figure_id})
ui.download_frame(shown, "defence-figures-statement-vs-record", "compare")
ui.footer(loaded)
