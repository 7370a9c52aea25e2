"""Read the numbers written in a sentence: money, shares, counts and multipliers, and the years and dates that are not figures."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from text_to_num import text2num

_UNITS_WORDS = (
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"
).split()
_TENS_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12, "bn": 10**9}
_MONTHS = (
    "January February March April May June July August September October November December"
).split()

_QUALIFIERS = {
    "more than": "more_than", "over": "more_than", "above": "more_than", "in excess of": "more_than",
    "upwards of": "more_than",
    "at least": "at_least", "no less than": "at_least",
    "approximately": "approximately", "around": "approximately", "about": "approximately",
    "roughly": "approximately", "some": "approximately", "close to": "approximately",
    "an estimated": "approximately", "estimated": "approximately",
    "nearly": "nearly", "almost": "nearly", "just under": "nearly", "just below": "nearly",
    "less than": "less_than", "fewer than": "less_than", "under": "less_than", "below": "less_than",
    "up to": "up_to",
}


def _alternation(words) -> str:
    return "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True))


_TENS_UNIT = rf"(?:{'|'.join(_TENS_WORDS)})(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine)(?:\b|(?=fold\b)))?"
_SMALL = rf"(?:{_TENS_UNIT}|{'|'.join(_UNITS_WORDS)})"
# Word numbers without their scale: "ten", "ninety-nine", "two hundred", "one hundred and five".
# "one" and "a" count only before a scale word ("one million"): alone they are too
# often not numbers at all ("no one", "one of the").
_WORDS = rf"(?:(?:{_SMALL}|one|a)\s+hundred(?:\s+(?:and\s+)?(?:{_SMALL}|one)\b)?|{_SMALL}|(?P<lone>one|a)(?=\s+(?:thousand|million|billion|trillion)\b))"  # noqa: E501  one alternation, read whole
# Thousands written with commas (90,000) or, as many agencies and SI do, with spaces (10 000,
# 90\u00a0000, 1\u202f000\u202f000): a space-separated group has exactly three digits.
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[ \u00a0\u202f]\d{3}(?!\d))+|\d+(?:\.\d+)?)"

# Found in two steps, because one pattern that starts with twenty optional qualifiers is
# tried at every character and cost most of a load (bench/load_bench.py): first the
# number itself, then what is written just before it (hedge, currency) and after it
# (fold, scale, percent, currency).
# Every number starts with a digit or with the first letter of a number word; a cheap
# look-ahead on those characters lets the engine skip every other position at once.
_FIRST_CHARACTERS = "".join(sorted({w[0] for w in _UNITS_WORDS + _TENS_WORDS + ["one", "a"]}))
_CORE = re.compile(
    rf"""
    (?=[\d{_FIRST_CHARACTERS}{_FIRST_CHARACTERS.upper()}])
    (?:
        (?<![\w.,])(?<![^\W\d_]-)(?P<digits>{_DIGITS})(?!(?!bn\b)\w|\.\d|,\d)  # not "F-16"; "$380bn" is
      | (?<![\w-])(?P<words>{_WORDS})(?:\b|(?=fold\b))  # "sixfold" is one word
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)
_BEFORE = re.compile(
    rf"(?:(?<!\w)(?P<qual>{_alternation(_QUALIFIERS)})\s+)?(?P<cur>(?:US\$|\$|USD) ?)?\Z",
    re.IGNORECASE,
)
_AFTER = re.compile(
    r"""
    (?P<fold>-?\s?fold\b)?
    (?:(?:\s+|(?=bn\b))(?P<scale>thousand|million|billion|trillion|bn)\b)?
    (?P<pct>\s?%|\s+percent\b|\s+per\s+cent\b)?
    (?:\s+(?P<cur2>US\s+dollars|dollars|USD)\b)?
    """,
    re.IGNORECASE | re.VERBOSE,
)
_THOUSANDS_SEPARATORS = re.compile("[, \u00a0\u202f]")
_LOOK_BACK = 40  # longer than any hedge and currency ("in excess of US$")
# A hedge or a currency can only be there when the number is preceded by one of these;
# checking that first spares the look-back search for almost every number.
_QUALIFIER_LAST_WORDS = frozenset(q.split()[-1] for q in _QUALIFIERS)
_WORD_BEFORE = re.compile(r"(\S+)\s+\Z")


