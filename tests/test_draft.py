"""`defence-figures draft`: every number of a text becomes a draft figure the loader proves once a reader fills it in."""
from __future__ import annotations

import argparse
import hashlib
import re
from decimal import Decimal
from pathlib import Path

import pytest

from defence_figures import yamlio
from defence_figures.corpus.draft import (
    PLACEHOLDER,
    draft,
    draft_yaml,
    mentions,
    register,
    sentences,
    uncurated_mentions,
)
from defence_figures.corpus.load import load_corpus
from defence_figures.corpus.model import DOCUMENT_FIELDS, FIGURE_FIELDS
from defence_figures.corpus.numbers import read_numbers

REPO = Path(__file__).resolve().parent.parent
SOURCES = REPO / "data" / "sources"

# Every number a careful reader curates, read off each text by hand:
# (line, the words that write it, value in the unit, the unit the draft guesses, qualifier).
# Years and days of a month are in DATES instead, never here.
EXPECTED: dict[str, list[tuple[int, str, str, str | None, str]]] = {
    "nato-2024-02-14-pre-ministerial.txt": [
        (15, "more than 600 billion US dollars", "600", "usd_billion", "more_than"),
        (17, "11%", "11", "percent_change", "exact"),  # "an unprecedented rise of 11%"
        (19, "18", "18", "allies", "exact"),
        (19, "2%", "2", "percent_of_gdp", "exact"),
        (22, "six-fold", "6", "times", "exact"),
        (22, "3", "3", "allies", "exact"),
        (24, "380 billion US dollars", "380", "usd_billion", "exact"),
        (26, "2%", "2", "percent_of_gdp", "exact"),
        (32, "2%", "2", "percent", "exact"),  # a guess to correct: curated as percent_of_gdp
        (33, "2%", "2", "percent", "exact"),  # a guess to correct: curated as percent_of_gdp
        (36, "ten billion dollars", "10", "usd_billion", "exact"),
        (39, "around 200,000", "200000", "artillery_shells_per_year", "approximately"),
        (45, "approximately 90,000", "90000", "troops", "approximately"),  # "90,000 forces"
        (45, "31", "31", "allies", "exact"),
    ],
    "nato-2024-02-15-press-conference.txt": [
        (12, "18", "18", "allies", "exact"),
        (12, "2%", "2", "percent_of_gdp", "exact"),
        (13, "six-fold", "6", "times", "exact"),
        (13, "3", "3", "allies", "exact"),
        (15, "380 billion US dollars", "380", "usd_billion", "exact"),
        (17, "2%", "2", "percent_of_gdp", "exact"),
        (19, "more than 600 billion dollars", "600", "usd_billion", "more_than"),
        (29, "ten billion dollars", "10", "usd_billion", "exact"),
        (43, "approximately 90,000", "90000", "troops", "approximately"),
        (43, "31", "31", "allies", "exact"),
    ],
    "nato-2024-02-14-news-story.txt": [
        (2, "more than $600 billion", "600", "usd_billion", "more_than"),
        (2, "11%", "11", "percent_change", "exact"),  # "a real increase of 11%"
        (2, "18", "18", "allies", "exact"),
        (2, "2%", "2", "percent_of_gdp", "exact"),
        (2, "six-fold", "6", "times", "exact"),
        (2, "three", "3", "allies", "exact"),
        (3, "380 billion US dollars", "380", "usd_billion", "exact"),
        (3, "2%", "2", "percent_of_gdp", "exact"),
        (3, "2%", "2", "percent", "exact"),  # "all Allies should invest 2%": curated as percent_of_gdp
        (3, "2%", "2", "percent", "exact"),  # "2% is a minimum": curated as percent_of_gdp
        (4, "1.47%", "1.47", "percent_of_gdp", "exact"),
        (4, "2%", "2", "percent", "exact"),  # "will reach 2% in 2024": curated as percent_of_gdp
    ],
    "nato-2024-06-18-blinken-meeting-news.txt": [
        (3, "75", "75", "years", "exact"),
        (3, "31", "31", "allies", "exact"),  # "31 friends and Allies"
        (5, "18 percent", "18", "percent_change", "exact"),  # "spending is up 18 percent"
        (5, "23", "23", "allies", "exact"),
        (5, "at least 2%", "2", "percent_of_gdp", "at_least"),
    ],
    "nato-2024-07-10-summit-press-conference.txt": [
        (7, "over 500,000", "500000", "troops", "more_than"),
        (9, "2%", "2", "percent_of_gdp", "exact"),
        (9, "three", "3", "allies", "exact"),
        (10, "23", "23", "allies", "exact"),
        (10, "at least 2 percent", "2", "percent_of_gdp", "at_least"),
        (10, "2 percent", "2", "percent", "exact"),  # "above the 2 percent target": curated as percent_of_gdp
    ],
    "ukrinform-2024-02-15-nato-ukraine-council.txt": [
        (3, "one million", "1000000", "drones", "exact"),
        (3, "20", "20", "allies", "exact"),
        (7, "99%", "99", "percent", "exact"),  # a share of all military aid, not of GDP
        (9, "around 75 billion dollars", "75", "usd_billion", "approximately"),  # printed across a blank line
        (11, "over 100 billion US dollars", "100", "usd_billion", "more_than"),
    ],
    "bgnes-2024-02-15-stoltenberg.txt": [
        (9, "18", "18", "allies", "exact"),
        (9, "2%", "2", "percent_of_gdp", "exact"),
        (9, "$380 billion", "380", "usd_billion", "exact"),
        (9, "2 percent", "2", "percent_of_gdp", "exact"),
        (9, "more than $600 billion", "600", "usd_billion", "more_than"),
        (13, "ten billion dollars", "10", "usd_billion", "exact"),
        (15, "an estimated 90,000", "90000", "troops", "approximately"),
        (15, "31", "31", "allies", "exact"),  # "31 NATO member states"
        (19, "one million", "1000000", "drones", "exact"),  # "F-16" in the same sentence is a name
        (21, "99 percent", "99", "percent", "exact"),
    ],
}

