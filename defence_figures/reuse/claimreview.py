"""schema.org ClaimReview JSON-LD: what the explorer found about each of NATO's claims, as fact-checkers publish it.

Two kinds of review, on two scales (docs/ratings.md says what each rating means and why):

- a claim's review: NATO's claim (claimReviewed is the claim's own sentence), rated by what the later record
  says happened to its number (OUTCOME_RATINGS). A claim with no later record stored has no such review.
- an appearance's review: one outlet's sentence carrying the claim, rated by how faithfully it reports NATO's
  own words (APPEARANCE_RATINGS). This rates the report, not whether NATO's number was borne out.

`claim_review` gives one claim's document (its review and its appearances' reviews), `claim_reviews` every
claim's in one `@graph`. Every address is the explorer's stable link, built on base_url.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from defence_figures.corpus.claims import OUTCOME_VERDICTS, Claim
from defence_figures.corpus.model import VERDICTS, Corpus, Document
from defence_figures.nato.outcomes import Step, headline

SCHEMA_CONTEXT = "https://schema.org"
EXPLORER = "Defence Figures Explorer"
# Where `make run` serves the app; a published export passes the address readers reach it at.
DEFAULT_BASE_URL = "http://127.0.0.1:8501"


@dataclass(frozen=True, slots=True)
class Rating:
    value: int  # reviewRating.ratingValue
    words: str  # reviewRating.alternateName: the rating in words
    meaning: str  # what the verdict means, as curators define it


BEST_RATING = 4
WORST_RATING = 1

# What happened to NATO's number: how far the later record bears it out. Not a judgement of honesty: a forecast
# that the year beat ("18 expected, 23 reached") is rated "Later record higher", at the bottom of the scale,
# because the record does not bear its number out, not because it was false when it was said.
OUTCOME_RATINGS: dict[str, Rating] = {
    "same": Rating(4, "Same number in the later record", OUTCOME_VERDICTS["same"]),
    "consistent": Rating(3, "Consistent with the later record", OUTCOME_VERDICTS["consistent"]),
    "not_comparable": Rating(2, "Not comparable: the later record counts something else",
                             OUTCOME_VERDICTS["not_comparable"]),
    "higher": Rating(1, "Later record higher", OUTCOME_VERDICTS["higher"]),
    "lower": Rating(1, "Later record lower", OUTCOME_VERDICTS["lower"]),
}
# How an outlet reported NATO's words, from keeping them to losing the number; the order is the coverage
# grid's (corpus.coverage: a lost number is the furthest from NATO's words).
APPEARANCE_RATINGS: dict[str, Rating] = {
    "faithful": Rating(4, "Faithful to NATO's record", VERDICTS["faithful"]),
    "reworded": Rating(3, "Reworded, same number and meaning", VERDICTS["reworded"]),
    "meaning_differs": Rating(2, "Meaning differs from NATO's record", VERDICTS["meaning_differs"]),
    "number_missing": Rating(1, "Number missing from the report", VERDICTS["number_missing"]),
}
RATING_SCALE: dict[str, dict[str, Rating]] = {"outcome": OUTCOME_RATINGS, "appearance": APPEARANCE_RATINGS}

# Outcomes that say what became of the claim's own number (nato.outcomes.headline rates by the same).
COMPARABLE = ("same", "higher", "lower", "consistent")


def claim_url(claim_id: str, base_url: str = DEFAULT_BASE_URL) -> str:
    """The app's stable link to a claim's record in time."""
    return f"{base_url.rstrip('/')}/outcomes?claim={quote(claim_id, safe='')}"


def figure_url(figure_id: str, base_url: str = DEFAULT_BASE_URL) -> str:
    """The app's stable link to a figure: its sentence, its citation and NATO's record beside it."""
    return f"{base_url.rstrip('/')}/?figure={quote(figure_id, safe='')}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def rated_step(steps: list[Step]) -> Step | None:
    """The outcome a claim is rated by: the latest that counts the same thing, else the latest outcome, else None."""
    outcomes = [s for s in steps if s.stage == "outcome"]
    comparable = [s for s in outcomes if s.verdict in COMPARABLE]
    return (comparable or outcomes or [None])[-1]


def rating(scale: Mapping[str, Rating], verdict: str, explanation: str) -> dict[str, Any]:
    chosen = scale[verdict]
    return {
        "@type": "Rating",
        "ratingValue": chosen.value,
        "bestRating": BEST_RATING,
        "worstRating": WORST_RATING,
        "alternateName": chosen.words,
        "ratingExplanation": explanation,
    }


def person(author: str) -> dict[str, str]:
    """A claim's author ("Jens Stoltenberg, NATO Secretary General"): the person, with the office as jobTitle.

    Curators write who made the claim with their office (corpus.claims, the author field), so it is a Person.
    """
    name, _, office = author.partition(",")
    node = {"@type": "Person", "name": name.strip()}
    if office.strip():
        node["jobTitle"] = office.strip()
    return node


def organization(name: str, url: str = "") -> dict[str, str]:
    node = {"@type": "Organization", "name": _one_line(name)}
    if url:
        node["url"] = url
    return node


def creative_work(document: Document) -> dict[str, Any]:
    """A document where a claim appears: its address, headline, date and publisher.

    A title the curators supplied (in square brackets) is no headline, so it is given as the work's name.
    """
    node: dict[str, Any] = {"@type": "CreativeWork"}
    if document.url_main:
        node["url"] = document.url_main
    node["name" if document.title_source == "supplied" else "headline"] = document.title
    node["datePublished"] = document.date_published
    node["publisher"] = organization(document.producer)
    return node


def _appearance_documents(claim: Claim, corpus: Corpus) -> list[Document]:
    """Every document but the first that carries the claim: NATO's restatements and the outlets, by date."""
    first = corpus.figures[claim.first_appearance].document_id
    ids = [corpus.figures[f].document_id for f in claim.restated] + [a.document_id for a in claim.appearances]
    unique = [i for i in dict.fromkeys(ids) if i != first]
    return sorted((corpus.documents[i] for i in unique), key=lambda d: (d.date_published, d.id))


