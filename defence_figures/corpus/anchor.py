"""Find a quote in its text: occurrences, offsets, the paragraph around it and highlight segments."""
from __future__ import annotations

import re
from dataclasses import dataclass

_PARAGRAPH_BREAK = re.compile(r"\n(?:[ \t]*\n)+")  # one or more blank lines, spaces allowed


def occurrences(text: str, quote: str) -> list[int]:
    """Start offsets of every occurrence of quote in text, overlapping ones included."""
    if not quote:
        return []
    starts, position = [], text.find(quote)
    while position != -1:
        starts.append(position)
        position = text.find(quote, position + 1)
    return starts


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph (text between blank lines) holding [start, end); widened when the span crosses a break."""
    para_start = 0
    for match in _PARAGRAPH_BREAK.finditer(text, 0, start):
        para_start = match.end()
    following = _PARAGRAPH_BREAK.search(text, end)
    return para_start, following.start() if following else len(text.rstrip("\n"))


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    key: str  # a figure id
    strong: bool = False  # the number itself, inside its quote


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    keys: tuple[str, ...]  # the figure ids whose quote covers this piece
    strong: bool  # inside a proving number
    start: int


def segments(text: str, spans: list[Span], start: int = 0, end: int | None = None) -> list[Segment]:
    """Cut text[start:end] where any span begins or ends, so overlapping quotes can each be highlighted."""
    end = len(text) if end is None else end
    cuts = {start, end}
    for span in spans:
        if span.end > start and span.start < end:
            cuts.add(max(span.start, start))
            cuts.add(min(span.end, end))
    ordered = sorted(cuts)
    out: list[Segment] = []
    for left, right in zip(ordered, ordered[1:]):
        covering = [s for s in spans if s.start <= left and s.end >= right]
        keys = tuple(dict.fromkeys(s.key for s in covering if not s.strong))
        strong = any(s.strong for s in covering)
        out.append(Segment(text[left:right], keys, strong, left))
    return out