# Numbers that are only years or days of a month: (as written, line).
DATES: dict[str, list[tuple[str, int]]] = {
    "nato-2024-02-14-pre-ministerial.txt": [("2014", 15), ("2014", 22), ("2024", 24)],
    "nato-2024-02-15-press-conference.txt": [("2014", 13), ("2024", 15), ("2024", 19), ("2014", 19)],
    "nato-2024-02-14-news-story.txt": [
        ("14", 1), ("2024", 1), ("2014", 2), ("2023", 2), ("2024", 2), ("2014", 2), ("2024", 3),
        ("2014", 4), ("2024", 4),
    ],
    "nato-2024-06-18-blinken-meeting-news.txt": [("18", 1), ("2024", 1), ("2024", 5)],
    "nato-2024-07-10-summit-press-conference.txt": [("2014", 9)],
    "ukrinform-2024-02-15-nato-ukraine-council.txt": [],
    "bgnes-2024-02-15-stoltenberg.txt": [("2024", 9), ("2024", 9)],
}

# Curated figures whose unit the draft guesses differently: a bare "2%" with no "GDP" in
# its sentence is drafted as percent, though the curator knows it is the 2%-of-GDP guideline.
WRONG_UNIT_GUESSES = {
    "pm14-all-allies-2pct", "pm14-2pct-minimum",
    "news14-all-allies-2pct", "news14-2pct-minimum", "news14-2pct-in-2024",
    "jul10-2pct-target-europe-canada",
}

TEXTS = sorted(EXPECTED)


def read(name: str) -> str:
    return (SOURCES / name).read_bytes().decode("utf-8")


def test_every_text_with_expectations_written_out_is_still_there():
    # A subset, not equality: a newly curated text must break no test that is not about it.
    assert set(TEXTS) <= {p.name for p in SOURCES.glob("*.txt")}


