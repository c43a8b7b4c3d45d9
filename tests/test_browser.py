"""As a person would use it: real headless Chromium (Debian's) driven by Playwright.

The chat page on the app's origin; the widget on a third-party page served from another port
(cross-origin, allowlisted) with hostile CSS; markup typed by users always shows as text.
Needs /usr/bin/chromium (`apt-get install chromium`; .ci/run installs it).
"""

import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page

HEADLINE = "Sở nào chủ trì ứng dụng AI trong thương mại điện tử, thời hạn khi nào?"
XSS = "<img src=x onerror=alert(1)> Sở Y tế?"
HOSTILE_PAGE = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Cổng thông tin</title>
<style>body * {{ display: none !important; color: red !important; font-size: 2px !important; }}
plan-assistant {{ all: unset; display: none; }} p {{ color: red; }}</style></head>
<body><p>Trang của một sở</p>
<script src="{base}/widget.js" data-title="Hỏi đáp Kế hoạch 83" defer></script></body></html>"""
SCREENSHOTS = Path(__file__).parent.parent / "build" / "screenshots"




@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.dialogs = []  # type: ignore[attr-defined]
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()


@pytest.fixture(scope="module")
def host_page(live_server, host_page_origin: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A third-party page on the allowlisted origin that embeds the widget with one tag."""
    folder = tmp_path_factory.mktemp("host")
    (folder / "index.html").write_text(HOSTILE_PAGE.format(base=live_server.url), encoding="utf-8")
    port = urlparse(host_page_origin).port
    handler = partial(SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"{host_page_origin}/index.html"
    server.shutdown()


def _shoot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _wait_for_answers(page: Page, count: int) -> None:
    page.wait_for_function(
        "n => document.querySelectorAll('#messages > .msg--bot:not(.msg--pending), #messages > .msg--error')"
        ".length >= n", arg=count, timeout=60000)


def test_chat_page_streams_a_cited_answer_with_a_task_card(page: Page, live_server) -> None:
    page.add_init_script("""window.__streamed = 0; new MutationObserver(records => { for (const r of records)
        if (r.target.closest && r.target.closest('.msg--pending')) window.__streamed++; })
        .observe(document, {subtree: true, childList: true, characterData: true});""")
    page.goto(live_server.url + "/")
    assert page.title() == "Trợ lý Kế hoạch 83/KH-UBND"
    assert page.locator(".suggestion").count() >= 3
    page.fill("#question", HEADLINE)
    page.press("#question", "Enter")
    _wait_for_answers(page, 1)
    assert page.evaluate("window.__streamed") > 1  # the text arrived in pieces
    answer = page.locator("#messages > .msg--bot").last
    assert "Sở Công Thương" in answer.inner_text() and "Năm 2022-2030" in answer.inner_text()
    assert answer.locator(".task-card").count() == 1
    link = answer.locator("a.citation__link").first
    assert urlparse(link.get_attribute("href")).path == "/documents/83-KH-UBND"
    _shoot(page, "chat-answer")
    link.click()
    page.wait_for_url("**/documents/83-KH-UBND?quote=*#II.5.g")
    assert page.evaluate("document.querySelector(':target').id") == "II.5.g"
    assert page.locator("section[id='II.5.g'] mark").count() >= 1
    _shoot(page, "viewer-quote")


def test_chat_page_follow_up_uses_the_session(page: Page, live_server) -> None:
    page.goto(live_server.url + "/")
    for n, question in enumerate(["Ai chủ trì ứng dụng AI trong lĩnh vực quân sự?", "còn thời gian thực hiện?"], 1):
        page.fill("#question", question)
        page.press("#question", "Enter")
        _wait_for_answers(page, n)
    assert "Năm 2025-2030" in page.locator("#messages > .msg--bot").last.inner_text()


def test_chat_page_shows_typed_markup_as_text(page: Page, live_server) -> None:
    page.goto(live_server.url + "/")
    page.fill("#question", XSS)
    page.press("#question", "Enter")
    _wait_for_answers(page, 1)
    assert page.locator("#messages img").count() == 0 and page.dialogs == []
    assert XSS in page.locator("#messages .msg--user").last.inner_text()


def test_chat_page_fits_a_phone(browser: Browser, live_server) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.fill("#question", "so y te chu tri gi")
    page.press("#question", "Enter")
    _wait_for_answers(page, 1)
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    _shoot(page, "chat-phone")
    context.close()


def test_widget_on_a_hostile_cross_origin_page(page: Page, live_server, host_page: str) -> None:
    page.goto(host_page)
    launcher = page.locator("plan-assistant [data-role=launcher]")
    launcher.wait_for(state="visible")
    launcher.click()
    page.locator("plan-assistant [data-role=input]").fill(HEADLINE)
    page.locator("plan-assistant [data-role=send]").click()
    page.wait_for_selector("plan-assistant a[data-role=citation]", timeout=60000)
    answer = page.locator("plan-assistant [data-role=answer]").last
    assert "Sở Công Thương" in answer.inner_text()
    hrefs = page.locator("plan-assistant a[data-role=citation]").evaluate_all("links => links.map(a => a.href)")
    assert all(href.startswith(live_server.url + "/documents/83-KH-UBND") for href in hrefs)
    style = page.evaluate("""() => { const s = getComputedStyle(document.querySelector('plan-assistant')
        .shadowRoot.querySelector('[data-role=answer]')); return [s.color, s.fontSize, s.display]; }""")
    assert style[0] != "rgb(255, 0, 0)" and style[1] != "2px" and style[2] != "none"  # host CSS stays out
    assert page.evaluate("getComputedStyle(document.querySelector('p')).color") == "rgb(255, 0, 0)"  # and in
    _shoot(page, "widget-hostile-host")


def test_widget_shows_typed_markup_as_text(page: Page, host_page: str) -> None:
    page.goto(host_page)
    page.locator("plan-assistant [data-role=launcher]").click()
    page.locator("plan-assistant [data-role=input]").fill(XSS)
    page.locator("plan-assistant [data-role=input]").press("Enter")
    page.wait_for_function("() => document.querySelector('plan-assistant').shadowRoot"
                           ".querySelectorAll('[data-role=answer]:not([aria-busy])').length >= 1", timeout=60000)
    shadow_images = page.evaluate("document.querySelector('plan-assistant').shadowRoot.querySelectorAll('img').length")
    assert shadow_images == 0 and page.dialogs == []
    assert "<img src=x onerror=alert(1)>" in page.evaluate(
        "document.querySelector('plan-assistant').shadowRoot.textContent")
