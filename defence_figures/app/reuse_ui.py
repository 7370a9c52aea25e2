"""The reuse formats in the app: a figure's citations, annotation and page link; ClaimReview, the Data Package, the fact sheet."""
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import streamlit as st

from defence_figures.app import table_ui
from defence_figures.app.claims_ui import steps_of
from defence_figures.app.ui import base_url

if TYPE_CHECKING:
    from defence_figures.app.cache import Loaded
    from defence_figures.nato.workbook import TablesResult

def _steps_by_claim(loaded: Loaded, tables: TablesResult) -> dict[str, list]:
    return {claim_id: steps_of(loaded, tables, claim_id) for claim_id in loaded.claims.claims}


def claimreview_bytes(loaded: Loaded, tables: TablesResult, claim_id: str | None) -> bytes:
    """One claim's ClaimReview JSON-LD, or every claim's in one @graph."""
    from defence_figures.reuse.claimreview import claim_review, claim_reviews, jsonld_text

    corpus, claims = loaded.result.corpus, loaded.claims.claims
    if claim_id:
        document: Mapping[str, Any] = claim_review(claims[claim_id], corpus, steps_of(loaded, tables, claim_id),
                                                   base_url=base_url())
    else:
        document = claim_reviews(claims, corpus, _steps_by_claim(loaded, tables), base_url=base_url())
    return jsonld_text(document).encode("utf-8")


def claimreview_download(loaded: Loaded, tables: TablesResult, claim_id: str | None, key: str) -> None:
    name = f"defence-figures-claimreview-{claim_id}" if claim_id else "defence-figures-claimreviews"
    st.download_button("ClaimReview (JSON-LD)", lambda: claimreview_bytes(loaded, tables, claim_id), f"{name}.jsonld",
                       "application/ld+json", key=key, icon=":material/fact_check:", on_click="ignore",
                       help="schema.org ClaimReview, as fact-checkers publish a check: the claim, its appearances, "
                            "a rating in numbers and words (the scale: docs/ratings.md).")


def factsheet_download(loaded: Loaded, tables: TablesResult, claim_id: str | None, key: str) -> None:
    """One self-contained HTML file, built on click: its charts are drawn by Chromium, which takes seconds."""
    from defence_figures.reuse.factsheet import factsheet_html

    def build() -> bytes:
        return factsheet_html(loaded.result.corpus, loaded.claims.claims, _steps_by_claim(loaded, tables),
                              claim_id).encode("utf-8")

    name = f"defence-figures-factsheet-{claim_id}" if claim_id else "defence-figures-factsheet"
    st.download_button("Fact sheet (HTML)", build, f"{name}.html", "text/html", key=key, icon=":material/description:",
                       on_click="ignore", help="One file that opens offline and prints on A4 or Letter: the chart, the "
                                               "sentences with their numbers marked, the verdicts, outcomes and citations.")


def datapackage_download(loaded: Loaded, tables: TablesResult, key: str) -> None:
    from defence_figures.reuse.datapackage import datapackage_zip

    def build() -> bytes:
        _, fact_check = table_ui.fact_checks(loaded, tables)
        return datapackage_zip(loaded.result.corpus, loaded.claims.claims, fact_check, tables)

    st.download_button("Data Package (zip)", build, "defence-figures-datapackage.zip", "application/zip", key=key,
                       icon=":material/folder_zip:", on_click="ignore",
                       help="A Frictionless Data Package: datapackage.json with a table schema per CSV (documents, "
                            "figures, claims, appearances, outcomes, comparisons, NATO's table values with their cells).")


def citations_download(loaded: Loaded, key: str) -> None:
    from defence_figures.reuse.citations import corpus_bibtex, corpus_ris

    corpus = loaded.result.corpus
    columns = st.columns(2)
    columns[0].download_button("BibTeX", lambda: corpus_bibtex(corpus).encode("utf-8"), "defence-figures.bib",
                               "application/x-bibtex", key=f"{key}-bib", icon=":material/menu_book:", on_click="ignore")
    columns[1].download_button("RIS", lambda: corpus_ris(corpus).encode("utf-8"), "defence-figures.ris",
                               "application/x-research-info-systems", key=f"{key}-ris", icon=":material/menu_book:",
                               on_click="ignore")
