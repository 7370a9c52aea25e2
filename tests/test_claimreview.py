"""ClaimReview JSON-LD, expanded by a JSON-LD processor (pyld) and checked as ClaimReview consumers read it.

pyld resolves "https://schema.org" through a local document loader that serves a minimal copy of schema.org's
context (tests/fixtures/jsonld/schema.org.jsonld); any other address, and any socket, fails the test: no
network. Literal values come from the claims fixture (tests/fixtures/claims); the real corpus must expand too.
"""
from __future__ import annotations

import json
import re
import socket

import pytest
from pyld import jsonld

from conftest import REPO, load_root
from defence_figures.corpus.claims import OUTCOME_VERDICTS, load_claims
from defence_figures.corpus.frames import figure_rows, figures_frame
from defence_figures.corpus.model import VERDICTS
from defence_figures.nato.checks import build_checks, load_declarations
from defence_figures.nato.outcomes import claim_steps
from defence_figures.nato.workbook import load_tables
from defence_figures.reuse.claimreview import (
    APPEARANCE_RATINGS,
    OUTCOME_RATINGS,
    RATING_SCALE,
    claim_review,
    claim_reviews,
    jsonld_text,
    person,
)

CLAIMS_FIXTURE = REPO / "tests" / "fixtures" / "claims"
CONTEXT = json.loads((REPO / "tests" / "fixtures" / "jsonld" / "schema.org.jsonld").read_text(encoding="utf-8"))
BASE = "https://explorer.example"
S = "http://schema.org/"


def local_loader(url: str, options: dict | None = None) -> dict:
    if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
        return {"contextUrl": None, "documentUrl": url, "document": CONTEXT}
    raise AssertionError(f"the JSON-LD processor asked for {url}: nothing but the local schema.org context is served")


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a test of JSON-LD opened a network connection")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def expand(document: dict) -> list[dict]:
    # through the file a reader downloads, not the Python dict
    return jsonld.expand(json.loads(jsonld_text(document)), {"documentLoader": local_loader})


def one(node: dict, name: str):
    """The single value of a schema.org property of an expanded node: a literal, an IRI, or a node."""
    values = node[S + name]
    assert len(values) == 1, (name, values)
    value = values[0]
    if "@value" in value:
        return value["@value"]
    if set(value) == {"@id"}:
        return value["@id"]
    return value


def types(node: dict) -> list[str]:
    return [t.removeprefix(S) for t in node["@type"]]


def by_id(nodes: list[dict]) -> dict[str, dict]:
    return {node["@id"]: node for node in nodes}


@pytest.fixture(scope="module")
def fixture():
    result = load_root(CLAIMS_FIXTURE)
    claims = load_claims(result.corpus, result.withheld_figures, CLAIMS_FIXTURE)
    assert result.problems == [] and claims.problems == []
    rows = {row["figure_id"]: row for row in figure_rows(result.corpus)}
    steps = {claim_id: claim_steps(claim, rows, {}) for claim_id, claim in claims.claims.items()}
    return result.corpus, claims.claims, steps


# --- what a ClaimReview consumer requires, literally ----------------------------------------------------------------


def test_a_claims_review_expanded(fixture):
    corpus, claims, steps = fixture
    document = claim_review(claims["eighteen-allies"], corpus, steps["eighteen-allies"], base_url=BASE)
    assert document["@context"] == "https://schema.org"
    nodes = by_id(expand(document))
    review = nodes["https://explorer.example/outcomes?claim=eighteen-allies"]
    assert types(review) == ["ClaimReview"]
    assert one(review, "claimReviewed") == "18 Allies are expected to meet the guideline this year."
    assert one(review, "url") == "https://explorer.example/outcomes?claim=eighteen-allies"
    assert review[S + "datePublished"] == [{"@type": S + "Date", "@value": "2025-04-24"}]
    assert one(review, "inLanguage") == "en"

    rating = one(review, "reviewRating")
    assert types(rating) == ["Rating"]
    assert one(rating, "ratingValue") == 1
    assert one(rating, "bestRating") == 4
    assert one(rating, "worstRating") == 1
    assert one(rating, "alternateName") == "Later record higher"
    assert one(rating, "ratingExplanation") == ("The later record's number is higher than the claim's. "
                                               "18 Allies expected → 22 Allies reached (NATO, April 2025).")

    author = one(review, "author")
    assert types(author) == ["Organization"]
    assert one(author, "name") == "Defence Figures Explorer"
    assert one(author, "url") == "https://explorer.example/"

    claim = one(review, "itemReviewed")
    assert types(claim) == ["Claim"]
    claimant = one(claim, "author")
    assert types(claimant) == ["Person"]
    assert one(claimant, "name") == "NATO Secretary General"
    assert S + "jobTitle" not in claimant
    assert one(claim, "datePublished") == "2024-02-14"
    first = one(claim, "firstAppearance")
    assert types(first) == ["CreativeWork"]
    assert one(first, "url") == "https://example.org/rec"
    assert one(first, "headline") == "Press conference, 14 February 2024"
    assert one(first, "datePublished") == "2024-02-14"
    assert one(one(first, "publisher"), "name") == "NATO"
    appearances = claim[S + "appearance"]
    assert [(types(a), one(a, "url"), one(a, "headline"), one(a, "datePublished"), one(one(a, "publisher"), "name"))
            for a in appearances] == [
        (["CreativeWork"], "https://example.org/stoltenberg-18-allies", "stoltenberg 18 allies", "2024-02-14", "Example Wire"),
        (["CreativeWork"], "https://example.org/rec2", "News story, 15 February 2024", "2024-02-15", "NATO"),
        (["CreativeWork"], "https://example.org/stm", "18 Allies will meet the guideline, NATO says", "2024-02-16",
         "Example Agency"),
    ]


