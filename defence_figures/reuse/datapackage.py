"""The explorer's data as a Frictionless Data Package (v2): datapackage.json and one plain CSV per table; pure.

Resources: documents, figures (with their W3C Web Annotation selectors), claims, appearances, outcomes (each
claim's steps with their sources), comparisons and NATO's table values with their cells. Every resource
has a table schema: each field typed and described, primary and foreign keys where they hold.

Why plain CSV here, when every spreadsheet download of the app goes through frames.spreadsheet_csv (an
apostrophe before a text cell that begins with =, +, -, @, a tab, a carriage return or an apostrophe)?
A Data Package is read by data tools (frictionless, pandas, R, SQL loaders), which take a cell as it is
written: an apostrophe would change the value. A quote must stay byte for byte what the source text holds,
or its selector (exact, prefix, suffix) would no longer find it and its sha256-backed proof would not hold.
So the package keeps the values exact, in RFC 4180 CSV (UTF-8, every field quoted when it holds a comma,
a quotation mark or a line break, rows ending in CRLF), and says in its description that it is not meant
to be opened by double-clicking in a spreadsheet: import it as text, or use the app's CSV downloads.
"""
from __future__ import annotations

import csv
import io
import json
import math
import os
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from defence_figures.corpus.claims import EVIDENCE, OUTCOME_VERDICTS, Claim
from defence_figures.corpus.frames import (
    COLUMN_DOCS,
    COMPARISON_COLUMNS,
    DOCUMENT_COLUMNS,
    FIGURE_COLUMNS,
    appearance_rows,
    claim_rows,
    comparisons_frame,
    document_rows,
    figure_rows,
)
from defence_figures.corpus.model import ROLES, VERDICTS, WEB_TEXTS, Corpus
from defence_figures.nato import workbook
from defence_figures.nato.checks import FactCheck
from defence_figures.nato.outcome_charts import step_rows
from defence_figures.nato.outcomes import claim_steps
from defence_figures.nato.workbook import TABLE_COLUMNS, TablesResult

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
RESOURCE_PROFILE = "https://datapackage.org/profiles/2.0/dataresource.json"
SCHEMA_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"
PACKAGE_NAME = "defence-figures"
DESCRIPTOR = "datapackage.json"

PLAIN_CSV_NOTE = (
    "The CSV files are plain RFC 4180 CSV in UTF-8 for data tools: every value is exactly as curated, so a quote is "
    "still byte for byte its source's sentence and its selectors still find it. A text cell may begin with =, +, - "
    "or @ (a quote can begin with a dash); a spreadsheet would read such a cell as a formula, so do not open these "
    "files by double-clicking them in a spreadsheet: import them as text, or use the explorer's own CSV downloads, "
    "which put an apostrophe before such cells."
)
QUOTED_FOR_REVIEW = (
    "The quoted texts (quotes, sentences, titles) remain their publishers' (see sources); they are quoted for review "
    "and reference, and no licence to them is granted here."
)

