"""HTML for quotes, highlights, badges and word differences; every piece of data text is escaped here."""
from __future__ import annotations

import difflib
import html
import re

from defence_figures.corpus.anchor import Span, paragraph_bounds, segments
from defence_figures.corpus.claims import COVERAGE, OUTCOME_VERDICTS
from defence_figures.corpus.model import BASES, COMPLETENESS, DATE_BASES, KINDS, QUALIFIERS, TITLE_SOURCES, VERDICTS

# Okabe & Ito's colour-blind-safe palette; every use is paired with a shape, a
# pattern or a word so that nothing is told by colour alone.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]

KIND_BADGES = {
    "actual": ("●", "actual"),
    "estimate": ("≈", "estimate"),
    "expectation": ("→", "expectation"),
    "target": ("◎", "target"),
    "goal": ("◇", "goal"),
    "change": ("↗", "change"),
}
BASIS_BADGES = {
    "annual": ("▮", "one year"),
    "cumulative": ("Σ", "added up over years"),
    "point_in_time": ("•", "at one moment"),
    "rate": ("⟳", "per year, at capacity"),
}
VERDICT_BADGES = {
    "faithful": ("✓", "faithful", "df-ok"),
    "reworded": ("≈", "reworded, same meaning", "df-ok"),
    "meaning_differs": ("⚠", "meaning differs", "df-warn"),
    "number_missing": ("∅", "number lost", "df-warn"),
}
# A coverage cell with no appearance; the words, not the symbol, carry the meaning.
COVERAGE_BADGES = {
    "not_reported": ("–", "not reported", "df-muted"),
    "not_in_excerpt": ("…", "not in the stored excerpt", "df-muted"),
}
OUTCOME_BADGES = {
    "same": ("=", "same number", "df-ok"),
    "higher": ("↑", "higher than said", "df-info"),
    "lower": ("↓", "lower than said", "df-info"),
    "consistent": ("≈", "consistent", "df-ok"),
    "not_comparable": ("≠", "not comparable", "df-muted"),
}

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def esc(text: object) -> str:
    """Escape any text from a data file or a URL for HTML, quotes included."""
    return html.escape("" if text is None else str(text), quote=True)


def md_escape(text: object) -> str:
    """Escape text for places Streamlit reads as Markdown (labels, captions): no links, no HTML, no formatting."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape("" if text is None else str(text), quote=False))


def badge(symbol: str, words: str, css: str = "", title: str = "") -> str:
    title_attr = f' title="{esc(title)}"' if title else ""
    return f'<span class="df-badge {css}"{title_attr}><span aria-hidden="true">{esc(symbol)}</span> {esc(words)}</span>'


def kind_badge(kind: str) -> str:
    symbol, words = KIND_BADGES[kind]
    return badge(symbol, words, f"df-kind-{kind}", KINDS[kind])


def basis_badge(basis: str) -> str:
    symbol, words = BASIS_BADGES[basis]
    return badge(symbol, words, f"df-basis-{basis}", BASES[basis])


def verdict_badge(verdict: str) -> str:
    symbol, words, css = VERDICT_BADGES[verdict]
    return badge(symbol, words, css, VERDICTS[verdict])


def provenance_marks(document) -> str:
    """Badges for what a reader must know about a text's title, date and completeness, on screen as in the data."""
    marks = []
    if document.title_source == "page_address":
        marks.append(badge("⚲", "title from the page address", "df-muted", TITLE_SOURCES["page_address"]))
    elif document.title_source == "supplied":
        marks.append(badge("[ ]", "title supplied by us", "df-muted", TITLE_SOURCES["supplied"]))
    if document.date_basis == "inferred":
        marks.append(badge("≈", "date inferred", "df-muted", DATE_BASES["inferred"]))
    if document.completeness == "excerpt":
        covers = f": {document.excerpt_covers}" if document.excerpt_covers else ""
        marks.append(badge("…", "excerpt", "df-muted", COMPLETENESS["excerpt"] + covers))
    return "".join(marks)


def coverage_badge(status: str) -> str:
    """A coverage cell: a report's verdict, or why the outlet has none."""
    if status in VERDICT_BADGES:
        return verdict_badge(status)
    symbol, words, css = COVERAGE_BADGES[status]
    return badge(symbol, words, css, COVERAGE[status])


def outcome_badge(verdict: str) -> str:
    symbol, words, css = OUTCOME_BADGES[verdict]
    return badge(symbol, words, css, OUTCOME_VERDICTS[verdict])


def value_html(display_value: str, qualifier: str) -> str:
    """The number large, its hedge ("more than") smaller above it so it is never lost."""
    words = QUALIFIERS.get(qualifier, "")
    if words and display_value.startswith(words + " "):
        number = display_value[len(words) + 1:]
        return f'<span class="df-qualifier">{esc(words)}</span><br>{esc(number)}'
    return esc(display_value)


