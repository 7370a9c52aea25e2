"""Present: one figure per screen, the number very large, its sentence and source below."""

import streamlit as st

from defence_figures.app import internals, ui
from defence_figures.corpus.render import present_slide

loaded = ui.page_setup()
figures, documents = loaded.figures, loaded.documents

# Presenting means no sidebar, no toolbar and no page chrome; only the slide and its controls.
st.html(internals.PRESENT_CHROME_HIDDEN)

if figures.empty:
    st.warning("No figures could be loaded.")
    st.stop()
deck_ids = [d for d in documents["document_id"] if (figures["document_id"] == d).any()]
statement_ids = list(documents.loc[documents["role"] == "statement", "document_id"])
deck = ui.id_param("deck") or (statement_ids[0] if statement_ids else deck_ids[0])
if deck not in deck_ids:
    ui.not_found("document", deck, "present", "Present the statement")
    st.stop()
slides = list(figures.loc[figures["document_id"] == deck, "figure_id"])
slide = ui.id_param("slide") or slides[0]
if slide not in slides:
    ui.not_found("slide", slide, "present", "Start from the first slide")
    st.stop()
position = slides.index(slide)
dark = st.query_params.get("theme") == "dark"


def go_to(target: str) -> None:
    st.query_params["deck"] = deck
    st.query_params["slide"] = target


def toggle_theme() -> None:
    if st.query_params.get("theme") == "dark":
        del st.query_params["theme"]
    else:
        st.query_params["theme"] = "dark"


if dark:
    st.html(internals.PRESENT_DARK)

row = figures.loc[figures["figure_id"] == slide].iloc[0]
document = loaded.result.corpus.documents[deck]
st.html(present_slide(row, document, position + 1, len(slides), dark))

controls = st.columns([1, 1, 1, 3])
controls[0].button("◀ Previous", key="prev", on_click=go_to, args=(slides[position - 1],), disabled=position == 0,
                   width="stretch", shortcut="Left")
controls[1].button("Next ▶", key="next", on_click=go_to, args=(slides[(position + 1) % len(slides)],),
                   disabled=position == len(slides) - 1, width="stretch", type="primary",
                   shortcut="Right")
controls[2].button("Light theme" if dark else "Dark theme", key="theme", on_click=toggle_theme,
                   width="stretch")
with controls[3]:
    st.page_link(ui.PAGES["sources"], label="Open this sentence in its full text", icon=":material/article:",
                 query_params={"doc": deck, "figure": slide})
# Keep this slide's address in the bar, so it can be copied into an e-mail or a slide deck.
if st.query_params.get("slide") != slide or st.query_params.get("deck") != deck:
    st.query_params["deck"] = deck
    st.query_params["slide"] = slide