# Columns that the shared frames do not document (frames.COLUMN_DOCS and workbook.COLUMN_DOCS do the rest).
DOCS: dict[str, dict[str, str]] = {
    "documents": {
        "title_source": "published (the headline as published), page_address (read from the page's address) or supplied "
                        "(written by the curators, in square brackets).",
        "event": "Where the words were said.",
        "date_basis": "published (the date the document prints) or inferred (the notes say how).",
        "completeness": "complete, or excerpt when only part of the original could be recovered.",
        "excerpt_covers": "For an excerpt: which part of the original the text covers.",
        "text_file": "The stored text's file name in data/sources/ of the repository.",
        "sha256": "sha256 of the stored text (UTF-8 bytes); the figures' offsets and selectors are into this text.",
        "title": "The document's title.",
        "notes": "What a reader should know about this document.",
        "figures": "How many proven figures the document holds.",
        "characters": "The stored text's length in characters (Unicode code points).",
        "web_text": "as_stored (the page reads as the stored copy, so a Text Fragment link finds the sentence) or differs.",
    },
    "figures": {
        "selector_exact": "W3C Web Annotation TextQuoteSelector: exact, the quote as the stored text holds it.",
        "selector_prefix": "TextQuoteSelector prefix: up to 32 characters of the text just before the quote.",
        "selector_suffix": "TextQuoteSelector suffix: up to 32 characters of the text just after the quote.",
        "selector_start": "TextPositionSelector start: the quote's first character, counted in code points from 0.",
        "selector_end": "TextPositionSelector end: one past the quote's last character.",
        "text_sha256": "sha256 of the stored text the selectors were made on; the position selector holds only for it.",
    },
    "claims": {
        "claim_id": "Stable id of the claim; used in links (?claim=...).",
        "claim": "What NATO said, as one sentence a reader could quote (ClaimReview's claimReviewed).",
        "short": "A few words naming the claim.",
        "author": "Who made the claim, with their office.",
        "topic": "The theme's id.",
        "first_appearance_figure_id": "The figure of NATO's record where the claim was first made.",
        "first_appearance_value": "That figure's number as a reader sees it.",
        "first_appearance_quote": "That figure's sentence, verbatim.",
        "first_appearance_document_id": "The document of the first appearance.",
        "first_appearance_date": "The first appearance's date, YYYY-MM-DD.",
        "first_appearance_citation": "A full citation of the first appearance's document.",
        "first_appearance_url": "The first appearance's original address, empty when not known.",
        "restated_figure_ids": "NATO's later figures making the same claim with the same number, separated by spaces.",
        "appearances": "How many outlets' figures carry the claim (rows of appearances).",
        "outcomes": "How many later records are curated as outcomes.",
        "explanation": "One or two plain sentences for a student: why the claim matters.",
    },
    "appearances": {
        "claim_id": "The claim the outlet's figure carries.",
        "figure_id": "The outlet's figure.",
        "outlet_document_id": "The outlet's document.",
        "outlet": "Who published the outlet's document.",
        "outlet_date": "The outlet's date, YYYY-MM-DD.",
        "outlet_date_basis": "published, or inferred when the stored copy prints no date.",
        "outlet_completeness": "complete, or excerpt.",
        "outlet_value": "The number as the outlet gives it.",
        "outlet_quote": "The outlet's sentence, verbatim.",
        "verdict": "The outlet's wording against NATO's: " + ", ".join(VERDICTS) + ".",
        "difference": "How the outlet's wording differs from NATO's.",
        "nato_figure_id": "NATO's figure the outlet's is judged against.",
        "nato_value": "NATO's number as a reader sees it.",
        "nato_quote": "NATO's sentence, verbatim.",
        "nato_document_id": "The document holding NATO's sentence.",
        "nato_citation": "A full citation of NATO's document.",
        "outlet_citation": "A full citation of the outlet's document.",
        "outlet_url": "The outlet's original address, empty when not known.",
    },
    "outcomes": {
        "claim_id": "The claim the step belongs to.",
        "step": "The step's place in the claim's record, in date order from 1.",
        "claim": "The claim's sentence.",
        "stage": "said (the first appearance), restated (NATO said it again) or outcome (a later record).",
        "date": "The step's date: its document's publication, or the tables' edition, YYYY-MM-DD.",
        "shown": "The number as a reader sees it, with its unit.",
        "value": "The number, as a decimal; empty when the record prints none.",
        "kind": "expected, estimated, reached, counted, said ...: what the step's number is.",
        "source": "Who says it, and when.",
        "evidence": "said (NATO's claim), or what an outcome rests on: " + ", ".join(EVIDENCE) + ".",
        "evidence_words": "The evidence in words.",
        "rests_on_press_report": "True when the step rests on a press report of a NATO record not stored here.",
        "verdict": "An outcome's verdict against the claim: " + ", ".join(OUTCOME_VERDICTS) + ".",
        "difference": "How the later record differs from the claim, in words.",
        "figure_id": "The step's figure, when it is a sentence of a text.",
        "check_id": "The step's fact check, when it is a count of NATO's tables.",
        "quote": "The figure's sentence, verbatim; empty for a count of the tables.",
        "document_id": "The figure's document; empty for a count of the tables.",
        "cells": "For a count of NATO's tables: the cells it is counted from, separated by spaces.",
        "citation": "A full citation of the step's source.",
        "url": "The source's original address, empty when not known.",
    },
    "comparisons": {
        "comparison_id": "Stable id: the statement's figure id, or the compared passage's id.",
        "what": "figure (a statement figure and the record's figure it reports) or passage (words compared).",
        "topic": "The theme's id.",
        "statement_quote": "The statement's words, verbatim.",
        "statement_value": "The statement's number as a reader sees it; empty for a passage.",
        "record_document_id": "The document holding the record's words.",
        "record_title": "That document's title.",
        "record_quote": "The record's words, verbatim.",
        "record_value": "The record's number as a reader sees it; empty for a passage.",
        "verdict": "faithful, reworded, meaning_differs or number_missing.",
        "difference": "What the change of words changes for a reader.",
        "statement_figure_id": "The statement's figure; empty for a passage.",
        "record_figure_id": "The record's figure; empty for a passage.",
    },
    "table_values": {
        "citation": "A citation of the value, with its cell.",
    },
}