@pytest.mark.parametrize("name", TEXTS)
def test_draft_finds_every_number_a_reader_curates(name):
    drafted = draft(read(name), Path(name).stem)
    found = [(f.line, " ".join(f.mention.text.split()), f.value, f.unit, f.qualifier) for f in drafted.figures]
    expected = [(line, words, Decimal(value), unit, qualifier) for line, words, value, unit, qualifier in EXPECTED[name]]
    assert found == expected


@pytest.mark.parametrize("name", TEXTS)
def test_years_and_dates_are_comments_not_figures(name):
    text = read(name)
    drafted = draft(text, Path(name).stem)
    assert [(d.mention.text, d.line) for d in drafted.dates] == DATES[name]
    assert all(f.mention.dimension not in ("year", "date") for f in drafted.figures)
    source = draft_yaml(text, name, Path(name).stem)
    tree, problems = yamlio.parse(source)
    assert problems == []
    assert len(tree["figures"]) == len(EXPECTED[name])
    comments = [line for line in source.splitlines() if re.match(r"#   \d+ \(line \d+\): a (year|day of a month), not a figure", line)]
    assert [re.match(r"#   (\d+) \(line (\d+)\)", c).groups() for c in comments] == [(t, str(n)) for t, n in DATES[name]]
    figures_at = source.index("\nfigures:")
    assert all(source.index(c) < figures_at for c in comments)  # listed above the figures


@pytest.mark.parametrize("name", TEXTS)
def test_draft_is_parseable_yaml_in_the_curated_layout(name):
    text = read(name)
    source = draft_yaml(text, name, "draft-doc")
    tree, problems = yamlio.parse(source)
    assert problems == []
    assert list(tree) == ["schema_version", "document", "figures"]
    assert tree["schema_version"] == 1
    document = tree["document"]
    order = [spec.name for spec in DOCUMENT_FIELDS]
    assert list(document) == [name_ for name_ in order if name_ in document]
    assert document["id"] == "draft-doc"
    assert document["text"] == name
    assert document["sha256"] == hashlib.sha256((SOURCES / name).read_bytes()).hexdigest()
    for field in ("title", "producer", "date_published", "url_main", "citation_full", "role", "completeness"):
        assert document[field].startswith(PLACEHOLDER), field
    order = [spec.name for spec in FIGURE_FIELDS]
    ids = [f["id"] for f in tree["figures"]]
    assert len(set(ids)) == len(ids)
    for figure in tree["figures"]:
        assert list(figure) == [name_ for name_ in order if name_ in figure]
        assert re.fullmatch(r"draft-[a-z0-9-]+", figure["id"])
        for field in ("label", "scope", "kind", "basis", "topic", "reports", "verdict"):
            assert figure[field].startswith(PLACEHOLDER), field


@pytest.mark.parametrize("name", TEXTS)
def test_each_quote_is_the_shortest_full_sentence_around_its_number(name):
    text = read(name)
    spans = sentences(text)
    for figure in draft(text, Path(name).stem).figures:
        assert text[figure.quote_start:figure.quote_end] == figure.quote
        assert figure.quote in text
        assert figure.quote_start <= figure.mention.start < figure.mention.end <= figure.quote_end
        assert (figure.quote_start, figure.quote_end) in spans
        if figure.number_text:
            assert figure.quote.count(figure.number_text) == 1


def test_drafted_ids_are_short_slugs_of_the_number():
    drafted = draft(read("nato-2024-02-14-pre-ministerial.txt"), "nato-2024-02-14-pre-ministerial")
    assert [f.id for f in drafted.figures] == [
        "nato-feb14-600-billion", "nato-feb14-11-percent-change", "nato-feb14-18-allies",
        "nato-feb14-2-percent-gdp", "nato-feb14-six-fold", "nato-feb14-3-allies", "nato-feb14-380-billion",
        "nato-feb14-2-percent-gdp-2", "nato-feb14-2-percent", "nato-feb14-2-percent-2", "nato-feb14-ten-billion",
        "nato-feb14-200000-shells", "nato-feb14-90000-troops", "nato-feb14-31-allies",
    ]
    taken = draft(read("nato-2024-02-14-pre-ministerial.txt"), "nato-2024-02-14-x",
                  taken_ids={"nato-feb14-600-billion"})
    assert taken.figures[0].id == "nato-feb14-600-billion-2"


