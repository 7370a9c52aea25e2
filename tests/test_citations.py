"""BibTeX and RIS for each document and figure: written out literally, and read back the way reference managers do.

BibTeX is parsed back with bibtexparser 2.x; RIS with the strict reader below (each line a two-character tag,
two spaces, a hyphen and a space; a record from TY to ER). Literal entries use the claims fixture, whose
documents are frozen; the whole real corpus must parse back too.
"""
from __future__ import annotations

import re
from dataclasses import replace

import bibtexparser
import pytest

from conftest import REPO, load_root
from defence_figures.reuse.citations import (
    corpus_bibtex,
    corpus_ris,
    document_bibtex,
    document_ris,
    figure_bibtex,
    figure_ris,
)

CLAIMS_FIXTURE = REPO / "tests" / "fixtures" / "claims"
FRAGMENT = ("https://example.org/rec#:~:text=European%20Allies%20and%20Canada%20have%20added%20more%20than%20600%20billion"
            "%20US%20dollars%20for%20defence.")
QUOTED = ("Quoted: “European Allies and Canada have added more than 600 billion US dollars for defence.” "
          "(Defence Figures Explorer, figure rec-600-billion)")


@pytest.fixture(scope="module")
def corpus():
    result = load_root(CLAIMS_FIXTURE)
    assert result.problems == []
    return result.corpus


@pytest.fixture(scope="module")
def real_corpus():
    result = load_root(REPO)
    assert [str(p) for p in result.problems] == []
    return result.corpus


def bibtex_entries(text: str) -> list[tuple[str, str, dict[str, str]]]:
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    return [(entry.entry_type, entry.key, {f.key: f.value for f in entry.fields}) for entry in library.entries]


RIS_LINE = re.compile(r"^([A-Z][A-Z0-9])  - (.*)$")


def read_ris(text: str) -> list[list[tuple[str, str]]]:
    """RIS records as (tag, value) lists. Strict: CR LF line ends, every line 'XX  - value', TY first, ER last."""
    assert text.endswith("\r\n")
    records: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] | None = None
    for line in text[:-2].split("\r\n"):
        match = RIS_LINE.match(line)
        assert match, f"not a RIS line: {line!r}"
        tag, value = match.groups()
        if tag == "TY":
            assert current is None, "TY inside a record"
            current = []
        assert current is not None, f"{tag} outside a record"
        current.append((tag, value))
        if tag == "ER":
            assert value == ""
            records.append(current)
            current = None
    assert current is None, "a record without ER"
    return records


# --- BibTeX -------------------------------------------------------------------------------------------------------


def test_document_bibtex(corpus):
    text = document_bibtex(corpus.documents["rec-2024-02-14-transcript"])
    assert text == (
        "@online{rec-2024-02-14-transcript,\n"
        "  title = {{Press conference, 14 February 2024}},\n"
        "  author = {{NATO}},\n"
        "  year = {2024},\n"
        "  month = feb,\n"
        "  date = {2024-02-14},\n"
        "  url = {https://example.org/rec},\n"
        "}\n"
    )
    assert bibtex_entries(text) == [("online", "rec-2024-02-14-transcript", {
        "title": "{Press conference, 14 February 2024}", "author": "{NATO}", "year": "2024", "month": "feb",
        "date": "2024-02-14", "url": "https://example.org/rec",
    })]


def test_a_document_without_an_address_with_a_supplied_title_and_an_inferred_date(corpus):
    assert bibtex_entries(document_bibtex(corpus.documents["blog-2024-02-15-contracts"])) == [
        ("misc", "blog-2024-02-15-contracts", {
            "title": "{[NATO contracts]}", "author": "{Example Blog}", "year": "2024", "month": "feb",
            "date": "2024-02-15",
            "note": "Title written by the curators, in square brackets: the stored copy has no title; "
                    "Date inferred from the text (the notes say how): the stored copy prints no date.",
        })]


def test_figure_bibtex_quotes_the_sentence_and_links_to_it(corpus):
    figure = corpus.figures["rec-600-billion"]
    assert bibtex_entries(figure_bibtex(figure, corpus.documents[figure.document_id])) == [
        ("online", "figure:rec-600-billion", {
            "title": "{Press conference, 14 February 2024}", "author": "{NATO}", "year": "2024", "month": "feb",
            "date": "2024-02-14", "url": FRAGMENT, "note": QUOTED,
        })]


