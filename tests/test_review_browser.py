"""The review app in a real browser: headless Chromium (Debian's package) driven by Playwright.

The app runs under uvicorn on a free loopback port in a thread, over the demo job store. Skipped only when
Chromium is not installed (.ci/run installs it).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time

import pytest
import uvicorn
from playwright.sync_api import expect
from typer.testing import CliRunner

from extractor.batch import JobStore
from extractor.cli import app as cli
from extractor.evals.gold import load_gold_set
from extractor.review.app import create_app
from extractor.review.demo import ARTICLES
from extractor.review.gold import PREDICTIONS_FILE, export_gold

CHROMIUM = os.environ.get("EXTRACTOR_CHROMIUM", "/usr/bin/chromium")
TIMEOUT_MS = 30_000  # generous: CI machines are shared
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM),
        reason=f"headless Chromium not installed at {CHROMIUM} "
        "(apt-get install chromium chromium-driver; .ci/run does it)",
    ),
]


class Server:
    """uvicorn serving the app on a free loopback port, in a thread."""

    def __init__(self, app) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline, "the review app did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(20)
        self.sock.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def served(tmp_path, demo_store):
    path = tmp_path / "job.db"
    shutil.copyfile(demo_store, path)
    with Server(create_app(path, reviewer="ana")) as server:
        yield server.url, path


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs
    yield page
    context.close()


def select_in_article(page, quote: str, occurrence: int = 0) -> None:
    """Select ``quote`` in the article text with a real mouse drag (one interaction)."""
    box = page.evaluate(
        """([quote, occurrence]) => {
            const segs = Array.from(document.querySelectorAll('#article-text [data-s]'));
            const whole = segs.map(s => s.textContent).join('');
            let at = -1;
            for (let i = 0; i <= occurrence; i++) at = whole.indexOf(quote, at + 1);
            if (at < 0) return null;
            const locate = (offset) => {
                for (const s of segs) {
                    const len = s.textContent.length, from = Number(s.dataset.s);
                    if (offset < from + len || s === segs[segs.length - 1]) return [s.firstChild, offset - from];
                }
            };
            const range = document.createRange();
            range.setStart(...locate(at));
            range.setEnd(...locate(at + quote.length - 1));
            const first = range.getBoundingClientRect();
            range.setStart(...locate(at + quote.length - 1));
            range.setEnd(...locate(at + quote.length));
            const last = range.getBoundingClientRect();
            return {x1: first.left + 1, y1: first.top + first.height / 2, x2: last.right - 1, y2: last.top + last.height / 2};
        }""",
        [quote, occurrence],
    )
    assert box is not None, f"{quote!r} is not in the article"
    page.mouse.move(box["x1"], box["y1"])
    page.mouse.down()
    page.mouse.move(box["x2"], box["y2"], steps=8)
    page.mouse.up()


def saved(page, message: str) -> None:
    """Wait for the page's answer to a write; a different answer fails with its text."""
    page.wait_for_function(
        "m => { const f = document.getElementById('flash');"
        " return f && (f.textContent.includes(m) || f.classList.contains('error')); }",
        arg=message,
    )
    assert message in page.locator("#flash").inner_text()


