"""Every number of a text accounted for: proven by a figure, or listed under not_figures with why."""
from __future__ import annotations

from defence_figures.corpus.anchor import line_and_column
from defence_figures.corpus.draft import uncurated_mentions
from defence_figures.corpus.model import Corpus
from defence_figures.validation import Problem


def unaccounted_numbers(corpus: Corpus) -> list[Problem]:
    """Each number of a served document's text that neither a figure nor a not_figures entry covers, located in the text."""
    problems = []
    for document in corpus.documents.values():
        spans = [(f.number_start, f.number_end) for f in corpus.figures.values() if f.document_id == document.id]
        spans += [(n.start, n.end) for n in corpus.not_figures if n.document_id == document.id]
        for mention in uncurated_mentions(document.text, spans):
            line, column = line_and_column(document.text, mention.number_start)
            written = " ".join(mention.text.split())
            problems.append(Problem(
                f"data/sources/{document.text_file}", line, column,
                f"\"{written}\" is a number no figure proves; curate it as a figure in {document.location.path}, "
                "or list it there under not_figures with why it is not one (a date, an identifier)", document.id))
    return problems