def test_an_outlets_report_reviewed(fixture):
    corpus, claims, steps = fixture
    nodes = by_id(expand(claim_review(claims["six-hundred-billion"], corpus, steps["six-hundred-billion"], base_url=BASE)))
    assert list(nodes) == ["https://explorer.example/?figure=wire-600-missing"]  # no later record: no review of NATO's claim
    review = nodes["https://explorer.example/?figure=wire-600-missing"]
    assert types(review) == ["ClaimReview"]
    assert one(review, "claimReviewed") == "Allies have invested over 0 billion in defence."
    assert one(review, "url") == "https://explorer.example/?figure=wire-600-missing"
    assert one(review, "datePublished") == "2024-02-14"
    rating = one(review, "reviewRating")
    assert (one(rating, "ratingValue"), one(rating, "bestRating"), one(rating, "worstRating"), one(rating, "alternateName")) == (
        1, 4, 1, "Number missing from the report")
    assert one(rating, "ratingExplanation") == (
        "The report's published text has lost the number: the sentence is there, the number is not. "
        "NATO said more than 600 billion US dollars; the report prints over 0 billion. NATO's record: "
        "“European Allies and Canada have added more than 600 billion US dollars for defence.” "
        "(NATO. \"Press conference.\" 14 February 2024.)")
    assert one(one(review, "author"), "name") == "Defence Figures Explorer"
    claim = one(review, "itemReviewed")
    assert types(claim) == ["Claim"]
    assert types(one(claim, "author")) == ["Organization"]
    assert one(one(claim, "author"), "name") == "Example Wire"
    assert one(claim, "datePublished") == "2024-02-14"
    assert one(one(claim, "firstAppearance"), "url") == "https://example.org/stoltenberg-18-allies"


def test_a_supplied_title_is_a_name_and_no_address_no_url(fixture):
    corpus, claims, steps = fixture
    (review,) = expand(claim_review(claims["ten-billion-contracts"], corpus, steps["ten-billion-contracts"], base_url=BASE))
    assert review["@id"] == "https://explorer.example/?figure=blog-10-missing"
    work = one(one(review, "itemReviewed"), "firstAppearance")
    assert one(work, "name") == "[NATO contracts]"
    assert S + "headline" not in work and S + "url" not in work
    assert one(one(review, "reviewRating"), "alternateName") == "Number missing from the report"


def test_every_claim_in_one_graph(fixture):
    corpus, claims, steps = fixture
    document = claim_reviews(claims, corpus, steps, base_url=BASE)
    assert document["@context"] == "https://schema.org"
    assert [node["@id"] for node in document["@graph"]] == [
        "https://explorer.example/outcomes?claim=eighteen-allies",
        "https://explorer.example/?figure=stm-18-headline",
        "https://explorer.example/?figure=wire-18-allies",
        "https://explorer.example/?figure=stm-18-body",
        "https://explorer.example/?figure=wire-600-missing",
        "https://explorer.example/?figure=blog-10-missing",
    ]
    expanded = by_id(expand(document))
    assert [(one(n, "reviewRating")[S + "ratingValue"][0]["@value"], one(one(n, "reviewRating"), "alternateName"))
            for n in expanded.values()] == [
        (1, "Later record higher"), (4, "Faithful to NATO's record"), (4, "Faithful to NATO's record"),
        (2, "Meaning differs from NATO's record"), (1, "Number missing from the report"), (1, "Number missing from the report"),
    ]


