"""Read the numbers written in a sentence: money, shares, counts and multipliers, and the years and dates that are not figures."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import MAX_PREC, Context, Decimal
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
    "at least": "at_least", "no less than": "at_least", "not less than": "at_least", "no fewer than": "at_least",
    "not fewer than": "at_least", "a minimum of": "at_least", "minimum of": "at_least",
    # "no more than 2%" caps at 2%: read whole, never as the "more than" inside it.
    "at most": "at_most", "no more than": "at_most", "not more than": "at_most", "a maximum of": "at_most",
    "maximum of": "at_most",
    "approximately": "approximately", "around": "approximately", "about": "approximately",
    "roughly": "approximately", "some": "approximately", "close to": "approximately",
    "an estimated": "approximately", "estimated": "approximately",
    "nearly": "nearly", "almost": "nearly", "just under": "nearly", "just below": "nearly",
    "less than": "less_than", "fewer than": "less_than", "under": "less_than", "below": "less_than",
    "up to": "up_to",
}
# A bound written after the number and the words it counts: "2% or more", "31 Allies or fewer".
_QUALIFIERS_AFTER = {"more": "at_least", "above": "at_least", "over": "at_least", "higher": "at_least",
                     "greater": "at_least", "less": "at_most", "fewer": "at_most", "below": "at_most", "under": "at_most"}

US_DOLLARS = "US dollars"
# Currencies as written before or after a number, and the names messages give them.
# "$" alone is the US dollar, as in every curated source; any other "X$" is another dollar.
_DOLLAR_PREFIXES = {
    "C": "Canadian dollars", "CA": "Canadian dollars", "A": "Australian dollars", "AU": "Australian dollars",
    "HK": "Hong Kong dollars", "NZ": "New Zealand dollars", "R": "Brazilian reais", "S": "Singapore dollars",
    "CAN": "Canadian dollars", "NT": "New Taiwan dollars", "MX": "Mexican pesos", "US": US_DOLLARS,
}
_CURRENCY_SYMBOLS = {"€": "euros", "£": "pounds sterling", "¥": "yen or yuan", "₹": "Indian rupees",
                     "₽": "Russian roubles", "₩": "South Korean won", "₺": "Turkish lira"}
_CURRENCY_CODES = {
    "USD": US_DOLLARS, "EUR": "euros", "GBP": "pounds sterling", "JPY": "yen", "CNY": "yuan", "CAD": "Canadian dollars",
    "AUD": "Australian dollars", "HKD": "Hong Kong dollars", "NZD": "New Zealand dollars", "SGD": "Singapore dollars",
    "BRL": "Brazilian reais", "CHF": "Swiss francs", "SEK": "Swedish kronor", "NOK": "Norwegian kroner",
    "DKK": "Danish kroner", "PLN": "Polish zloty", "TRY": "Turkish lira", "INR": "Indian rupees", "RUB": "Russian roubles",
}
_CURRENCY_WORDS = {
    "us dollars": US_DOLLARS, "u.s. dollars": US_DOLLARS, "dollars": US_DOLLARS, "canadian dollars": "Canadian dollars",
    "australian dollars": "Australian dollars", "hong kong dollars": "Hong Kong dollars",
    "new zealand dollars": "New Zealand dollars", "singapore dollars": "Singapore dollars", "euros": "euros",
    "pounds sterling": "pounds sterling", "pounds": "pounds sterling", "sterling": "pounds sterling", "yen": "yen",
    "yuan": "yuan", "reais": "Brazilian reais", "roubles": "Russian roubles", "rubles": "Russian roubles",
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
_SYMBOLS = "".join(_CURRENCY_SYMBOLS)
_BEFORE = re.compile(
    rf"""
    (?:(?<!\w)(?P<qual>{_alternation(_QUALIFIERS)})\s+)?
    # "-2%", "–2%" (as typeset), "minus 2%"; never the hyphen of "F-16" or "2-3"
    (?P<sign>(?<![\w.,])[-\u2013\u2212]|(?<!\w)minus\s+)?
    # Letters glued to "$" name another dollar ("C$", "Can$"), unless they are "US".
    (?P<cur>(?<![A-Za-z])(?:(?-i:US\$|{'|'.join(_CURRENCY_CODES)})|(?P<dollar>[A-Za-z]{{1,3}})\$|\$|[{_SYMBOLS}])\ ?)?
    \Z
    """,
    re.IGNORECASE | re.VERBOSE,
)
_AFTER = re.compile(
    rf"""
    (?P<fold>-?\s?fold\b)?
    (?:(?:\s+|(?=bn\b))(?P<scale>thousand|million|billion|trillion|bn)\b)?
    (?P<pct>\s?%|\s+percent\b|-percent\b|\s+per\s+cent\b)?  # "the two-percent target"
    (?:\s+(?P<cur2>{_alternation(_CURRENCY_WORDS)}|(?-i:{'|'.join(_CURRENCY_CODES)}))\b)?
    """,
    re.IGNORECASE | re.VERBOSE,
)
# Up to three words (what is counted) and then "or more": never "or more than", the next number's hedge.
_BOUND_AFTER = re.compile(
    rf"(?:\s+[^\W\d]+){{0,3}}?\s+or\s+(?P<bound>{'|'.join(_QUALIFIERS_AFTER)})\b(?!\s+than\b)", re.IGNORECASE)
# What joins the two ends of a range: "2-3%", "2–3%", "2 to 3%", "between 2 and 3%".
_RANGE_JOIN = re.compile(r"\s?[-\u2013]\s?|\s+to\s+|\s+and\s+", re.IGNORECASE)
_RANGE_OPENING = re.compile(r"(?:\bbetween|\bfrom)\s+\Z", re.IGNORECASE)
_THOUSANDS_SEPARATORS = re.compile("[, \u00a0\u202f]")
_LOOK_BACK = 40  # longer than any hedge, sign and currency ("in excess of minus US$")
# A hedge, a sign or a currency can only be there when the number is preceded by one of these;
# checking that first spares the look-back search for almost every number.
_WORDS_BEFORE = frozenset(q.split()[-1] for q in _QUALIFIERS) | {"minus"} | {c.lower() for c in _CURRENCY_CODES}
_MARKS_BEFORE = "$-\u2013\u2212" + _SYMBOLS
_WORD_BEFORE = re.compile(r"(\S+)\s+\Z")


def _hedged_signed_or_priced(text: str, start: int) -> bool:
    if not start:
        return False
    if text[start - 1] in _MARKS_BEFORE or (text[start - 1] == " " and start > 1 and text[start - 2] in _MARKS_BEFORE):
        return True
    word = _WORD_BEFORE.search(text, max(0, start - 20), start)
    return word is not None and word.group(1).lower() in _WORDS_BEFORE


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
    qualifier: str  # exact, approximately, more_than, at_least, at_most, less_than, nearly, up_to
    qualifier_text: str  # the words used: "more than", "an estimated", "or more" (after the number), or ""
    number_start: int  # where the number itself starts, after any qualifier; a sign is part of the number
    currency: str = ""  # for money: US_DOLLARS, or the other currency written ("Canadian dollars", "euros")
    low: Decimal | None = None  # for a range ("2-3%"): the quantity it starts at; value is where it ends

    @property
    def is_figure(self) -> bool:
        return self.dimension not in ("year", "date")

    def read_as_count(self) -> NumberMention:
        """The same words read as a count: a curator's word for "2000 troops", which reads as a year."""
        return replace(self, dimension="count")


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