def test_period_is_guessed_from_the_years_of_the_sentence():
    by_words = {(f.line, f.mention.text): f.period
                for f in draft(read("nato-2024-02-14-news-story.txt"), "n").figures}
    assert by_words[(4, "1.47%")] == "2014"  # "In 2014, ... invested 1.47%"
    assert by_words[(2, "18")] == "2014/2024"  # "in 2024 – a six-fold increase since 2014"
    assert by_words[(3, "2%")] is None  # no year in "For the first time, this amounts to 2% ..."
    source = draft_yaml(read("nato-2024-02-14-news-story.txt"), "nato-2024-02-14-news-story.txt", "n")
    assert 'period: "2014"  # guessed from the years in the sentence' in source
    assert 'period: "TODO: the year or interval' in source


def test_draft_finds_the_number_of_every_curated_figure(corpus_copy):
    result = load_corpus(corpus_copy / "curated", corpus_copy / "data" / "sources")
    assert result.problems == []
    wrong_units = set()
    for document in result.corpus.documents.values():
        drafted = {f.mention.number_start: f for f in draft(document.text, document.id).figures}
        for figure in result.corpus.figures.values():
            if figure.document_id != document.id:
                continue
            guess = drafted.get(figure.number_start)
            assert guess is not None, f"the draft misses {figure.id}"
            assert guess.mention.end == figure.number_end, figure.id
            assert guess.qualifier == figure.qualifier, figure.id
            if guess.unit != figure.unit:
                wrong_units.add(figure.id)
            else:
                assert guess.value == figure.value, figure.id
    assert wrong_units == WRONG_UNIT_GUESSES


# --------------------------------------------------------------------------- placeholders and round trip

_FILLED = {
    "role": "primary",
    "title": '"A drafted document"',
    "producer": "NATO",
    "date_published": '"2024-02-14"',
    "url_main": "null",
    "completeness": "complete",
    "citation_full": '"NATO. A drafted document. 14 February 2024."',
    "label": '"A drafted figure"',
    "period": '"2024"',
    "scope": '"NATO Allies"',
    "kind": "actual",
    "basis": "annual",
    "topic": "defence-spending",
}


def fill_placeholders(source: str) -> str:
    """What a curator does, done blindly: a valid value for every TODO, and no link to a record."""
    out = []
    for line in source.splitlines():
        match = re.match(r'^(\s*)([a-z_]+): "TODO', line)
        if match is None:
            out.append(line)
        elif match.group(2) in ("reports", "verdict"):
            continue  # a NATO record's figure reports nothing
        else:
            out.append(f"{match.group(1)}{match.group(2)}: {_FILLED[match.group(2)]}")
    return "\n".join(out) + "\n"


def test_validate_rejects_every_placeholder_with_a_clear_message(corpus_copy):
    name = "nato-2024-02-14-pre-ministerial.txt"
    source = draft_yaml(read(name), name, "nato-2024-02-14-drafted")
    (corpus_copy / "curated" / "nato-2024-02-14-drafted.yaml").write_text(source, encoding="utf-8")
    result = load_corpus(corpus_copy / "curated", corpus_copy / "data" / "sources", root=corpus_copy)
    problems = [p for p in result.problems if p.path == "curated/nato-2024-02-14-drafted.yaml"]
    assert problems == result.problems  # the rest of the corpus is untouched
    todo_lines = [n for n, line in enumerate(source.splitlines(), 1) if re.search(r': "TODO', line)]
    assert sorted(p.line for p in problems) == todo_lines
    assert all("is still a draft placeholder (TODO" in p.message and p.message.endswith("; fill it in")
               for p in problems)
    label = next(p for p in problems if "'label'" in p.message)
    assert label.message == ("figure 'nato-feb14-600-billion': 'label' is still a draft placeholder "
                             "(TODO: what the number counts, in plain words, without the number); fill it in")
    assert "nato-2024-02-14-drafted" in result.withheld_documents
    assert not any(f.document_id == "nato-2024-02-14-drafted" for f in result.corpus.figures.values())


