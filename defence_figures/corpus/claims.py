"""Claims: what NATO said once, where it first appeared, how each outlet carried it and what later records say happened."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from defence_figures import paths, yamlio
from defence_figures.corpus.model import (
    CURATED_ID,
    REPORTED_ROLES,
    TOPICS,
    VERDICTS,
    Corpus,
    Figure,
    Location,
    format_number,
)
from defence_figures.validation import (
    ENUM,
    ID_PATTERN,
    TEXT,
    Checker,
    FieldSpec,
    FieldType,
    Problem,
    close_match_hint,
    json_schema_object,
)
from defence_figures.yamlio import describe

CLAIMS_SCHEMA_VERSION = 1
# A file of claims names figures; a few hundred claims is already a lot.
MAX_CLAIMS_FILE_BYTES = 1024 * 1024

# How a later record relates to what was forecast or said. The first three are checked against the
# numbers when both figures are in the same unit; the last two need words (`difference`).
OUTCOME_VERDICTS: dict[str, str] = {
    "same": "The later record gives the same number as the claim.",
    "higher": "The later record's number is higher than the claim's.",
    "lower": "The later record's number is lower than the claim's.",
    "consistent": "The later record restates the number in other terms that agree with it "
                  "(\"more than 90,000\" for \"approximately 90,000\").",
    "not_comparable": "The later record counts something else (another scope, period or basis); the difference says what.",
}
NUMERIC_OUTCOME_VERDICTS = ("same", "higher", "lower")

# Where an outcome's evidence comes from, by the role of the document that holds it; a check of NATO's
# tables is "tables". A reader is told which steps of a claim's record rest on press reports.
EVIDENCE: dict[str, str] = {
    "official": "NATO's own later record",
    "tables": "NATO's published tables (estimates for the year under way)",
    "press": "a press report of a NATO record that is not stored here",
}

# What a coverage cell says for an outlet and a claim: the verdicts of VERDICTS, or one of these.
NOT_REPORTED = "not_reported"
NOT_IN_EXCERPT = "not_in_excerpt"
COVERAGE: dict[str, str] = {
    **VERDICTS,
    NOT_REPORTED: "The outlet's text does not give this figure.",
    NOT_IN_EXCERPT: "Not in the stored part of the outlet's text (an excerpt): the rest may give it.",
}


def _id_list_error(spec: FieldSpec, value: Any) -> str:
    if not isinstance(value, list) or not value:
        return f"must be a list of figure ids, not {describe(value)}"
    for item in value:
        error = CURATED_ID.error(spec, item)
        if error:
            return f"item {describe(item)} {error}"
    return ""


ID_LIST = FieldType(_id_list_error, lambda spec: {"type": "array", "minItems": 1,
                                                  "items": {"type": "string", "pattern": ID_PATTERN}})
OUTCOME_LIST = FieldType(lambda spec, value: "" if isinstance(value, list) else f"must be a list, not {describe(value)}",
                         lambda spec: {"type": "array", "items": json_schema_object(OUTCOME_FIELDS)})

OUTCOME_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("figure", CURATED_ID, False, "The id of the later figure that says what happened (NATO's own, or a press report of "
              "a NATO record). Give figure or check, not both."),
    FieldSpec("check", CURATED_ID, False, "The id of a fact check in curated/checks/ whose first evidence (a count or value "
              "from NATO's tables, with its cells) is the outcome. Give figure or check, not both."),
    FieldSpec("verdict", ENUM, True, "same, higher, lower (checked against the numbers), consistent or "
              "not_comparable (say how in difference).", tuple(OUTCOME_VERDICTS)),
    FieldSpec("difference", TEXT, False, "How the later record differs from the claim, in words a student understands; required "
              "for consistent and not_comparable.", max_length=2000),
)

CLAIM_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("id", CURATED_ID, True, "A stable slug; it appears in links, so never rename it."),
    FieldSpec("claim", TEXT, True, "What NATO said, as one sentence a reader could quote (ClaimReview's claimReviewed).",
              max_length=300),
    FieldSpec("short", TEXT, True, "A few words naming the claim in a table's column header, such as \"18 Allies at 2%\".",
              max_length=40),
    FieldSpec("author", TEXT, True, "Who made the claim, with their office.", max_length=200),
    FieldSpec("topic", ENUM, True, "The theme used for filters.", tuple(TOPICS)),
    FieldSpec("first_appearance", CURATED_ID, True, "The id of the figure in NATO's record where the claim was first made."),
    FieldSpec("restated", ID_LIST, False, "Ids of NATO's own later figures that make the same claim with the same number, "
              "such as the next day's transcript."),
    FieldSpec("outcomes", OUTCOME_LIST, False, "What later records say happened, oldest first: each a figure or a check, "
              "with a verdict."),
    FieldSpec("explanation", TEXT, False, "One or two plain sentences for a student: why the claim matters.", max_length=1000),
)


@dataclass(frozen=True, slots=True)
class Appearance:
    """A figure of a statement or report that carries the claim, with its verdict against NATO's words."""

    figure_id: str
    document_id: str
    reports: str  # the NATO figure it is judged against
    verdict: str