def test_analyst_corrects_a_field_adds_a_missed_incident_and_exports_gold(served, page, tmp_path):
    url, path = served
    page.goto(url + "/")
    assert page.locator("table.queue tbody tr").count() == len(ARTICLES)
    page.click("text=demo-01")

    # Correcting a wrong field: 3 interactions (click the value, select the right words, Enter).
    locality = page.locator("#card-m0 tr[data-field=locality]")
    assert "Baghdad" in locality.locator("button.value").inner_text()
    locality.locator("button.value").click()  # 1
    select_in_article(page, "Balad")  # 2
    expect(locality.locator("input[name=value]")).to_have_value("Balad")
    page.keyboard.press("Enter")  # 3
    saved(page, "m0: locality saved")
    locality = page.locator("#card-m0 tr[data-field=locality]")
    assert "Balad" in locality.locator("button.value").inner_text()
    assert "Baghdad" in locality.locator("del.was").inner_text()  # the model's value is still shown
    assert page.locator('#article-text [data-ev~="m0:locality"]').inner_text() == "Balad"

    page.keyboard.press("n")  # mark reviewed and go on to the next unreviewed article
    page.wait_for_url(re.compile(r"id=demo-02"))

    page.keyboard.press("a")  # accept the protest the model found
    saved(page, "m0 accepted")
    page.select_option("form.add select[name=sub_event_type]", "Abduction/forced disappearance")
    page.click("form.add input[name=quote]")
    select_in_article(page, "gunmen abducted")
    expect(page.locator("form.add input[name=quote]")).to_have_value("gunmen abducted")
    page.click("form.add button")
    saved(page, "a1 added")
    for field, words in (
        ("locality", "Zaria"),
        ("date", "on Sunday night"),
        ("perpetrator", "gunmen"),
        ("target", "a local radio journalist"),
    ):
        page.locator(f"#card-a1 tr[data-field={field}] button.value").click()
        select_in_article(page, words)
        expect(page.locator(f"#card-a1 tr[data-field={field}] input[name=value]")).to_have_value(words)
        page.keyboard.press("Enter")
        saved(page, f"a1: {field} saved")
    assert "2021-03-07" in page.locator("#card-a1 tr[data-field=date] button.value").inner_text()
    page.keyboard.press("n")
    page.wait_for_url(re.compile(r"id=demo-03"))

    with JobStore(path) as store:
        log = store.db.execute(
            "SELECT reviewer, article_id, incident, action, field, before, after, evidence FROM review_log ORDER BY id"
        ).fetchall()
        reviewed = {article["id"]: record for article, record in store.results()}
        original = {article["id"]: record for article, record in store.results(reviewed=False)}
        assert [(a, i, act, f) for _, a, i, act, f, *_ in log] == [
            ("demo-01", "m0", "edit", "locality"),
            ("demo-01", None, "reviewed", None),
            ("demo-02", "m0", "accept", None),
            ("demo-02", "a1", "add", None),
            ("demo-02", "a1", "edit", "locality"),
            ("demo-02", "a1", "edit", "date"),
            ("demo-02", "a1", "edit", "perpetrator"),
            ("demo-02", "a1", "edit", "target"),
            ("demo-02", None, "reviewed", None),
        ]
        assert {row[0] for row in log} == {"ana"}
        assert '"Baghdad"' in log[0][5] and '"Balad"' in log[0][6] and '"quote":"Balad"' in log[0][7]
        assert reviewed["demo-01"].incidents[0].locality == "Balad"
        assert reviewed["demo-01"].provenance.reviewed_by == "ana"
        assert original["demo-01"].incidents[0].locality == "Baghdad"  # nothing the model wrote is overwritten
        added = reviewed["demo-02"].incidents[1]
        assert (added.sub_event_type, added.locality, added.country, str(added.date)) == (
            "Abduction/forced disappearance",
            "Zaria",
            "NG",
            "2021-03-07",
        )
        assert len(original["demo-02"].incidents) == 1
        assert reviewed["demo-04"].provenance.reviewed_by is None  # unreviewed: the model's record

        gold_dir = tmp_path / "gold"
        result = export_gold(store, gold_dir)
    assert result.written == ["demo-01", "demo-02"]
    gold = load_gold_set(gold_dir)
    assert gold["demo-02"][0].incidents[1].locality == "Zaria"
    assert gold["demo-01"][1] == ARTICLES[0]["text"]
    outcome = CliRunner().invoke(
        cli,
        [
            "eval",
            "score",
            "--pred",
            str(gold_dir / PREDICTIONS_FILE),
            "--gold",
            str(gold_dir),
            "--out",
            str(tmp_path / "score"),
        ],
    )
    assert outcome.exit_code == 0, outcome.output
    assert (tmp_path / "score" / "score.json").is_file()


def test_article_html_and_script_render_as_text(served, page):
    url, _ = served
    page.goto(url + "/article?id=demo-05")
    text = page.locator("#article-text")
    assert "<script>alert(1)</script>" in text.inner_text()
    assert "<b>bold</b>" in text.inner_text()
    assert text.locator("script").count() == 0 and text.locator("b").count() == 0
    assert page.evaluate("document.querySelectorAll('script').length") == 1  # only the app's own review.js
    assert page.dialogs == []


def test_a_second_tab_editing_the_same_incident_gets_a_clear_message(served, browser):
    url, _ = served
    context = browser.new_context()
    first, second = context.new_page(), context.new_page()
    first.set_default_timeout(TIMEOUT_MS)
    second.set_default_timeout(TIMEOUT_MS)
    for tab in (first, second):
        tab.goto(url + "/article?id=demo-04")
    first.locator("#card-m0 tr[data-field=injured] button.value").click()
    first.keyboard.type("4")
    first.keyboard.press("Enter")
    saved(first, "m0: injured saved")
    second.locator("#card-m0 tr[data-field=injured] button.value").click()
    second.keyboard.type("6")
    second.keyboard.press("Enter")
    message = second.locator("#flash.error")
    message.wait_for()
    assert "Not saved" in message.inner_text() and "changed by ana" in message.inner_text()
    assert "4" in second.locator("#card-m0 tr[data-field=injured] button.value").inner_text()  # current value shown
    context.close()
