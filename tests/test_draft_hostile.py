"""`draft` and the Sources page's uncurated numbers on hostile input: long or odd texts in linear time, odd file names escaped."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from defence_figures import yamlio
from defence_figures.corpus.draft import draft_yaml, sentences, uncurated_mentions, uncurated_rows
from test_draft import run_draft

SUMMIT = Path(__file__).resolve().parent.parent / "data" / "sources" / "nato-2024-07-10-summit-press-conference.txt"


def summit_copies(count: int) -> str:
    """The summit transcript (1,869 characters, 24 sentences) written out count times, one line break between copies."""
    return "\n".join([SUMMIT.read_text(encoding="utf-8")] * count)


def seconds(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


# --------------------------------------------------------------------------- linear time

def test_a_long_transcript_splits_into_the_sentences_of_its_copies():
    text = summit_copies(120)  # 224,399 characters: a full summit transcript is of that size
    assert len(text) == 224_399
    found = sentences(text)
    assert len(found) == 2_880
    assert found[0] == (0, 14) and text[0:14] == "(As delivered)"
    assert found[-1] == (224_352, 224_398)
    assert text[224_352:224_398] == "We will take over the coordination and provisi"  # the excerpt ends mid-word
    one = sentences(summit_copies(1))
    assert found == [(start + copy * 1_870, end + copy * 1_870) for copy in range(120) for start, end in one]


def test_the_uncurated_numbers_of_a_long_transcript():
    text = summit_copies(120)
    found = uncurated_mentions(text, [])
    assert len(found) == 720  # 6 a copy; its year 2014 is not a figure
    assert [(m.text, m.start, m.number_start, m.end) for m in (found[0], found[-1])] == [
        ("over 500,000", 521, 526, 533), ("2 percent", 223_688, 223_688, 223_697)]
    # Curating the first two ("over 500,000" and the "2%" of line 9): 718 are left, the first "only three Allies".
    left = uncurated_mentions(text, [(526, 533), (896, 898)])
    assert len(left) == 718 and (left[0].text, left[0].start) == ("three", 955)
    rows = uncurated_rows(text, [])
    assert len(rows) == 720
    assert rows[-1] == {
        "Number": "2 percent", "Line": 2_152,
        "Context": "al defence spending of European Allies and Canada above the 2 percent target. So, we have delivered. "
                   "At the same time, we recogni",
    }


def test_a_curated_span_anywhere_over_the_number_counts_it_curated():
    text = "Allies spent 2% of GDP.\nSome 5,000 troops took part.\nIt cost $4 billion."
    # "2%" is [13, 15), the number of "Some 5,000" [29, 34) (the hedge starts at 24), "$4 billion" [61, 71).
    assert [m.text for m in uncurated_mentions(text, [(30, 36), (12, 14), (0, 1)])] == ["$4 billion"]  # in any order
    assert uncurated_mentions(text, [(40, 41), (0, 62)]) == []  # a long span under a later short one
    assert [m.text for m in uncurated_mentions(text, [(24, 29)])] == ["2%", "Some 5,000", "$4 billion"]  # the hedge alone
    assert [m.text for m in uncurated_mentions(text, [(33, 34), (70, 71)])] == ["2%"]  # their last characters
    assert [m.text for m in uncurated_mentions(text, [(15, 29), (71, 80)])] == ["2%", "Some 5,000", "$4 billion"]  # touching


def test_uncurated_rows_give_each_number_its_line_and_words_around_it():
    text = "Allies spent 2% of GDP.\n\nSome 5,000 troops took part.\nIt cost $4 billion."
    assert uncurated_rows(text, [(13, 15)]) == [
        {"Number": "Some 5,000", "Line": 3, "Context": "Allies spent 2% of GDP. Some 5,000 troops took part. It cost $4 billion."},
        {"Number": "$4 billion", "Line": 4, "Context": "lies spent 2% of GDP. Some 5,000 troops took part. It cost $4 billion."},
    ]


def test_the_sources_page_work_on_220_kb_takes_well_under_two_seconds():
    text = summit_copies(120)
    # 16 to 35 s before sentence splitting was linear, 0.1 s after; 2 s leaves room for a busy machine.
    assert seconds(lambda: uncurated_rows(text, [])) < 2


@pytest.mark.parametrize(("text", "expected"), [
    ("." * 50_000 + "x", [(0, 50_001)]),  # a run of dots before a letter: 28 s before
    ("\n" * 200_000 + "a", [(200_000, 200_001)]),  # blank lines, each a possible end
    ("A. " * 20_000, [(0, 59_999)]),  # 20,000 initials, none a sentence end: 13 s before
    ("word. " * 20_000, [(0, 119_999)]),  # goes on in lower case after each dot: 51 s before
], ids=["dots", "blank-lines", "initials", "lower-case"])
def test_texts_shaped_to_stall_the_splitter_split_at_once(text, expected):
    assert seconds(lambda: sentences(text)) < 2
    assert sentences(text) == expected


# --------------------------------------------------------------------------- names and text in the draft's YAML

PLAIN_DOCUMENT_KEYS = ["id", "role", "title", "producer", "date_published", "url_main", "completeness", "text", "sha256",
                       "citation_full"]
TEXT = "In 2024, Allies spent 2% of GDP.\n"


@pytest.mark.parametrize(("name", "comment"), [
    ("plain.txt", "# DRAFT written by `defence-figures draft` from data/sources/plain.txt:"),
    ("it's.txt", "# DRAFT written by `defence-figures draft` from data/sources/it's.txt:"),
    ("a\nschema_version: 9.txt", '# DRAFT written by `defence-figures draft` from "data/sources/a\\nschema_version: 9.txt":'),
    ("a\r\nfigures: []\r\n.txt", '# DRAFT written by `defence-figures draft` from "data/sources/a\\r\\nfigures: []\\r\\n.txt":'),
    ('a"b\\c.txt', '# DRAFT written by `defence-figures draft` from "data/sources/a\\"b\\\\c.txt":'),
    ("a\u2028document: x.txt", '# DRAFT written by `defence-figures draft` from "data/sources/a\\u2028document: x.txt":'),
    ("ok\x1b[2K.txt", '# DRAFT written by `defence-figures draft` from "data/sources/ok\\u001b[2K.txt":'),
], ids=["plain", "apostrophe", "line-break", "crlf", "quote-backslash", "line-separator", "escape-code"])
def test_a_file_name_is_escaped_in_the_comment_and_read_back_exactly(name, comment):
    source = draft_yaml(TEXT, name, "draft-doc")
    assert source.splitlines()[1] == comment
    tree, problems = yamlio.parse(source)
    assert problems == []
    assert list(tree) == ["schema_version", "document", "figures"]
    assert tree["schema_version"] == 1
    assert list(tree["document"]) == PLAIN_DOCUMENT_KEYS
    assert tree["document"]["id"] == "draft-doc"
    assert tree["document"]["text"] == name
    assert [f["id"] for f in tree["figures"]] == ["draft-2-percent-gdp"]


def test_control_characters_of_a_text_are_escaped_in_the_comments():
    # PyYAML refuses a whole file over one raw control character, even in a comment.
    source = draft_yaml("In 2024\x1b[2K, Allies spent 2% of GDP.", "a.txt", "draft-doc")
    assert '#   2024 (line 1): a year, not a figure: "In 2024\\u001b[2K, Allies spent 2% of GDP."' in source.splitlines()
    tree, problems = yamlio.parse(source)
    assert problems == []
    assert tree["figures"][0]["quote"] == "In 2024\x1b[2K, Allies spent 2% of GDP."


# --------------------------------------------------------------------------- the command

def test_draft_of_a_file_whose_name_has_a_line_break(in_copy, capsys):
    name = "a\nschema_version: 9.txt"
    (in_copy / name).write_text(TEXT, encoding="utf-8")
    assert run_draft([name, "--output", "-"]) == 0
    out, err = capsys.readouterr()
    assert err.splitlines()[0] == ('note: the loader reads texts from data/sources/; copy "a\\nschema_version: 9.txt" there, '
                                   "byte for byte, before validating the draft")
    assert out.splitlines()[1] == '# DRAFT written by `defence-figures draft` from "data/sources/a\\nschema_version: 9.txt":'
    tree, problems = yamlio.parse(out)
    assert problems == [] and tree["schema_version"] == 1 and list(tree["document"]) == PLAIN_DOCUMENT_KEYS
    assert tree["document"]["id"] == "a-schema-version-9" and tree["document"]["text"] == name


def test_draft_refuses_a_file_name_that_is_not_utf8(in_copy, capsys):
    name = os.fsdecode(b"caf\xe9.txt")
    (in_copy / "data" / "sources" / name).write_text(TEXT, encoding="utf-8")
    assert run_draft([f"data/sources/{name}", "--output", "-"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == ('"data/sources/caf\\xe9.txt": the file name is not UTF-8 (byte 0xe9); rename the file with UTF-8 '
                   "characters, as the curated file names it in UTF-8\n")


def test_draft_messages_escape_what_a_terminal_would_obey(in_copy, capsys):
    assert run_draft(["data/sources/gone\x1b[1A.txt"]) == 2
    assert capsys.readouterr().err == '"data/sources/gone\\u001b[1A.txt": cannot read it (No such file or directory)\n'
    # "$" in the id pattern also matches before a final line break; the id must be the whole argument.
    assert run_draft(["data/sources/bgnes-2024-02-15-stoltenberg.txt", "--document-id", "nato-new\n"]) == 2
    assert capsys.readouterr().err == ("'nato-new\\n' cannot be a document id: use lower-case letters and digits joined by "
                                       "hyphens, such as --document-id nato-new\n")
    assert not list((in_copy / "curated").glob("nato-new*"))


def test_an_amount_in_another_currency_is_not_guessed_as_us_dollars():
    from defence_figures.corpus.draft import draft_yaml

    units = [line.strip() for line in draft_yaml("Canada will spend C$40 billion on defence. Allies spent $380 billion.",
                                                 "data/sources/x.txt", "x-doc").splitlines() if line.strip().startswith("unit:")]
    assert units == [
        'unit: "TODO: usd_billion"  # an amount in Canadian dollars; no unit is in Canadian dollars',
        "unit: usd_billion  # guessed: an amount in US dollars",
    ]
