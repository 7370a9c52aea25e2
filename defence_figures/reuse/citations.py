"""Citations a reference manager imports: BibTeX and RIS for each document and each figure.

A document is cited as what it is, a web page (@online, RIS ELEC) or, without a known address, @misc. Its
author is its producer, a corporate name kept whole ({{NATO}}, so no style reads "BGNES (...), English
service" as a surname and a first name). A figure is cited as its document with the sentence quoted in the
note and, where the page can be opened at the sentence, the Text Fragment link as its address. Keys are the
ids, stable across exports: the document's id, and "figure:" and the figure's id.
"""
from __future__ import annotations

from defence_figures.corpus.model import DATE_BASES, TITLE_SOURCES, Corpus, Document, Figure
from defence_figures.reuse.fragments import fragment_for

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
EXPLORER = "Defence Figures Explorer"
# LaTeX's special characters, written so that BibTeX and LaTeX print them as they are.
_LATEX = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$", "#": r"\#",
    "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}",
}
# In a url field the characters stay as they are (the url package prints them), but BibTeX needs its braces
# balanced and a field on one line: these are percent-encoded, as a browser would.
_URL = {"\\": "%5C", "{": "%7B", "}": "%7D", " ": "%20", "\n": "%0A", "\r": "%0D", "\t": "%09"}
RIS_END = "\r\n"  # RIS lines end in CR LF


def one_line(text: str) -> str:
    """Whitespace, line breaks included, collapsed to single spaces: a field is one line."""
    return " ".join(text.split())


def bibtex_escape(text: str) -> str:
    return "".join(_LATEX.get(ch, ch) for ch in one_line(text))


def bibtex_url(url: str) -> str:
    return "".join(_URL.get(ch, ch) for ch in url.strip())


def figure_key(figure: Figure) -> str:
    return f"figure:{figure.id}"


def figure_note(figure: Figure) -> str:
    """The sentence quoted, as the explorer's plain citation quotes it."""
    return f"Quoted: “{one_line(figure.quote)}” ({EXPLORER}, figure {figure.id})"


def document_note(document: Document) -> str:
    """What a reader of the citation should know: a title the curators supplied, a date inferred."""
    notes = []
    if document.title_source != "published":
        notes.append(f"Title {TITLE_SOURCES[document.title_source]}")
    if document.date_basis != "published":
        notes.append(f"Date {DATE_BASES[document.date_basis]}")
    return "; ".join(notes) + ("." if notes else "")


def _bibtex(entry_type: str, key: str, fields: list[tuple[str, str]]) -> str:
    lines = [f"@{entry_type}{{{key},"]
    lines += [f"  {name} = {value}," for name, value in fields]
    return "\n".join(lines) + "\n}\n"


def _bibtex_fields(document: Document, url: str, note: str) -> list[tuple[str, str]]:
    year, month, _ = document.date_published.split("-")
    fields = [
        ("title", "{{" + bibtex_escape(document.title) + "}}"),
        ("author", "{{" + bibtex_escape(document.producer) + "}}"),
        ("year", "{" + year + "}"),
        ("month", MONTHS[int(month) - 1]),
        ("date", "{" + document.date_published + "}"),
    ]
    if url:
        fields.append(("url", "{" + bibtex_url(url) + "}"))
    if note:
        fields.append(("note", "{" + bibtex_escape(note) + "}"))
    return fields


def document_bibtex(document: Document) -> str:
    """One BibTeX entry for the document: @online with its address, @misc without."""
    url = document.url_main or ""
    return _bibtex("online" if url else "misc", document.id, _bibtex_fields(document, url, document_note(document)))


def figure_url(figure: Figure, document: Document) -> str:
    """Where the figure is read: the page opened at its sentence when that can be offered, else the page, else ''."""
    return fragment_for(figure, document) or document.url_main or ""


def figure_bibtex(figure: Figure, document: Document) -> str:
    """One BibTeX entry for the figure: its document, with the sentence quoted in the note."""
    url = figure_url(figure, document)
    return _bibtex("online" if url else "misc", figure_key(figure), _bibtex_fields(document, url, figure_note(figure)))


def _ris(key: str, document: Document, url: str, note: str) -> str:
    year, month, day = document.date_published.split("-")
    lines = [("TY", "ELEC"), ("TI", one_line(document.title))]
    producer = one_line(document.producer)
    if "," not in producer:  # RIS reads "A, B" in AU as surname, first name: a corporate name with a comma is left to PB
        lines.append(("AU", producer))
    lines += [("PB", producer), ("PY", year), ("DA", f"{year}/{month}/{day}")]
    if url:
        lines.append(("UR", one_line(url)))
    if note:
        lines.append(("N1", one_line(note)))
    lines += [("ID", key), ("ER", "")]
    return "".join(f"{tag}  - {value}{RIS_END}" for tag, value in lines)


def document_ris(document: Document) -> str:
    return _ris(document.id, document, document.url_main or "", document_note(document))


def figure_ris(figure: Figure, document: Document) -> str:
    return _ris(figure_key(figure), document, figure_url(figure, document), figure_note(figure))


def corpus_bibtex(corpus: Corpus) -> str:
    """Every document, then every figure, one BibTeX file."""
    entries = [document_bibtex(d) for d in corpus.documents.values()]
    entries += [figure_bibtex(f, corpus.documents[f.document_id]) for f in corpus.figures.values()]
    return "\n".join(entries)


def corpus_ris(corpus: Corpus) -> str:
    """Every document, then every figure, one RIS file."""
    records = [document_ris(d) for d in corpus.documents.values()]
    records += [figure_ris(f, corpus.documents[f.document_id]) for f in corpus.figures.values()]
    return "".join(records)
