"""A proven corpus -> plain rows, and pandas DataFrames of them, with provenance columns for pages, charts and exports."""
from __future__ import annotations

from typing import TYPE_CHECKING

from defence_figures.corpus.anchor import line_and_column
from defence_figures.corpus.claims import Claim
from defence_figures.corpus.model import ROLES, TOPICS, UNITS, Corpus, Document, Figure, display_value, figure_display, format_number

if TYPE_CHECKING:
    import pandas as pd

# pandas is imported when a frame is first built, not with this module: the Figures page draws its
# first chart from the rows alone, and pandas' import was 0.23 s of a fresh server's first page
# (bench: cold start). Tables, exports and the other pages build the frames.

FIGURE_COLUMNS = [
    "figure_id", "label", "display_value", "value", "value_text", "unit", "unit_label", "dimension",
    "qualifier", "period", "scope", "kind", "basis", "topic", "topic_label", "explanation",
    "quote", "number_text", "document_id", "document_title", "producer", "source_name", "speaker", "date_published",
    "role", "url_main", "citation_full", "quote_start", "quote_end", "number_start", "number_end",
    "quote_line", "reports", "verdict", "difference", "curated_file", "curated_line",
]

# Documents are listed, and coloured, in the order of their roles in ROLES, then by date.
ROLE_ORDER = {role: index for index, role in enumerate(ROLES)}

DOCUMENT_COLUMNS = [
    "document_id", "role", "title", "title_source", "producer", "source_name", "speaker", "event", "date_published",
    "date_basis", "url_main", "completeness", "excerpt_covers", "text_file", "sha256", "citation_full", "notes", "figures", "characters",
]

COMPARISON_COLUMNS = [
    "comparison_id", "what", "topic", "statement_quote", "statement_value", "record_document_id",
    "record_title", "record_quote", "record_value", "verdict", "difference", "statement_figure_id",
    "record_figure_id",
]

# What every column means, for exports and for a test that fails when one is undocumented.
COLUMN_DOCS: dict[str, str] = {
    "figure_id": "Stable id of the figure; used in links (?figure=...).",
    "label": "What the number counts, in plain words.",
    "display_value": "The number as a reader sees it, with its qualifier and unit.",
    "value": "The number in its unit, as a decimal (380 for 380 billion US dollars).",
    "value_text": "The number in its unit, formatted exactly as curated.",
    "unit": "The unit's id from the controlled list.",
    "unit_label": "The unit in words.",
    "dimension": "money, percent, count or multiplier.",
    "qualifier": "exact, approximately, more_than, at_least, less_than, nearly or up_to, as the quote says.",
    "period": "The year or interval the number is about (ISO 8601; 2014/2024 is an interval).",
    "scope": "Which countries or forces the number covers.",
    "kind": "actual, estimate, expectation, target, goal or change.",
    "basis": "annual, cumulative, point_in_time or rate.",
    "topic": "The theme's id.",
    "topic_label": "The theme in words.",
    "explanation": "A plain explanation for a student.",
    "quote": "The sentence the number comes from, verbatim.",
    "number_text": "The words in the quote that write the number.",
    "document_id": "The id of the document the quote is in.",
    "document_title": "The document's title.",
    "producer": "Who published the document.",
    "source_name": "The publisher and date in a few words, as charts and lists show them; "
                   "where two texts share both, words from the id tell them apart.",
    "speaker": "Whose words are quoted.",
    "date_published": "The document's date, YYYY-MM-DD.",
    "role": "statement, primary (NATO's record), corroborating, report (another outlet's account) or outcome "
            "(a later official record).",
    "url_main": "The original's address, empty when not known.",
    "citation_full": "A full citation of the document.",
    "quote_start": "Character offset where the quote starts in the document's text.",
    "quote_end": "Character offset where the quote ends.",
    "number_start": "Character offset where the proving number starts.",
    "number_end": "Character offset where the proving number ends.",
    "quote_line": "Line of the document's text where the quote starts.",
    "reports": "For a figure of a statement or report: the id of the record's figure it reports.",
    "verdict": "faithful, reworded, meaning_differs or number_missing (the report's text lost the number).",
    "difference": "How the report's wording differs from the record.",
    "curated_file": "The curated YAML file the figure is defined in.",
    "curated_line": "The line of that file where the figure starts.",
}


def source_name(document: Document) -> str:
    """'NATO, 2024-02-15': the publisher without its parenthesis, and the date."""
    return f"{document.producer.split(' (')[0]}, {document.date_published}"


def source_names(corpus: Corpus) -> dict[str, str]:
    """document id -> its source name, told apart where two share publisher and date.

    NATO published a news story and a press conference on 14 February 2024: both were
    'NATO, 2024-02-14' beside their bars. The id's words after the date tell them apart:
    'NATO, 2024-02-14 (news story)', 'NATO, 2024-02-14 (pre ministerial)'.
    """
    names = {document_id: source_name(document) for document_id, document in corpus.documents.items()}
    taken: dict[str, int] = {}
    for name in names.values():
        taken[name] = taken.get(name, 0) + 1
    for document_id, name in names.items():
        date = corpus.documents[document_id].date_published
        if taken[name] > 1 and date in document_id:
            names[document_id] = f"{name} ({document_id.split(date, 1)[1].strip('-').replace('-', ' ')})"
    return names


