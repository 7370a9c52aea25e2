"""WCAG contrast of the theme's colours and the app's own, computed from config.toml and the style sheets, in both themes."""
from __future__ import annotations

import re
import tomllib

import plotly.graph_objects as go
import pytest

from conftest import REPO
from defence_figures.corpus import charts
from defence_figures.corpus.render import STYLE
from defence_figures.nato import table_charts

THEME = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text())["theme"]
# Streamlit 1.67's secondary background (code blocks, expanders' headers) where config.toml sets none:
# the defaults its config.py documents for the light and the dark theme.
SECONDARY_BACKGROUND = {"light": "#f8f8f7", "dark": "#2d2b27"}
# Streamlit draws a caption in the text colour at 60% opacity (checked on 1.67.0: #2f2d2b gave #828180).
CAPTION_OPACITY = 0.6


def relative_luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    red, green, blue = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(foreground: str, background: str) -> float:
    """WCAG 2.2's contrast ratio, from 1 (none) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def blend(foreground: str, background: str, opacity: float) -> str:
    """The colour seen where the foreground is drawn at this opacity over the background."""
    mixed = [round(opacity * int(foreground.lstrip("#")[i:i + 2], 16) + (1 - opacity) * int(background.lstrip("#")[i:i + 2], 16))
             for i in (0, 2, 4)]
    return "#" + "".join(f"{channel:02x}" for channel in mixed)


def test_contrast_is_wcag_s_ratio():
    assert round(contrast("#000000", "#FFFFFF"), 2) == 21.0
    assert round(contrast("#FFFFFF", "#FFFFFF"), 2) == 1.0
    assert round(contrast("#767676", "#FFFFFF"), 2) == 4.54  # the lightest grey that passes AA on white
    assert round(contrast("#FFFFFF", "#0072B2"), 2) == 5.19


def test_blend_is_the_colour_seen_through_opacity():
    assert blend("#2f2d2b", "#ffffff", CAPTION_OPACITY) == "#828180"  # what axe measured on Streamlit's default theme
    assert blend("#000000", "#ffffff", 0.5) == "#808080"


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_captions_reach_4_5_to_1_on_both_backgrounds(theme):
    colours = THEME[theme]
    for background in (colours["backgroundColor"], SECONDARY_BACKGROUND[theme]):
        caption = blend(colours["textColor"], background, CAPTION_OPACITY)
        assert contrast(caption, background) >= 4.5, (theme, background, caption)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_primary_colour_carries_white_text_and_stands_out(theme):
    colours = THEME[theme]
    assert contrast("#FFFFFF", colours["primaryColor"]) >= 4.5  # the text of a primary button
    assert contrast(colours["primaryColor"], colours["backgroundColor"]) >= 3  # a focus ring, a selected tab


def test_every_light_dark_colour_in_the_style_sheets_reaches_4_5_to_1():
    sheets = STYLE + "".join((REPO / "defence_figures" / "app" / name).read_text() for name in ("table_ui.py", "claims_ui.py"))
    pairs = re.findall(r"light-dark\((#[0-9A-Fa-f]{6}),(#[0-9A-Fa-f]{6})\)", sheets)
    assert len(pairs) >= 5
    for light, dark in pairs:
        assert contrast(light, THEME["light"]["backgroundColor"]) >= 4.5, light
        assert contrast(dark, THEME["dark"]["backgroundColor"]) >= 4.5, dark


@pytest.mark.parametrize("colour", [charts.OUTLINE, table_charts.GUIDELINE_COLOUR, table_charts.GREY])
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_chart_marks_reach_3_to_1_on_both_backgrounds(theme, colour):
    assert contrast(colour, THEME[theme]["backgroundColor"]) >= 3


def test_chart_points_name_each_target_in_words():
    from defence_figures.app.ui import chart_points

    fig = go.Figure([
        go.Bar(y=["What European Allies<br>will spend in 2024", "Aid to Ukraine"], x=[380, 100], orientation="h",
               name="BGNES", text=["$380 billion<br>BGNES, 2024-02-15", "more than $100 billion<br>BGNES, 2024-02-15"],
               customdata=[["bgnes-380-billion", "t"], ["bgnes-100-billion", "t"]]),
        go.Scatter(x=[2014, 2024], y=[3, 23], name="Counted by us", customdata=[["count-2014", "2014"], ["count-2024", "2024e"]]),
        go.Scatter(x=[1, 2], y=[1, 2], hoverinfo="skip"),  # a connecting line opens nothing
    ])
    assert chart_points(fig) == {
        "bgnes-380-billion": "1 · What European Allies will spend in 2024 · $380 billion · BGNES, 2024-02-15 · BGNES",
        "bgnes-100-billion": "2 · Aid to Ukraine · more than $100 billion · BGNES, 2024-02-15 · BGNES",
        "count-2014": "3 · 2014 · Counted by us",  # a word said twice is said once
        "count-2024": "4 · 2024 · 2024e · Counted by us",
    }