def highlighted_text(text: str, spans: list[Span], start: int = 0, end: int | None = None,
                     selected: str = "", labels: dict[str, str] | None = None) -> str:
    """text[start:end] as HTML with each span's quote in <mark> and its number in <strong>.

    selected: the figure id whose quote is emphasised and given the id fig-<id> to scroll to.
    labels: figure id -> a short label shown after the quote (the Sources page).
    """
    pieces = segments(text, spans, start, end)
    # Consecutive pieces covered by the same quotes form one <mark>, the number bold inside it.
    groups: list[list] = []
    for piece in pieces:
        if groups and groups[-1][0].keys == piece.keys:
            groups[-1].append(piece)
        else:
            groups.append([piece])
    last_group_of: dict[str, int] = {}
    for index, group in enumerate(groups):
        for key in group[0].keys:
            last_group_of[key] = index
    parts: list[str] = []
    opened: set[str] = set()
    for index, group in enumerate(groups):
        body = "".join(
            f"<strong>{esc(p.text)}</strong>" if p.strong else esc(p.text) for p in group
        ).replace("\n", "<br>")
        keys = group[0].keys
        if not keys:
            parts.append(body)
            continue
        anchors = "".join(f'<span id="fig-{esc(k)}" class="df-anchor"></span>' for k in keys if k not in opened)
        opened.update(keys)
        classes = "df-quote df-selected" if selected in keys else "df-quote"
        title = esc(", ".join(labels[k] for k in keys if labels and k in labels))
        title_attr = f' title="{title}"' if title else ""
        parts.append(f'{anchors}<mark class="{classes}" data-figures="{esc(" ".join(keys))}"{title_attr}>{body}</mark>')
        for key in keys:
            if labels and key in labels and last_group_of[key] == index:
                chip_class = "df-chip df-selected" if key == selected else "df-chip"
                parts.append(f'<sup class="{chip_class}">{esc(labels[key])}</sup>')
    return "".join(parts)


def quote_in_context(text: str, quote_start: int, quote_end: int, number_start: int, number_end: int,
                     key: str = "quote") -> str:
    """The paragraph around a quote, the quote marked and its number in bold."""
    para_start, para_end = paragraph_bounds(text, quote_start, quote_end)
    spans = [Span(quote_start, quote_end, key), Span(number_start, number_end, key, strong=True)]
    inner = highlighted_text(text, spans, para_start, para_end, selected=key)
    return f'<blockquote class="df-context">{inner}</blockquote>'


def _words(text: str) -> list[str]:
    return re.findall(r"\s+|[^\s]+", text)


def _normalised(token: str) -> str:
    return token.lower().strip(".,;:!?\"'“”’‘").replace("’", "'")


def word_diff(statement: str, record: str) -> tuple[str, str]:
    """Both texts as HTML with the words that differ marked (<del> in the statement, <ins> in the record)."""
    left, right = _words(statement), _words(record)
    matcher = difflib.SequenceMatcher(a=[_normalised(t) for t in left], b=[_normalised(t) for t in right],
                                      autojunk=False)
    out_left: list[str] = []
    out_right: list[str] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        a_text, b_text = "".join(left[a1:a2]), "".join(right[b1:b2])
        if op == "equal":
            out_left.append(esc(a_text))
            out_right.append(esc(b_text))
            continue
        if a_text.strip():
            out_left.append(f'<del class="df-diff" title="not in the record">{esc(a_text)}</del>')
        else:
            out_left.append(esc(a_text))
        if b_text.strip():
            out_right.append(f'<ins class="df-diff" title="not in the statement">{esc(b_text)}</ins>')
        else:
            out_right.append(esc(b_text))
    return "".join(out_left).replace("\n", "<br>"), "".join(out_right).replace("\n", "<br>")