def figure_row(figure: Figure, corpus: Corpus, names: dict[str, str]) -> dict:
    document = corpus.documents[figure.document_id]
    unit = UNITS[figure.unit]
    return {
        "figure_id": figure.id,
        "label": figure.label,
        "display_value": figure_display(figure),
        # A number the report lost is no amount: NaN keeps it out of sums and charts, and value_text says so.
        "value": float("nan") if figure.verdict == "number_missing" or figure.value is None else float(figure.value),
        "value_text": "" if figure.value is None else format_number(figure.value),
        "unit": figure.unit,
        "unit_label": unit.label,
        "dimension": unit.dimension,
        "qualifier": figure.qualifier,
        "period": figure.period,
        "scope": figure.scope,
        "kind": figure.kind,
        "basis": figure.basis,
        "topic": figure.topic,
        "topic_label": TOPICS[figure.topic],
        "explanation": figure.explanation,
        "quote": figure.quote,
        "number_text": figure.number_text,
        "document_id": figure.document_id,
        "document_title": document.title,
        "producer": document.producer,
        "source_name": names[figure.document_id],
        "speaker": document.speaker,
        "date_published": document.date_published,
        "role": document.role,
        "url_main": document.url_main or "",
        "citation_full": document.citation_full,
        "quote_start": figure.quote_start,
        "quote_end": figure.quote_end,
        "number_start": figure.number_start,
        "number_end": figure.number_end,
        "quote_line": line_and_column(document.text, figure.quote_start)[0],
        "reports": figure.reports,
        "verdict": figure.verdict,
        "difference": figure.difference,
        "curated_file": figure.location.path,
        "curated_line": figure.location.line,
    }


def figure_rows(corpus: Corpus) -> list[dict]:
    """One row per proven figure, in curated order, with its provenance: the columns of FIGURE_COLUMNS."""
    names = source_names(corpus)
    return [figure_row(f, corpus, names) for f in corpus.figures.values()]


def document_rows(corpus: Corpus) -> list[dict]:
    """One row per loaded document, statement first, then by date: the columns of DOCUMENT_COLUMNS."""
    names = source_names(corpus)
    counts: dict[str, int] = {}
    for figure in corpus.figures.values():
        counts[figure.document_id] = counts.get(figure.document_id, 0) + 1
    rows = [
        {
            "document_id": d.id, "role": d.role, "title": d.title, "title_source": d.title_source, "producer": d.producer,
            "date_basis": d.date_basis,
            "source_name": names[d.id],
            "speaker": d.speaker, "event": d.event, "date_published": d.date_published,
            "url_main": d.url_main or "", "completeness": d.completeness, "excerpt_covers": d.excerpt_covers,
            "text_file": d.text_file, "sha256": d.sha256, "citation_full": d.citation_full, "notes": d.notes,
            "figures": counts.get(d.id, 0), "characters": len(d.text),
        }
        for d in corpus.documents.values()
    ]
    return sorted(rows, key=lambda row: (ROLE_ORDER[row["role"]], row["date_published"], row["document_id"]))


def rows_frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    """Rows as a DataFrame with exactly these columns, in this order, even when there are no rows."""
    import pandas as pd

    return pd.DataFrame(rows, columns=columns)


def figures_frame(corpus: Corpus) -> pd.DataFrame:
    """One row per proven figure, in curated order, with its provenance."""
    return rows_frame(figure_rows(corpus), FIGURE_COLUMNS)


def documents_frame(corpus: Corpus) -> pd.DataFrame:
    """One row per loaded document, statement first, then by date."""
    return rows_frame(document_rows(corpus), DOCUMENT_COLUMNS)


def comparisons_frame(corpus: Corpus) -> pd.DataFrame:
    """Each statement figure and passage beside the record's words it reports."""
    rows = []
    for figure in corpus.figures.values():
        # The statement's figures only: how other outlets report NATO's figures is the coverage's subject.
        if not figure.reports or figure.reports not in corpus.figures or corpus.documents[figure.document_id].role != "statement":
            continue
        record = corpus.figures[figure.reports]
        rows.append({
            "comparison_id": figure.id, "what": "figure", "topic": figure.topic,
            "statement_quote": figure.quote,
            "statement_value": figure_display(figure),
            "record_document_id": record.document_id,
            "record_title": corpus.documents[record.document_id].title,
            "record_quote": record.quote,
            "record_value": display_value(record.value, record.unit, record.qualifier),
            "verdict": figure.verdict, "difference": figure.difference,
            "statement_figure_id": figure.id, "record_figure_id": record.id,
        })
    for comparison in corpus.comparisons.values():
        rows.append({
            "comparison_id": comparison.id, "what": "passage", "topic": comparison.topic,
            "statement_quote": comparison.quote, "statement_value": "",
            "record_document_id": comparison.record,
            "record_title": corpus.documents[comparison.record].title,
            "record_quote": comparison.record_quote, "record_value": "",
            "verdict": comparison.verdict, "difference": comparison.difference,
            "statement_figure_id": "", "record_figure_id": "",
        })
    return rows_frame(rows, COMPARISON_COLUMNS)



