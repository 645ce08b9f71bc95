"""The reading pages in a real browser: Debian's Chromium, driven headless by Playwright for Python
(the system browser: nothing is downloaded). ``newsdigest serve`` runs as its own process on a free
port of 127.0.0.1 over a store filled from tests/data/mixed_day.

Screenshots go to a temporary folder, or to $NEWSDIGEST_SCREENSHOT_DIR (the README's come from
``NEWSDIGEST_SCREENSHOT_DIR=docs .venv/bin/python -m pytest tests/test_browser.py``).
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
MIXED_DAY = Path(__file__).parent / "data" / "mixed_day"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} not found: install Debian's chromium (setup.sh does: apt-get install -y chromium)",
                allow_module_level=True)
playwright_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed (pip install playwright)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, encoder, nlp):
    import httpx

    from newsdigest.stories.store import open_store
    from newsdigest.stories.update import add_paths

    db = tmp_path_factory.mktemp("browser") / "store.db"
    store = open_store(db)
    add_paths(store, [MIXED_DAY], encoder=encoder, nlp=nlp)
    stories = store.list_stories()
    store.engine.dispose()
    store.reader.dispose()
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "newsdigest.cli", "serve", "--db", str(db), "--host", "127.0.0.1",
                             "--port", str(port), "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/api/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                out = proc.stdout.read().decode(errors="replace") if proc.poll() is not None else ""
                pytest.fail(f"newsdigest serve did not start: {out[-2000:]}")
            time.sleep(0.2)
        yield base, stories
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 900}, java_script_enabled=True)
    # Loopback only: any request that leaves 127.0.0.1 fails the test.
    outside = []
    context.route(lambda url: not url.startswith("http://127.0.0.1:"), lambda route: (outside.append(route.request.url), route.abort()))
    pg = context.new_page()
    yield pg
    context.close()
    assert not outside, f"the page asked for outside resources: {outside}"


def _shots() -> Path | None:
    value = os.environ.get("NEWSDIGEST_SCREENSHOT_DIR")
    return Path(value) if value else None


def test_front_page_lists_stories(server, page, tmp_path):
    base, stories = server
    page.goto(base + "/")
    headings = page.locator("ol.stories h2").all_inner_texts()
    assert len(headings) == len(stories) == 2
    for s in stories:
        assert s["title"] in headings
    assert page.locator("main").count() == 1 and page.locator("header nav").count() == 1
    page.screenshot(path=str((_shots() or tmp_path) / "front.png"))
    # The skip link is the first thing Tab reaches, and it leads to main.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"


def test_story_page_summary_and_citations(server, page, tmp_path):
    base, stories = server
    fire = next(s for s in stories if "fire" in (s["title"] or "").lower())
    page.goto(base + "/")
    page.get_by_role("link", name=fire["title"]).click()
    page.wait_for_url(f"**/stories/{fire['id']}")
    assert page.locator("h1").inner_text() == fire["title"]
    summary = page.locator("ol.summary > li")
    assert summary.count() >= 2
    assert summary.first.locator(".sentence").inner_text().strip()

    # Click: the first citation opens and shows its supporting source sentences.
    first = page.locator("#summary details.cite").first
    support = first.locator("ol.support")
    assert not support.is_visible()
    first.locator("summary").click()
    assert first.evaluate("d => d.open") and support.is_visible()
    assert support.locator("q").first.inner_text().strip()
    first.locator("summary").click()
    assert not support.is_visible()

    # Keyboard: Tab onto the second citation opens it (script), Escape closes, Enter opens (native).
    second = page.locator("#summary details.cite").nth(1)
    second.locator("summary").focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert second.evaluate("d => d.open"), "keyboard focus did not open the citation"
    page.keyboard.press("Escape")
    assert not second.evaluate("d => d.open")
    page.keyboard.press("Enter")
    assert second.evaluate("d => d.open") and second.locator("ol.support").is_visible()
    page.keyboard.press("Enter")
    assert not second.evaluate("d => d.open")

    # Shift+Tab from the second citation passed over the first, which opened it too.
    assert first.evaluate("d => d.open")
    first.locator("summary").click()  # and a click after keyboard use still toggles
    assert not first.evaluate("d => d.open")
    first.locator("summary").click()  # open it again for the screenshot
    assert first.evaluate("d => d.open")
    page.screenshot(path=str((_shots() or tmp_path) / "story.png"))


def test_citation_works_without_javascript(server, browser):
    base, stories = server
    context = browser.new_context(java_script_enabled=False)
    try:
        pg = context.new_page()
        pg.goto(base + f"/stories/{stories[0]['id']}")
        cite = pg.locator("#summary details.cite").first
        cite.locator("summary").focus()
        pg.keyboard.press("Enter")
        assert cite.locator("ol.support").is_visible()
    finally:
        context.close()
