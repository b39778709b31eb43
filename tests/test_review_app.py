"""The review app over HTTP (Starlette's TestClient): safety rules, concurrency and errors in the page."""

from __future__ import annotations

import re
import shutil

import pytest
from starlette.testclient import TestClient

from extractor.batch import JobStore
from extractor.errors import InputError
from extractor.review.app import CSRF_COOKIE, TOKEN_COOKIE, create_app, is_loopback
from extractor.review.demo import ARTICLES

LOCAL = "http://127.0.0.1:8765"
FETCH = {"X-Review-Fetch": "1"}


@pytest.fixture
def store_path(tmp_path, demo_store):
    path = tmp_path / "job.db"
    shutil.copyfile(demo_store, path)
    return path


@pytest.fixture
def client(store_path):
    with TestClient(create_app(store_path, reviewer="ana"), base_url=LOCAL) as client:
        yield client


def csrf_of(client: TestClient, article: str = "demo-01") -> str:
    page = client.get("/article", params={"id": article})
    assert page.status_code == 200
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def flash(response) -> str:
    found = re.search(r'id="flash"[^>]*>([^<]*)<', response.text)
    return found.group(1) if found else ""


def edit(client, csrf, *, article="demo-01", incident="m0", version="0", field="locality", value="Balad", **extra):
    data = {
        "csrf": csrf,
        "article": article,
        "incident": incident,
        "version": version,
        "field": field,
        "value": value,
        **extra,
    }
    return client.post("/edit", data=data, headers=FETCH)


def test_queue_filters(client):
    def ids(**query):
        return re.findall(r'href="/article\?id=([\w-]+)', client.get("/", params=query).text)

    assert ids() == [a["id"] for a in ARTICLES]
    assert ids(problem="errors") == ["demo-03"]
    assert ids(problem="no_incidents") == ["demo-06"]
    assert ids(problem="disagree") == ["demo-01", "demo-04"]  # one rocket attack: 3 vs 5 wounded
    assert ids(country="SN") == ["demo-05"]
    assert ids(event_type="Protests") == ["demo-02", "demo-05"]
    assert client.get("/", params={"view": "nonsense"}).status_code == 400


def test_a_write_without_the_csrf_secret_or_from_another_origin_is_refused(client, store_path):
    token = csrf_of(client)
    assert edit(client, "forged" * 8).status_code == 403
    assert edit(client, "").status_code == 403
    other = client.post(
        "/edit",
        data={
            "csrf": token,
            "article": "demo-01",
            "incident": "m0",
            "version": "0",
            "field": "locality",
            "value": "Balad",
        },
        headers={**FETCH, "Origin": "http://evil.example"},
    )
    assert other.status_code == 403 and "cross-origin" in other.text
    client.cookies.delete(CSRF_COOKIE)
    assert edit(client, token).status_code == 403  # the form field alone proves nothing
    with JobStore(store_path) as store:
        assert store.db.execute("SELECT COUNT(*) FROM review_log").fetchone()[0] == 0


def test_a_foreign_host_header_is_refused_on_loopback(client):
    assert client.get("/", headers={"Host": "attacker.example:8765"}).status_code == 400


def test_beyond_loopback_a_token_is_required(store_path):
    with pytest.raises(InputError, match="token"):
        create_app(store_path, reviewer="ana", host="0.0.0.0")
    app = create_app(store_path, reviewer="ana", host="0.0.0.0", token="s3cret-token")
    with TestClient(app, base_url="http://192.168.1.20:8765") as client:
        assert client.get("/").status_code == 401
        assert client.get("/static/review.js").status_code == 401
        assert client.get("/", params={"token": "wrong"}).status_code == 403
        entry = client.get("/", params={"token": "s3cret-token", "view": "all"}, follow_redirects=False)
        assert entry.status_code == 303 and "token" not in entry.headers["location"]
        assert client.cookies.get(TOKEN_COOKIE) == "s3cret-token"
        assert client.get("/").status_code == 200
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.20")


def test_article_text_and_values_are_escaped_and_scripts_are_blocked(client):
    page = client.get("/article", params={"id": "demo-05"})
    assert "<script>alert(1)</script>" not in page.text and "<b>bold</b>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    # A value the analyst types is escaped too.
    response = edit(
        client, csrf_of(client, "demo-05"), article="demo-05", field="site", value="<img src=x onerror=alert(1)>"
    )
    assert response.status_code == 200
    assert "<img src=x" not in response.text and "&lt;img src=x onerror=alert(1)&gt;" in response.text


