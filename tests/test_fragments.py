"""Text Fragment links: encoded per the WICG specification, and each finds its sentence in the stored text.

A small reader of text directives below follows the specification's matching (each term within one line, case
ignored, at word boundaries; context terms next to the match, whitespace allowed), so every link offered for
the real corpus is shown to open at its figure's sentence, and at no earlier one.
"""
from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import unquote

import pytest

from conftest import REPO, load_root
from defence_figures.reuse.fragments import encode_term, fragment_for, text_fragment_url

CLAIMS_FIXTURE = REPO / "tests" / "fixtures" / "claims"
PAGE = "https://example.org/news"
# TextDirectiveString: explicit characters or percent-encoded bytes, nothing else.
TERM = r"(?:[A-Za-z0-9!$'()*+./:;=?@_~]|%[0-9A-F]{2})+"
DIRECTIVE = re.compile(rf"^text=(?:{TERM}-,)?{TERM}(?:,{TERM})?(?:,-{TERM})?$")


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


# --- a reader of text directives, after the specification's "find a range from a text directive" -----------------


def parse(url: str) -> tuple[str, str, str, str]:
    """(prefix, textStart, textEnd, suffix), percent-decoded; '' for a term that is not there."""
    directive = url.split("#", 1)[1].split(":~:", 1)[1]
    assert DIRECTIVE.match(directive), directive
    tokens = directive[len("text="):].split(",")
    prefix = unquote(tokens.pop(0)[:-1]) if tokens[0].endswith("-") else ""
    suffix = unquote(tokens.pop()[1:]) if tokens[-1].startswith("-") else ""
    assert len(tokens) in (1, 2)
    return prefix, unquote(tokens[0]), unquote(tokens[1]) if len(tokens) == 2 else "", suffix


def pattern(term: str) -> str:
    """A term's words, with any run of whitespace but a line break between them: a term stays in one block."""
    return r"[^\S\n]+".join(re.escape(word) for word in term.split())


def boundary(text: str, position: int) -> bool:
    def word(ch: str) -> bool:
        return ch.isalnum() or ch == "_"
    return position <= 0 or position >= len(text) or not (word(text[position - 1]) and word(text[position]))


def bounded(text: str, term: str, start: int = 0) -> list[re.Match]:
    return [m for m in re.compile(pattern(term), re.IGNORECASE).finditer(text, start)
            if boundary(text, m.start()) and boundary(text, m.end())]


def find(text: str, url: str) -> tuple[int, int] | None:
    """Where a browser would highlight the link's text in text: the first match that satisfies every term."""
    prefix, start, end, suffix = parse(url)
    for match in bounded(text, start):
        if prefix:
            before = re.search(rf"(?:{pattern(prefix)})\s*$", text[:match.start()], re.IGNORECASE)
            if before is None or not boundary(text, before.start()):
                continue
        stop = match.end()
        if end:
            ends = bounded(text, end, match.end())
            if not ends:
                return None
            stop = ends[0].end()
        if suffix and not re.match(rf"\s*(?:{pattern(suffix)})", text[stop:], re.IGNORECASE):
            continue
        return match.start(), stop
    return None


def test_the_reader_follows_the_specification_examples():
    text = "this is an example text fragment\nhere is an example text\n"
    assert find(text, "https://x.org/#:~:text=an%20example%20text%20fragment") == (8, 32)
    assert find(text, "https://x.org/#:~:text=an%20example,text%20fragment") == (8, 32)
    assert find(text, "https://x.org/#:~:text=here%20is-,an%20example,-text") == (41, 51)
    assert find(text, "https://x.org/#:~:text=range") is None
    assert find("An impressive mountain ranger", "https://x.org/#:~:text=mountain%20range") is None


# --- encoding -----------------------------------------------------------------------------------------------------


def test_commas_dashes_and_ampersands_are_percent_encoded():
    assert encode_term("six-fold, A&B") == "six%2Dfold%2C%20A%26B"
    assert (text_fragment_url(PAGE, "Allies, partners & friends: a six-fold rise")
            == "https://example.org/news#:~:text=Allies%2C%20partners%20%26%20friends:%20a%20six%2Dfold%20rise")


def test_non_ascii_is_percent_encoded_as_utf8():
    # ü U+00FC, ’ U+2019, € U+20AC, – U+2013, “ ” U+201C U+201D
    assert (text_fragment_url(PAGE, "Zürich’s €5 billion – “a record”")
            == "https://example.org/news#:~:text=Z%C3%BCrich%E2%80%99s%20%E2%82%AC5%20billion%20%E2%80%93%20%E2%80%9Ca%20record%E2%80%9D")