STYLE = """
<style>
.df-badge{display:inline-block;padding:0.05rem 0.5rem;margin:0 0.25rem 0.25rem 0;border:1px solid currentColor;
  border-radius:1rem;font-size:0.8rem;line-height:1.4;white-space:nowrap}
/* Each colour in a light and a dark version, picked by the theme Streamlit has in force (its color-scheme):
   4.5:1 or more against either background (tests/test_contrast.py). */
.df-warn{color:light-dark(#B35900,#FFA64D);font-weight:600}
.df-ok{color:light-dark(#006D4F,#5CD6A9)}
.df-info{color:light-dark(#005A8C,#6CB8F0)}
.df-muted{color:light-dark(#555555,#B8B8B8)}
.df-card-value{font-size:2.1rem;font-weight:700;line-height:1.15;margin:0.2rem 0}
.df-qualifier{font-size:0.55em;font-weight:600;letter-spacing:0.02em}
.df-card-label{font-size:1rem;margin-bottom:0.35rem}
.df-card-meta{font-size:0.85rem;opacity:0.85}
.df-card-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr));gap:0.8rem;margin:0.3rem 0 0.6rem 0}
.df-card-grid .df-card{border:1px solid rgba(128,128,128,0.35);border-radius:0.5rem;padding:0.7rem 0.9rem;position:relative}
.df-card-number{position:absolute;top:0.6rem;right:0.7rem;font-size:0.85rem;padding:0.05rem 0.5rem}
.df-context{border-left:4px solid #0072B2;margin:0.5rem 0;padding:0.5rem 0.9rem;font-size:1.05rem;line-height:1.6}
mark.df-quote{background:#FFF3C4;color:#1a1a1a;padding:0.05rem 0;border-bottom:2px solid #E69F00}
mark.df-quote.df-selected{background:#FFE08A;border-bottom:3px solid #D55E00;outline:2px dashed #D55E00}
.df-chip{white-space:nowrap;font-size:0.72rem;background:#0072B2;color:#fff;border-radius:0.6rem;padding:0 0.4rem;margin-left:0.15rem}
.df-chip.df-selected{background:#B35900}
.df-source-text{font-size:1.02rem;line-height:1.75;max-width:60rem}
del.df-diff{text-decoration:line-through;text-decoration-thickness:2px;background:#F9D3C5;color:#1a1a1a}
ins.df-diff{text-decoration:underline;text-decoration-thickness:2px;background:#CDEBDF;color:#1a1a1a}
.df-compare-grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(20rem,1fr));gap:1.5rem}
.df-doc-head{font-size:0.95rem;opacity:0.9}
.df-footer{font-size:0.82rem;opacity:0.85;border-top:1px solid rgba(128,128,128,0.4);margin-top:2rem;padding-top:0.6rem}
/* A reader who asked the system for less motion gets none: no animation, transition or smooth scrolling. */
@media (prefers-reduced-motion:reduce){*,*::before,*::after{animation-duration:0s !important;
  animation-iteration-count:1 !important;transition-duration:0s !important;scroll-behavior:auto !important}}
</style>
"""


def present_slide(row, document, number: int, total: int, dark: bool) -> str:
    """One figure as a slide: the number very large, its label, its sentence with the number marked, its source."""
    background, foreground, accent = ("#111418", "#F4F4F4", "#56B4E9") if dark else ("#FFFFFF", "#111111", "#0072B2")
    quote_start, quote_end = int(row["quote_start"]), int(row["quote_end"])
    spans = [Span(quote_start, quote_end, "q"), Span(int(row["number_start"]), int(row["number_end"]), "q", strong=True)]
    sentence = highlighted_text(document.text, spans, quote_start, quote_end)
    warning = ""
    if row["verdict"] == "meaning_differs":
        warning = f'<div class="df-slide-warn">⚠ {esc(row["difference"])}</div>'
    return f"""
<style>
.df-slide{{background:{background};color:{foreground};border-radius:12px;padding:2.2vh 3vw;min-height:74vh;
  color-scheme:{'dark' if dark else 'light'};display:flex;flex-direction:column;justify-content:center;
  border:1px solid rgba(128,128,128,0.35)}}
.df-slide-count{{font-size:1.1rem;opacity:0.75;margin-bottom:1vh}}
.df-slide-value{{font-size:clamp(3rem,13vh,9rem);font-weight:800;line-height:1.02;color:{accent}}}
.df-slide-label{{font-size:clamp(1.3rem,4.2vh,2.4rem);font-weight:600;margin:1.2vh 0 2vh 0;padding:0;line-height:1.25;
  color:inherit}}
.df-slide-quote{{font-size:clamp(1rem,3vh,1.6rem);line-height:1.45;border-left:6px solid {accent};padding-left:1.2rem}}
.df-slide-quote mark.df-quote{{background:transparent;color:inherit;border:0;outline:0}}
.df-slide-quote strong{{background:{accent};color:{background};padding:0 0.2rem;border-radius:4px}}
.df-slide-source{{font-size:clamp(0.9rem,2.2vh,1.15rem);opacity:0.85;margin-top:2vh}}
.df-slide-warn{{font-size:clamp(0.9rem,2.2vh,1.15rem);margin-top:1.2vh;padding:0.5rem 0.8rem;border:2px solid #E69F00;border-radius:8px}}
.df-slide .df-badge{{font-size:clamp(0.8rem,2vh,1rem)}}
</style>
<section class="df-slide" data-theme="{'dark' if dark else 'light'}" aria-label="Slide {number} of {total}">
  <div class="df-slide-count">{number} / {total} · {kind_badge(row["kind"])}{basis_badge(row["basis"])}</div>
  <div class="df-slide-value">{value_html(row["display_value"], row["qualifier"])}</div>
  <h1 class="df-slide-label">{esc(row["label"])} <span style="opacity:.7">({esc(row["period"])})</span></h1>
  <blockquote class="df-slide-quote">{sentence}</blockquote>
  <div class="df-slide-source">{esc(document.producer)}{", " + esc(document.speaker) if document.speaker else ""},
    {esc(document.date_published)}: “{esc(document.title)}”</div>
  {warning}
</section>"""