@pytest.mark.parametrize("name", TEXTS)
def test_a_filled_draft_validates_and_proves_every_figure(corpus_copy, name):
    text = read(name)
    doc_id = f"{Path(name).stem}-redrafted"
    filled = fill_placeholders(draft_yaml(text, name, doc_id))
    assert not re.search(r": \"TODO", filled)
    path = corpus_copy / "curated" / f"{doc_id}.yaml"
    path.write_text(filled, encoding="utf-8")
    result = load_corpus(corpus_copy / "curated", corpus_copy / "data" / "sources", root=corpus_copy)
    assert [str(p) for p in result.problems] == []
    assert doc_id in result.corpus.documents
    drafted = draft(text, doc_id)
    proven = {f.id: f for f in result.corpus.figures.values() if f.document_id == doc_id}
    assert sorted(proven) == sorted(f.id for f in drafted.figures)
    for guess in drafted.figures:
        figure = proven[guess.id]
        assert (figure.number_start, figure.number_end) == (guess.mention.number_start, guess.mention.end)
        assert (figure.value, figure.unit, figure.qualifier) == (guess.value, guess.unit, guess.qualifier)


def test_a_repeated_sentence_gets_its_occurrence_and_same_kind_numbers_their_words(corpus_copy):
    text = ("Allies agreed to invest 2%, and that 2% is a minimum.\n"
            "Ten Allies sent 500 troops.\n"
            "Ten Allies sent 500 troops.\n")
    drafted = draft(text + "They delivered 40 to the front.\n", "synthetic")
    assert [(f.mention.text, f.number_text, f.occurrence, f.unit) for f in drafted.figures] == [
        ("2%", "invest 2%", None, "percent"),
        ("2%", "that 2%", None, "percent"),
        ("Ten", "Ten", 1, "allies"),
        ("500", "500", 1, "troops"),
        ("Ten", "Ten", 2, "allies"),
        ("500", "500", 2, "troops"),
        ("40", None, None, None),  # nothing says what 40 counts
    ]
    unknown = draft_yaml(text + "They delivered 40 to the front.\n", "synthetic.txt", "synthetic")
    assert 'unit: "TODO: allies, countries, troops, artillery_shells_per_year, drones or years"' in unknown

    (corpus_copy / "data" / "sources" / "synthetic.txt").write_text(text, encoding="utf-8")
    filled = fill_placeholders(draft_yaml(text, "synthetic.txt", "synthetic"))
    (corpus_copy / "curated" / "synthetic.yaml").write_text(filled, encoding="utf-8")
    result = load_corpus(corpus_copy / "curated", corpus_copy / "data" / "sources", root=corpus_copy)
    assert [str(p) for p in result.problems] == []
    proven = sorted((f.number_text, f.quote_start, f.unit) for f in result.corpus.figures.values()
                    if f.document_id == "synthetic")
    first, second = text.index("Ten"), text.rindex("Ten")  # the same sentence, twice
    assert proven == [("2%", 0, "percent"), ("2%", 0, "percent"), ("500", first, "troops"),
                      ("500", second, "troops"), ("Ten", first, "allies"), ("Ten", second, "allies")]


def test_quotes_with_odd_characters_read_back_byte_for_byte():
    text = 'He said "the \\ path" is\t40\u00a0percent higher\u2028than 2% of GDP.\r\nIt rose 3%.\n'
    drafted = draft(text, "odd")
    assert [f.mention.text for f in drafted.figures] == ["40\u00a0percent", "2%", "3%"]
    tree, problems = yamlio.parse(draft_yaml(text, "odd.txt", "odd"))
    assert problems == []
    assert [f["quote"] for f in tree["figures"]] == [f.quote for f in drafted.figures]
    assert tree["figures"][0]["quote"] == text[:text.index("\r")]