def test_a_publication_date_can_be_stamped(fixture):
    corpus, claims, steps = fixture
    document = claim_reviews(claims, corpus, steps, base_url=BASE + "/", date_published="2026-12-01")
    assert {node["datePublished"] for node in document["@graph"]} == {"2026-12-01"}
    assert document["@graph"][0]["url"] == "https://explorer.example/outcomes?claim=eighteen-allies"


def test_the_claimant_is_a_person_with_their_office():
    assert person("Jens Stoltenberg, NATO Secretary General") == {
        "@type": "Person", "name": "Jens Stoltenberg", "jobTitle": "NATO Secretary General"}
    assert person("NATO Secretary General") == {"@type": "Person", "name": "NATO Secretary General"}


def test_the_file_keeps_non_ascii_readable(fixture):
    corpus, claims, steps = fixture
    text = jsonld_text(claim_review(claims["eighteen-allies"], corpus, steps["eighteen-allies"], base_url=BASE))
    assert "18 Allies expected → 22 Allies reached" in text
    assert text.endswith("}\n")


# --- the scale and its documentation ------------------------------------------------------------------------------


def test_the_rating_scale():
    assert {k: (r.value, r.words) for k, r in OUTCOME_RATINGS.items()} == {
        "same": (4, "Same number in the later record"),
        "consistent": (3, "Consistent with the later record"),
        "not_comparable": (2, "Not comparable: the later record counts something else"),
        "higher": (1, "Later record higher"),
        "lower": (1, "Later record lower"),
    }
    assert {k: (r.value, r.words) for k, r in APPEARANCE_RATINGS.items()} == {
        "faithful": (4, "Faithful to NATO's record"),
        "reworded": (3, "Reworded, same number and meaning"),
        "meaning_differs": (2, "Meaning differs from NATO's record"),
        "number_missing": (1, "Number missing from the report"),
    }
    # every verdict a curator can write has a rating
    assert set(OUTCOME_RATINGS) == set(OUTCOME_VERDICTS)
    assert set(APPEARANCE_RATINGS) == set(VERDICTS)


def test_docs_ratings_md_states_the_scale():
    text = (REPO / "docs" / "ratings.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\w+) \| (\d) \| ([^|]+) \| (.+) \|$", text, re.MULTILINE)
    documented = {verdict: (int(value), words.strip(), meaning.strip()) for verdict, value, words, meaning in rows}
    expected = {verdict: (r.value, r.words, r.meaning) for scale in RATING_SCALE.values() for verdict, r in scale.items()}
    assert documented == expected
    assert "| `bestRating` | 4 |" in text and "| `worstRating` | 1 |" in text


# --- the real corpus ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real():
    result = load_root(REPO)
    claims = load_claims(result.corpus, result.withheld_figures, REPO)
    assert [str(p) for p in result.problems + claims.problems] == []
    tables = load_tables(REPO)
    fact_check = build_checks(tables, figures_frame(result.corpus), load_declarations(REPO), result.withheld_figures)
    checks = {check.item: check for check in fact_check.checks}
    rows = {row["figure_id"]: row for row in figure_rows(result.corpus)}
    steps = {claim_id: claim_steps(claim, rows, checks) for claim_id, claim in claims.claims.items()}
    return result.corpus, claims.claims, steps


def test_every_real_claim_expands_with_what_consumers_require(real):
    corpus, claims, steps = real
    nodes = expand(claim_reviews(claims, corpus, steps, base_url=BASE))
    with_outcomes = [c for c in claims if any(s.stage == "outcome" for s in steps[c])]
    assert with_outcomes
    assert len(nodes) == len(with_outcomes) + sum(len(c.appearances) for c in claims.values())
    for node in nodes:
        assert types(node) == ["ClaimReview"]
        assert one(node, "claimReviewed")
        assert one(node, "url") == node["@id"] and node["@id"].startswith(BASE + "/")
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", one(node, "datePublished"))
        assert one(one(node, "author"), "name") == "Defence Figures Explorer"
        claim = one(node, "itemReviewed")
        assert types(claim) == ["Claim"]
        assert types(one(claim, "author")) in (["Person"], ["Organization"])
        assert types(one(claim, "firstAppearance")) == ["CreativeWork"]
        rating = one(node, "reviewRating")
        assert (one(rating, "bestRating"), one(rating, "worstRating")) == (4, 1)
        assert 1 <= one(rating, "ratingValue") <= 4
        assert one(rating, "alternateName")
    for claim_id, claim in claims.items():  # one document per claim, each on its own
        own = expand(claim_review(claim, corpus, steps[claim_id], base_url=BASE))
        assert len(own) == (claim_id in with_outcomes) + len(claim.appearances)
