"""W3C Web Annotation selectors: every real figure found again from its selectors alone, and an edited text.

The real corpus is loaded read-only from the repository, so every figure a curator adds is re-anchored too.
Literal targets use the claims fixture (tests/fixtures/claims), whose texts are frozen.
"""
from __future__ import annotations

import hashlib
import json

import pytest

from conftest import REPO, load_root
from defence_figures.reuse.selectors import anchor_by_position, anchor_by_quote, figure_annotation, figure_target, reanchor

CLAIMS_FIXTURE = REPO / "tests" / "fixtures" / "claims"
SOURCE = "https://explorer.example/sources?doc=rec-2024-02-14-transcript"
QUOTE = "European Allies and Canada have added more than 600 billion US dollars for defence."
TRANSCRIPT = (
    "Press conference, 14 February 2024\n\n"
    "I expect 18 Allies to meet the guideline this year.\n"
    "European Allies and Canada have added more than 600 billion US dollars for defence.\n"
    "NATO has agreed contracts worth ten billion dollars.\n"
)
TARGET = {
    "source": SOURCE,
    "selector": [
        {"type": "TextQuoteSelector", "exact": QUOTE, "prefix": "o meet the guideline this year.\n",
         "suffix": "\nNATO has agreed contracts worth"},
        {"type": "TextPositionSelector", "start": 88, "end": 171},
    ],
    "sha256": "c0d142643e26319321f6c4863d0645110b48218eda604134ca7a0e2ce6813ee5",
}


@pytest.fixture(scope="module")
def fixture_corpus():
    result = load_root(CLAIMS_FIXTURE)
    assert result.problems == []
    return result.corpus


@pytest.fixture(scope="module")
def real_corpus():
    result = load_root(REPO)
    assert [str(p) for p in result.problems] == []
    return result.corpus


def only(target: dict, kind: str) -> dict:
    """The target with one kind of selector left, and no sha256: that selector alone must find the quote."""
    return {"source": target["source"], "selector": [s for s in target["selector"] if s["type"] == kind]}


def test_the_target_of_a_figure(fixture_corpus):
    figure = fixture_corpus.figures["rec-600-billion"]
    document = fixture_corpus.documents[figure.document_id]
    assert document.text == TRANSCRIPT
    assert figure_target(figure, document, SOURCE) == TARGET
    # the sha256 is the stored text's, the one its curated file records
    assert hashlib.sha256(TRANSCRIPT.encode("utf-8")).hexdigest() == TARGET["sha256"]


def test_every_real_figure_reanchors_from_its_selectors_alone(real_corpus):
    checked = 0
    for figure in real_corpus.figures.values():
        document = real_corpus.documents[figure.document_id]
        # what an annotation tool receives: the target as JSON, nothing else from the corpus
        target = json.loads(json.dumps(figure_target(figure, document, f"https://explorer.example/sources?doc={document.id}")))
        expected = (figure.quote_start, figure.quote_end)
        assert document.text[slice(*expected)] == figure.quote
        assert reanchor(document.text, target) == expected, figure.id
        assert anchor_by_quote(document.text, only(target, "TextQuoteSelector")) == expected, figure.id
        assert anchor_by_position(document.text, only(target, "TextPositionSelector")) == expected, figure.id
        checked += 1
    assert checked == len(real_corpus.figures) > 100


def test_a_quote_said_twice_is_told_apart_by_its_prefix_and_suffix(real_corpus):
    """Where the same sentence is in a text twice, the quote selector alone still picks the curated one."""
    repeated = 0
    for figure in real_corpus.figures.values():
        document = real_corpus.documents[figure.document_id]
        if document.text.count(figure.quote) < 2:
            continue
        repeated += 1
        target = figure_target(figure, document, "x")
        assert anchor_by_quote(document.text, only(target, "TextQuoteSelector")) == (figure.quote_start, figure.quote_end)
    # the corpus may or may not hold such a figure; the made-up text below always does
    text = "x: 18 Allies. y: 18 Allies.\n"
    selector = {"type": "TextQuoteSelector", "exact": "18 Allies", "prefix": "y: ", "suffix": ".\n"}
    assert anchor_by_quote(text, {"selector": [selector]}) == (17, 26)
    assert anchor_by_quote(text, {"selector": [{**selector, "prefix": "x: ", "suffix": ". y"}]}) == (3, 12)


def test_an_edited_text_the_position_fails_and_the_quote_anchors():
    # A dateline is added above the transcript: every offset after it moves by its 28 characters.
    edited = "Brussels, 14 February 2024.\n" + TRANSCRIPT
    assert edited[88:171] == "et the guideline this year.\nEuropean Allies and Canada have added more than 600 bil"
    assert anchor_by_position(edited, TARGET) is None  # the positions no longer hold the quote
    assert anchor_by_quote(edited, TARGET) == (116, 199)
    assert reanchor(edited, TARGET) == (116, 199)
    assert edited[116:199] == QUOTE


def test_an_edited_text_that_quotes_the_sentence_earlier():
    """The sentence now also stands, in other surroundings, before the original: prefix and suffix pick the original."""
    edited = "Quoted elsewhere: " + QUOTE + " (Another source)\n" + TRANSCRIPT
    assert edited.find(QUOTE) == 18
    assert reanchor(edited, TARGET) == (207, 290)
    assert edited[207:290] == QUOTE


def test_a_text_that_lost_the_sentence_anchors_nothing():
    edited = TRANSCRIPT.replace("600 billion", "700 billion")
    assert reanchor(edited, TARGET) is None


def test_positions_are_trusted_on_the_very_text_they_came_from():
    """Same sha256: the position selector decides, even where the quote's context would point elsewhere."""
    text = "x: 18 Allies. y: 18 Allies.\n"
    target = {
        "selector": [{"type": "TextQuoteSelector", "exact": "18 Allies", "prefix": "x: ", "suffix": ". y"},
                     {"type": "TextPositionSelector", "start": 17, "end": 26}],
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
    }
    assert reanchor(text, target) == (17, 26)
    assert reanchor(text, {**target, "sha256": "0" * 64}) == (3, 12)  # another text: the quote decides
    # positions that do not hold the quote are not used, even on a matching sha256
    bad = {**target, "selector": [target["selector"][0], {"type": "TextPositionSelector", "start": 0, "end": 9}]}
    assert reanchor(text, bad) == (3, 12)
    assert reanchor(text, {**bad, "selector": [{"type": "TextPositionSelector", "start": 40, "end": 99}]}) is None


def test_a_whole_web_annotation(fixture_corpus):
    figure = fixture_corpus.figures["rec-600-billion"]
    document = fixture_corpus.documents[figure.document_id]
    annotation = figure_annotation(figure, document, SOURCE, "https://explorer.example/?figure=rec-600-billion")
    assert annotation == {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "https://explorer.example/?figure=rec-600-billion",
        "type": "Annotation",
        "motivation": "describing",
        "body": {"type": "TextualBody", "format": "text/plain", "language": "en",
                 "value": "Money added for defence: more than $600 billion (figure rec-600-billion)"},
        "target": TARGET,
    }
