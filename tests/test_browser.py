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
from conftest import axe_violations
from playwright.sync_api import Browser, Page

HEADLINE = "Sở nào chủ trì ứng dụng AI trong thương mại điện tử, thời hạn khi nào?"
XSS = "<img src=x onerror=alert(1)> Sở Y tế?"
HOSTILE_PAGE = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Cổng thông tin</title>
<style>body * {{ display: none !important; color: red !important; font-size: 2px !important; }}
plan-assistant {{ all: unset; display: none; }} p {{ color: red; }}</style></head>
<body><p>Trang của một sở</p>
<script src="{base}/widget.js" data-title="Hỏi đáp Kế hoạch 83" defer></script></body></html>"""
PLAIN_PAGE = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Sở Khoa học và Công nghệ</title>
</head><body><header><p>Cổng thông tin</p></header><main><h1>Tin tức</h1><p>Trang của một sở.</p></main>
<script src="{base}/widget.js" data-title="Hỏi đáp Kế hoạch 83" defer></script></body></html>"""
SCREENSHOTS = Path(__file__).parent.parent / "build" / "screenshots"
VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
# A long answer (4 task cards), then follow-ups about the same tasks.
CONVERSATION = ["Sở TT&TT chủ trì những nhiệm vụ nào?", "còn phối hợp thì sao?", "còn thời gian thực hiện?"]




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
    (folder / "plain.html").write_text(PLAIN_PAGE.format(base=live_server.url), encoding="utf-8")
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
    broken = page.evaluate("""() => { const walker = document.createTreeWalker(document.getElementById("messages"),
        NodeFilter.SHOW_TEXT); const bad = []; let node;
        while ((node = walker.nextNode())) if (/83\\/KH-UBND/.test(node.data) && !node.parentElement.closest(".nowrap"))
            bad.push(node.data); return bad; }""")
    assert broken == []  # "83/KH-UBND" never breaks across lines in an answer 
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


# -- the newest answer stays in view -----------------------------------------------------------------


def _ask(page: Page, question: str, count: int) -> None:
    page.fill("#question", question)
    page.press("#question", "Enter")
    _wait_for_answers(page, count)


def _latest_exchange(page: Page) -> dict:
    """Where the newest question and answer sit in the viewport, and the top of the sticky composer."""
    return page.evaluate("""() => {
        const last = (selector) => [...document.querySelectorAll(selector)].pop().getBoundingClientRect();
        const question = last("#messages > .msg--user"), answer = last("#messages > .msg--bot");
        return {question: question.top, answer: answer.top, answerBottom: answer.bottom,
                composer: document.querySelector(".composer").getBoundingClientRect().top,
                scrollable: document.documentElement.scrollHeight > innerHeight};
    }""")


@pytest.mark.parametrize("device", VIEWPORTS)
def test_after_a_follow_up_the_new_answer_is_in_view(browser: Browser, live_server, device: str) -> None:
    """The question's top at the top of the screen and the answer below it filling what is left, after
    every follow-up (the page used to scroll once, before the answer, leaving it below the fold)."""
    context = browser.new_context(viewport=VIEWPORTS[device])
    page = context.new_page()
    page.goto(live_server.url + "/")
    for n, question in enumerate(CONVERSATION, 1):
        _ask(page, question, n)
        at = _latest_exchange(page)
        if n == 1:
            continue
        assert at["scrollable"]
        assert 0 <= at["question"] <= 40, (n, at)  # the question's top, just below the screen's top
        visible = min(at["answerBottom"], at["composer"]) - at["answer"]
        height = at["answerBottom"] - at["answer"]
        assert at["answer"] < at["composer"] - 100 and visible >= min(height, 0.6 * at["composer"]), (n, at)
    _shoot(page, f"chat-follow-up-{device}")
    context.close()


def test_the_page_never_moves_while_the_reader_scrolls_up(browser: Browser, live_server) -> None:
    """Scrolling up while an answer is coming: the answer arrives and the page stays where the reader is."""
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    page.goto(live_server.url + "/")
    _ask(page, CONVERSATION[0], 1)
    page.evaluate("""() => { const fetch = window.fetch;  // answers now take 1.5 s to start
        window.fetch = (...args) => new Promise(resolve => setTimeout(resolve, 1500)).then(() => fetch(...args)); }""")
    page.fill("#question", CONVERSATION[1])
    page.press("#question", "Enter")
    page.mouse.move(600, 300)
    page.mouse.wheel(0, -500)
    page.wait_for_timeout(400)
    reading = page.evaluate("scrollY")
    _wait_for_answers(page, 2)
    page.wait_for_timeout(100)
    assert page.evaluate("scrollY") == reading
    context.close()