def test_special_characters_are_escaped(corpus):
    document = replace(corpus.documents["rec-2024-02-14-transcript"],
                       title="Up 19.4% & rising: $380bn_#1 {draft} ~ ^ \\ end\nof line",
                       producer="BGNES (Bulgarian news agency), English service",
                       url_main="https://example.org/a b{c}\\d?x=1&y=%20#top", date_published="2024-12-01")
    text = document_bibtex(document)
    assert bibtex_entries(text) == [("online", "rec-2024-02-14-transcript", {
        "title": r"{Up 19.4\% \& rising: \$380bn\_\#1 \{draft\} \textasciitilde{} \textasciicircum{} \textbackslash{} end of line}",
        "author": "{BGNES (Bulgarian news agency), English service}",
        "year": "2024", "month": "dec", "date": "2024-12-01",
        "url": "https://example.org/a%20b%7Bc%7D%5Cd?x=1&y=%20#top",
    })]


# --- RIS ----------------------------------------------------------------------------------------------------------


def test_document_ris(corpus):
    text = document_ris(corpus.documents["rec-2024-02-14-transcript"])
    assert text == (
        "TY  - ELEC\r\nTI  - Press conference, 14 February 2024\r\nAU  - NATO\r\nPB  - NATO\r\nPY  - 2024\r\n"
        "DA  - 2024/02/14\r\nUR  - https://example.org/rec\r\nID  - rec-2024-02-14-transcript\r\nER  - \r\n"
    )
    assert read_ris(text) == [[
        ("TY", "ELEC"), ("TI", "Press conference, 14 February 2024"), ("AU", "NATO"), ("PB", "NATO"), ("PY", "2024"),
        ("DA", "2024/02/14"), ("UR", "https://example.org/rec"), ("ID", "rec-2024-02-14-transcript"), ("ER", ""),
    ]]


def test_figure_ris(corpus):
    figure = corpus.figures["rec-600-billion"]
    assert read_ris(figure_ris(figure, corpus.documents[figure.document_id])) == [[
        ("TY", "ELEC"), ("TI", "Press conference, 14 February 2024"), ("AU", "NATO"), ("PB", "NATO"), ("PY", "2024"),
        ("DA", "2024/02/14"), ("UR", FRAGMENT), ("N1", QUOTED), ("ID", "figure:rec-600-billion"), ("ER", ""),
    ]]


def test_ris_keeps_a_corporate_name_with_a_comma_whole_in_pb(corpus):
    """RIS reads 'A, B' in AU as a surname and a first name, so such a producer is the publisher only."""
    figure = corpus.figures["blog-10-missing"]
    document = replace(corpus.documents[figure.document_id], producer="BGNES (Bulgarian news agency), English service")
    assert read_ris(figure_ris(figure, document)) == [[
        ("TY", "ELEC"), ("TI", "[NATO contracts]"), ("PB", "BGNES (Bulgarian news agency), English service"),
        ("PY", "2024"), ("DA", "2024/02/15"),
        ("N1", "Quoted: “NATO has agreed contracts worth billion, the Secretary General said.” "
               "(Defence Figures Explorer, figure blog-10-missing)"),
        ("ID", "figure:blog-10-missing"), ("ER", ""),
    ]]


# --- the whole corpus ---------------------------------------------------------------------------------------------


def test_the_whole_real_corpus_parses_back(real_corpus):
    entries = bibtex_entries(corpus_bibtex(real_corpus))
    expected_keys = list(real_corpus.documents) + [f"figure:{f}" for f in real_corpus.figures]
    assert [key for _, key, _ in entries] == expected_keys
    for entry_type, key, fields in entries:
        assert entry_type in ("online", "misc"), key
        assert {"title", "author", "year", "month", "date"} <= set(fields), key
        assert (entry_type == "online") == ("url" in fields), key
        if key.startswith("figure:"):
            assert fields["note"].startswith("Quoted: “"), key
    records = read_ris(corpus_ris(real_corpus))
    assert [dict(r)["ID"] for r in records] == expected_keys
    assert all(r[0] == ("TY", "ELEC") for r in records)
