"""Screenshots of the review app for docs/review.md: the queue, an article, and a field being corrected.

Runs the app on the demo job store (extractor.review.demo) on a free loopback port and drives Debian's
headless Chromium with Playwright. Usage: ``python scripts/review_screenshots.py [OUT_DIR]`` (default
docs/review/).
"""

from __future__ import annotations

import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from extractor.review.app import create_app
from extractor.review.demo import build_demo_store

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/review")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(build_demo_store(Path(tmp) / "demo.db"), reviewer="ana")
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        try:
            shoot(url, out)
        finally:
            server.should_exit = True
            thread.join(20)


def shoot(url: str, out: Path) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1360, "height": 760})
        page.set_default_timeout(30_000)
        page.goto(url + "/?view=all")
        page.screenshot(path=str(out / "queue.png"))
        page.goto(url + "/article?id=demo-01")
        page.hover("#card-m0 tr[data-field=date]")
        page.screenshot(path=str(out / "article.png"))
        page.click("#card-m0 tr[data-field=locality] button.value")
        box = page.evaluate("""() => {
            const seg = Array.from(document.querySelectorAll('#article-text [data-s]'))
                .find(s => s.textContent.includes('Balad'));
            const node = seg.firstChild, at = node.data.indexOf('Balad');
            const range = document.createRange();
            range.setStart(node, at); range.setEnd(node, at + 5);
            const r = range.getBoundingClientRect();
            return {x1: r.left + 1, x2: r.right - 1, y: r.top + r.height / 2};
        }""")
        page.mouse.move(box["x1"], box["y"])
        page.mouse.down()
        page.mouse.move(box["x2"], box["y"], steps=6)
        page.mouse.up()
        page.screenshot(path=str(out / "edit.png"))
        browser.close()
    print(f"screenshots written to {out}/: queue.png article.png edit.png")


if __name__ == "__main__":
    main()