def test_empty_send_on_the_chat_page_says_what_to_do(page: Page, live_server) -> None:
    page.goto(live_server.url + "/")
    page.click("#send")
    error = page.locator("#question-error")
    assert error.is_visible() and error.inner_text() == "Hãy nhập câu hỏi trước khi gửi."
    assert page.get_attribute("#question", "aria-invalid") == "true"
    assert page.locator("#messages > li").count() == 0
    page.fill("#question", "S")
    assert not error.is_visible()


def test_widget_input_is_16px_and_an_empty_send_is_flagged(page: Page, host_page: str) -> None:
    """16 px keeps iOS from zooming the host page on focus; an empty "Gửi" says why nothing happened."""
    page.goto(host_page)
    page.locator("plan-assistant [data-role=launcher]").click()
    widget_input = page.locator("plan-assistant [data-role=input]")
    assert widget_input.evaluate("node => getComputedStyle(node).fontSize") == "16px"
    page.locator("plan-assistant [data-role=send]").click()
    error = page.locator("plan-assistant [data-role=input-error]")
    assert error.is_visible() and "Hãy nhập câu hỏi" in error.inner_text()
    assert widget_input.get_attribute("aria-invalid") == "true"
    assert page.locator("plan-assistant [data-role=question]").count() == 0


def test_widget_links_that_open_a_new_tab_say_so(page: Page, host_page: str) -> None:
    page.goto(host_page)
    page.locator("plan-assistant [data-role=launcher]").click()
    page.locator("plan-assistant [data-role=input]").fill(HEADLINE)
    page.locator("plan-assistant [data-role=send]").click()
    page.wait_for_selector("plan-assistant a[data-role=citation]", timeout=60000)
    for link in page.locator("plan-assistant a[target=_blank]").all():
        assert "mở trong thẻ mới" in link.text_content()


# -- accessibility: axe-core, every page, 0 violations of any impact ---------------------------------

PAGES = ["/", "/documents", "/documents/83-KH-UBND", "/documents/83-KH-UBND?quote=Sở%20Y%20tế#II.5.k",
         "/documents/127-QĐ-TTg", "/documents/99-KH-UBND", "/tasks", "/tasks?agency=Sở%20Y%20tế&as_of=2026-01-01",
         "/tasks?year=abc", "/tasks?q=khong%20co%20gi", "/agencies/Sở%20Y%20tế",
         "/agencies/Sở%20Nông%20nghiệp%20và%20Môi%20trường", "/agencies/Sở%20Thông%20tin%20và%20Truyền%20thông",
         "/agencies/Sở%20Du%20lịch", "/agencies/Không%20có"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_no_axe_violations(page: Page, live_server, path: str) -> None:
    page.goto(live_server.url + path)
    assert axe_violations(page) == []


@pytest.mark.parametrize("device", VIEWPORTS)
def test_chat_after_a_conversation_has_no_axe_violations(browser: Browser, live_server, device: str) -> None:
    """The chat with answers, cards, sources, a list unfolded, a card's details open and an empty-send
    message showing."""
    context = browser.new_context(viewport=VIEWPORTS[device])
    page = context.new_page()
    page.goto(live_server.url + "/")
    _ask(page, CONVERSATION[0], 1)
    _ask(page, "Sở Văn hóa, Thể thao và Du lịch phối hợp những nhiệm vụ nào?", 2)
    more = page.locator("#messages .button--more")
    if more.count():
        more.first.click()
    page.locator("#messages .task-card__details summary").first.click()
    page.click("#send")
    assert axe_violations(page) == []
    context.close()


def test_widget_on_a_host_page_has_no_axe_violations(page: Page, host_page: str) -> None:
    page.goto(host_page.replace("index.html", "plain.html"))
    launcher = page.locator("plan-assistant [data-role=launcher]")
    launcher.wait_for(state="visible")
    assert axe_violations(page) == []  # closed
    launcher.click()
    page.locator("plan-assistant [data-role=send]").click()  # the empty-send message
    page.locator("plan-assistant [data-role=input]").fill(HEADLINE)
    page.locator("plan-assistant [data-role=send]").click()
    page.wait_for_selector("plan-assistant a[data-role=citation]", timeout=60000)
    assert axe_violations(page) == []
    _shoot(page, "widget-plain-host")


def test_answer_typography(page: Page, live_server) -> None:
    """Straight quotes in answer text become “…”; long task texts are cut at a word for the cards."""
    page.goto(live_server.url + "/")
    result = page.evaluate("""async () => { const t = await import("/static/typography.js");
        return [t.curlyQuotes('Kế hoạch không đề cập "ngân sách trung ương".'), t.shorten("một hai ba bốn", 9),
                t.prose("Theo Kế hoạch số 83/KH-UBND ngày 04/6/2021.").map(n => n.nodeType === 1 ? `[${n.textContent}]` : n.data).join("")]; }""")
    assert result == ["Kế hoạch không đề cập “ngân sách trung ương”.", "một hai…",
                      "Theo Kế hoạch số [83/KH-UBND] ngày [04/6/2021]."]
