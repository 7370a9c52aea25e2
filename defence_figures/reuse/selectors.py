"""W3C Web Annotation selectors for a figure's quote: how annotators anchor a quote in a text, and find it again.

A figure's target carries both selectors of the Web Annotation Data Model (https://www.w3.org/TR/annotation-model/):
a TextQuoteSelector (the quote exactly, with the 32 characters before and after it) and a TextPositionSelector
(its start and end, counted in Unicode code points from the start of the text, as Python counts them), and the
sha256 of the stored text they were taken from. `reanchor` finds the quote again the way annotation tools do:
the positions are trusted only on the very text they were taken from, and the quote, told apart by its prefix
and suffix, finds the sentence in a text that has since changed.
"""
from __future__ import annotations

import hashlib
from typing import Any

from defence_figures.corpus.anchor import occurrences
from defence_figures.corpus.model import Document, Figure, figure_display

# How much text around the quote the TextQuoteSelector keeps. The model leaves it to the implementation;
# 32 characters is what Hypothesis records, enough to tell apart the same sentence said twice.
CONTEXT_CHARACTERS = 32
ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def text_sha256(text: str) -> str:
    """The sha256 of a text as stored (UTF-8), the digest a curated document records."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def quote_selector(text: str, start: int, end: int) -> dict[str, str]:
    return {
        "type": "TextQuoteSelector",
        "exact": text[start:end],
        "prefix": text[max(0, start - CONTEXT_CHARACTERS):start],
        "suffix": text[end:end + CONTEXT_CHARACTERS],
    }


def position_selector(start: int, end: int) -> dict[str, Any]:
    return {"type": "TextPositionSelector", "start": start, "end": end}


def figure_target(figure: Figure, document: Document, source_url: str) -> dict[str, Any]:
    """A Web Annotation target for the figure's quote in its document's stored text.

    source_url names the stored copy the selectors were taken from (the sha256 says which version of it).
    """
    text = document.text
    return {
        "source": source_url,
        "selector": [quote_selector(text, figure.quote_start, figure.quote_end),
                     position_selector(figure.quote_start, figure.quote_end)],
        "sha256": document.sha256,
    }


def figure_annotation(figure: Figure, document: Document, source_url: str, annotation_id: str) -> dict[str, Any]:
    """A whole W3C Web Annotation of the figure: its quote as the target, the figure in words as the body."""
    return {
        "@context": ANNOTATION_CONTEXT,
        "id": annotation_id,
        "type": "Annotation",
        "motivation": "describing",
        "body": {"type": "TextualBody", "format": "text/plain", "language": "en",
                 "value": f"{figure.label}: {figure_display(figure)} (figure {figure.id})"},
        "target": figure_target(figure, document, source_url),
    }


def _selector(target: dict[str, Any], kind: str) -> dict[str, Any] | None:
    selectors = target.get("selector", [])
    if isinstance(selectors, dict):
        selectors = [selectors]
    return next((s for s in selectors if isinstance(s, dict) and s.get("type") == kind), None)


def _common_suffix(left: str, right: str) -> int:
    count = 0
    for a, b in zip(reversed(left), reversed(right)):
        if a != b:
            break
        count += 1
    return count


def _common_prefix(left: str, right: str) -> int:
    count = 0
    for a, b in zip(left, right):
        if a != b:
            break
        count += 1
    return count


def anchor_by_position(text: str, target: dict[str, Any]) -> tuple[int, int] | None:
    """The TextPositionSelector's offsets, when they hold its quote's exact text in this text (or there is no quote)."""
    position, quote = _selector(target, "TextPositionSelector"), _selector(target, "TextQuoteSelector")
    if position is None:
        return None
    start, end = position.get("start"), position.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text)):
        return None
    if quote is not None and text[start:end] != quote.get("exact"):
        return None
    return start, end


def anchor_by_quote(text: str, target: dict[str, Any]) -> tuple[int, int] | None:
    """Where the TextQuoteSelector's exact text is, the occurrence whose surroundings best match its prefix and suffix.

    Ties go to the occurrence nearest the TextPositionSelector's start, if there is one, else to the first.
    """
    quote = _selector(target, "TextQuoteSelector")
    exact = quote.get("exact") if quote else None
    if not isinstance(exact, str) or not exact:
        return None
    starts = occurrences(text, exact)
    if not starts:
        return None
    prefix, suffix = str(quote.get("prefix") or ""), str(quote.get("suffix") or "")
    position = _selector(target, "TextPositionSelector")
    hint = position.get("start") if position and isinstance(position.get("start"), int) else None

    def score(start: int) -> tuple[int, int]:
        end = start + len(exact)
        context = (_common_suffix(text[max(0, start - len(prefix)):start], prefix)
                   + _common_prefix(text[end:end + len(suffix)], suffix))
        return context, -abs(start - hint) if hint is not None else -start

    best = max(starts, key=score)
    return best, best + len(exact)


def reanchor(text: str, target: dict[str, Any]) -> tuple[int, int] | None:
    """Find the target's quote in text: (start, end), or None when it is not there.

    The positions are used when the text is the very one they were taken from (its sha256 matches) and hold
    the exact quote; otherwise the quote is searched for, told apart by its prefix and suffix.
    """
    if target.get("sha256") == text_sha256(text):
        found = anchor_by_position(text, target)
        if found is not None:
            return found
    return anchor_by_quote(text, target)
