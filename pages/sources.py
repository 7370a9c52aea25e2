"""Sources: each document's full text with every curated figure highlighted and labelled."""
import json

import streamlit as st

from defence_figures.app import cache, ui
from defence_figures.corpus.anchor import Span
from defence_figures.corpus.draft import uncurated_rows
from defence_figures.corpus.model import COMPLETENESS, ROLES
from defence_figures.corpus.render import esc, highlighted_text, md_escape, provenance_marks

loaded = ui.page_setup()
figures, documents = loaded.figures, loaded.documents
proven = loaded.result.corpus
st.title("Sources")
if documents.empty:
    st.warning("No document could be loaded; see the problems above.")
    st.stop()

ids = list(documents["document_id"])
requested_doc = ui.id_param("doc")
requested_figure = ui.id_param("figure")
known_figures = loaded.by_id
if requested_figure in known_figures and not requested_doc:
    # A link may name only the figure: open its document.
    st.query_params["doc"] = loaded.by_id[requested_figure]["document_id"]
    requested_doc = st.query_params["doc"]
if requested_doc and requested_doc not in ids:
    ui.not_found("document", requested_doc, "sources", "See all sources")
    requested_doc = None

labels = cache.memo(loaded, "source_labels", lambda: {row.document_id: f"{row.source_name}: {row.title}"
                                                for row in documents.itertuples()})
doc_id = st.selectbox("Document", ids, index=ids.index(requested_doc) if requested_doc else 0,
                      format_func=lambda d: labels[d], key="source_doc")
if doc_id != st.query_params.get("doc"):
    st.query_params["doc"] = doc_id
    if requested_figure and requested_figure in known_figures and \
            loaded.by_id[requested_figure]["document_id"] != doc_id:
        del st.query_params["figure"]
        requested_figure = None

document = proven.documents[doc_id]
doc_figures = cache.memo(loaded, "doc_figures",
                         lambda: figures[figures["document_id"] == doc_id].reset_index(drop=True), doc_id)
st.html(
    f'<div class="df-doc-head"><b>{esc(document.title)}</b><br>{esc(document.producer)}'
    f'{" · " + esc(document.speaker) if document.speaker else ""} · {esc(document.date_published)}'
    f'{" · " + esc(document.event) if document.event else ""}<br>Role: {esc(ROLES[document.role])} · '
    f'{len(doc_figures)} curated figures · sha256 <code>{esc(document.sha256[:16])}…</code>'
    f'<br>{provenance_marks(document)}</div>'
)
if document.completeness == "excerpt":
    st.warning(f"**Excerpt**: {md_escape(COMPLETENESS['excerpt'])}. {md_escape(document.excerpt_covers)}", icon=":material/content_cut:")
if document.notes:
    with st.expander("About this document"):
        st.write(md_escape(document.notes))
if document.url_main:
    st.link_button("Open the original", document.url_main, icon=":material/open_in_new:")
else:
    st.caption("The original's web address is not known.")

if requested_figure and requested_figure not in known_figures:
    ui.not_found("figure", requested_figure, "figures", "See all figures")
    requested_figure = None


def spans_and_chips() -> tuple[list[Span], dict[str, str]]:
    spans, chips = [], {}
    for number, fig in enumerate(doc_figures.itertuples(), start=1):
        spans.append(Span(fig.quote_start, fig.quote_end, fig.figure_id))
        spans.append(Span(fig.number_start, fig.number_end, fig.figure_id, strong=True))
        chips[fig.figure_id] = f"{number} {fig.display_value}"
    return spans, chips


spans, chip_labels = cache.memo(loaded, "source_spans", spans_and_chips, doc_id)
text_html = cache.memo(loaded, "source_text",
                       lambda: highlighted_text(document.text, spans, selected=requested_figure or "",
                                                labels=chip_labels), doc_id, requested_figure)
st.html(f'<div class="df-source-text" role="document" aria-label="{esc(document.title)}">{text_html}</div>')
if requested_figure:
    # Our own script, with only a validated id in it: scroll the chosen sentence into view.
    st.html(
        "<script>setTimeout(function(){var e=document.getElementById(" + json.dumps("fig-" + requested_figure) +
        ");if(e){e.scrollIntoView({block:'center',behavior:matchMedia('(prefers-reduced-motion: reduce)').matches?"
        "'auto':'smooth'});}},300);</script>",
        unsafe_allow_javascript=True,
    )

st.header("Figures in this text")
if doc_figures.empty:
    st.caption("No curated figures in this text yet.")
else:
    # One table for the list, not a row of widgets per figure: a rerun of this page drew
    # seven elements a figure (bench.profile_page). A row click opens its sentence.
    listing = cache.memo(loaded, "source_listing", lambda: doc_figures.assign(number=range(1, len(doc_figures) + 1))[
        ["number", "display_value", "label", "period", "kind", "figure_id"]], doc_id)
    picked = st.dataframe(
        listing, hide_index=True, key=f"figures-in-{doc_id}", on_select="rerun", selection_mode="single-row",
        column_config={"number": st.column_config.NumberColumn("#", width=44), "display_value": "Figure",
                       "label": st.column_config.TextColumn("What it counts", width="large"), "period": "Period",
                       "kind": "Kind", "figure_id": "Id"},
    )
    st.caption("Click a row to show its sentence: highlighted in the text above and quoted with its citation below.")
    ui.keyboard_list("Show the sentence of", chip_labels, f"keys-{doc_id}", ui.select_figure)
    picked_id = ui.row_click(f"figures-in-{doc_id}", picked, listing, "figure_id")
    if picked_id and picked_id != requested_figure:
        ui.select_figure(picked_id)
        st.rerun()
st.header("Numbers not curated yet")
gaps = cache.memo(loaded, "gaps", lambda: uncurated_rows(document.text, zip(doc_figures["number_start"],
                                                                         doc_figures["number_end"])), doc_id)
if not gaps:
    st.success("Every number in this text is curated, apart from years and dates.", icon=":material/task_alt:")
else:
    many = len(gaps) != 1
    st.warning(f"{len(gaps)} number{'s' if many else ''} in this text {'have' if many else 'has'} no curated "
               f"figure yet, so no chart shows {'them' if many else 'it'}.", icon=":material/pending:")
    st.dataframe(gaps, hide_index=True, key="gaps")
    st.caption(md_escape(f"To add them: defence-figures draft data/sources/{document.text_file} --output /tmp/draft.yaml, "
                         "then copy the figures you need into the curated file (CURATING.md)."))
if requested_figure:
    with st.container(border=True):
        st.header("Selected figure")
        ui.source_panel(loaded, requested_figure)
ui.footer(loaded)
