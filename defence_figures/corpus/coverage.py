"""Coverage: for each outlet and each claim, whether the outlet carried NATO's number faithfully, and its row's sum."""
from __future__ import annotations

from dataclasses import dataclass

from defence_figures.corpus.claims import NOT_IN_EXCERPT, NOT_REPORTED, Claim
from defence_figures.corpus.model import REPORTING_ROLES, Corpus

# When an outlet carries one claim more than once (a headline and its body), the cell shows the furthest
# from NATO's words: a faithful headline must not hide a body that lost the number.
_SEVERITY = {"faithful": 0, "reworded": 1, "meaning_differs": 2, "number_missing": 3}


@dataclass(frozen=True, slots=True)
class Cell:
    outlet: str  # document id
    claim: str  # claim id
    status: str  # a verdict, NOT_REPORTED or NOT_IN_EXCERPT
    figure_ids: tuple[str, ...] = ()  # the outlet's figures that carry the claim, worst first

    @property
    def carried(self) -> bool:
        return bool(self.figure_ids)


@dataclass(frozen=True, slots=True)
class OutletRow:
    outlet: str
    cells: tuple[Cell, ...]

    @property
    def carried(self) -> int:
        return sum(cell.carried for cell in self.cells)

    @property
    def faithful(self) -> int:
        return sum(cell.status == "faithful" for cell in self.cells)

    def summary(self) -> str:
        """'3 of 4 faithful': of the claims the outlet carried, how many word for word in meaning and number."""
        if not self.carried:
            return "carries none of these claims"
        others = [f"{count} {words}" for words, count in (
            ("reworded", sum(c.status == "reworded" for c in self.cells)),
            ("meaning differs", sum(c.status == "meaning_differs" for c in self.cells)),
            ("number lost", sum(c.status == "number_missing" for c in self.cells)),
        ) if count]
        return f"{self.faithful} of {self.carried} faithful" + (f" ({', '.join(others)})" if others else "")


def outlets(corpus: Corpus, claims: dict[str, Claim]) -> list[str]:
    """The documents that carry at least one claim: the statement first, then reports by date and id."""
    carrying = {a.document_id for claim in claims.values() for a in claim.appearances}
    chosen = [d for d in corpus.documents.values() if d.id in carrying and d.role in REPORTING_ROLES]
    chosen.sort(key=lambda d: (d.role != "statement", d.date_published, d.id))
    return [d.id for d in chosen]


def coverage(corpus: Corpus, claims: dict[str, Claim]) -> list[OutletRow]:
    """Outlets down, claims across: each cell the outlet's verdict, or why it has none."""
    rows = []
    for outlet in outlets(corpus, claims):
        cells = []
        for claim in claims.values():
            found = sorted((a for a in claim.appearances if a.document_id == outlet),
                           key=lambda a: -_SEVERITY[a.verdict])
            if found:
                cells.append(Cell(outlet, claim.id, found[0].verdict, tuple(a.figure_id for a in found)))
            else:
                excerpt = corpus.documents[outlet].completeness == "excerpt"
                cells.append(Cell(outlet, claim.id, NOT_IN_EXCERPT if excerpt else NOT_REPORTED))
        rows.append(OutletRow(outlet, tuple(cells)))
    return rows


def claim_summary(rows: list[OutletRow], claim_id: str) -> str:
    """A claim's column sums up: 'carried by 4 of 5 outlets, 2 faithfully'."""
    cells = [cell for row in rows for cell in row.cells if cell.claim == claim_id]
    carried = [cell for cell in cells if cell.carried]
    faithful = sum(cell.status == "faithful" for cell in carried)
    return f"carried by {len(carried)} of {len(cells)} outlets, {faithful} faithfully"
