"""Draft a curated file from a source text: one figure per number it writes, placeholders for what a human decides.

`defence-figures draft data/sources/NEW.txt` turns minutes of copying into minutes of
checking: every money amount, percentage, count and multiplier in the text becomes a
figure with its value, a guessed unit and period, the hedge the text puts before it and
the shortest full sentence around it as its quote, ready for the loader to prove. What
only a reader can decide (label, kind, basis, topic, scope, links to a record, the
document's title and date) is left as "TODO: ..." text, which `validate` rejects until
it is filled in. Years and days of a month are listed as comments, never as figures.

The functions here are pure (text in, text out) so the app can use them too:
`uncurated_mentions` lists the numbers of a text that no curated figure proves yet, and
`uncurated_rows` lays them out for the Sources page. All of it is linear in the text
(bench/sources_bench.py), as a full summit transcript runs to 220 KB.
"""
from __future__ import annotations

import argparse
import hashlib
import re
import sys
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Callable, Iterable

from defence_figures import paths
from defence_figures.corpus import anchor
from defence_figures.corpus.load import MAX_SOURCE_BYTES, noun_follows  # the loader's own test, so a guessed count unit proves
from defence_figures.corpus.model import BASES, COMPLETENESS, KINDS, ROLES, SCHEMA_VERSION, TOPICS, UNITS, VERDICTS
from defence_figures.corpus.numbers import US_DOLLARS, NumberMention, read_numbers
from defence_figures.validation import ID_PATTERN, PLACEHOLDER  # every value a human must write starts with it

# --------------------------------------------------------------------------- sentences

# Terminal punctuation, with any closing quotation marks or brackets after it, followed by
# a space, a line break or the end of the text: "defence." / "minimum.”" / "Why?”"
# A match starts only where a run of punctuation starts and never gives characters back
# (possessive): otherwise a run of 100,000 dots before a letter is rescanned from each of
# its dots. Neither changes what matches: a shorter run or fewer closing marks is followed
# by punctuation or a mark, never by the white space the match needs.
_TERMINAL = re.compile(r"(?<![.!?])[.!?]++[\"'”’)\]]*+(?=\s|\Z)")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st prof gen lt col maj capt sgt adm gov sen rep amb no nos vs etc approx fig".split()
)
_INITIALISM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")  # "U.S", "D.C" (before the final dot)


_WORD_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.")


def _word_before(text: str, at: int) -> str:
    """The run of ASCII letters and dots that ends at `at`: "U.S" in "the U.S. has".

    Walked back character by character, because a regular expression anchored at the end
    of text[:at] is tried from every earlier position: each dot then cost the length of the
    text before it, and a 200 KB transcript took 16 s (bench/sources_bench.py). The runs of
    successive sentence ends are disjoint, as each end is followed by white space.
    """
    start = at
    while start > 0 and text[start - 1] in _WORD_CHARACTERS:
        start -= 1
    return text[start:at]


def _is_abbreviation(text: str, at: int, punctuation: str) -> bool:
    """Whether the dot at `at` closes an abbreviation ("Mr.", "U.S.", "e.g.") rather than a sentence."""
    if punctuation != ".":
        return False
    word = _word_before(text, at)
    if word.lower() in _ABBREVIATIONS:
        return True
    if "." in word:  # "U.S", "D.C", "e.g"
        return bool(_INITIALISM.fullmatch(word))
    return len(word) == 1 and word.isupper()  # an initial: "Jens J. Stoltenberg"


_VISIBLE = re.compile(r"\S")


def _continuations(text: str, cuts: list[int]) -> set[int]:
    """The cuts (sorted) after which the text goes on in lower case: the same sentence goes on.

    "in Washington D.C. on Tuesday", "around 75 billion\\n\\ndollars in military aid" (a line
    break as printed), "Steadfast Defender:\\nthe largest NATO exercise in decades."
    The next visible character is looked up once per run of white space: every line break is
    a cut, and a search from each of them through a long run of blank lines is quadratic.
    """
    continuing: set[int] = set()
    visible: re.Match | None = None
    for cut in cuts:
        if visible is None or visible.start() < cut:
            visible = _VISIBLE.search(text, cut)
            if visible is None:
                break  # only white space is left
        if visible.group().islower():
            continuing.add(cut)
    return continuing