def _explorer(base_url: str) -> dict[str, str]:
    return organization(EXPLORER, base_url.rstrip("/") + "/")


def claim_node(claim: Claim, corpus: Corpus, steps: list[Step], *, base_url: str = DEFAULT_BASE_URL,
               date_published: str | None = None) -> dict[str, Any] | None:
    """The ClaimReview of NATO's claim against its later record, or None when no later record is stored."""
    step = rated_step(steps)
    if step is None:
        return None
    first = corpus.figures[claim.first_appearance]
    first_document = corpus.documents[first.document_id]
    explanation = f"{OUTCOME_RATINGS[step.verdict].meaning} {headline(steps)}."
    if step.difference:
        explanation += " " + _one_line(step.difference)
    url = claim_url(claim.id, base_url)
    return {
        "@type": "ClaimReview",
        "@id": url,
        "url": url,
        "headline": f"What happened next to NATO's claim: {claim.short}",
        "claimReviewed": claim.claim,
        "datePublished": date_published or max(s.date for s in steps),
        "inLanguage": "en",
        "author": _explorer(base_url),
        "itemReviewed": {
            "@type": "Claim",
            "author": person(claim.author),
            "datePublished": first_document.date_published,
            "firstAppearance": creative_work(first_document),
            "appearance": [creative_work(d) for d in _appearance_documents(claim, corpus)],
        },
        "reviewRating": rating(OUTCOME_RATINGS, step.verdict, explanation),
    }


def appearance_nodes(claim: Claim, corpus: Corpus, *, base_url: str = DEFAULT_BASE_URL,
                     date_published: str | None = None) -> list[dict[str, Any]]:
    """One ClaimReview per outlet's sentence carrying the claim: how faithfully it reports NATO's words."""
    nodes = []
    for appearance in claim.appearances:
        figure, record = corpus.figures[appearance.figure_id], corpus.figures[appearance.reports]
        outlet, record_document = corpus.documents[figure.document_id], corpus.documents[record.document_id]
        said = APPEARANCE_RATINGS[appearance.verdict].meaning
        explanation = (f"{said} {_one_line(figure.difference)}".strip() + f" NATO's record: “{_one_line(record.quote)}” "
                       f"({record_document.citation_full})")
        url = figure_url(figure.id, base_url)
        nodes.append({
            "@type": "ClaimReview",
            "@id": url,
            "url": url,
            "headline": f"How {_one_line(outlet.producer)} reported NATO's claim: {claim.short}",
            "claimReviewed": _one_line(figure.quote),
            "datePublished": date_published or max(outlet.date_published, record_document.date_published),
            "inLanguage": "en",
            "author": _explorer(base_url),
            "itemReviewed": {
                "@type": "Claim",
                "author": organization(outlet.producer),
                "datePublished": outlet.date_published,
                "firstAppearance": creative_work(outlet),
                "appearance": [creative_work(outlet)],
            },
            "reviewRating": rating(APPEARANCE_RATINGS, appearance.verdict, explanation),
        })
    return nodes


def claim_review_nodes(claim: Claim, corpus: Corpus, steps: list[Step], *, base_url: str = DEFAULT_BASE_URL,
                       date_published: str | None = None) -> list[dict[str, Any]]:
    """The claim's review (when it has a later record), then its appearances' reviews."""
    own = claim_node(claim, corpus, steps, base_url=base_url, date_published=date_published)
    return ([own] if own else []) + appearance_nodes(claim, corpus, base_url=base_url, date_published=date_published)


def claim_review(claim: Claim, corpus: Corpus, steps: list[Step], *, base_url: str = DEFAULT_BASE_URL,
                 date_published: str | None = None) -> dict[str, Any]:
    """One claim's JSON-LD document: {"@context": "https://schema.org", "@graph": [its ClaimReviews]}."""
    return {"@context": SCHEMA_CONTEXT,
            "@graph": claim_review_nodes(claim, corpus, steps, base_url=base_url, date_published=date_published)}


def claim_reviews(claims: Mapping[str, Claim], corpus: Corpus, steps_by_claim: Mapping[str, list[Step]], *,
                  base_url: str = DEFAULT_BASE_URL, date_published: str | None = None) -> dict[str, Any]:
    """Every claim's ClaimReviews in one JSON-LD document, in the claims' curated order."""
    graph = [node for claim_id, claim in claims.items()
             for node in claim_review_nodes(claim, corpus, steps_by_claim[claim_id], base_url=base_url,
                                            date_published=date_published)]
    return {"@context": SCHEMA_CONTEXT, "@graph": graph}


def jsonld_text(document: Mapping[str, Any]) -> str:
    """The document as the file a reader downloads: UTF-8, indented, keys in the order built."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