# --------------------------------------------------------------------------- sentences

def test_sentences_split_transcript_lines_and_keep_quotation_marks():
    text = ("Good afternoon,\nNATO defence ministers met today.\n\n"
            "Right now, we are conducting Steadfast Defender:\nthe largest NATO exercise in decades.\n"
            "With approximately 90,000 forces from all 31 Allies and Sweden.\n\n"
            "Mr. Stoltenberg met Blinken in Washington D.C. on Tuesday. The U.S. has 31 friends.\n"
            "He called it an “unprecedented rise”. “Why?” he asked. It was “historic.”\n"
            "Since then, the U.S. has provided around 75 billion\n\ndollars in aid.\n"
            "“In 2024, Allies will invest. This is a start.”\n"
            "Testing our ability")
    assert [text[s:e] for s, e in sentences(text)] == [
        "Good afternoon,",
        "NATO defence ministers met today.",
        "Right now, we are conducting Steadfast Defender:\nthe largest NATO exercise in decades.",
        "With approximately 90,000 forces from all 31 Allies and Sweden.",
        "Mr. Stoltenberg met Blinken in Washington D.C. on Tuesday.",
        "The U.S. has 31 friends.",
        "He called it an “unprecedented rise”.",
        "“Why?” he asked.",
        "It was “historic.”",
        "Since then, the U.S. has provided around 75 billion\n\ndollars in aid.",  # a break as printed
        "In 2024, Allies will invest.",  # the quotation's opening mark belongs to two sentences
        "This is a start.",
        "Testing our ability",
    ]


def test_sentences_of_the_corpus_are_the_curated_quotes(corpus_copy):
    result = load_corpus(corpus_copy / "curated", corpus_copy / "data" / "sources")
    same = total = 0
    for figure in result.corpus.figures.values():
        text = result.corpus.documents[figure.document_id].text
        total += 1
        same += (figure.quote_start, figure.quote_end) in sentences(text)
    # The only curated quotes that are not whole sentences: the news story's "...combined GDP"
    # without ', said Mr Stoltenberg.'
    assert total - same == 1


# --------------------------------------------------------------------------- not curated yet

@pytest.mark.parametrize("name", TEXTS)
def test_reading_sentence_by_sentence_finds_what_reading_the_whole_text_finds(name):
    text = read(name)
    key = lambda m: (m.start, m.end, m.number_start, m.value, m.dimension, m.qualifier)  # noqa: E731
    assert [key(m) for m in mentions(text)] == [key(m) for m in read_numbers(text, include_dates=True)]


def test_every_number_of_the_statement_is_curated(repo):
    result = load_corpus(repo / "curated", repo / "data" / "sources")
    document = result.corpus.documents["bgnes-2024-02-15-stoltenberg"]
    spans = [(f.number_start, f.number_end) for f in result.corpus.figures.values()
             if f.document_id == document.id]
    assert len(spans) == 10
    assert uncurated_mentions(document.text, spans) == []


def test_uncurated_mentions_lists_the_numbers_no_figure_proves(repo):
    text = "In 2024, Allies spent 2% of GDP.\nSome 5,000 troops took part on 3 March.\nIt cost $4 billion."
    found = uncurated_mentions(text, [])
    assert [(m.text, m.dimension, text[m.number_start:m.end]) for m in found] == [
        ("2%", "percent", "2%"), ("Some 5,000", "count", "5,000"), ("$4 billion", "money", "$4 billion"),
    ]  # 2024 and 3 March are dates, not figures
    two = found[0]
    assert [m.text for m in uncurated_mentions(text, [(two.number_start, two.end)])] == ["Some 5,000", "$4 billion"]

    result = load_corpus(repo / "curated", repo / "data" / "sources")
    document = result.corpus.documents["nato-2024-02-14-pre-ministerial"]
    kept = [f for f in result.corpus.figures.values()
            if f.document_id == document.id and f.id not in ("pm14-200000-shells", "pm14-31-allies")]
    missing = uncurated_mentions(document.text, [(f.number_start, f.number_end) for f in kept])
    assert [(m.text, m.value) for m in missing] == [("around 200,000", 200000), ("31", 31)]


