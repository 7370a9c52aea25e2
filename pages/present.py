"""Present: one figure (or one claim) per screen, the number very large, its sentence and source below."""

import streamlit as st

from defence_figures.app import cache, claims_ui, internals, ui
from defence_figures.corpus.render import present_slide

loaded = ui.page_setup()
figures, documents = loaded.figures, loaded.documents
claims = loaded.claims.claims

# Presenting means no sidebar, no toolbar and no page chrome; only the slide and its controls.
st.html(internals.PRESENT_CHROME_HIDDEN)

if figures.empty:
    st.warning("No figures could be loaded.")
    st.stop()
deck_ids = [d for d in documents["document_id"] if (figures["document_id"] == d).any()]
# Two decks of claims beside the documents' decks: one claim a slide, by its id (?deck=coverage&slide=<claim id>).
claim_decks = {"coverage": "Claims: who reported them, and how",
               "outcomes": "Claims: what happened next"} if claims else {}
statement_ids = list(documents.loc[documents["role"] == "statement", "document_id"])
deck = ui.id_param("deck") or (statement_ids[0] if statement_ids else deck_ids[0])
if deck not in deck_ids and deck not in claim_decks:
    ui.not_found("document", deck, "present", "Present the statement")
    st.stop()
if deck == "outcomes":
    # Only the claims with a later record: a slide saying "no later record" tells an audience nothing.
    slides = [c for c, claim in claims.items() if claim.outcomes] or list(claims)
elif deck == "coverage":
    slides = list(claims)
else:
    slides = list(figures.loc[figures["document_id"] == deck, "figure_id"])
slide = ui.id_param("slide") or slides[0]
if deck in claim_decks and slide.isdigit() and 1 <= int(slide) <= len(slides):
    slide = slides[int(slide) - 1]  # ?slide=3 is the third claim; the bar then shows its id, which stays put
if slide not in slides:
    ui.not_found("slide", slide, "present", "Start from the first slide")
    st.stop()
position = slides.index(slide)
dark = st.query_params.get("theme") == "dark"


def go_to(target: str) -> None:
    st.query_params["deck"] = deck
    st.query_params["slide"] = target


def switch_deck() -> None:
    st.query_params["deck"] = st.session_state["deck_choice"]
    if "slide" in st.query_params:
        del st.query_params["slide"]


def toggle_theme() -> None:
    if st.query_params.get("theme") == "dark":
        del st.query_params["theme"]
    else:
        st.query_params["theme"] = "dark"


if dark:
    st.html(internals.PRESENT_DARK)

# A claim's slide is built once per corpus, slide and theme, like the figures' cards.
if deck == "coverage":
    rows = claims_ui.coverage_rows(loaded)
    st.html(cache.memo(loaded, "coverage_slide", lambda: claims_ui.coverage_slide_html(
        loaded, claims[slide], rows, position + 1, len(slides), dark), slide, position, len(slides), dark))
elif deck == "outcomes":
    tables = cache.tables()
    steps = claims_ui.steps_of(loaded, tables, slide)
    st.html(cache.memo((loaded, tables), "outcome_slide", lambda: claims_ui.outcome_slide_html(
        claims[slide], steps, loaded.by_id, position + 1, len(slides), dark), slide, position, len(slides), dark))
else:
    row = figures.loc[figures["figure_id"] == slide].iloc[0]
    document = loaded.result.corpus.documents[deck]
    st.html(present_slide(row, document, position + 1, len(slides), dark))

controls = st.columns([1, 1, 1, 2, 2], vertical_alignment="center")
controls[0].button("◀ Previous", key="prev", on_click=go_to, args=(slides[position - 1],), disabled=position == 0,
                   width="stretch", shortcut="Left")
controls[1].button("Next ▶", key="next", on_click=go_to, args=(slides[(position + 1) % len(slides)],),
                   disabled=position == len(slides) - 1, width="stretch", type="primary",
                   shortcut="Right")
controls[2].button("Light theme" if dark else "Dark theme", key="theme", on_click=toggle_theme,
                   width="stretch")
names = dict(zip(documents["document_id"], documents["source_name"]))
deck_options = deck_ids + list(claim_decks)
st.session_state["deck_choice"] = deck
controls[3].selectbox("Deck", deck_options, key="deck_choice", on_change=switch_deck, label_visibility="collapsed",
                      format_func=lambda d: claim_decks.get(d) or f"Figures: {names.get(d, d)}",
                      help="Which deck to present; the address bar keeps it (?deck=...)")
with controls[4]:
    if deck == "coverage":
        st.page_link(ui.PAGES["coverage"], label="Open this claim's sentences", icon=":material/grid_on:",
                     query_params={"claim": slide})
    elif deck == "outcomes":
        st.page_link(ui.PAGES["outcomes"], label="Open each step's source", icon=":material/timeline:",
                     query_params={"claim": slide})
    else:
        st.page_link(ui.PAGES["sources"], label="Open this sentence in its full text", icon=":material/article:",
                     query_params={"doc": deck, "figure": slide})
# Keep this slide's address in the bar, so it can be copied into an e-mail or a slide deck.
if st.query_params.get("slide") != slide or st.query_params.get("deck") != deck:
    st.query_params["deck"] = deck
    st.query_params["slide"] = slide
