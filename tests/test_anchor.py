"""Finding a quote in its text: occurrences, line and column, paragraph and highlight segments."""
from __future__ import annotations

from defence_figures.corpus.anchor import Segment, Span, line_and_column, occurrences, paragraph_bounds, segments


def test_occurrences_in_order():
    assert occurrences("2% and 2% and 2%", "2%") == [0, 7, 14]


def test_occurrences_include_overlapping_ones():
    assert occurrences("aaaa", "aa") == [0, 1, 2]
    assert occurrences("abababa", "aba") == [0, 2, 4]


def test_no_occurrence_and_empty_quote():
    assert occurrences("In 2024, NATO", "2025") == []
    assert occurrences("anything", "") == []


def test_occurrence_is_byte_for_byte():
    text = "NATO continues to ensure there’s no room"
    assert occurrences(text, "there’s") == [25]
    assert occurrences(text, "there's") == []  # a straight apostrophe is another character


def test_line_and_column_are_one_based():
    text = "first\nsecond line\n\nfourth"
    assert line_and_column(text, 0) == (1, 1)
    assert line_and_column(text, 4) == (1, 5)
    assert line_and_column(text, 5) == (1, 6)  # the newline itself ends line 1
    assert line_and_column(text, 6) == (2, 1)
    assert line_and_column(text, 13) == (2, 8)
    assert line_and_column(text, 18) == (3, 1)  # the empty line
    assert line_and_column(text, 19) == (4, 1)
    assert line_and_column(text, 24) == (4, 6)


TEXT = "Title\n\nFirst paragraph, one line.\nIts second line.\n\n  \nSecond paragraph.\n\n\nThird.\n"
# Offsets: "First" 7, "Its" 34, "Second" 55, "Third" 75.


def test_paragraph_bounds_of_a_span_inside_a_paragraph():
    start = TEXT.index("one line")
    assert paragraph_bounds(TEXT, start, start + 8) == (7, 50)
    assert TEXT[7:50] == "First paragraph, one line.\nIts second line."


def test_paragraph_bounds_across_a_line_break_inside_a_paragraph():
    start = TEXT.index("line.\nIts")
    assert paragraph_bounds(TEXT, start, start + 9) == (7, 50)


def test_several_blank_lines_some_with_spaces_are_one_break():
    # Neither the line of spaces nor the third newline may start the paragraph.
    start = TEXT.index("Second")
    assert paragraph_bounds(TEXT, start, start + 6) == (55, 72)
    assert TEXT[55:72] == "Second paragraph."


def test_first_and_last_paragraphs():
    assert paragraph_bounds(TEXT, 0, 5) == (0, 5)
    start = TEXT.index("Third")
    assert paragraph_bounds(TEXT, start, start + 5) == (75, 81)
    assert TEXT[75:81] == "Third."  # the trailing newline is not part of it


def test_a_span_across_a_paragraph_break_widens_to_both_paragraphs():
    # Ukrinform's "around 75 billion\n\ndollars" crosses a blank line.
    text = "Intro.\n\nSince then, around 75 billion\n\ndollars in aid.\n\nEnd."
    start = text.index("around")
    end = text.index("dollars") + len("dollars")
    assert paragraph_bounds(text, start, end) == (8, 54)
    assert text[8:54] == "Since then, around 75 billion\n\ndollars in aid."


def test_segments_without_spans_is_the_whole_range():
    assert segments("abcdef", [], 1, 4) == [Segment("bcd", (), False, 1)]


def test_segments_cut_where_overlapping_spans_begin_and_end():
    text = "I expect 18 Allies to spend 2% of their GDP."
    spans = [
        Span(0, 44, "pc15-18-allies"),
        Span(9, 11, "pc15-18-allies", strong=True),
        Span(9, 30, "narrow"),
        Span(28, 30, "pc15-2pct", strong=True),
    ]
    assert segments(text, spans) == [
        Segment("I expect ", ("pc15-18-allies",), False, 0),
        Segment("18", ("pc15-18-allies", "narrow"), True, 9),
        Segment(" Allies to spend ", ("pc15-18-allies", "narrow"), False, 11),
        Segment("2%", ("pc15-18-allies", "narrow"), True, 28),
        Segment(" of their GDP.", ("pc15-18-allies",), False, 30),
    ]


def test_two_figures_with_the_same_quote_share_every_segment():
    text = "A six-fold increase from only 3 Allies in 2014."
    spans = [Span(0, 47, "six-fold"), Span(0, 47, "three-allies")]
    assert segments(text, spans) == [Segment(text, ("six-fold", "three-allies"), False, 0)]


def test_segments_are_clipped_to_the_window_and_keep_absolute_offsets():
    text = "one two three four"
    spans = [Span(0, 7, "a"), Span(4, 13, "b"), Span(14, 18, "outside")]
    assert segments(text, spans, 4, 13) == [
        Segment("two", ("a", "b"), False, 4),
        Segment(" three", ("b",), False, 7),
    ]
    joined = "".join(s.text for s in segments(text, spans, 4, 13))
    assert joined == text[4:13]