# A spreadsheet reads a cell as a formula when it begins with one of these; Excel also drops a leading tab or
# carriage return and reads what follows (OWASP, "CSV Injection"). A text cell beginning with any of them, or
# with the apostrophe itself, gets one apostrophe in front: shown as text, never run, and reversible.
_FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r", "'")
BYTE_ORDER_MARK = "\ufeff"


def spreadsheet_cell(text: str) -> str:
    """text, with an apostrophe in front when it begins with =, +, -, @, a tab, a carriage return or an apostrophe.

    The original is the cell without its first character whenever that is an apostrophe: a cell of
    "'=1+1" was "=1+1", and one of "''tis" was "'tis". Prefixing a leading apostrophe too is what
    makes the rule reversible without guessing.
    """
    return "'" + text if text.startswith(_FORMULA_LEADS) else text


def spreadsheet_csv(frame: pd.DataFrame, *, bom: bool = False) -> str:
    """The frame as CSV for spreadsheets: every download and export of a table is written by this function.

    Text cells (and column names) go through spreadsheet_cell, so "- 18 allies ..." or "=HYPERLINK(...)"
    reaches a spreadsheet as text; numbers are left as numbers, so a value of -2.5 stays -2.5. Fields
    are quoted as RFC 4180 asks (when they hold a comma, a quotation mark or a line break), which keeps
    a cell from spilling into the next, and rows end in CRLF. bom: start with U+FEFF, the UTF-8
    byte-order mark, without which Excel on Windows reads the file in the system's code page and
    garbles "’" and "€".
    """
    from pandas.api import types

    safe = frame.rename(columns=lambda name: spreadsheet_cell(name) if isinstance(name, str) else name)
    for column in range(safe.shape[1]):
        values = safe.iloc[:, column]
        if not (types.is_numeric_dtype(values) or types.is_bool_dtype(values) or types.is_datetime64_any_dtype(values)
                or types.is_timedelta64_dtype(values)):
            # By position: a renamed or repeated column name cannot send the cells to the wrong column.
            safe.isetitem(column, values.astype(object).map(
                lambda value: spreadsheet_cell(value) if isinstance(value, str) else value))
    # Rows end in CRLF, as RFC 4180 and Excel write them: Python's writer quotes a field holding a character
    # of the line ending, so with "\n" alone a lone "\r" in a quote went out bare and split its row in two.
    return (BYTE_ORDER_MARK if bom else "") + safe.to_csv(index=False, lineterminator="\r\n")


def claim_rows(claims: dict[str, Claim], corpus: Corpus) -> list[dict]:
    """One row per claim, with its first appearance's sentence and source: the claims export."""
    rows = []
    for claim in claims.values():
        first = corpus.figures[claim.first_appearance]
        document = corpus.documents[first.document_id]
        rows.append({
            "claim_id": claim.id, "claim": claim.claim, "short": claim.short, "author": claim.author,
            "topic": claim.topic, "first_appearance_figure_id": first.id, "first_appearance_value": figure_display(first),
            "first_appearance_quote": first.quote, "first_appearance_document_id": document.id,
            "first_appearance_date": document.date_published, "first_appearance_citation": document.citation_full,
            "first_appearance_url": document.url_main or "", "restated_figure_ids": " ".join(claim.restated),
            "appearances": len(claim.appearances), "outcomes": len(claim.outcomes), "explanation": claim.explanation,
        })
    return rows


def appearance_rows(claims: dict[str, Claim], corpus: Corpus) -> list[dict]:
    """One row per outlet's figure that carries a claim, beside the NATO figure it is judged against."""
    rows = []
    for claim in claims.values():
        for appearance in claim.appearances:
            figure, record = corpus.figures[appearance.figure_id], corpus.figures[appearance.reports]
            document, record_document = corpus.documents[figure.document_id], corpus.documents[record.document_id]
            rows.append({
                "claim_id": claim.id, "figure_id": figure.id, "outlet_document_id": document.id,
                "outlet": document.producer, "outlet_date": document.date_published,
                "outlet_date_basis": document.date_basis, "outlet_completeness": document.completeness,
                "outlet_value": figure_display(figure), "outlet_quote": figure.quote,
                "verdict": appearance.verdict, "difference": figure.difference,
                "nato_figure_id": record.id, "nato_value": figure_display(record), "nato_quote": record.quote,
                "nato_document_id": record_document.id, "nato_citation": record_document.citation_full,
                "outlet_citation": document.citation_full, "outlet_url": document.url_main or "",
            })
    return rows
