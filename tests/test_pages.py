"""HTML pages: chat page, document list and viewer (quote highlighting), widget script. Checked on the DOM."""

import re
from urllib.parse import quote as urlquote

import pytest
from conftest import assert_csp_clean, dom
from fastapi.testclient import TestClient

from api.document_view import highlight, quote_lines
from api.main import create_app
from assistant.answer import Answerer
from assistant.settings import Settings


@pytest.fixture(scope="module")
def client(settings: Settings, answerer: Answerer) -> TestClient:
    with TestClient(create_app(settings)) as test_client:
        yield test_client






def test_chat_page(client: TestClient) -> None:
    page = dom(client.get("/"))
    assert page.title.string == "Trợ lý Kế hoạch 83/KH-UBND" and page.html["lang"] == "vi"
    textarea = page.select_one("form#ask-form textarea#question")
    assert page.select_one("label[for=question]") and textarea is not None
    log = page.select_one("[role=log]")  # a live region around the list, so the list keeps its semantics
    assert log["aria-live"] == "polite" and log.select_one("ol#messages")
    assert page.select_one("#question")["aria-describedby"].split() == ["question-error", "question-hint"]
    assert len(page.select("button.suggestion")) == 4
    assert page.select_one('script[type=module][src="/static/chat.js"]')
    assert_csp_clean(page)


@pytest.mark.parametrize("path", ["/", "/documents", "/documents/83-KH-UBND", "/tasks", "/agencies/Sở%20Y%20tế",
                                  "/agencies/Sở%20Du%20lịch"])
def test_document_numbers_never_break_across_lines(client: TestClient, path: str) -> None:
    """Every "83/KH-UBND" (and "127/QĐ-TTg", "12/6/2020") in the text sits in a no-wrap span; the plan
    is called "Kế hoạch số 83/KH-UBND" in prose."""
    page = dom(client.get(path))
    texts = [text for text in page.body.find_all(string=re.compile(r"\d+/[A-ZĐ]|\d/\d+/\d{4}"))
             if text.parent.name not in ("script", "option")]
    assert texts
    for text in texts:
        assert re.fullmatch(r"\d+/[\wĐđ-]+|\d{1,2}/\d{1,2}/\d{4}", text.strip()), (path, text)
        assert "nowrap" in text.parent.get("class", []), (path, text)
    prose = page.body.get_text(" ")
    assert not re.search(r"(?i)theo Kế hoạch 83", prose)


def test_static_files_are_served(client: TestClient) -> None:
    for name in ("app.css", "chat.js", "sse.js", "favicon.svg"):
        assert client.get(f"/static/{name}").status_code == 200


def test_document_list(client: TestClient) -> None:
    page = dom(client.get("/documents"))
    links = [a["href"] for a in page.select(".doc-card__title a")]
    assert links == ["/documents/83-KH-UBND", "/documents/127-QĐ-TTg", "/documents/74-KH-UBND",
                     "/documents/151-KH-UBND", "/documents/50-NQ-TW"]
    assert len(page.find_all(string="Toàn văn chưa được nạp")) == 4
    assert_csp_clean(page)


def test_viewer_renders_every_section_with_its_id(client: TestClient, answerer: Answerer) -> None:
    page = dom(client.get("/documents/83-KH-UBND"))
    ids = [section["id"] for section in page.select("article.doc > section")]
    assert ids == [s for (d, s) in answerer.index.sections if d == "83/KH-UBND"]
    assert "Sở Y tế" in page.find(id="II.5.k").get_text()
    meta = page.select_one(".doc-meta").get_text(" ", strip=True)
    assert all(part in meta for part in ("83/KH-UBND", "04/6/2021", "UBND tỉnh Quảng Ngãi", "Trần Phước Hiền"))
    assert not page.find("mark") and not page.select(".quote-status")
    assert_csp_clean(page)