# --------------------------------------------------------------------------- the command

def run_draft(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="defence-figures")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["draft", *argv])
    return args.run(args)


def test_draft_writes_a_new_curated_file_and_says_where(in_copy, capsys):
    assert run_draft(["data/sources/nato-2024-02-14-pre-ministerial.txt", "--document-id", "nato-new"]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    written = in_copy / "curated" / "nato-new.yaml"
    assert "wrote a draft with 14 figures to curated/nato-new.yaml" in err
    assert "defence-figures validate curated/nato-new.yaml" in err
    text = read("nato-2024-02-14-pre-ministerial.txt")
    assert written.read_text(encoding="utf-8") == draft_yaml(text, "nato-2024-02-14-pre-ministerial.txt", "nato-new")


def test_draft_never_overwrites_the_output_it_is_given(in_copy, capsys):
    target = in_copy / "mine.yaml"
    target.write_text("keep me\n", encoding="utf-8")
    assert run_draft(["data/sources/bgnes-2024-02-15-stoltenberg.txt", "--output", "mine.yaml"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "mine.yaml already exists; the draft never overwrites a file" in err
    assert "--output mine-2.yaml" in err
    assert target.read_text(encoding="utf-8") == "keep me\n"
    assert run_draft(["data/sources/bgnes-2024-02-15-stoltenberg.txt", "--output", "mine-2.yaml"]) == 0
    assert "to mine-2.yaml" in capsys.readouterr().err
    assert (in_copy / "mine-2.yaml").read_text(encoding="utf-8").startswith("# yaml-language-server")


def test_draft_of_a_curated_text_goes_to_standard_output(in_copy, capsys):
    curated = in_copy / "curated" / "bgnes-2024-02-15-stoltenberg.yaml"
    before = curated.read_bytes()
    assert run_draft(["data/sources/bgnes-2024-02-15-stoltenberg.txt"]) == 0
    out, err = capsys.readouterr()
    assert curated.read_bytes() == before
    assert "curated/bgnes-2024-02-15-stoltenberg.yaml already exists" in err
    assert "went to standard output" in err and "wrote a draft with 10 figures to standard output" in err
    assert "a curated document already has the id 'bgnes-2024-02-15-stoltenberg'" in err
    tree, problems = yamlio.parse(out)
    assert problems == [] and len(tree["figures"]) == 10
    # The drafted ids do not clash with the curated ones.
    assert not {f["id"] for f in tree["figures"]} & set(load_corpus(in_copy / "curated", in_copy / "data" / "sources").corpus.figures)


def test_draft_to_standard_output_on_request_and_bad_input(in_copy, capsys):
    assert run_draft(["data/sources/ukrinform-2024-02-15-nato-ukraine-council.txt", "--output", "-",
                      "--document-id", "ukr-new"]) == 0
    out, err = capsys.readouterr()
    tree, problems = yamlio.parse(out)
    ids = {f["id"] for f in tree["figures"]}
    assert problems == [] and len(ids) == 5 and all(i.startswith("ukr-") for i in ids)
    assert "ukr-one-million-drones-2" in ids  # "ukr-one-million-drones" is a curated figure already
    assert "to standard output" in err
    assert not (in_copy / "curated" / "ukr-new.yaml").exists()
    assert run_draft(["data/sources/missing.txt"]) == 2
    assert "cannot read" in capsys.readouterr().err
    assert run_draft(["data/sources/bgnes-2024-02-15-stoltenberg.txt", "--document-id", "Not An Id"]) == 2
    assert "cannot be a document id" in capsys.readouterr().err


def test_cli_wires_the_draft_command():
    from defence_figures import cli

    parser = cli.build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    if "draft" not in commands:
        pytest.skip("cli.py does not wire `draft` yet: `from . import draft` and `draft.register(sub)`")
    args = parser.parse_args(["draft", "data/sources/x.txt", "--document-id", "x"])
    assert args.document_id == "x"