@dataclass(frozen=True, slots=True)
class Outcome:
    verdict: str
    evidence: str  # a key of EVIDENCE
    figure_id: str = ""
    check_id: str = ""
    difference: str = ""
    location: Location | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    claim: str
    short: str
    author: str
    topic: str
    first_appearance: str
    restated: tuple[str, ...]
    appearances: tuple[Appearance, ...]
    outcomes: tuple[Outcome, ...]
    location: Location
    explanation: str = ""

    @property
    def statements(self) -> tuple[str, ...]:
        """NATO's own figures that make the claim: the first appearance, then its restatements."""
        return (self.first_appearance, *self.restated)


@dataclass(slots=True)
class ClaimsResult:
    claims: dict[str, Claim]
    problems: list[Problem]
    files: list[str]


def claims_json_schema() -> dict[str, Any]:
    """The JSON Schema of a file of claims, generated from the field specs."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://defence-figures.example/claims.schema.json",
        "title": "Defence Figures Explorer: claims, their appearances and their outcomes",
        "description": "One or more files in curated/claims/. Generated by `defence-figures schema claims`; do not edit by hand.",
        "type": "object",
        "additionalProperties": False,
        "required": ["schema_version", "claims"],
        "properties": {
            "schema_version": {"const": CLAIMS_SCHEMA_VERSION, "description": "Always 1."},
            "claims": {"type": "array", "items": json_schema_object(CLAIM_FIELDS)},
        },
    }


def evidence_of(figure: Figure, corpus: Corpus) -> str:
    """official for a figure of NATO's own record, press for a report's."""
    return "official" if corpus.documents[figure.document_id].role in REPORTED_ROLES else "press"


class _ClaimsReader:
    def __init__(self, corpus: Corpus, withheld_figures: set[str]) -> None:
        self.corpus = corpus
        self.withheld = withheld_figures
        self.problems: list[Problem] = []
        self.claims: dict[str, Claim] = {}
        self.sites: dict[str, str] = {}  # claim id -> "file:line" of its first definition
        # NATO figure id -> the figures that report it, in curated order: a claim's appearances
        self.reporters: dict[str, list[Figure]] = {}
        for figure in corpus.figures.values():
            if figure.reports:
                self.reporters.setdefault(figure.reports, []).append(figure)

    def read(self, path: Path, display: str) -> None:
        checker = Checker(display)
        tree = checker.read_mapping(path, MAX_CLAIMS_FILE_BYTES, "a file of claims",
                                    "a file of claims must be a mapping with schema_version and claims")
        if tree is not None:
            self._read_tree(tree, display, checker)
        self.problems.extend(checker.problems)

    def _read_tree(self, tree: yamlio.Map, display: str, checker: Checker) -> None:
        checker.check_top_level(tree, ("schema_version", "claims"), CLAIMS_SCHEMA_VERSION)
        claims = tree.get("claims")
        if not isinstance(claims, yamlio.Seq):
            checker.add(tree.value_pos.get("claims", (1, 1)), f"claims must be a list, not {describe(claims)}")
            claims = yamlio.Seq()
        for index, raw in enumerate(claims):
            self._read_claim(raw, claims.item_pos[index], display, checker)

    def _figure_problem(self, figure_id: str) -> str:
        if figure_id in self.corpus.figures:
            return ""
        if figure_id in self.withheld:
            return f"'{figure_id}' is withheld because of its own problems or its document's; fix those first"
        return f"'{figure_id}' is not a curated figure{close_match_hint(figure_id, self.corpus.figures)}"

    def _read_claim(self, raw: Any, pos: tuple[int, int], display: str, checker) -> None:
        claim_id = raw.get("id") if isinstance(raw, yamlio.Map) and isinstance(raw.get("id"), str) else ""
        what = f"claim '{claim_id}'" if claim_id else f"the claim on line {pos[0]}"
        checked = checker.check_fields(raw, CLAIM_FIELDS, what, pos)
        if not checked.ok:
            return
        clean = checked.values

        def add(name: str, message: str, where: tuple[int, int] | None = None) -> None:
            checker.add(where or raw.value_pos.get(name, (raw.line, raw.column)), f"{what}: {message}")

        if claim_id in self.sites:
            add("id", f"the id is also used at {self.sites[claim_id]}; claim ids must be unique, so this one is not shown")
            return
        self.sites[claim_id] = f"{display}:{raw.value_pos['id'][0]}"
        before = len(checker.problems)
        first_id = clean["first_appearance"]
        problem = self._figure_problem(first_id)
        if problem:
            add("first_appearance", f"first_appearance {problem}")
            return
        first = self.corpus.figures[first_id]
        if self.corpus.documents[first.document_id].role not in REPORTED_ROLES:
            add("first_appearance", f"first_appearance '{first_id}' is a figure of a {self.corpus.documents[first.document_id].role}; "
                                    "name the figure of NATO's record where the claim was made")
            return
        restated = tuple(clean.get("restated", ()))
        for index, figure_id in enumerate(restated):
            where = raw["restated"].item_pos[index]
            problem = self._figure_problem(figure_id)
            if problem:
                add("restated", f"restated {problem}", where)
                continue
            other = self.corpus.figures[figure_id]
            role = self.corpus.documents[other.document_id].role
            if role not in REPORTED_ROLES:
                add("restated", f"restated '{figure_id}' is a figure of a {role}; a restatement is NATO's own figure "
                                "(a document whose role is " + ", ".join(REPORTED_ROLES) + ")", where)
                continue
            if other.value is None or (other.value, other.unit) != (first.value, first.unit):
                shown = "no number" if other.value is None else f"{format_number(other.value)} {other.unit}"
                add("restated", f"restated '{figure_id}' gives {shown}, not the first "
                                f"appearance's {format_number(first.value)} {first.unit}; a restatement makes the same claim "
                                "with the same number", where)
        outcomes = self._read_outcomes(raw, clean, first, add, checker)
        if len(checker.problems) > before:
            return
        appearances = tuple(
            Appearance(f.id, f.document_id, f.reports, f.verdict)
            for statement in (first_id, *restated) for f in self.reporters.get(statement, ())
        )
        self.claims[claim_id] = Claim(
            id=claim_id, claim=clean["claim"], short=clean["short"], author=clean["author"], topic=clean["topic"],
            first_appearance=first_id, restated=restated, appearances=appearances, outcomes=outcomes,
            location=Location(display, pos[0], pos[1]), explanation=clean.get("explanation", ""),
        )

    def _read_outcomes(self, raw: Any, clean: dict, first: Figure, add, checker) -> tuple[Outcome, ...]:
        if "outcomes" not in clean:
            return ()
        items = raw["outcomes"]
        outcomes = []
        for index, item in enumerate(items):
            where = items.item_pos[index]
            what = f"outcome {index + 1}"
            checked = checker.check_fields(item, OUTCOME_FIELDS, f"{what} of claim '{clean['id']}'", where)
            if not checked.ok:
                continue
            values = checked.values
            if ("figure" in values) == ("check" in values):
                add("outcomes", f"{what} needs either 'figure' (a later figure) or 'check' (a fact check of NATO's tables), "
                                "not both and not neither", where)
                continue
            verdict = values["verdict"]
            if verdict not in NUMERIC_OUTCOME_VERDICTS and "difference" not in values:
                add("outcomes", f"{what}: verdict {verdict} needs a 'difference' saying how the later record differs", where)
                continue
            location = Location(checker.path, where[0], where[1])
            if "check" in values:
                # Whether the check exists, and whether its number bears the verdict out, is asked of NATO's
                # tables by the nato layer, which holds them (nato.checks.claim_problems).
                outcomes.append(Outcome(verdict, "tables", check_id=values["check"],
                                        difference=values.get("difference", ""), location=location))
                continue
            problem = self._figure_problem(values["figure"])
            if problem:
                add("outcomes", f"{what}: figure {problem}", item.value_pos["figure"])
                continue
            later = self.corpus.figures[values["figure"]]
            message = numeric_verdict_problem(verdict, first, later.value, later.unit)
            if message:
                add("outcomes", f"{what}: {message}", item.value_pos["verdict"])
                continue
            outcomes.append(Outcome(verdict, evidence_of(later, self.corpus), figure_id=later.id,
                                    difference=values.get("difference", ""), location=location))
        return tuple(outcomes)


def numeric_verdict_problem(verdict: str, first: Figure, value, unit: str) -> str:
    """'' when an above/below/as verdict agrees with the numbers, else what to write instead."""
    if verdict not in NUMERIC_OUTCOME_VERDICTS:
        return ""
    if value is None or first.value is None:
        return (f"verdict {verdict} compares numbers, but the {'outcome' if value is None else 'claim'} prints no number; "
                "use not_comparable and say what the text lost")
    if unit != first.unit:
        return (f"verdict {verdict} compares numbers, but the outcome is in {unit} and the claim in {first.unit}; "
                "use not_comparable and say how they differ")
    said = format_number(first.value)
    later = format_number(value)
    expected = "same" if value == first.value else "higher" if value > first.value else "lower"
    if verdict != expected:
        return f"verdict {verdict}, but the outcome's {later} against the claim's {said} is {expected}"
    return ""


def claim_files(base: Path | None = None) -> list[Path]:
    folder = paths.claims_dir(base)
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def load_claims(corpus: Corpus, withheld_figures: list[str] | tuple[str, ...] = (), base: Path | None = None) -> ClaimsResult:
    """Every claim in curated/claims/*.yaml whose figures are proven, and the located problems of the rest."""
    base = base or paths.root()
    reader = _ClaimsReader(corpus, set(withheld_figures))
    files = []
    for path in claim_files(base):
        display = paths.display_path(path, base)
        files.append(display)
        reader.read(path, display)
    return ClaimsResult(reader.claims, reader.problems, files)