def _currency(cur: str | None, dollar: str | None, cur2: str | None) -> str:
    """The currency written before or after a number; another currency wins over a plain "$" or "dollars"."""
    named = []
    if cur:
        cur = cur.strip()
        if dollar:
            named.append(_DOLLAR_PREFIXES.get(dollar.upper()) or _CURRENCY_CODES.get(dollar.upper()) or f"{dollar}$ dollars")
        else:
            named.append(US_DOLLARS if cur in ("$", "US$") else _CURRENCY_SYMBOLS.get(cur) or _CURRENCY_CODES[cur])
    if cur2:
        named.append(_CURRENCY_CODES.get(cur2) or _CURRENCY_WORDS[" ".join(cur2.lower().split())])
    return next((name for name in named if name != US_DOLLARS), US_DOLLARS)


def _range_start(text: str, previous: NumberMention | None, start: int, dimension: str) -> int | None:
    """Where a range starts when the number at start ends one that previous opens: "2-3%", "2 to 3%", "between 2 and 3%"."""
    if previous is None or dimension in ("year", "date") or not previous.is_figure:
        return None
    join = _RANGE_JOIN.fullmatch(text, previous.end, start)
    if join is None:
        return None
    opened = _RANGE_OPENING.search(text, max(0, previous.start - 10), previous.start)
    if "and" in join.group().lower():
        between = opened is not None and opened.group().lower().startswith("between")
        return opened.start() if between else None
    if "to" in join.group().lower() and opened is not None:
        return None  # "from 2 to 3%" is a change, not a range
    return previous.start


