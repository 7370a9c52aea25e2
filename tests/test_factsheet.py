"""The fact sheet: one self-contained HTML file that asks the network for nothing, escapes every text and prints on A4 and Letter."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from defence_figures.corpus.frames import figure_rows
from defence_figures.nato.outcomes import claim_steps
from defence_figures.reuse import factsheet
from test_datapackage import add_claims, loaded

CLAIM = "eighteen-allies-at-2pct"


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of every <style>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.styles: list[str] = []
        self.text: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        (self.styles if self._in_style else self.text).append(data)


def parsed(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    return tags


def external_references(html: str) -> list[str]:
    """What a browser would fetch: scripts, stylesheets, images, frames, fonts and url() that are not in the file."""
    tags = parsed(html)
    found = []
    for tag, attrs in tags.tags:
        if tag in ("script", "iframe", "object", "embed", "link", "base", "frame", "audio", "video", "source", "track"):
            found.append(f"<{tag}>")
        for name in ("src", "srcset", "data", "poster", "background"):
            if attrs.get(name) and not attrs[name].startswith("data:"):
                found.append(f"{tag} {name}={attrs[name]}")
        if tag in ("image", "use", "feimage") and any(v and not v.startswith("#") for k, v in attrs.items()
                                                      if k in ("href", "xlink:href")):
            found.append(f"<{tag}> href")
        if any(k.startswith("on") for k in attrs):
            found.append(f"{tag} event handler")
    for style in tags.styles + [a.get("style", "") for _, a in tags.tags]:
        found += [f"@import in style: {m}" for m in re.findall(r"@import[^;]*", style)]
        found += [f"url() in style: {m}" for m in re.findall(r"url\(\s*['\"]?(?!#)[^)]*\)", style)]
    return found


@pytest.fixture
def data(fixture_root):
    corpus, claims, fact_check, _ = loaded(add_claims(fixture_root))
    by_id = {row["figure_id"]: row for row in figure_rows(corpus)}
    checks = {check.item: check for check in fact_check.checks}
    steps = {claim_id: claim_steps(claim, by_id, checks) for claim_id, claim in claims.items()}
    return corpus, claims, steps


def test_one_claim_holds_its_sentences_verdicts_outcomes_and_citations(data):
    html = factsheet.factsheet_html(*data, CLAIM, draw_charts=False)
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert "<title>Fact sheet: 18 Allies &lt;at&gt; 2%</title>" in html
    assert "“18 Allies are expected to spend 2% of GDP &lt;b&gt;on defence&lt;/b&gt; &amp; more in 2024.”" in html
    # The sentence, its number highlighted inside it.
    assert ('<mark class="df-quote" data-figures="pc15-18-allies-at-2pct">I expect <strong>18</strong> Allies to spend 2% '
            "of their GDP on defence this year.</mark>") in html
    assert ('<mark class="df-quote" data-figures="bgnes-18-allies-at-2pct">I expect <strong>18</strong> allies to spend 2% '
            "of their GDP on defence this year.</mark>") in html
    assert '<span aria-hidden="true">✓</span> faithful</span>' in html  # BGNES's verdict against NATO's words
    assert '<span aria-hidden="true">↓</span> lower than said</span>' in html  # the outcome's verdict
    assert '<div class="fs-chain">18 → 3</div>' in html
    assert "=HYPERLINK(&quot;https://example.org&quot;) is how a made-up later record reads." in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; A forecast." in html
    assert ("NATO. &quot;Press conference by NATO Secretary General Jens Stoltenberg following the meetings of NATO Ministers "
            "of Defence in Brussels.&quot; 15 February 2024.") in html
    assert "The chart could not be drawn when this sheet was made" in html
    assert "<script" not in html.lower()
    assert external_references(html) == []


def test_the_whole_statement_holds_every_statement_figure_and_every_claim(data):
    corpus, claims, steps = data
    html = factsheet.factsheet_html(corpus, claims, steps, None, draw_charts=False)
    assert "<title>Fact sheet: BGNES, 2024-02-15</title>" in html
    shown = re.findall(r'data-figure="(bgnes-[^"]+)"', html)
    statement = [f.id for f in corpus.figures.values() if f.document_id == "bgnes-2024-02-15-stoltenberg"]
    assert len(statement) == 10 and set(statement) <= set(shown)
    assert re.findall(r'data-comparison="([^"]+)"', html) == [c for c in corpus.comparisons]
    assert len(corpus.comparisons) == 4
    assert f'data-claim="{CLAIM}"' in html
    assert html.count('<span aria-hidden="true">⚠</span> meaning differs</span>') == 4
    assert external_references(html) == []
    assert parsed(html).tags[:3] == [("html", {"lang": "en"}), ("head", {}), ("meta", {"charset": "utf-8"})]
    assert ("meta", {"http-equiv": "Content-Security-Policy", "content": factsheet.CSP}) in parsed(html).tags


def test_an_unknown_claim_is_a_key_error(data):
    with pytest.raises(KeyError):
        factsheet.factsheet_html(*data, "no-such-claim", draw_charts=False)


@pytest.mark.parametrize("svg, safe", [
    ('<svg><rect clip-path="url(#clip1)"/><use xlink:href="#a"/></svg>', True),
    ('<?xml version="1.0"?><svg><text>NATO said on 15 February</text></svg>', True),
    ('<svg><image href="https://example.org/x.png"/></svg>', False),
    ('<svg><style>@import "https://example.org/f.css";</style></svg>', False),
    ('<svg><rect style="fill:url(https://example.org/p)"/></svg>', False),
    ('<svg><script>alert(1)</script></svg>', False),
    ('<svg><rect onload="alert(1)"/></svg>', False),
    ("not an svg", False),
])
def test_an_svg_that_refers_outside_itself_is_refused(svg, safe):
    assert (factsheet.safe_svg(svg) is not None) is safe


def test_the_checker_finds_what_a_browser_would_fetch():
    page = ('<link rel="stylesheet" href="https://x/y.css"><img src="http://x/i.png"><img src="data:image/png;base64,AA">'
            '<style>@import url(https://x/f.css); .a{background:url(#g)} .b{background:url("http://x/b.png")}</style>'
            '<svg><image xlink:href="https://x/i.svg"/></svg><script src="https://x/s.js"></script>')
    assert external_references(page) == [
        "<link>", "img src=http://x/i.png", "<image> href", "<script>", "script src=https://x/s.js",
        "@import in style: @import url(https://x/f.css)", 'url() in style: url(https://x/f.css)',
        'url() in style: url("http://x/b.png")',
    ]


@pytest.mark.browser  # Plotly's exporter and the offline check both use Debian's Chromium
def test_opened_from_disk_it_fetches_nothing_shows_the_chart_and_prints_on_a4_and_letter(data, browser, tmp_path):
    html = factsheet.factsheet_html(*data, CLAIM)
    assert html.count("<svg") >= 1 and external_references(html) == []
    path = tmp_path / "factsheet.html"
    path.write_text(html, encoding="utf-8")
    context = browser.new_context(viewport={"width": 1000, "height": 800}, offline=True)
    attempted: list[str] = []

    def route(request_route):
        url = request_route.request.url
        if url.startswith("file://"):
            request_route.continue_()
        else:
            attempted.append(url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    failures: list[str] = []
    page.on("console", lambda message: failures.append(message.text) if message.type == "error" else None)
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    assert attempted == []
    assert [url for url in requested if not url.startswith("file://")] == []
    assert failures == []
    assert page.locator(".fs-chart svg").first.is_visible()
    assert page.locator(".fs-chart svg text", has_text="18 Allies").count() >= 1
    assert "18 Allies are expected to spend 2% of GDP <b>on defence</b> & more in 2024." in page.inner_text(".fs-claim")
    assert page.evaluate("() => document.querySelectorAll('script').length") == 0
    sizes = {}
    for paper, box in (("A4", "[0 0 595.91998 842.88]"), ("Letter", "[0 0 612 792]")):
        pdf = page.pdf(format=paper, print_background=True)
        assert pdf.startswith(b"%PDF-") and len(pdf) > 10_000
        assert f"/MediaBox {box}".encode() in pdf, paper
        sizes[paper] = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert 1 <= sizes["A4"] <= 4 and 1 <= sizes["Letter"] <= 4
    context.close()