def sentences(text: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of each sentence of text, in order, without surrounding white space.

    A sentence ends at . ! or ? (with any closing quotation marks) before a space, a line
    break or the end; at every line break, as NATO transcripts put each sentence on its own
    line without always ending it ("Good afternoon,"); and at blank lines. It does not end
    where the text goes on in lower case ("the U.S. has", a break inside "75 billion /
    dollars") nor after abbreviations ("Mr.", "U.S."). Quotation marks are kept as written,
    so text[start:end] is always a quote the loader finds byte for byte, except a mark at
    either end that the sentence does not close or open (a quotation of several sentences).
    """
    cuts: set[int] = set()
    for match in _TERMINAL.finditer(text):
        if not _is_abbreviation(text, match.start(), match.group().rstrip("\"'”’)]")):
            cuts.add(match.end())
    cuts.update(match.start() for match in re.finditer(r"\n", text))
    ordered = sorted(cut for cut in cuts if cut < len(text))
    continuing = _continuations(text, ordered)
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in ordered + [len(text)]:
        if cut in continuing:
            continue
        span = _trim(text, start, cut)
        if span[0] < span[1]:
            spans.append(span)
        start = cut
    return spans


def _unmatched(piece: str, mark: str) -> bool:
    if mark == '"':
        return piece.count('"') % 2 == 1
    opening, closing = piece.count("“"), piece.count("”")
    return opening > closing if mark == "“" else closing > opening


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without white space around it, nor a quotation mark it does not close or open.

    A quotation running over several sentences opens in the first and closes in the last;
    the curated quotes leave such a mark out ("“In 2024, NATO Allies ..." -> "In 2024, ...").
    """
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end and text[start] in "“\"" and _unmatched(text[start:end], text[start]):
        start += 1
        while start < end and text[start].isspace():
            start += 1
    if start < end and text[end - 1] in "”\"" and _unmatched(text[start:end], text[end - 1]):
        end -= 1
    return start, end


def _shift(mention: NumberMention, offset: int) -> NumberMention:
    return replace(mention, start=mention.start + offset, end=mention.end + offset,
                   number_start=mention.number_start + offset)


def _sentence_mentions(text: str) -> list[tuple[tuple[int, int], list[NumberMention]]]:
    """Each sentence with the numbers read in it (offsets relative to the sentence).

    Numbers are read sentence by sentence, exactly as the loader reads a quote, so a
    drafted quote proves the number it was drafted for.
    """
    return [((start, end), read_numbers(text[start:end], include_dates=True)) for start, end in sentences(text)]


def mentions(text: str) -> list[NumberMention]:
    """Every number of text, years and dates included, with offsets in text."""
    return [_shift(m, span[0]) for span, found in _sentence_mentions(text) for m in found]


def uncurated_mentions(document_text: str, figures_spans: Iterable[tuple[int, int]]) -> list[NumberMention]:
    """The figure-like numbers of a text (not years or dates) that no curated figure proves yet.

    figures_spans are the curated figures' (number_start, number_end) in the same text. A
    mention counts as curated when its number overlaps any of them; the rest are returned
    in text order, with offsets in document_text (see anchor.line_and_column for lines).
    """
    # Sorted by start, with the furthest end reached so far: a number [a, b) overlaps a
    # curated span when one of those starting before b ends after a. One bisection per
    # number instead of a pass over every figure (thousands on a long transcript).
    spans = sorted((int(start), int(end)) for start, end in figures_spans)
    starts = [start for start, _ in spans]
    furthest, reach = [], -1
    for _, end in spans:
        reach = max(reach, end)
        furthest.append(reach)

    def curated(m: NumberMention) -> bool:
        before = bisect_left(starts, m.end)
        return before > 0 and furthest[before - 1] > m.number_start

    return [m for m in mentions(document_text) if m.is_figure and not curated(m)]


def _line_finder(text: str) -> Callable[[int], int]:
    """The 1-based line of an offset of text, from its line breaks listed once.

    anchor.line_and_column counts the breaks from the top for each offset: over every
    number of a long transcript that grows with the text times its numbers.
    """
    breaks = [match.start() for match in re.finditer(r"\n", text)]
    return lambda offset: bisect_left(breaks, offset) + 1


def uncurated_rows(document_text: str, figures_spans: Iterable[tuple[int, int]]) -> list[dict[str, str | int]]:
    """The Sources page's "numbers not curated yet": each number as written, its line and the words around it."""
    line_of = _line_finder(document_text)
    return [
        {"Number": m.text.strip(), "Line": line_of(m.start),
         "Context": " ".join(document_text[max(0, m.start - 60):m.end + 60].split())}
        for m in uncurated_mentions(document_text, figures_spans)
    ]


# --------------------------------------------------------------------------- guesses

_CHANGE_WORDS = re.compile(
    r"^(?:rise|rises|rose|risen|rising|increase|increased|increases|increasing|up|grow|grew|grown|growth|"
    r"growing|jump|jumped|boost|boosted|fall|fell|fallen|decline|declined|decrease|decreased|down|drop|dropped|cut)$",
    re.IGNORECASE,
)
_UNIT_SLUGS = {
    "percent_of_gdp": "gdp", "percent_change": "change", "allies": "allies", "countries": "countries",
    "troops": "troops", "artillery_shells_per_year": "shells", "drones": "drones", "years": "years",
}
_MONTH_SLUGS = "jan feb mar apr may jun jul aug sep oct nov dec".split()


def _words(text: str) -> list[str]:
    return [w.strip(".,;:!?()[]\"'“”‘’–—") for w in text.split()]


def _guess_unit(sentence: str, m: NumberMention) -> tuple[str | None, str]:
    """The likely unit of a number and why; None when nothing in the sentence says what it counts."""
    if m.dimension == "money":
        if m.currency and m.currency != US_DOLLARS:  # every money unit is in US dollars: the loader would refuse it
            return None, f"an amount in {m.currency}; no unit is in {m.currency}"
        return "usd_billion", "an amount in US dollars"
    if m.dimension == "multiplier":
        return "times", "a multiplier"
    before, after = _words(sentence[:m.start])[-4:], _words(sentence[m.end:])[:6]
    if m.dimension == "percent":
        if "GDP" in before[-3:] + after:
            return "percent_of_gdp", "\"GDP\" is next to the number"
        change = next((w for w in before + after[:2] if _CHANGE_WORDS.match(w)), None)
        if change:
            return "percent_change", f"\"{change}\" is next to the number"
        return "percent", "neither \"GDP\" nor a word of change is next to the number; is it percent_of_gdp?"
    for unit in UNITS.values():
        if unit.dimension == "count" and unit.nouns and noun_follows(sentence, m, unit.nouns):
            noun = next(n for n in unit.nouns if noun_follows(sentence, m, (n,)))
            return unit.id, f"\"{noun}\" follows the number"
    return None, "nothing after the number says what it counts"


def _guess_period(found: list[NumberMention]) -> str | None:
    years = sorted({int(m.value) for m in found if m.dimension == "year"})
    if not years:
        return None
    return str(years[0]) if len(years) == 1 else f"{years[0]}/{years[-1]}"


def id_prefix(document_id: str) -> str:
    """A short prefix for figure ids: "nato-2024-02-14-pre-ministerial" -> "nato-feb14"."""
    first = document_id.split("-")[0]
    date = re.search(r"(?:^|-)\d{4}-(\d{2})-(\d{2})(?:-|$)", document_id)
    if date and 1 <= int(date.group(1)) <= 12:
        return f"{first}-{_MONTH_SLUGS[int(date.group(1)) - 1]}{int(date.group(2))}"
    return first


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _number_slug(m: NumberMention, unit: str | None) -> str:
    written = m.text[m.number_start - m.start:].lower().replace(",", "")
    written = re.sub(r"us\$|\$|\busd\b|\bus\s+dollars\b|\bdollars\b", " ", written)
    written = re.sub(r"%|\bper\s+cent\b|\bpercent\b", " percent ", written)
    words = [_slug(written)[:40].strip("-") or "number"]
    if unit in _UNIT_SLUGS:
        words.append(_UNIT_SLUGS[unit])
    return "-".join(words)


def _number_text(sentence: str, m: NumberMention, others: list[NumberMention]) -> str:
    """The shortest words around m, written once in the sentence, that touch no other number of its kind."""
    tokens = [(t.start(), t.end()) for t in re.finditer(r"\S+", sentence)]

    def fits(start: int, end: int) -> str:
        candidate = sentence[start:end]
        for trimmed in (candidate.rstrip(",;:.!?\"'”’)"), candidate):
            if (start + len(trimmed) >= m.end and len(anchor.occurrences(sentence, trimmed)) == 1
                    and not any(o.start < start + len(trimmed) and o.end > start for o in others)):
                return trimmed
        return ""

    start, end = m.start, m.end
    while True:
        found = fits(start, end)
        if found:
            return found
        left = [t for t in tokens if t[1] <= start]
        right = [t for t in tokens if t[0] >= end]
        grown = False
        if left and not any(o.start < start and o.end > left[-1][0] for o in others):
            start, grown = left[-1][0], True
        elif right and not any(o.start < right[0][1] and o.end > end for o in others):
            end, grown = right[0][1], True
        if not grown:
            return sentence[m.start:m.end]  # cannot be told apart; the loader will say so


def _plain_number(value: Decimal) -> str:
    return format(value.normalize(), "f")


@dataclass(frozen=True, slots=True)
class DraftFigure:
    id: str
    mention: NumberMention  # offsets in the whole text
    value: Decimal  # in the unit, or the quantity as written when the unit is unknown
    unit: str | None  # None: no guess
    unit_reason: str
    qualifier: str
    period: str | None  # None: no year in the sentence
    quote_start: int
    quote_end: int
    quote: str
    number_text: str | None  # set when the sentence has other numbers of the same kind
    occurrence: int | None  # set when the sentence occurs more than once in the text
    line: int


@dataclass(frozen=True, slots=True)
class NotAFigure:
    mention: NumberMention  # offsets in the whole text
    line: int
    sentence_start: int
    sentence: str


@dataclass(frozen=True, slots=True)
class Draft:
    figures: list[DraftFigure]
    dates: list[NotAFigure]  # years and days of a month, in text order


def draft(text: str, document_id: str, *, taken_ids: Iterable[str] = ()) -> Draft:
    """Guess one figure per figure-like number of text; list its years and dates apart."""
    used = set(taken_ids)
    prefix = id_prefix(document_id)
    figures: list[DraftFigure] = []
    dates: list[NotAFigure] = []
    # Each sentence is searched for once, not once per number in it: a search of the whole
    # text per number grows with the text times its numbers.
    line_of = _line_finder(text)
    occurrences_of: dict[str, list[int]] = {}
    for (q_start, q_end), found in _sentence_mentions(text):
        sentence = text[q_start:q_end]
        for m in found:
            absolute = _shift(m, q_start)
            if not m.is_figure:
                dates.append(NotAFigure(absolute, line_of(absolute.start), q_start, sentence))
                continue
            unit, reason = _guess_unit(sentence, m)
            value = m.value / UNITS[unit].scale if unit else m.value
            base = f"{prefix}-{_number_slug(m, unit)}"
            fig_id, n = base, 1
            while fig_id in used:
                n += 1
                fig_id = f"{base}-{n}"
            used.add(fig_id)
            same_kind = [o for o in found if o is not m and o.dimension == m.dimension]
            if sentence not in occurrences_of:
                occurrences_of[sentence] = anchor.occurrences(text, sentence)
            starts = occurrences_of[sentence]
            figures.append(DraftFigure(
                id=fig_id, mention=absolute, value=value, unit=unit, unit_reason=reason,
                qualifier=m.qualifier, period=_guess_period(found),
                quote_start=q_start, quote_end=q_end, quote=sentence,
                number_text=_number_text(sentence, m, same_kind) if same_kind else None,
                occurrence=starts.index(q_start) + 1 if len(starts) > 1 else None,
                line=line_of(absolute.start),
            ))
    return Draft(figures, dates)


# --------------------------------------------------------------------------- YAML

_YAML_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escaped(ch: str) -> str:
    """One character as written inside a YAML double-quoted scalar."""
    if ch in _YAML_ESCAPES:
        return _YAML_ESCAPES[ch]
    if not ch.isprintable() or ch in "\u2028\u2029\ufeff\x85":
        return f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}"
    return ch


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar that reads back as exactly text (line breaks and odd spaces escaped)."""
    return '"' + "".join(map(_escaped, text)) + '"'


def _visible(text: str) -> str:
    """Text from a source for a comment or a message, with control and formatting characters escaped.

    In a comment, a line break would end it and start lines YAML reads as keys, and PyYAML
    refuses the whole file over one control character ("unacceptable character #x001b");
    in a message, they move the terminal's cursor.
    """
    return "".join(_escaped(ch) if unicodedata.category(ch)[0] == "C" or ch in "\u2028\u2029" else ch
                   for ch in text)


def _said(path: str) -> str:
    """A file name or path for a comment or a message: as it is when plain, else double-quoted with escapes.

    A line break in a file name, written raw, would end the draft's comment and start keys of
    its own ("a\\nschema_version: 9.txt"). Quoted whenever a character needs an escape, so
    the escape of a line break cannot be read as a backslash and an n; a byte that is not
    UTF-8 is shown as \\xNN.
    """
    if _quoted(path)[1:-1] == path:
        return path
    return '"' + "".join(f"\\x{ord(ch) - 0xDC00:02x}" if 0xDC80 <= ord(ch) <= 0xDCFF else _escaped(ch) for ch in path) + '"'


def _todo(what: str) -> str:
    return _quoted(f"{PLACEHOLDER}: {what}")


def _choices(options: Iterable[str]) -> str:
    options = list(options)
    return options[0] if len(options) == 1 else ", ".join(options[:-1]) + " or " + options[-1]


def _short(sentence: str, m: NumberMention, start: int) -> str:
    """The words around a number, for a comment: "… invest ... in 2024, NATO ..."."""
    at = m.start - start
    left = sentence[max(0, at - 40):at]
    right = sentence[at:at + 50]
    text = ("…" if at > 40 else "") + left + right + ("…" if at + 50 < len(sentence) else "")
    return " ".join(text.split())


def draft_yaml(text: str, text_name: str, document_id: str, *, taken_ids: Iterable[str] = ()) -> str:
    """A draft curated file for the source text text_name (a file name in data/sources/).

    Laid out like the curated files; every value only a reader can write is "TODO: ...",
    which the loader rejects, and every guess carries a "# guessed" comment. taken_ids are
    figure ids already used elsewhere, so the drafted ids do not clash with them. Any name
    is represented: escaped in the `text:` scalar and, quoted, in the comment that names it;
    text from the source in comments has its control characters escaped. The file parses to
    the same keys whatever the name or the text (the command refuses a name that is not UTF-8).
    """
    result = draft(text, document_id, taken_ids=taken_ids)
    sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    out: list[str] = [
        "# yaml-language-server: $schema=../schema/curated.schema.json",
        f"# DRAFT written by `defence-figures draft` from {_said(f'data/sources/{text_name}')}:",
        f"# {len(result.figures)} figure{'' if len(result.figures) == 1 else 's'}, one for each number the text writes. "
        "Before it is curated:",
        "#   - replace every \"TODO: ...\": `defence-figures validate` rejects the file while one is left;",
        "#   - check every \"# guessed\" unit and period, and that each quote is the sentence you mean;",
        "#   - delete the figures not worth curating, and shorten the ids you keep (never rename them later).",
        f"schema_version: {SCHEMA_VERSION}",
        "document:",
        f"  id: {document_id}",
        f"  role: {_todo(_choices(ROLES))}",
        f"  title: {_todo('the headline or title exactly as published')}",
        f"  producer: {_todo('who published it (the agency or organisation)')}",
        "  # speaker: \"whose words are quoted, with their office\" (optional)",
        "  # event: \"where the words were said\" (optional)",
        f"  date_published: {_todo('the day of publication, YYYY-MM-DD')}",
        f"  url_main: {_todo('the address of the original, or null when it is not known (say so in notes)')}",
        f"  completeness: {_todo(_choices(COMPLETENESS) + ' (then say which part in excerpt_covers)')}",
        f"  text: {_quoted(text_name)}",
        f"  sha256: {sha256}",
        f"  citation_full: {_todo('a full citation a reader can copy')}",
        "  # notes: \"what a reader should know about this document\" (optional)",
        "",
    ]
    if result.dates:
        out.append("# Numbers that are only years or dates, not figures:")
        for date in result.dates:
            what = "a year" if date.mention.dimension == "year" else "a day of a month"
            out.append(f"#   {_visible(date.mention.text.strip())} (line {date.line}): {what}, not a figure: "
                       f"\"{_visible(_short(date.sentence, date.mention, date.sentence_start))}\"")
    if not result.figures:
        out.append("figures: []")
        return "\n".join(out) + "\n"
    out.append("figures:")
    for fig in result.figures:
        m = fig.mention
        if fig.unit:
            unit = f"{fig.unit}  # guessed: {fig.unit_reason}"
            value = _plain_number(fig.value)
        else:
            unit = (f"{_todo(_choices(u.id for u in UNITS.values() if u.dimension == m.dimension))}"
                    f"  # {fig.unit_reason}")
            value = f"{_plain_number(fig.value)}  # the quantity as written: divide it by the unit's scale"
        qualifier = fig.qualifier + (f"  # the text says \"{_visible(m.qualifier_text)}\"" if m.qualifier_text else "")
        period = (f"{_quoted(fig.period)}  # guessed from the years in the sentence" if fig.period
                  else _todo("the year or interval the number is about: 2024, 2014/2024, 2024-02 or 2024/.."))
        out += [
            f"  - id: {fig.id}  # \"{_visible(' '.join(m.text.split()))}\", line {fig.line}",
            f"    label: {_todo('what the number counts, in plain words, without the number')}",
            f"    value: {value}",
            f"    unit: {unit}",
            f"    qualifier: {qualifier}",
            f"    period: {period}",
            f"    scope: {_todo('which countries or forces the number covers')}",
            f"    kind: {_todo(_choices(KINDS))}",
            f"    basis: {_todo(_choices(BASES))}",
            f"    topic: {_todo(_choices(TOPICS))}",
            f"    quote: {_quoted(fig.quote)}",
        ]
        if fig.occurrence:
            out.append(f"    occurrence: {fig.occurrence}")
        if fig.number_text:
            out.append(f"    number_text: {_quoted(fig.number_text)}")
        out += [
            f"    reports: {_todo('for a statement or report, the id of the record figure it reports; delete this line for a record')}",
            f"    verdict: {_todo(_choices(VERDICTS) + '; delete it with reports')}",
            "",
        ]
    return "\n".join(out).rstrip("\n") + "\n"


# --------------------------------------------------------------------------- command

def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `draft` subcommand to the defence-figures parser."""
    parser = subparsers.add_parser(
        "draft", help="write a draft curated file for a source text, one figure per number",
        description="Read a source text and write a draft curated file: the document block with the "
                    "text's sha256, one figure per number with a guessed unit, qualifier and period and "
                    "its sentence as the quote, and TODO placeholders for what a reader must decide. "
                    "It never overwrites a file. The text's file name is written with YAML escapes, so any "
                    "name (a line break, a quotation mark) reads back exactly; a name that is not UTF-8 is refused.",
    )
    parser.add_argument("text", help="the source text, such as data/sources/NEW.txt")
    parser.add_argument("--document-id", help="the new document's id (default: the text's file name without .txt)")
    parser.add_argument("--output", "-o", metavar="PATH",
                        help="write the draft here, refused when PATH exists; '-' for standard output "
                             "(default: curated/DOCUMENT-ID.yaml, or standard output when that file exists)")
    parser.set_defaults(run=run)
    return parser


def _shown(path: Path) -> str:
    """The path as the user can type it from here: relative to the working directory, else absolute; escaped as _said."""
    try:
        return _said(path.resolve().relative_to(Path.cwd().resolve()).as_posix())
    except ValueError:
        return _said(path.resolve().as_posix())


def _free_path(path: Path) -> Path:
    n = 2
    while True:
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        if not candidate.exists():
            return candidate
        n += 1


def _write_new(path: Path, text: str) -> None:
    with path.open("x", encoding="utf-8", newline="\n") as handle:  # "x": never replaces a file
        handle.write(text)


def _taken_ids(base: Path) -> tuple[set[str], set[str]]:
    """The document and figure ids of the curated corpus, so the draft's ids do not clash with them."""
    from defence_figures.corpus.load import load_corpus

    curated = paths.curated_dir(base)
    if not curated.is_dir():
        return set(), set()
    result = load_corpus(curated, paths.sources_dir(base), root=base)
    documents = set(result.corpus.documents) | set(result.withheld_documents)
    figures = set(result.corpus.figures) | set(result.withheld_figures)
    return documents, figures


def run(args: argparse.Namespace) -> int:
    source = Path(args.text)
    try:
        data = paths.read_regular_file(source, MAX_SOURCE_BYTES)
    except (OSError, ValueError) as error:
        print(f"{_said(str(source))}: cannot read it ({getattr(error, 'strerror', None) or error})", file=sys.stderr)
        return 2
    if len(data) > MAX_SOURCE_BYTES:
        print(f"{_said(str(source))}: is over {MAX_SOURCE_BYTES:,} bytes, the most a source text may be", file=sys.stderr)
        return 2
    not_utf8 = next((ord(ch) - 0xDC00 for ch in source.name if 0xDC80 <= ord(ch) <= 0xDCFF), None)
    if not_utf8 is not None:
        # The curated file is UTF-8 text and must name its source exactly; a byte that is not
        # UTF-8 has no YAML escape (\udcXX is no character), so such a name is refused, not guessed.
        print(f"{_said(str(source))}: the file name is not UTF-8 (byte 0x{not_utf8:02x}); rename the file "
              "with UTF-8 characters, as the curated file names it in UTF-8", file=sys.stderr)
        return 2
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        print(f"{_said(str(source))}: byte {error.start} is not UTF-8; save the text as UTF-8 first", file=sys.stderr)
        return 2
    document_id = args.document_id or _slug(source.stem)
    if not re.fullmatch(ID_PATTERN, document_id):  # re.match lets "x\n" through: $ also matches before a final line break
        print(f"'{_visible(document_id)}' cannot be a document id: use lower-case letters and digits joined by hyphens, "
              f"such as --document-id {_slug(document_id) or 'nato-2024-02-14-news-story'}", file=sys.stderr)
        return 2
    base = paths.root()
    sources = paths.sources_dir(base)
    if source.resolve().parent != sources.resolve():
        print(f"note: the loader reads texts from {_shown(sources)}/; copy {_said(source.name)} there, byte for byte, "
              "before validating the draft", file=sys.stderr)
    documents, figure_ids = _taken_ids(base)
    if document_id in documents:
        print(f"note: a curated document already has the id '{document_id}'; "
              "pass --document-id with a new one before curating", file=sys.stderr)
    result = draft(text, document_id, taken_ids=figure_ids)
    yaml_text = draft_yaml(text, source.name, document_id, taken_ids=figure_ids)

    if args.output == "-":
        sys.stdout.write(yaml_text)
        where, target = "standard output", None
    elif args.output:
        target = Path(args.output)
        try:
            _write_new(target, yaml_text)
        except FileExistsError:
            print(f"{_shown(target)} already exists; the draft never overwrites a file. "
                  f"Choose another path, such as --output {_shown(_free_path(target))}", file=sys.stderr)
            return 2
        except OSError as error:
            print(f"cannot write {_shown(target)}: {error.strerror}", file=sys.stderr)
            return 2
        where = _shown(target)
    else:
        target = paths.curated_dir(base) / f"{document_id}.yaml"
        try:
            _write_new(target, yaml_text)
            where = _shown(target)
        except OSError as error:
            reason = "already exists" if isinstance(error, FileExistsError) else f"cannot be written ({error.strerror})"
            sys.stdout.write(yaml_text)
            print(f"{_shown(target)} {reason}, so the draft is not saved: it went to standard output",
                  file=sys.stderr)
            where, target = "standard output", None
    print(f"wrote a draft with {len(result.figures)} figures to {where} "
          f"({len(result.dates)} years and dates listed as comments).", file=sys.stderr)
    if target is not None:
        print(f"Fill in every TODO and check every guess, then run: defence-figures validate {_shown(target)}",
              file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="defence-figures")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["draft", *(sys.argv[1:] if argv is None else argv)])
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