def _hedged_or_priced(text: str, start: int) -> bool:
    if start and text[start - 1] in "$Dd ":
        if text[start - 1] != " " or text[max(0, start - 4):start].upper() in ("USD ", "US$ ") \
                or text[max(0, start - 2):start] == "$ ":
            return True
    word = _WORD_BEFORE.search(text, max(0, start - 20), start)
    return word is not None and word.group(1).lower() in _QUALIFIER_LAST_WORDS


_MONTH_AFTER = re.compile(rf"\s+(?:{'|'.join(_MONTHS)})\b")
_MONTH_BEFORE = re.compile(rf"(?:{'|'.join(_MONTHS)})\s+\Z")


@dataclass(frozen=True, slots=True)
class NumberMention:
    start: int
    end: int
    text: str  # as written, qualifier included: "more than $600 billion"
    number: Decimal  # the number as written before its scale: 600
    value: Decimal  # the quantity it writes: 600000000000
    dimension: str  # money, percent, count, multiplier, year, date
    qualifier: str  # exact, approximately, more_than, at_least, less_than, up_to
    qualifier_text: str  # the words used: "more than", "an estimated", or ""
    number_start: int  # where the number itself starts, after any qualifier

    @property
    def is_figure(self) -> bool:
        return self.dimension not in ("year", "date")


@lru_cache(maxsize=256)
def _word_value(words: str) -> int:
    cleaned = re.sub(r"\s+", " ", words.lower()).strip()
    if cleaned in ("a", "one"):
        return 1
    return int(text2num(cleaned.replace("a hundred", "one hundred"), "en"))


def _is_year(digits: str | None, number: Decimal, marked: bool) -> bool:
    """A bare four-digit number from 1800 to 2100 with no unit around it is a year."""
    return digits is not None and len(digits) == 4 and digits.isdigit() and 1800 <= number <= 2100 and not marked


def _is_day_of_month(text: str, core: re.Match, number: Decimal) -> bool:
    digits = core.group("digits")
    if digits is None or not (1 <= number <= 31) or "." in digits:
        return False
    after = text[core.end():core.end() + 12]
    before = text[max(0, core.start() - 12):core.start()]
    return bool(_MONTH_AFTER.match(after) or _MONTH_BEFORE.search(before))


def read_numbers(text: str, *, include_dates: bool = False) -> list[NumberMention]:
    """Every number written in text, in order; years and days of a month only when include_dates."""
    mentions: list[NumberMention] = []
    taken = 0  # the end of the previous mention: a hedge or a currency is never shared
    for core in _CORE.finditer(text):
        core_start = core.start()
        if core_start < taken:
            continue
        digits, words = core.group("digits", "words")
        after = _AFTER.match(text, core.end())
        fold, scale_word, pct, cur2 = after.group("fold", "scale", "pct", "cur2")
        if digits:
            number = Decimal(_THOUSANDS_SEPARATORS.sub("", digits))
        else:
            if core.group("lone") and not scale_word:
                continue
            number = Decimal(_word_value(words))
        qual = cur = None
        start = number_start = core_start
        if _hedged_or_priced(text, core_start):
            before = _BEFORE.search(text, max(taken, core_start - _LOOK_BACK), core_start)
            qual, cur = before.group("qual", "cur")
            start = before.start()
            if cur:
                number_start = before.start("cur")
        if fold:
            dimension = "multiplier"
        elif pct:
            dimension = "percent"
        elif cur or cur2:
            dimension = "money"
        elif _is_year(digits, number, bool(scale_word)):
            dimension = "year"
        elif not scale_word and _is_day_of_month(text, core, number):
            dimension = "date"
        else:
            dimension = "count"
        end = taken = after.end()
        if not include_dates and dimension in ("year", "date"):
            continue
        qualifier_text = " ".join(qual.split()) if qual else ""
        mentions.append(NumberMention(
            start=start,
            end=end,
            text=text[start:end],
            number=number,
            value=number * _SCALES[scale_word.lower()] if scale_word else number,
            dimension=dimension,
            qualifier=_QUALIFIERS[qualifier_text.lower()] if qualifier_text else "exact",
            qualifier_text=qualifier_text,
            number_start=number_start,
        ))
    return mentions