def test_the_explicit_characters_stay_and_the_rest_is_encoded():
    assert (text_fragment_url(PAGE, "It's (nearly) 2% of GDP: $380bn! #1 \"top\" <b>")
            == "https://example.org/news#:~:text=It's%20(nearly)%202%25%20of%20GDP:%20$380bn!%20%231%20%22top%22%20%3Cb%3E")


def test_whitespace_and_line_breaks_are_collapsed():
    assert text_fragment_url(PAGE, "  18\tAllies   at 2%  ") == "https://example.org/news#:~:text=18%20Allies%20at%202%25"


def test_an_existing_fragment_is_kept_and_an_old_directive_replaced():
    assert text_fragment_url("https://example.org/p#top", "18 Allies") == "https://example.org/p#top:~:text=18%20Allies"
    assert text_fragment_url("https://example.org/p#:~:text=old", "18 Allies") == "https://example.org/p#:~:text=18%20Allies"


def test_a_long_quote_is_linked_by_its_first_and_last_words():
    quote = "Since the Investment Pledge in 2014, European Allies and Canada have added more than 600 billion US dollars for defence."
    assert (text_fragment_url(PAGE, quote)
            == "https://example.org/news#:~:text=Since%20the%20Investment%20Pledge,US%20dollars%20for%20defence.")


def test_a_long_quote_whose_last_words_come_earlier_gets_a_longer_end():
    quote = "Allies agreed to spend 2% of GDP, and they did spend 2% of GDP; in 2024 eighteen of them will spend 2% of GDP"
    url = text_fragment_url(PAGE, quote)
    assert url == "https://example.org/news#:~:text=Allies%20agreed%20to%20spend,will%20spend%202%25%20of%20GDP"
    assert find(quote, url) == (0, len(quote))


def test_a_quote_over_two_lines_is_a_range_of_its_first_and_last_line():
    quote = "Line one is here.\nAnd line two ends it."
    url = text_fragment_url(PAGE, quote)
    assert url == "https://example.org/news#:~:text=Line%20one%20is%20here.,line%20two%20ends%20it."
    assert find(quote, url) == (0, len(quote))


def test_context_terms():
    assert (text_fragment_url(PAGE, "18 Allies", prefix="Brussels - Feb. 14,", suffix="said the chief")
            == "https://example.org/news#:~:text=Brussels%20%2D%20Feb.%2014%2C-,18%20Allies,-said%20the%20chief")


# --- which figures get a link -------------------------------------------------------------------------------------


def test_a_figure_on_a_known_page(fixture_corpus):
    figure = fixture_corpus.figures["rec-600-billion"]
    url = fragment_for(figure, fixture_corpus.documents[figure.document_id])
    assert url == ("https://example.org/rec#:~:text=European%20Allies%20and%20Canada%20have%20added%20more%20than%20600%20billion"
                   "%20US%20dollars%20for%20defence.")


def test_no_link_without_an_address(fixture_corpus):
    figure = fixture_corpus.figures["blog-10-missing"]
    document = fixture_corpus.documents[figure.document_id]
    assert document.url_main is None
    assert fragment_for(figure, document) is None


def test_no_link_where_the_page_text_differs(fixture_corpus):
    figure = fixture_corpus.figures["rec-600-billion"]
    document = replace(fixture_corpus.documents[figure.document_id], web_text="differs")
    assert fragment_for(figure, document) is None


def test_an_ambiguous_start_gets_the_words_around_it(fixture_corpus):
    text = "Press: 18 Allies. More.\nLater: 18 Allies. Then more words here.\n"
    figure = replace(fixture_corpus.figures["stm-18-headline"], quote="18 Allies.", quote_start=31, quote_end=41)
    document = replace(fixture_corpus.documents["stm-2024-02-16-agency"], text=text)
    assert text[31:41] == "18 Allies."
    url = fragment_for(figure, document)
    assert url == "https://example.org/stm#:~:text=Later:-,18%20Allies.,-Then%20more%20words"
    assert find(text, url) == (31, 41)
    # without the context a browser would stop at the first one
    assert find(text, text_fragment_url("https://example.org/stm", "18 Allies.")) == (7, 17)


def test_every_real_link_opens_at_its_sentence(real_corpus):
    """Every figure on a page known to read as stored gets a link, and the link finds the figure's own sentence."""
    linked = 0
    for figure in real_corpus.figures.values():
        document = real_corpus.documents[figure.document_id]
        url = fragment_for(figure, document)
        if not document.url_main or document.web_text == "differs":
            assert url is None, figure.id
            continue
        assert url.startswith(document.url_main + "#:~:text="), figure.id
        quote = document.text[figure.quote_start:figure.quote_end]
        start = figure.quote_start + len(quote) - len(quote.lstrip())
        end = figure.quote_end - len(quote) + len(quote.rstrip())
        assert find(document.text, url) == (start, end), figure.id
        linked += 1
    assert linked > 50