SELECTOR_COLUMNS = ["selector_exact", "selector_prefix", "selector_suffix", "selector_start", "selector_end", "text_sha256"]
CLAIM_COLUMNS = list(DOCS["claims"])
APPEARANCE_COLUMNS = list(DOCS["appearances"])
OUTCOME_COLUMNS = list(DOCS["outcomes"])
TABLE_VALUE_COLUMNS = [*TABLE_COLUMNS, "citation"]

# Field types other than string, per resource; every other field is a string.
TYPES: dict[str, dict[str, str]] = {
    "documents": {"date_published": "date", "figures": "integer", "characters": "integer"},
    "figures": {"value": "number", "date_published": "date", "quote_start": "integer", "quote_end": "integer",
                "number_start": "integer", "number_end": "integer", "quote_line": "integer", "curated_line": "integer",
                "selector_start": "integer", "selector_end": "integer"},
    "claims": {"first_appearance_date": "date", "appearances": "integer", "outcomes": "integer"},
    "appearances": {"outlet_date": "date"},
    "outcomes": {"step": "integer", "date": "date", "value": "number", "rests_on_press_report": "boolean"},
    "comparisons": {},
    "table_values": {"national_2pct_law": "boolean", "aggregate": "boolean", "year": "integer", "estimate": "boolean",
                     "value": "number"},
}
ENUMS: dict[str, dict[str, list[str]]] = {
    "documents": {"role": list(ROLES), "web_text": list(WEB_TEXTS)},
    "figures": {"role": list(ROLES), "verdict": list(VERDICTS)},
    "appearances": {"verdict": list(VERDICTS)},
    "outcomes": {"stage": ["said", "restated", "outcome"], "evidence": ["said", *EVIDENCE],
                 "verdict": list(OUTCOME_VERDICTS)},
    "comparisons": {"what": ["figure", "passage"], "verdict": list(VERDICTS)},
}
KEYS: dict[str, dict[str, Any]] = {
    "documents": {"primaryKey": ["document_id"]},
    "figures": {"primaryKey": ["figure_id"], "foreignKeys": [
        {"fields": ["document_id"], "reference": {"resource": "documents", "fields": ["document_id"]}},
        # A figure of a statement or a report names the record's figure it reports: a key into this same table.
        {"fields": ["reports"], "reference": {"fields": ["figure_id"]}},
    ]},
    "claims": {"primaryKey": ["claim_id"], "foreignKeys": [
        {"fields": ["first_appearance_figure_id"], "reference": {"resource": "figures", "fields": ["figure_id"]}},
    ]},
    "appearances": {"primaryKey": ["claim_id", "figure_id"], "foreignKeys": [
        {"fields": ["claim_id"], "reference": {"resource": "claims", "fields": ["claim_id"]}},
        {"fields": ["figure_id"], "reference": {"resource": "figures", "fields": ["figure_id"]}},
        {"fields": ["nato_figure_id"], "reference": {"resource": "figures", "fields": ["figure_id"]}},
    ]},
    "outcomes": {"primaryKey": ["claim_id", "step"], "foreignKeys": [
        {"fields": ["claim_id"], "reference": {"resource": "claims", "fields": ["claim_id"]}},
        {"fields": ["figure_id"], "reference": {"resource": "figures", "fields": ["figure_id"]}},
    ]},
    "comparisons": {"primaryKey": ["comparison_id"], "foreignKeys": [
        {"fields": ["record_document_id"], "reference": {"resource": "documents", "fields": ["document_id"]}},
        {"fields": ["statement_figure_id"], "reference": {"resource": "figures", "fields": ["figure_id"]}},
        {"fields": ["record_figure_id"], "reference": {"resource": "figures", "fields": ["figure_id"]}},
    ]},
    # A cell names its sheet (TABLE3!N32), so it is unique within its workbook.
    "table_values": {"primaryKey": ["document_id", "cell"]},
}
REQUIRED = {"documents": "document_id", "figures": "figure_id", "claims": "claim_id", "comparisons": "comparison_id"}

TITLES = {
    "documents": "The source texts",
    "figures": "Every proven figure, with its sentence, offsets and annotation selectors",
    "claims": "NATO's claims",
    "appearances": "Each outlet's figure that carries a claim, with its verdict",
    "outcomes": "Each claim's record in time: what was said, restated and what later records say",
    "comparisons": "The statement's words beside NATO's record",
    "table_values": "NATO's table values, each with its workbook cell",
}
ORDER = tuple(TITLES)


