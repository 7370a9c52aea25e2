"""Text Fragment links: the publisher's page, opened scrolled to a figure's sentence and highlighted.

The syntax is the WICG Text Fragments specification's (https://wicg.github.io/scroll-to-text-fragment/):
`#:~:text=[prefix-,]textStart[,textEnd][,-suffix]`. Each term is percent-encoded: everything but the
specification's TextDirectiveExplicitChar (ASCII letters and digits and ! $ ' ( ) * + . / : ; = ? @ _ ~) is
written as the %XX of its UTF-8 bytes, so a dash, comma or ampersand in the words cannot be read as syntax.

A browser matches each term within one block of the page (a paragraph, a heading), ignoring case, and only at
word boundaries. So a term never crosses a line break of the stored copy, whitespace is collapsed to single
spaces, a long or multi-line quote is linked as textStart,textEnd (its first and its last words), and when
the start is not unique in the stored text the words just before and after the quote are added as context.
"""
from __future__ import annotations

import re
import string

from defence_figures.corpus.model import Document, Figure

# TextDirectiveExplicitChar: what a term may hold unencoded. "&", "-" and "," are syntax, so they are encoded.
EXPLICIT_CHARACTERS = frozenset(string.ascii_letters + string.digits + "!$'()*+./:;=?@_~")
# A quote up to this many characters, on one line, is linked whole (textStart alone); a longer one by its
# first and last words, which keeps the link short and survives small edits in the middle of the sentence.
EXACT_MAX_CHARACTERS = 100
RANGE_WORDS = 4  # words of a textStart or textEnd, at least
CONTEXT_WORDS = 3  # words of a prefix or suffix


def encode_term(term: str) -> str:
    """One term percent-encoded as the specification asks: '-' -> %2D, ',' -> %2C, '&' -> %26, 'é' -> %C3%A9."""
    return "".join(ch if ch in EXPLICIT_CHARACTERS else "".join(f"%{byte:02X}" for byte in ch.encode("utf-8"))
                   for ch in term)


def _words(text: str) -> list[str]:
    return text.split()


def _lines(quote: str) -> list[list[str]]:
    """The quote's non-blank lines, each as its words: a term must stay within one of them."""
    return [words for words in (_words(line) for line in quote.splitlines()) if words]


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _at_word_boundary(text: str, position: int) -> bool:
    """Nearly UAX #29's default word boundaries: anywhere but between two letters or digits."""
    return position <= 0 or position >= len(text) or not (_is_word(text[position - 1]) and _is_word(text[position]))


def _bounded_starts(haystack: str, needle: str) -> list[int]:
    """Where needle occurs in haystack ignoring case, starting and ending at a word boundary."""
    if not needle:
        return []
    return [m.start() for m in re.finditer(re.escape(needle), haystack, re.IGNORECASE)
            if _at_word_boundary(haystack, m.start()) and _at_word_boundary(haystack, m.end())]


def text_terms(quote: str) -> tuple[str, str]:
    """(textStart, textEnd) for a quote, decoded; textEnd is '' when the quote is linked whole."""
    lines = _lines(quote)
    if not lines:
        return "", ""
    whole = " ".join(" ".join(words) for words in lines)
    if len(lines) == 1 and (len(whole) <= EXACT_MAX_CHARACTERS or len(lines[0]) <= 2 * RANGE_WORDS):
        return whole, ""
    first, last = lines[0], lines[-1]
    start_count = min(RANGE_WORDS, len(first))
    start = " ".join(first[:start_count])
    # textEnd is matched at its first instance after textStart: lengthen it until that is the quote's end.
    flat = whole
    after_start = len(start)
    for count in range(min(RANGE_WORDS, len(last)), len(last) + 1):
        if len(lines) == 1 and count + start_count > len(last):
            break
        end = " ".join(last[-count:])
        found = [s for s in _bounded_starts(flat, end) if s >= after_start]
        if found and found[0] + len(end) == len(flat):
            return start, end
    if len(lines) == 1:
        return whole, ""
    return start, " ".join(last)


def text_fragment_url(page_url: str, quote: str, prefix: str = "", suffix: str = "") -> str:
    """page_url with a text directive for quote, and the context terms prefix and suffix when given.

    An address that already has a fragment keeps it (`#section:~:text=...`); a text directive it had is replaced.
    """
    start, end = text_terms(quote)
    if not start:
        return page_url
    base, hash_mark, fragment = page_url.partition("#")
    fragment = fragment.split(":~:", 1)[0]
    terms = []
    if prefix.split():
        terms.append(encode_term(" ".join(prefix.split())) + "-")
    terms.append(encode_term(start))
    if end:
        terms.append(encode_term(end))
    if suffix.split():
        terms.append("-" + encode_term(" ".join(suffix.split())))
    return f"{base}#{fragment}:~:text={','.join(terms)}"


def _context_before(text: str, start: int) -> str:
    """The last few words before start, from its own line or, at a line's start, the nearest line above."""
    for line in reversed(text[:start].splitlines()):
        words = _words(line)
        if words:
            return " ".join(words[-CONTEXT_WORDS:])
    return ""


def _context_after(text: str, end: int) -> str:
    for line in text[end:].splitlines():
        words = _words(line)
        if words:
            return " ".join(words[:CONTEXT_WORDS])
    return ""


def start_is_ambiguous(text: str, quote: str) -> bool:
    """Whether the quote's textStart occurs more than once in the text (ignoring case, at word boundaries)."""
    start, _ = text_terms(quote)
    folded = " ".join(start.split())
    return sum(len(_bounded_starts(" ".join(_words(line)), folded)) for line in text.splitlines()) > 1


def fragment_for(figure: Figure, document: Document) -> str | None:
    """A Text Fragment link to the figure's sentence on the publisher's page, or None when none can be offered:
    the document has no known address, or its page's text is known to differ from the stored copy (web_text)."""
    if not document.url_main or document.web_text == "differs":
        return None
    text = document.text
    if start_is_ambiguous(text, figure.quote):
        return text_fragment_url(document.url_main, figure.quote, _context_before(text, figure.quote_start),
                                 _context_after(text, figure.quote_end))
    return text_fragment_url(document.url_main, figure.quote)