def test_a_stale_version_gets_409_and_writes_nothing(client, store_path):
    token = csrf_of(client)
    assert edit(client, token, value="Balad").status_code == 200
    stale = edit(client, token, value="Samarra")  # a second tab still holding version 0
    assert stale.status_code == 409
    assert "Not saved" in flash(stale) and "version 1" in flash(stale)
    assert "Balad" in stale.text  # the page shows the current value
    with JobStore(store_path) as store:
        rows = store.db.execute("SELECT action, after FROM review_log").fetchall()
    assert len(rows) == 1 and "Samarra" not in rows[0][1]
    assert edit(client, token, version="1", value="Samarra").status_code == 200


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("killed", "dozens", "cannot read a number"),
        ("date", "2020-06-30", "after the publication date"),
        ("date", "2020-02-30", "not a calendar date"),
        ("country", "Atlantis", "not a known country"),
        ("weapon", "harsh words", "matches no weapon"),
        ("sub_event_type", "Battles", "choose a kind of Battles"),
        ("primary", "maybe", "not yes or no"),
        ("evidence", "x", "not an editable field"),
    ],
)
def test_bad_input_is_a_message_in_the_page(client, field, value, message):
    response = edit(client, csrf_of(client), field=field, value=value)
    assert response.status_code == 422
    assert message in response.text
    assert "Traceback" not in response.text
    if field != "evidence":
        assert f'value="{value}"' in response.text  # the analyst's words stay in the open edit box


def test_bad_spans_versions_and_ids_are_refused(client):
    token = csrf_of(client)
    assert "outside the article" in edit(client, token, start="5", end="99999").text
    assert "do not occur" in edit(client, token, start="0", end="5", quote="Kabul").text
    assert "whole number" in edit(client, token, version="one").text
    assert edit(client, token, incident="m9").status_code == 404
    assert edit(client, token, article="nope").status_code == 404
    assert client.get("/article", params={"id": "nope"}).status_code == 404


def test_marking_reviewed_needs_every_incident_decided_and_a_later_change_reopens_it(client, store_path):
    token = csrf_of(client, "demo-02")
    refused = client.post("/reviewed", data={"csrf": token, "article": "demo-02"}, headers=FETCH)
    assert refused.status_code == 422 and "not decided yet (m0)" in refused.text
    client.post("/accept", data={"csrf": token, "article": "demo-02", "incident": "m0", "version": "0"}, headers=FETCH)
    done = client.post("/reviewed", data={"csrf": token, "article": "demo-02"}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].startswith("/next?after=demo-02")
    assert client.get(done.headers["location"], follow_redirects=False).headers["location"] == "/article?id=demo-03"
    with JobStore(store_path) as store:
        assert dict((a["id"], r.provenance.reviewed_by) for a, r in store.results())["demo-02"] == "ana"
    client.post("/reject", data={"csrf": token, "article": "demo-02", "incident": "m0", "version": "1"}, headers=FETCH)
    with JobStore(store_path) as store:
        assert dict((a["id"], r.provenance.reviewed_by) for a, r in store.results())["demo-02"] is None


def test_the_forms_work_without_javascript(client):
    token = csrf_of(client)
    response = client.post(
        "/edit",
        data={
            "csrf": token,
            "article": "demo-01",
            "incident": "m0",
            "version": "0",
            "field": "locality",
            "value": "Balad",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/article?id=demo-01"
    assert "Balad (34.015" in client.get(response.headers["location"]).text


@pytest.mark.parametrize("action", ["accept", "reject", "edit", "add", "reviewed"])
def test_a_post_without_an_article_is_a_clear_400(client, action):
    data = {"csrf": csrf_of(client), "incident": "m0", "version": "0", "field": "locality", "value": "Balad"}
    response = client.post(f"/{action}", data=data, headers=FETCH)
    assert response.status_code == 400
    assert response.text.startswith(f"the form names no article: /{action} needs the field 'article'")


def test_a_post_without_an_incident_is_a_clear_400(client):
    response = client.post(
        "/accept", data={"csrf": csrf_of(client), "article": "demo-01", "version": "0"}, headers=FETCH
    )
    assert response.status_code == 400 and "names no incident" in response.text


def test_a_bad_field_for_an_unknown_article_is_404_not_500(client):
    response = client.post(
        "/accept",
        data={"csrf": csrf_of(client), "article": "no-such-article", "incident": "m0", "version": "first"},
        headers=FETCH,
    )
    assert response.status_code == 404 and "no-such-article" in response.text


def test_the_judges_verdict_is_shown_on_the_queue_and_the_card(store_path):
    with JobStore(store_path) as store:
        store.db.execute(
            "UPDATE results SET extraction = json_set(extraction, '$.incidents[0].confidence', 0.41, "
            "'$.incidents[0].needs_review', json('true'), '$.incidents[0].review_fields', json('[\"locality\"]'), "
            "'$.incidents[0].field_sources', json('{\"locality\": \"dateline\"}')) WHERE article_id = 'demo-01'"
        )
        store.db.execute(
            "UPDATE incidents SET incident = json_set(incident, '$.confidence', 0.41, '$.needs_review', "
            "json('true')) WHERE article_id = 'demo-01'"
        )
        store.db.commit()
    with TestClient(create_app(store_path, reviewer="ana"), base_url=LOCAL) as client:
        queue = client.get("/", params={"view": "all"}).text
        assert "0.41" in queue and "needs review" in queue
        card = client.get("/article", params={"id": "demo-01"}).text
        assert "needs review" in card and "confidence 0.41" in card
        locality = card[card.index('data-field="locality"') :]
        assert locality.index(">check<") < locality.index("</th>") and "dateline" in locality[: locality.index("</th>")]
        other = client.get("/article", params={"id": "demo-02"}).text
        assert "needs review" not in other and ">check<" not in other