def test_viewer_shows_long_numbered_paragraphs_as_text_not_headings(client: TestClient) -> None:
    """Section IV's "1. Thủ trưởng các sở, ban, ngành …" are paragraphs; short titles stay headings."""
    page = dom(client.get("/documents/83-KH-UBND"))
    for section_id in ("IV.1", "IV.2", "IV.3", "IV.4"):
        section = page.find(id=section_id)
        assert not section.find(["h2", "h3", "h4"]), section_id
        assert section.find("p").get_text().startswith(section_id[-1] + ". ")
    assert page.find(id="IV").find("h2").get_text() == "IV. TỔ CHỨC THỰC HIỆN"
    assert page.find(id="II.2").find("h3")  # long, but it heads a) and b): still a heading


def test_viewer_marks_a_multiline_quote_in_its_section(client: TestClient) -> None:
    quote = ("g) Triển khai các ứng dụng trí tuệ nhân tạo trong lĩnh vực thương mại điện tử.\n"
             "  - Đơn vị chủ trì: Sở Công Thương.  \n- Thời gian thực hiện: Năm 2022-2030.")
    page = dom(client.get(f"/documents/83-KH-UBND?quote={urlquote(quote)}"))
    marks = page.find_all("mark")
    assert [m.find_parent("section")["id"] for m in marks] == ["II.5.g"] * 3
    assert marks[1].get_text() == "- Đơn vị chủ trì: Sở Công Thương."
    assert "II.5.g" in page.select_one(".quote-status").get_text()


def test_viewer_marks_a_line_that_many_sections_share_everywhere(client: TestClient) -> None:
    page = dom(client.get(f"/documents/83-KH-UBND?quote={urlquote('- Thời gian thực hiện: Thường xuyên.')}"))
    sections = {m.find_parent("section")["id"] for m in page.find_all("mark")}
    assert {"II.1", "II.3.b", "II.5.n"} <= sections


def test_viewer_quote_is_text_not_html(client: TestClient) -> None:
    response = client.get("/documents/83-KH-UBND?quote=" + urlquote("<img src=x onerror=alert(1)>"))
    page = dom(response)
    assert not page.find("img") and "<img src=x" not in response.text
    assert page.select_one(".quote-status--missing")


def test_viewer_of_a_document_without_text(client: TestClient) -> None:
    page = dom(client.get("/documents/127-QĐ-TTg"))
    assert "Toàn văn chưa được nạp" in page.get_text() and "Vũ Đức Đam" in page.get_text()
    assert page.select_one('.notice a[href="/documents/83-KH-UBND#preamble"]')


def test_unknown_document_is_a_vietnamese_404_page(client: TestClient) -> None:
    response = client.get("/documents/99-KH-UBND")
    assert response.status_code == 404
    assert "Không tìm thấy văn bản" in dom(response).get_text()


def test_widget_script(client: TestClient) -> None:
    response = client.get("/widget.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/javascript")
    assert "charset=utf-8" in response.headers["content-type"]
    assert 'customElements.define("plan-assistant"' in response.text and "innerHTML" not in response.text


@pytest.mark.parametrize(
    ("line", "quotes", "expected"),
    [
        ("- Đơn vị chủ trì: Sở Y tế.", {"- Đơn vị chủ trì: Sở Y tế."}, [("- Đơn vị chủ trì: Sở Y tế.", True)]),
        ("- Đơn vị chủ trì: Sở Y tế.", {"Sở Y tế"}, [("- Đơn vị chủ trì: Sở Y tế.", False)]),  # too short
        ("Nguồn vốn ngân sách nhà nước, nguồn tài trợ", {"ngân sách nhà nước"},
         [("Nguồn vốn ", False), ("ngân sách nhà nước", True), (", nguồn tài trợ", False)]),
        ("Không liên quan", set(), [("Không liên quan", False)]),
    ],
)
def test_highlight(line: str, quotes: set[str], expected: list) -> None:
    assert highlight(line, quotes) == expected


def test_quote_lines_trim_and_skip_blank_lines() -> None:
    assert quote_lines("  a dòng một \r\n\n dòng hai\n") == {"a dòng một", "dòng hai"}
    assert quote_lines(None) == set() and quote_lines("") == set()
