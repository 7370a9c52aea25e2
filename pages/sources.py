"""Sources: each document's full text with every curated figure highlighted and labelled."""
import json

import streamlit as st

from defence_figures import corpus, ui
from defence_figures.anchor import Span, line_and_column
from defence_figures.draft import uncurated_mentions
from defence_figures.model import COMPLETENESS, ROLES
from defence_figures.render import esc, highlighted_text, md_escape

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
known_figures = set(figures["figure_id"])
if requested_figure in known_figures and not requested_doc:
    # A link may name only the figure: open its document.
    st.query_params["doc"] = figures.loc[figures["figure_id"] == requested_figure, "document_id"].iloc[0]
    requested_doc = st.query_params["doc"]
if requested_doc and requested_doc not in ids:
    ui.not_found("document", requested_doc, "sources", "See all sources")
    requested_doc = None

labels = {row.document_id: f"{row.source_name}: {row.title}" for row in documents.itertuples()}
doc_id = st.selectbox("Document", ids, index=ids.index(requested_doc) if requested_doc else 0,
                      format_func=lambda d: labels[d], key="source_doc")
if doc_id != st.query_params.get("doc"):
    st.query_params["doc"] = doc_id
    if requested_figure and requested_figure in known_figures and \
            figures.loc[figures["figure_id"] == requested_figure, "document_id"].iloc[0] != doc_id:
        del st.query_params["figure"]
        requested_figure = None

document = proven.documents[doc_id]
row = documents[documents["document_id"] == doc_id].iloc[0]
st.html(
    f'<div class="df-doc-head"><b>{esc(document.title)}</b><br>{esc(document.producer)}'
    f'{" · " + esc(document.speaker) if document.speaker else ""} · {esc(document.date_published)}'
    f'{" · " + esc(document.event) if document.event else ""}<br>Role: {esc(ROLES[document.role])} · '
    f'{row["figures"]} curated figures · sha256 <code>{esc(document.sha256[:16])}…</code></div>'
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

doc_figures = figures[figures["document_id"] == doc_id]
if requested_figure and requested_figure not in known_figures:
    ui.not_found("figure", requested_figure, "figures", "See all figures")
    requested_figure = None
spans = []
chip_labels = {}
for number, fig in enumerate(doc_figures.itertuples(), start=1):
    spans.append(Span(fig.quote_start, fig.quote_end, fig.figure_id))
    spans.append(Span(fig.number_start, fig.number_end, fig.figure_id, strong=True))
    chip_labels[fig.figure_id] = f"{number} {fig.display_value}"
text_html = corpus.memo("source_text", lambda: highlighted_text(document.text, spans, selected=requested_figure or "",
                                                                 labels=chip_labels), doc_id, requested_figure)
st.html(f'<div class="df-source-text" role="document" aria-label="{esc(document.title)}">{text_html}</div>')
if requested_figure:
    # Our own script, with only a validated id in it: scroll the chosen sentence into view.
    st.html(
        "<script>setTimeout(function(){var e=document.getElementById(" + json.dumps("fig-" + requested_figure) +
        ");if(e){e.scrollIntoView({behavior:'smooth',block:'center'});}},300);</script>",
        unsafe_allow_javascript=True,
    )

st.subheader("Figures in this text")
if doc_figures.empty:
    st.caption("No curated figures in this text yet.")
for number, (_, fig) in enumerate(doc_figures.iterrows(), start=1):
    with st.container(border=True):
        cols = st.columns([1, 5, 2])
        cols[0].markdown(f"**{number}**")
        cols[1].markdown(f"**{md_escape(fig['display_value'])}**: {md_escape(fig['label'])}")
        cols[2].button("Show the sentence", key=f"src-{fig['figure_id']}", on_click=ui.select_figure,
                       args=(fig["figure_id"],), icon=":material/format_quote:")
st.subheader("Numbers not curated yet")
gaps = corpus.memo("gaps", lambda: uncurated_mentions(document.text, zip(doc_figures["number_start"],
                                                                         doc_figures["number_end"])), doc_id)
if not gaps:
    st.success("Every number in this text is curated, apart from years and dates.", icon=":material/task_alt:")
else:
    many = len(gaps) != 1
    st.warning(f"{len(gaps)} number{'s' if many else ''} in this text {'have' if many else 'has'} no curated "
               f"figure yet, so no chart shows {'them' if many else 'it'}.", icon=":material/pending:")
    st.dataframe(
        [{"Number": m.text.strip(), "Line": line_and_column(document.text, m.start)[0],
          "Context": " ".join(document.text[max(0, m.start - 60):m.end + 60].split())} for m in gaps],
        hide_index=True, key="gaps",
    )
    st.caption(md_escape(f"To add them: defence-figures draft data/sources/{document.text_file} --output /tmp/draft.yaml, "
                         "then copy the figures you need into the curated file (CURATING.md)."))
if requested_figure:
    with st.container(border=True):
        st.subheader("Selected figure")
        ui.source_panel(loaded, requested_figure)
ui.footer(loaded)
