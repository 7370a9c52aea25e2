"""Reuse the data: every check in the formats that fact-checkers, annotators, data tools and reference managers read."""
import streamlit as st

from defence_figures.app import reuse_ui, table_ui, ui

loaded, tables = table_ui.setup()
st.title("Reuse the data")
st.caption("Everything this explorer knows, in standard formats: load it into your own tools, cite it, or print it. "
           "Each file is built when you press its button, from the same proven data the pages show.")

st.header("For data tools: a Data Package")
st.markdown("A [Frictionless Data Package](https://datapackage.org/): `datapackage.json` and one CSV per table "
            "(documents, figures with their selectors, claims, appearances, outcomes, comparisons and NATO's table "
            "values with their cells), each with a schema that types and describes every column. `frictionless "
            "validate datapackage.json` accepts it; pandas, R and spreadsheet tools load it without guessing.")
reuse_ui.datapackage_download(loaded, tables, "data-package")

st.header("For fact-checking tools: ClaimReview")
st.markdown("[schema.org ClaimReview](https://schema.org/ClaimReview) JSON-LD for every claim: the claim, where it "
            "first appeared, every outlet's appearance, and a rating in numbers and words. What each rating means is "
            "in `docs/ratings.md`; the Outcomes page gives one claim's.")
reuse_ui.claimreview_download(loaded, tables, None, "data-claimreview")

st.header("For reference managers: BibTeX and RIS")
st.markdown("One entry per document (Zotero, EndNote, Mendeley, JabRef read both). Each figure's own entry, with its "
            "sentence, is in its panel under *Cite or annotate*.")
reuse_ui.citations_download(loaded, "data-citations")

st.header("For print and offline reading: the fact sheet")
st.markdown("One HTML file with the statement's figures, the claims' outcome charts, the sentences with their numbers "
            "marked, the verdicts and the citations. It makes no network request, opens offline and prints on A4 or "
            "Letter. Drawing its charts takes some seconds.")
reuse_ui.factsheet_download(loaded, tables, None, "data-factsheet")

st.header("For annotation tools")
st.markdown("Every figure's panel offers a [W3C Web Annotation](https://www.w3.org/TR/annotation-model/) with a "
            "quote selector (exact, prefix, suffix) and a position selector, and, where the publisher's page reads as "
            "the stored copy, a [Text Fragment](https://wicg.github.io/scroll-to-text-fragment/) link that opens the "
            "page at the sentence, highlighted.")
ui.footer(loaded)
