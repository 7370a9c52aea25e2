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
    "roughly": "approximately", "some": "approximately", "nearly": "approximately",
    "almost": "approximately", "close to": "approximately", "an estimated": "approximately",
    "estimated": "approximately",
    "less than": "less_than", "fewer than": "less_than", "under": "less_than", "below": "less_than",
    "up to": "up_to",
}


def _alternation(words) -> str:
    return "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True))


_TENS_UNIT = rf"(?:{'|'.join(_TENS_WORDS)})(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine)\b)?"
_SMALL = rf"(?:{_TENS_UNIT}|{'|'.join(_UNITS_WORDS)})"
# Word numbers without their scale: "ten", "ninety-nine", "two hundred", "one hundred and five".
# "one" and "a" count only before a scale word ("one million"): alone they are too
# often not numbers at all ("no one", "one of the").
_WORDS = rf"(?:(?:{_SMALL}|one|a)\s+hundred(?:\s+(?:and\s+)?{_SMALL})?|{_SMALL}|(?P<lone>one|a)(?=\s+(?:thousand|million|billion|trillion)\b))"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"

_MENTION = re.compile(
    rf"""
    (?:(?P<qual>{_alternation(_QUALIFIERS)})\s+)?
    (?P<cur>US\$|\$|USD\s?)?
    (?:
        (?<![\w.,])(?<![^\W\d_]-)(?P<digits>{_DIGITS})(?![\w]|\.\d|,\d)  # not "F-16": part of a name
      | (?<![\w-])(?P<words>{_WORDS})(?:\b|(?=fold\b))  # "sixfold" is one word
    )
    (?P<fold>-?\s?fold\b)?
    (?:\s+(?P<scale>thousand|million|billion|trillion|bn)\b)?
    (?P<pct>\s?%|\s+percent\b|\s+per\s+cent\b)?
    (?:\s+(?P<cur2>US\s+dollars|dollars|USD)\b)?
    """,
    re.IGNORECASE | re.VERBOSE,
)
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


def _is_year(match: re.Match, number: Decimal) -> bool:
    digits = match.group("digits")
    return (
        digits is not None
        and len(digits) == 4
        and digits.isdigit()
        and 1800 <= number <= 2100
        and not (match.group("cur") or match.group("cur2") or match.group("scale") or match.group("pct") or match.group("fold"))
    )


def _is_day_of_month(text: str, match: re.Match, number: Decimal) -> bool:
    if match.group("digits") is None or not (1 <= number <= 31) or "." in match.group("digits"):
        return False
    if match.group("pct") or match.group("cur") or match.group("scale"):
        return False
    after = text[match.end("digits"):match.end("digits") + 12]
    before = text[max(0, match.start("digits") - 12):match.start("digits")]
    return bool(_MONTH_AFTER.match(after) or _MONTH_BEFORE.search(before))


def read_numbers(text: str, *, include_dates: bool = False) -> list[NumberMention]:
    """Every number written in text, in order; years and days of a month only when include_dates."""
    mentions: list[NumberMention] = []
    for match in _MENTION.finditer(text):
        if match.group("digits"):
            number = Decimal(match.group("digits").replace(",", ""))
            number_start = match.start("digits")
        else:
            if match.group("lone") and not match.group("scale"):
                continue
            number = Decimal(_word_value(match.group("words")))
            number_start = match.start("words")
        if match.group("cur"):
            number_start = match.start("cur")
        scale = _SCALES[match.group("scale").lower()] if match.group("scale") else 1
        if match.group("fold"):
            dimension = "multiplier"
        elif match.group("pct"):
            dimension = "percent"
        elif match.group("cur") or match.group("cur2"):
            dimension = "money"
        elif _is_year(match, number):
            dimension = "year"
        elif _is_day_of_month(text, match, number):
            dimension = "date"
        else:
            dimension = "count"
        if not include_dates and dimension in ("year", "date"):
            continue
        qualifier_text = re.sub(r"\s+", " ", match.group("qual") or "")
        mentions.append(NumberMention(
            start=match.start(),
            end=match.end(),
            text=match.group(0),
            number=number,
            value=number * scale,
            dimension=dimension,
            qualifier=_QUALIFIERS[qualifier_text.lower()] if qualifier_text else "exact",
            qualifier_text=qualifier_text,
            number_start=number_start,
        ))
    return mentions