def _doc(resource: str, column: str) -> str:
    own = DOCS.get(resource, {})
    if column in own:
        return own[column]
    if resource == "table_values":
        return workbook.COLUMN_DOCS[column]
    return COLUMN_DOCS[column]


def _field(resource: str, column: str) -> dict[str, Any]:
    field: dict[str, Any] = {"name": column, "type": TYPES[resource].get(column, "string"),
                             "description": _doc(resource, column)}
    constraints: dict[str, Any] = {}
    if column in ENUMS.get(resource, {}):
        constraints["enum"] = ENUMS[resource][column]
    if REQUIRED.get(resource) == column or column in KEYS[resource]["primaryKey"]:
        constraints["required"] = True
    if constraints:
        field["constraints"] = constraints
    return field


def table_schema(resource: str, columns: list[str]) -> dict[str, Any]:
    return {"$schema": SCHEMA_PROFILE, "fields": [_field(resource, c) for c in columns],
            "missingValues": [""], **KEYS[resource]}


def _cell(value: Any, kind: str) -> str:
    """One value as its CSV text for a field of this type: empty for none, true/false, an integer without '.0'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if kind == "boolean":
        return "true" if bool(value) else "false"
    if kind == "integer":
        return str(int(value))
    if kind == "number":
        number = float(value)
        return str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)
    return str(value)


def plain_csv(rows: list[Mapping[str, Any]], columns: list[str], types: Mapping[str, str]) -> bytes:
    """RFC 4180 CSV in UTF-8, values exactly as given (no formula prefix: see the module's docstring)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c), types.get(c, "string")) for c in columns])
    return out.getvalue().encode("utf-8")


def _figure_rows(corpus: Corpus) -> list[dict[str, Any]]:
    from defence_figures.reuse.selectors import figure_target

    rows = []
    for row in figure_rows(corpus):
        figure = corpus.figures[row["figure_id"]]
        document = corpus.documents[figure.document_id]
        target = figure_target(figure, document, _stored_copy(document.text_file))
        quote = next(s for s in target["selector"] if s["type"] == "TextQuoteSelector")
        position = next(s for s in target["selector"] if s["type"] == "TextPositionSelector")
        rows.append({**row, "selector_exact": quote["exact"], "selector_prefix": quote.get("prefix", ""),
                     "selector_suffix": quote.get("suffix", ""), "selector_start": position["start"],
                     "selector_end": position["end"], "text_sha256": target.get("sha256", document.sha256)})
    return rows


def _stored_copy(text_file: str) -> str:
    """Where the stored text is, relative to the repository: the selectors' offsets are into it."""
    return f"data/sources/{text_file}"


def _outcome_rows(corpus: Corpus, claims: Mapping[str, Claim], fact_check: FactCheck) -> list[dict[str, Any]]:
    by_id = {row["figure_id"]: row for row in figure_rows(corpus)}
    checks = {check.item: check for check in fact_check.checks}
    rows = []
    for claim in claims.values():
        steps = claim_steps(claim, by_id, checks)
        for number, row in enumerate(step_rows(claim, steps, by_id), start=1):
            rows.append({**row, "step": number})
    return rows


def _table_rows(tables: TablesResult) -> list[dict[str, Any]]:
    rows = tables.frame.to_dict("records")
    for row in rows:
        row["citation"] = tables.cite(row)
    return rows


def _sources(corpus: Corpus, tables: TablesResult) -> list[dict[str, str]]:
    """Each document's publisher with the page it came from, then each workbook: the package's sources."""
    sources = []
    for document in sorted(corpus.documents.values(), key=lambda d: (d.date_published, d.id)):
        source = {"title": f"{document.producer}: {document.title} ({document.date_published})"}
        if document.url_main:
            source["path"] = document.url_main
        sources.append(source)
    for book in tables.documents.values():
        source = {"title": f"{book.producer}: {book.title} ({book.date_published}), {book.report_number}"}
        if book.url_main or book.url_copy:
            source["path"] = book.url_main or book.url_copy
        sources.append(source)
    return sources


LICENCE_TEXTS = {
    "name": "other-closed",
    "title": "No open licence: the quoted texts remain their publishers', quoted here for review and reference",
}
LICENCE_TABLES = {
    "name": "other-closed",
    "title": "No open licence: NATO's table values are (c) NATO, reproduced cell by cell for reference",
}


def package_file_names() -> list[str]:
    """The names package_files gives its files: one CSV per resource, then datapackage.json."""
    return [f"{name.replace('_', '-')}.csv" for name in ORDER] + [DESCRIPTOR]


def package_files(corpus: Corpus, claims: Mapping[str, Claim], fact_check: FactCheck,
                  tables: TablesResult) -> dict[str, bytes]:
    """Every file of the package by its name in the package: datapackage.json and one CSV per resource."""
    docs_rows = document_rows(corpus)
    for row in docs_rows:
        row["web_text"] = corpus.documents[row["document_id"]].web_text
    resources: dict[str, tuple[list[str], list[dict[str, Any]]]] = {
        "documents": ([*DOCUMENT_COLUMNS, "web_text"], docs_rows),
        "figures": ([*FIGURE_COLUMNS, *SELECTOR_COLUMNS], _figure_rows(corpus)),
        "claims": (CLAIM_COLUMNS, claim_rows(dict(claims), corpus)),
        "appearances": (APPEARANCE_COLUMNS, appearance_rows(dict(claims), corpus)),
        "outcomes": (OUTCOME_COLUMNS, _outcome_rows(corpus, claims, fact_check)),
        "comparisons": (COMPARISON_COLUMNS, comparisons_frame(corpus).to_dict("records")),
        "table_values": (TABLE_VALUE_COLUMNS, _table_rows(tables)),
    }
    files: dict[str, bytes] = {}
    descriptors = []
    for name in ORDER:
        columns, rows = resources[name]
        path = f"{name.replace('_', '-')}.csv"
        files[path] = plain_csv(rows, columns, TYPES[name])
        descriptors.append({
            "$schema": RESOURCE_PROFILE,
            "name": name.replace("_", "-"), "title": TITLES[name], "path": path, "type": "table",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "dialect": {"$schema": "https://datapackage.org/profiles/2.0/tabledialect.json", "header": True,
                        "delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "doubleQuote": True},
            "schema": _resource_schema(name, columns),
            "licenses": [LICENCE_TABLES if name == "table_values" else LICENCE_TEXTS],
        })
    descriptor = {
        "$schema": PROFILE,
        "name": PACKAGE_NAME,
        "title": "Defence Figures Explorer: the statement's figures, their sources, claims and NATO's tables",
        "description": ("Every figure of NATO Secretary General Jens Stoltenberg's statement of 15 February 2024 on defence "
                        "spending, as reported by BGNES, with the sentence that proves it, the records it reports, NATO's "
                        "claims with their appearances and outcomes, and NATO's table values each with its cell. "
                        + QUOTED_FOR_REVIEW + " " + PLAIN_CSV_NOTE),
        "keywords": ["NATO", "defence spending", "fact check", "provenance", "claims"],
        "licenses": [LICENCE_TEXTS, LICENCE_TABLES],
        "sources": _sources(corpus, tables),
        "resources": descriptors,
    }
    files[DESCRIPTOR] = (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return files


def _resource_schema(name: str, columns: list[str]) -> dict[str, Any]:
    schema = table_schema(name, columns)
    # Frictionless resolves a key into another table by that table's resource name, hyphenated here.
    for key in schema.get("foreignKeys", []):
        if "resource" in key["reference"]:
            key["reference"]["resource"] = key["reference"]["resource"].replace("_", "-")
    return schema


def write_datapackage(directory: Path, corpus: Corpus, claims: Mapping[str, Claim], fact_check: FactCheck,
                      tables: TablesResult) -> Path:
    """Write the package into directory (created when missing; its parent must exist); returns datapackage.json's path.

    Each file is written to a temporary name and then renamed, so an interrupted run leaves no half file; the
    descriptor is written last, so a folder with a datapackage.json has every resource it names.
    """
    directory = Path(directory)
    directory.mkdir(exist_ok=True)
    files = package_files(corpus, claims, fact_check, tables)
    for name in sorted(files, key=lambda n: n == DESCRIPTOR):
        _write(directory / name, files[name])
    return directory / DESCRIPTOR


def _write(target: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    finally:
        if os.path.lexists(temporary):
            os.unlink(temporary)


def datapackage_zip(corpus: Corpus, claims: Mapping[str, Claim], fact_check: FactCheck, tables: TablesResult) -> bytes:
    """The same package as the bytes of one zip (datapackage.json and the CSVs at its root): the app's download."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in package_files(corpus, claims, fact_check, tables).items():
            # A fixed date: the same data gives the same bytes.
            info = zipfile.ZipInfo(name, date_time=(2024, 2, 15, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return out.getvalue()
