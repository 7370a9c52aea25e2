"""/api/claims.jsonld: the ClaimReview documents served read-only by `streamlit run app.py`, beside the pages."""
from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from browser import streamlit_server
from test_claims_pages import copy_claims_root


@pytest.fixture(scope="module")
def api_url(tmp_path_factory):
    with streamlit_server(copy_claims_root(tmp_path_factory.mktemp("api") / "root")) as url:
        yield url.rstrip("/")


def fetch(url: str, method: str = "GET") -> tuple[int, str, str]:
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers["Content-Type"], response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode("utf-8")


def test_every_claim_at_one_address(api_url):
    status, kind, body = fetch(f"{api_url}/api/claims.jsonld")
    assert (status, kind) == (200, "application/ld+json")
    document = json.loads(body)
    assert document["@context"] == "https://schema.org"
    reviewed = [node["claimReviewed"] for node in document["@graph"]
                if node["@type"] == "ClaimReview" and node["url"].startswith(f"{api_url}/outcomes?claim=")]
    # The seven claims with a later record; the ten billion dollars of contracts has none.
    assert len(reviewed) == 7
    assert "18 Allies are expected to spend at least 2% of GDP on defence in 2024." in reviewed


def test_one_claim_at_its_own_address_with_links_to_this_server(api_url):
    status, _, body = fetch(f"{api_url}/api/claims/eighteen-allies-at-2pct.jsonld")
    assert status == 200
    first = json.loads(body)["@graph"][0]
    assert first["url"] == f"{api_url}/outcomes?claim=eighteen-allies-at-2pct"
    assert first["reviewRating"]["alternateName"] == "Later record higher"


def test_an_unknown_claim_is_a_json_404_that_shows_the_id_as_text(api_url):
    status, kind, body = fetch(f"{api_url}/api/claims/%3Cscript%3E.jsonld")
    assert (status, kind) == (404, "application/json")
    assert json.loads(body) == {"error": "no such claim", "claim": "<script>", "claims": f"{api_url}/api/claims.jsonld"}


def test_the_address_is_read_only(api_url):
    assert fetch(f"{api_url}/api/claims.jsonld", method="POST")[0] == 405
