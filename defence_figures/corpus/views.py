"""The Figures page's view model: the rows its filters keep, and the charts and cards it draws from them."""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, partial
from typing import TYPE_CHECKING

from defence_figures.corpus import charts
from defence_figures.corpus.frames import FIGURE_COLUMNS, rows_frame

if TYPE_CHECKING:
    import pandas as pd
    import plotly.graph_objects as go

# A bar chart stops being readable, and a browser stops being quick, long before a few
# thousand bars (bench: 10,000 figures took 18 s to a first chart); past this many the
# chart shows the first ones and says so, and the table still lists every row.
MAX_BARS = 60
# The other figures' cards are sent again on every rerun; the Table tab lists every row.
MAX_CARDS = 24


@dataclass(frozen=True)
class ChartView:
    key: str
    part: tuple[dict, ...]  # every figure of this chart's kind
    build: Callable[[], go.Figure]
    alt: str
    file_name: str
    drawn: int  # how many of them the chart draws

    @cached_property
    def figure(self) -> go.Figure:
        """Built when first shown: the Figures page shows one chart at a time, so most are never drawn."""
        return self.build()


@dataclass(frozen=True)
class FiguresView:
    shown_rows: tuple[dict, ...]
    charts: tuple[ChartView, ...]
    others: tuple[dict, ...]  # units with no chart of their own
    others_ids: tuple[str, ...]  # the first MAX_CARDS of them, shown as cards

    @cached_property
    def shown(self) -> pd.DataFrame:
        """The shown rows as a frame, for the table and its downloads."""
        return rows_frame(list(self.shown_rows), FIGURE_COLUMNS)


def build_figures_view(figure_rows: Sequence[dict], colours: Mapping[str, str], docs: tuple, topics: tuple,
                       units: tuple, kinds: tuple, log_scale: bool) -> FiguresView:
    """The rows every non-empty filter keeps, a chart per unit family that has any, and the rest as cards."""
    filters = [(column, set(chosen)) for column, chosen in
               (("document_id", docs), ("topic", topics), ("unit", units), ("kind", kinds)) if chosen]
    shown = tuple(row for row in figure_rows if all(row[column] in chosen for column, chosen in filters))
    views = []
    for key, name, units_charted, build in (
        ("money_chart", "money", ("usd_billion",), charts.money_chart),
        ("count_chart", "allies", ("allies",), charts.count_chart),
        ("share_chart", "shares", charts.SHARE_UNITS, charts.share_chart),
    ):
        # A number a report lost (value NaN) has no bar: it is listed with the other figures, marked as lost.
        part = tuple(row for row in shown if row["unit"] in units_charted and row["value"] == row["value"])
        if not part:
            continue
        drawn = part[:MAX_BARS]
        arguments = (drawn, colours, log_scale) if build is charts.money_chart else (drawn, colours)
        alt = charts.text_alternative(drawn)
        if len(part) > len(drawn):
            alt += f" The chart shows the first {len(drawn)} of {len(part)} figures; the table lists them all."
        views.append(ChartView(key, part, partial(build, *arguments), alt, charts.image_file_name(name, part),
                               len(drawn)))
    charted = ("usd_billion", "allies") + charts.SHARE_UNITS
    others = tuple(row for row in shown if row["unit"] not in charted or row["value"] != row["value"])
    return FiguresView(shown, tuple(views), others, tuple(row["figure_id"] for row in others[:MAX_CARDS]))