# Multiplying, and moving the decimal point, are exact in it; dividing would never end, so nothing divides in it.
_UNROUNDED = Context(prec=MAX_PREC)


def times_scale(number: Decimal, scale: int) -> Decimal:
    """number times its scale, exactly: the default context's 28 digits would round the 29th away."""
    return _UNROUNDED.multiply(number, scale)


def per_scale(quantity: Decimal, scale: int) -> Decimal:
    """quantity divided by its scale, a power of ten (a unit's scale, 10**9 for billions), exactly."""
    if str(scale).rstrip("0") != "1":
        raise ValueError(f"a unit's scale is a power of ten, not {scale}")
    return quantity.scaleb(1 - len(str(scale)), _UNROUNDED)


def read_numbers(text: str, *, include_dates: bool = False) -> list[NumberMention]:
    """Every number written in text, in order; years and days of a month only when include_dates."""
    mentions: list[NumberMention] = []
    taken = 0  # the end of the previous mention: a hedge or a currency is never shared
    previous: NumberMention | None = None  # the number just before, which may open a range
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
        qual = sign = cur = dollar = None
        start = number_start = core_start
        if _hedged_signed_or_priced(text, core_start):
            before = _BEFORE.search(text, max(taken, core_start - _LOOK_BACK), core_start)
            qual, sign, cur, dollar = before.group("qual", "sign", "cur", "dollar")
            start = before.start()
            if sign and previous is not None and previous.end == start:
                # The hyphen of "2%-3%" joins a range; the range is read below.
                sign, start = None, before.start("cur") if cur else core_start
            if sign or cur:
                number_start = before.start("sign" if sign else "cur")
        if sign:
            number = number.copy_negate()
        if fold:
            dimension = "multiplier"
        elif pct:
            dimension = "percent"
        elif cur or cur2:
            dimension = "money"
        elif _is_year(digits, number, bool(scale_word or sign)):
            dimension = "year"
        elif not scale_word and _is_day_of_month(text, core, number):
            dimension = "date"
        else:
            dimension = "count"
        end = taken = after.end()
        value = times_scale(number, _SCALES[scale_word.lower()]) if scale_word else number
        qualifier_text = " ".join(qual.split()) if qual else ""
        qualifier = _QUALIFIERS[qualifier_text.lower()] if qualifier_text else "exact"
        bound = _BOUND_AFTER.match(text, end)
        if bound and not qualifier_text:
            qualifier_text, qualifier = f"or {bound.group('bound').lower()}", _QUALIFIERS_AFTER[bound.group("bound").lower()]
        currency = _currency(cur, dollar, cur2) if cur or cur2 else ""
        low = None
        range_start = _range_start(text, previous, start, dimension)
        if range_start is not None:
            # "2-3%" and "$2-3 billion": the unit and the scale written after the second end are the first's too.
            low = previous.value if previous.value != previous.number or not scale_word else times_scale(
                previous.number, _SCALES[scale_word.lower()])
            if dimension == "count":
                dimension = previous.dimension
            if previous.qualifier_text:
                qualifier_text, qualifier = previous.qualifier_text, previous.qualifier
            start, number_start = range_start, previous.number_start
            if previous.currency and (not currency or currency == US_DOLLARS):
                currency = previous.currency
            if mentions and mentions[-1] is previous:
                mentions.pop()
        mention = NumberMention(
            start=start,
            end=end,
            text=text[start:end],
            number=number,
            value=value,
            dimension=dimension,
            qualifier=qualifier,
            qualifier_text=qualifier_text,
            number_start=number_start,
            currency=currency if dimension == "money" else "",
            low=low,
        )
        previous = mention
        if not include_dates and dimension in ("year", "date"):
            continue
        mentions.append(mention)
    return mentions
