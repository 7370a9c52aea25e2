"""Property-based tests (hypothesis): a number written any supported way reads back to itself, and any
YAML text as a curated file loads or gives located problems — never an exception, never a hang."""
from __future__ import annotations

import re
import shutil
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import REPO
from defence_figures.corpus.load import load_corpus
from defence_figures.corpus.model import COMPARISON_FIELDS, DOCUMENT_FIELDS, FIGURE_FIELDS, TOP_LEVEL_KEYS, UNITS
from defence_figures.corpus.numbers import read_numbers

SETTINGS = settings(max_examples=200, deadline=timedelta(seconds=3), derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])

# --- the number reader ------------------------------------------------------------------------------

_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen " \
        "sixteen seventeen eighteen nineteen".split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def words(n: int, hyphen: str = "-") -> str:
    """English words for 1..999, written independently of the reader: 'ninety-nine', 'one hundred and five'."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (hyphen + _ONES[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    return f"{_ONES[hundreds]} hundred" + (f" and {words(rest, hyphen)}" if rest else "")


def sentence(number_text: str) -> str:
    return f"The report gives {number_text} for the period."


def read_one(text: str, include_dates: bool = False):
    mentions = read_numbers(sentence(text), include_dates=include_dates)
    assert len(mentions) == 1, (text, mentions)
    return mentions[0]


def is_year(n: int) -> bool:
    return 1800 <= n <= 2100 and len(str(n)) == 4


integers = st.integers(min_value=0, max_value=10**15)
decimals = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2, allow_nan=False,
                       allow_infinity=False)
scales = st.sampled_from([("thousand", 10**3), ("million", 10**6), ("billion", 10**9), ("trillion", 10**12)])


@SETTINGS
@given(integers)
@example(2024)
@example(1_000_000)
def test_plain_integers_read_back(n):
    mention = read_one(str(n), include_dates=True)
    assert mention.number == n and mention.value == n
    assert mention.dimension == ("year" if is_year(n) else "count")


@SETTINGS
@given(st.integers(min_value=1000, max_value=10**15))
@example(90_000)
@example(2_000)  # with a comma it is never a year
def test_integers_with_thousands_commas_read_back(n):
    mention = read_one(f"{n:,}")
    assert mention.value == n and mention.dimension == "count"
    assert mention.text == f"{n:,}"


@SETTINGS
@given(st.integers(min_value=1000, max_value=10**15), st.sampled_from([" ", "\u00a0", "\u202f"]))
@example(10_000, " ")
@example(90_000, "\u00a0")
def test_integers_with_spaces_between_thousands_read_back(n, space):
    written = f"{n:,}".replace(",", space)
    mention = read_one(written)
    assert mention.value == n and mention.dimension == "count", written
    assert mention.text == written


@SETTINGS
@given(decimals)
@example(Decimal("1.47"))
def test_decimals_read_back(d):
    written = f"{d:,.2f}"
    mention = read_one(written)
    assert mention.value == d and mention.dimension == "count"


@SETTINGS
@given(st.one_of(integers.filter(lambda n: n < 10**6), decimals), scales,
       st.sampled_from(["${n} {scale}", "US${n} {scale}", "{n} {scale} US dollars", "{n} {scale} dollars",
                        "${n} {scale} US dollars", "US$ {n} {scale}", "$ {n} {scale}"]))
@example(380, ("billion", 10**9), "${n} {scale}")
@example(600, ("billion", 10**9), "{n} {scale} US dollars")
def test_money_reads_back_with_its_scale(n, scale, form):
    word, factor = scale
    written = form.format(n=f"{n:,}", scale=word)
    mention = read_one(written)
    assert mention.dimension == "money", written
    assert mention.number == n and mention.value == n * factor, written


@SETTINGS
@given(st.one_of(integers.filter(lambda n: n < 10**6), decimals), st.sampled_from(["${n}bn", "US${n}bn", "{n}bn dollars"]))
@example(380, "${n}bn")
def test_money_in_bn_reads_back(n, form):
    written = form.format(n=f"{n:,}")
    mention = read_one(written)
    assert mention.dimension == "money", written
    assert mention.number == n and mention.value == n * 10**9, written


@SETTINGS
@given(st.one_of(st.integers(min_value=0, max_value=1000), decimals),
       st.sampled_from(["{n}%", "{n} %", "{n} percent", "{n} per cent"]))
@example(2, "{n}%")
@example(99, "{n} percent")
def test_percentages_read_back(n, form):
    written = form.format(n=n)
    mention = read_one(written)
    assert mention.dimension == "percent" and mention.value == n, written


@SETTINGS
@given(st.integers(min_value=2, max_value=99), st.sampled_from(["-", " "]))
@example(10, "-")
@example(99, "-")
def test_number_words_from_two_to_ninety_nine_read_back(n, hyphen):
    written = words(n, hyphen)
    mention = read_one(f"{written} drones")
    assert mention.dimension == "count" and mention.value == n, written


hundreds_and_below = st.integers(min_value=1, max_value=999)


@SETTINGS
@given(hundreds_and_below, scales,
       st.sampled_from(["{w} {scale} shells", "{w} {scale} dollars", "{w} {scale} US dollars"]))
@example(1, ("million", 10**6), "{w} {scale} shells")
@example(10, ("billion", 10**9), "{w} {scale} dollars")
def test_number_words_with_a_scale_read_back(n, scale, form):
    word, factor = scale
    written = form.format(w=words(n), scale=word)
    mention = read_one(written)
    assert mention.value == n * factor, written
    assert mention.dimension == ("money" if "dollars" in form else "count"), written


@SETTINGS
@given(st.integers(min_value=100, max_value=999))
@example(211)
@example(101)
def test_hundreds_in_words_read_back(n):
    mention = read_one(f"{words(n)} drones")
    assert mention.value == n, words(n)


@pytest.mark.parametrize("written", ["one hundred and one drones", "a hundred and one drones", "two hundred one drones"])
def test_hundred_and_one_reads_back(written):
    mention = read_one(written)
    assert mention.value in (101, 201)


@SETTINGS
@given(st.integers(min_value=2, max_value=99), st.sampled_from(["{n}-fold", "{w}-fold", "{w}fold", "{w} fold"]))
@example(6, "{w}fold")
@example(20, "{w}fold")
def test_multipliers_read_back(n, form):
    written = form.format(n=n, w=words(n, "-"))
    mention = read_one(f"a {written} rise")
    assert mention.dimension == "multiplier" and mention.value == n, written


def test_hyphenated_words_joined_to_fold_read_back():
    mention = read_one("a twenty-onefold rise")
    assert (mention.value, mention.dimension) == (21, "multiplier")


@SETTINGS
@given(st.sampled_from(["more than", "at least", "approximately", "around", "up to", "less than", "an estimated"]),
       st.integers(min_value=2, max_value=10**6))
def test_a_hedge_before_any_number_is_kept_with_the_same_value(hedge, n):
    mention = read_one(f"{hedge} ${n:,} billion")
    assert mention.value == n * 10**9 and mention.qualifier != "exact" and mention.qualifier_text == hedge


# --- the loader -------------------------------------------------------------------------------------

FIELD_NAMES = sorted({*TOP_LEVEL_KEYS, *(f.name for f in DOCUMENT_FIELDS + FIGURE_FIELDS + COMPARISON_FIELDS)})
REAL_FILES = sorted((REPO / "curated").glob("*.yaml"))
FUZZ_NAME = "zz-fuzz.yaml"  # a real file copied here has its ids renamed, so it withholds no real one
DEADLINE_S = 3.0

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**30, max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=40),
    st.sampled_from(list(UNITS) + ["2024", "2024-02-15", "TODO fill in", "<script>x</script>", "NO", "1e309"]),
)
keys = st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=12))
documents = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=6), st.dictionaries(keys, inner, max_size=8)), max_leaves=40)
curated_like = st.fixed_dictionaries(
    {}, optional={"schema_version": st.one_of(st.just(1), scalars), "document": documents, "figures": documents,
                  "comparisons": documents})


def mutated(text: str, data) -> str:
    """A real curated file with a few random edits: lines dropped, doubled, cut or sprinkled with characters."""
    lines = text.splitlines(keepends=True)
    for _ in range(data.draw(st.integers(min_value=1, max_value=4), label="edits")):
        if not lines:
            break
        at = data.draw(st.integers(min_value=0, max_value=len(lines) - 1), label="line")
        edit = data.draw(st.sampled_from(["drop", "double", "cut", "insert", "indent"]), label="edit")
        if edit == "drop":
            del lines[at]
        elif edit == "double":
            lines.insert(at, lines[at])
        elif edit == "cut":
            lines[at] = lines[at][: data.draw(st.integers(min_value=0, max_value=len(lines[at])), label="cut")]
        elif edit == "insert":
            column = data.draw(st.integers(min_value=0, max_value=len(lines[at])), label="column")
            extra = data.draw(st.text(alphabet=st.sampled_from(list(":-[]{}&*!|>'\"#%@` \t\n?,x0")), min_size=1,
                                      max_size=4), label="extra")
            lines[at] = lines[at][:column] + extra + lines[at][column:]
        else:
            lines[at] = "  " + lines[at]
    return "".join(lines)


@pytest.fixture(scope="module")
def fuzz_corpus(tmp_path_factory) -> tuple[Path, int, int]:
    """A copy of the real corpus to add one fuzzed curated file to, and how much it loads without it."""
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(REPO / "curated", root / "curated", ignore=shutil.ignore_patterns("workbooks"))
    shutil.copytree(REPO / "data" / "sources", root / "data" / "sources")
    base = load_corpus(root / "curated", root / "data" / "sources", root=root)
    return root, len(base.corpus.documents), len(base.corpus.figures)


def check_loads_or_locates(fuzz_corpus, content: bytes) -> None:
    root, documents, figures = fuzz_corpus
    target = root / "curated" / FUZZ_NAME
    target.write_bytes(content)
    started = time.perf_counter()
    try:
        result = load_corpus(root / "curated", root / "data" / "sources", root=root)
    finally:
        target.unlink()
    assert time.perf_counter() - started < DEADLINE_S
    for problem in result.problems:
        assert problem.line >= 1 and problem.column >= 1, problem
        assert problem.path.startswith("curated/") and problem.message, problem
    mine = [p for p in result.problems if p.path == f"curated/{FUZZ_NAME}"]
    loaded = [d for d in result.corpus.documents.values() if d.location.path == f"curated/{FUZZ_NAME}"]
    assert mine or loaded, "the fuzzed file neither loaded nor got a located problem"
    # One broken file never takes the others down.
    real_documents = [d for d in result.corpus.documents.values() if d.location.path != f"curated/{FUZZ_NAME}"]
    real_figures = [f for f in result.corpus.figures.values() if f.location.path != f"curated/{FUZZ_NAME}"]
    assert (len(real_documents), len(real_figures)) == (documents, figures)


@SETTINGS
@given(st.one_of(documents, curated_like))
def test_any_yaml_document_loads_or_gives_located_problems(fuzz_corpus, value):
    text = yaml.safe_dump(value, allow_unicode=True, sort_keys=False)
    check_loads_or_locates(fuzz_corpus, text.encode("utf-8"))


@SETTINGS
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
@example("a: [1, 2\n")
@example("&a [*a]")
@example("key: value\nkey: again\n")
@example("\t- x")
def test_any_text_loads_or_gives_located_problems(fuzz_corpus, text):
    check_loads_or_locates(fuzz_corpus, text.encode("utf-8"))


@SETTINGS
@given(st.binary(max_size=300))
@example(b"\xff\xfe")
@example(b"schema_version: 1\ndocument: \xc3")
def test_any_bytes_load_or_give_located_problems(fuzz_corpus, data):
    check_loads_or_locates(fuzz_corpus, data)


@SETTINGS
@given(st.sampled_from(REAL_FILES), st.data())
def test_a_real_curated_file_with_random_edits_loads_or_gives_located_problems(fuzz_corpus, path, data):
    # Its ids renamed: a copy keeping them would rightly withhold the real file too (ids are unique across files).
    text = re.sub(r"^(\s*(?:- )?id: )", r"\1fuzz-", path.read_text(encoding="utf-8"), flags=re.MULTILINE)
    check_loads_or_locates(fuzz_corpus, mutated(text, data).encode("utf-8"))


@SETTINGS
@given(st.integers(min_value=1, max_value=200_000), st.sampled_from(["[", "{", "- ", "a: "]))
@example(100_000, "[")
def test_deep_nesting_is_a_located_problem_not_a_crash(fuzz_corpus, depth, opener):
    check_loads_or_locates(fuzz_corpus, (opener * depth).encode("utf-8"))
