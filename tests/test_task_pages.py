"""The task table page (`/tasks`) and the agency brief pages (`/agencies/{name}`), checked on the DOM;
column sorting and the phone layout in real Chromium."""

from collections.abc import Iterator
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import assert_csp_clean, dom
from fastapi.testclient import TestClient

from api.main import create_app
from assistant.answer import Answerer
from assistant.briefs import agency_brief, paragraph
from assistant.settings import Settings

NEW_AGRICULTURE = "Sở Nông nghiệp và Môi trường"


@pytest.fixture(scope="module")
def client(settings: Settings, answerer: Answerer) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client






def sections(page: BeautifulSoup) -> list[str]:
    """The table's rows by the section each links to."""
    return [a["href"].split("#", 1)[1] for a in page.select("#tasks-table tbody tr td:first-child a")]


def query_of(href: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(href).query)


def brief_path(name: str) -> str:
    return f"/agencies/{quote(name, safe='')}"


# -- /tasks ---------------------------------------------------------------------------------------
def test_task_table_lists_every_task_in_document_order(client: TestClient, answerer: Answerer) -> None:
    page = dom(client.get("/tasks"))
    assert page.title.string.startswith("Bảng nhiệm vụ")
    rows = page.select("#tasks-table tbody tr")
    assert len(rows) == 27 == len(answerer.index.tasks)
    assert sections(page) == [task.section for task in answerer.index.tasks]
    assert [th.get_text(strip=True) for th in page.select("#tasks-table thead th")] == [
        "Mục", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời gian", "Trạng thái"]
    assert page.select_one("#tasks-table thead th")["aria-sort"] == "ascending"
    first = rows[0].find_all("td")
    assert first[0].a["href"] == "/documents/83-KH-UBND#II.1"
    assert first[4].get_text(strip=True) == "Thường xuyên" and first[5].get_text(strip=True) == "Thường xuyên"
    assert "27 nhiệm vụ" in page.select_one("#tasks-count").get_text()
    assert page.select_one('script[type=module][src="/static/tasks.js"]')
    assert_csp_clean(page)


def test_task_table_is_in_the_site_navigation(client: TestClient) -> None:
    nav = dom(client.get("/tasks")).select(".site-nav a")
    assert [a.get_text() for a in nav] == ["Hỏi đáp", "Văn bản", "Bảng nhiệm vụ"]
    assert nav[2]["href"] == "/tasks" and nav[2]["aria-current"] == "page"
    assert dom(client.get("/documents")).select(".site-nav a")[2]["href"] == "/tasks"


def test_filter_form_has_a_labelled_field_per_filter(client: TestClient) -> None:
    form = dom(client.get("/tasks")).select_one("form.filters")
    assert form["method"] == "get" and form["action"] == "/tasks"
    labels = {form.select_one(f"label[for={field['id']}]").get_text(strip=True): field["name"]
              for field in form.select("input, select")}
    assert labels == {"Cơ quan": "agency", "Năm": "year", "Trạng thái": "status", "Từ khóa": "q",
                      "Ngày tham chiếu": "as_of"}
    options = {o["value"]: o.get_text() for o in form.select("select[name=status] option")}
    assert options == {"": "Tất cả", "recurring": "Thường xuyên", "not_started": "Chưa bắt đầu",
                       "in_progress": "Đang thực hiện", "ended": "Đã hết thời hạn",
                       "open_ended": "Không thời hạn kết thúc", "unknown": "Không rõ"}
    assert "Sở Y tế" in {o["value"] for o in form.select("datalist option")}


def test_filter_by_agency(client: TestClient) -> None:
    page = dom(client.get("/tasks", params={"agency": "Sở Y tế"}))
    assert sections(page) == ["II.3.d", "II.5.k"]
    assert page.select_one("input[name=agency]")["value"] == "Sở Y tế"
    assert "2 trong 27 nhiệm vụ" in page.select_one("#tasks-count").get_text()


def test_filter_by_status_on_a_date(client: TestClient) -> None:
    page = dom(client.get("/tasks", params={"status": "ended", "as_of": "2026-01-01"}))
    assert sections(page) == ["II.3.đ"]
    assert page.select_one("select[name=status] option[selected]")["value"] == "ended"
    assert page.select_one("input[name=as_of]")["value"] == "01/01/2026"  # dd/mm/yyyy, not the browser's format
    assert page.select_one("input[name=as_of]")["type"] == "text"
    typed = dom(client.get("/tasks", params={"status": "ended", "as_of": "1/1/2026"}))
    assert sections(typed) == ["II.3.đ"] and query_of(typed.select_one('a[href^="/api/tasks.csv"]')["href"])["as_of"] == ["2026-01-01"]
    assert "01/01/2026" in page.select_one("#tasks-count").get_text()
    assert page.select_one("#tasks-table tbody tr td:last-child").get_text(strip=True) == "Đã hết thời hạn"


@pytest.mark.parametrize(("query", "expected"), [
    ("y te", ["II.3.d", "II.5.k"]),
    ("thuong mai dien tu", ["II.5.g"]),
    ("DO THI", ["II.3.đ", "II.5.o"]),
])
def test_keyword_without_diacritics(client: TestClient, query: str, expected: list[str]) -> None:
    assert sections(dom(client.get("/tasks", params={"q": query}))) == expected


def test_filter_by_year(client: TestClient) -> None:
    page = dom(client.get("/tasks", params={"year": "2021"}))
    assert "II.3.đ" in sections(page) and "II.2.a" not in sections(page)  # 2021–2025 yes, 2022–2030 no


def test_empty_fields_mean_no_filter(client: TestClient) -> None:
    """What the form sends when nothing is filled in."""
    response = client.get("/tasks?agency=&year=&status=&q=&as_of=")
    page = dom(response)
    assert response.status_code == 200 and len(sections(page)) == 27
    assert page.select_one('a[href="/api/tasks.csv"]') and page.select_one('img[src="/api/timeline.svg"]')


def test_successor_note_follows_the_old_agency_name(client: TestClient) -> None:
    page = dom(client.get("/tasks"))
    row = page.find("tr", id="task-II.1")
    lead = row.find_all("td")[2]
    assert lead.get_text(" ", strip=True) == "Sở Thông tin và Truyền thông (nay là Sở Khoa học và Công nghệ)"
    link = lead.a
    assert link.get_text() == "Sở Thông tin và Truyền thông"
    assert link.find_next_sibling(class_="agencies__note").get_text() == "(nay là Sở Khoa học và Công nghệ)"
    notes = [n.get_text() for n in page.select(".agencies__note")]
    assert "(nay là Sở Nông nghiệp và Môi trường)" in notes and "(nay là Sở Tài chính)" in notes


def test_agency_names_link_to_their_brief_pages(client: TestClient) -> None:
    page = dom(client.get("/tasks"))
    links = page.select("#tasks-table .agencies a")
    assert links and all(a["href"] == brief_path(a.get_text()) for a in links)
    coordinators = page.find("tr", id="task-II.2.a").find_all("td")[3]
    assert [li.get_text(" ", strip=True) for li in coordinators.find_all("li") if not li.a] == [
        "các sở, ngành liên quan"]  # a class of bodies, not an agency: no brief page
    assert client.get(links[0]["href"]).status_code == 200


def test_export_links_and_chart_keep_the_filters(client: TestClient) -> None:
    filters = {"agency": "Sở Y tế", "status": "in_progress", "as_of": "2026-01-01"}
    page = dom(client.get("/tasks", params=filters))
    csv, xlsx = (page.select_one(f'a[href^="/api/tasks.{ext}"]')["href"] for ext in ("csv", "xlsx"))
    chart = page.select_one("img.timeline__chart")
    for href in (csv, xlsx, chart["src"], page.select_one('a[href^="/api/timeline.png"]')["href"]):
        assert query_of(href) == {name: [value] for name, value in filters.items()}
    assert chart["src"].startswith("/api/timeline.svg?") and "Gantt" in chart["alt"]
    exported = client.get(csv)
    assert exported.status_code == 200 and "II.3.d" in exported.text and "II.5.k" in exported.text
    assert "II.5.g" not in exported.text
    assert client.get(chart["src"]).headers["content-type"] == "image/svg+xml"


@pytest.mark.parametrize(("params", "field", "message"), [
    ({"agency": "Sở Không Có"}, "agency", "Không nhận ra cơ quan “Sở Không Có”"),
    ({"year": "abc"}, "year", "Năm “abc” không hợp lệ"),
    ({"year": "1999"}, "year", "từ 2000 đến 2100"),
    ({"status": "done"}, "status", "Trạng thái không hợp lệ"),
    ({"as_of": "2026-02-30"}, "as_of", "Ngày “2026-02-30” không hợp lệ"),
])
def test_a_bad_filter_is_a_readable_message(client: TestClient, params: dict, field: str, message: str) -> None:
    response = client.get("/tasks", params=params)
    page = dom(response)
    assert response.status_code == 422
    assert message in page.select_one(".notice--error").get_text()
    assert page.select_one(f'.notice--error a[href="#filter-{field}"]')
    control = page.find(id=f"filter-{field}")
    assert control["aria-invalid"] == "true" and f"error-{field}" in control["aria-describedby"].split()
    assert message in page.find(id=f"error-{field}").get_text()
    assert not page.select("#tasks-table") and not page.select('a[href^="/api/"]')
    assert_csp_clean(page)


def test_no_matching_task(client: TestClient) -> None:
    page = dom(client.get("/tasks", params={"q": "không có nhiệm vụ này"}))
    assert not page.select("#tasks-table") and not page.select("img")
    assert "Không có nhiệm vụ nào khớp bộ lọc" in page.get_text()


def test_filter_values_are_text_not_html(client: TestClient) -> None:
    response = client.get("/tasks", params={"q": "<script>alert(1)</script>"})
    page = dom(response)
    assert not [s for s in page.find_all("script") if not s.get("src")]
    assert page.select_one("input[name=q]")["value"] == "<script>alert(1)</script>"


# -- /agencies/{name} -----------------------------------------------------------------------------
def test_brief_of_a_merged_agency_lists_its_predecessors_tasks(client: TestClient, answerer: Answerer) -> None:
    page = dom(client.get(brief_path(NEW_AGRICULTURE)))
    assert page.h1.get_text(strip=True) == NEW_AGRICULTURE
    note = page.select_one(".note").get_text(" ", strip=True)
    assert "tiếp nhận nhiệm vụ của Sở Nông nghiệp và Phát triển nông thôn, Sở Tài nguyên và Môi trường" in note
    assert "gồm cả nhiệm vụ" in note
    assert {a.get_text() for a in page.select(".note a")} == {
        "Sở Nông nghiệp và Phát triển nông thôn", "Sở Tài nguyên và Môi trường"}
    lead = page.find(id="lead-title").find_parent("section")
    assert "Nhiệm vụ chủ trì" in lead.h2.get_text()
    titles = [h.get_text(strip=True) for h in lead.select(".brief-task__title")]
    assert titles == [f"83/KH-UBND, mục {s}" for s in ("II.3.b", "II.3.c", "II.5.h", "II.5.l", "II.5.m")]
    leads = {task.select_one(".brief-task__fields dd").get_text(" ", strip=True) for task in lead.select(".brief-task")}
    assert leads == {"Sở Nông nghiệp và Phát triển nông thôn (nay là Sở Nông nghiệp và Môi trường)",
                     "Sở Tài nguyên và Môi trường (nay là Sở Nông nghiệp và Môi trường)"}
    brief = agency_brief(answerer.index, answerer.successors, NEW_AGRICULTURE)
    assert [p.get_text() for p in lead.select("[data-copyable]")] == [paragraph(v, "lead") for v in brief.lead]
    coordination = page.find(id="coordination-title").find_parent("section")
    assert "(0)" in coordination.h2.get_text() and "Không có." in coordination.get_text()
    assert_csp_clean(page)


def test_brief_shows_fields_and_status_of_each_task(client: TestClient) -> None:
    page = dom(client.get(brief_path("Sở Xây dựng"), params={"as_of": "2026-01-01"}))
    task = page.select_one(".brief-task")
    fields = {div.dt.get_text(): div.dd.get_text(" ", strip=True) for div in task.select(".brief-task__fields div")}
    assert fields == {"Chủ trì": "Sở Xây dựng", "Phối hợp": "Các sở, ngành liên quan",
                      "Thời gian": "giai đoạn 2021 – 2025"}
    assert task.select_one(".status").get_text(" ", strip=True) == "Trạng thái: Đã hết thời hạn"
    assert task.select_one(".brief-task__title a")["href"] == "/documents/83-KH-UBND#II.3.đ"
    assert "01/01/2026" in page.select_one(".lead").get_text()


def test_brief_of_a_reorganized_agency_names_its_successor(client: TestClient) -> None:
    page = dom(client.get(brief_path("Sở TT&TT")))  # an abbreviation finds the agency
    assert page.h1.get_text(strip=True) == "Sở Thông tin và Truyền thông"
    successor = page.select_one(".note__title a")
    assert successor.get_text() == "Sở Khoa học và Công nghệ"
    assert successor["href"] == brief_path("Sở Khoa học và Công nghệ")
    assert "hợp nhất vào Sở Khoa học và Công nghệ" in page.select_one(".note").get_text()
    coordination = page.find(id="coordination-title").find_parent("section")
    assert "mục II.5.m" in coordination.get_text()  # Sở TT&TT coordinates II.5.m


def test_brief_download_links(client: TestClient) -> None:
    page = dom(client.get(brief_path(NEW_AGRICULTURE), params={"as_of": "2026-01-01"}))
    links = {a.get_text(): a for a in page.select(".brief-actions a")}
    api = f"/api/agencies/{quote(NEW_AGRICULTURE, safe='')}/brief"
    for label, fmt, media in (("Markdown (.md)", "md", "text/markdown"),
                              ("Word (.docx)", "docx", "application/vnd.openxmlformats")):
        href = links[label]["href"]
        assert href.startswith(api + "?") and query_of(href) == {"format": [fmt], "as_of": ["2026-01-01"]}
        assert links[label]["download"] == f"{NEW_AGRICULTURE.replace(' ', '-')}.{fmt}"
        response = client.get(href)
        assert response.status_code == 200 and response.headers["content-type"].startswith(media)
    assert "# Sở Nông nghiệp và Môi trường" in client.get(links["Markdown (.md)"]["href"]).text
    table = page.select_one(".brief-more a")["href"]
    assert urlsplit(table).path == "/tasks" and query_of(table)["agency"] == [NEW_AGRICULTURE]


def test_unknown_agency_is_a_vietnamese_404_page(client: TestClient) -> None:
    response = client.get(brief_path("Sở Không Có"))
    page = dom(response)
    assert response.status_code == 404
    assert page.h1.get_text() == "Không tìm thấy cơ quan" and "Sở Không Có" in page.get_text()
    offered = {a.get_text(): a["href"] for a in page.select(".agency-index a")}
    assert offered["Sở Y tế"] == brief_path("Sở Y tế") and NEW_AGRICULTURE in offered
    assert_csp_clean(page)


def test_an_agency_without_tasks_is_a_404_with_the_closest_names(client: TestClient) -> None:
    """A real agency the plan gives nothing (not even coordination) gets no empty brief, but a 404 that
    says so and offers the agencies it most likely meant."""
    response = client.get(brief_path("Sở Du lịch"))
    page = dom(response)
    assert response.status_code == 404 and page.h1.get_text() == "Không tìm thấy cơ quan"
    assert "không giao nhiệm vụ nào cho Sở Du lịch" in page.get_text(" ", strip=True)
    closest = [a.get_text() for a in page.select(".agency-suggestions a")]
    assert closest[0] == "Sở Văn hóa, Thể thao và Du lịch"
    assert client.get(brief_path("Sở Văn hóa, Thể thao và Du lịch")).status_code == 200
    typo = dom(client.get(brief_path("Phòng Giáo dục")))
    assert typo.select(".agency-suggestions a")[0].get_text() == "Sở Giáo dục và Đào tạo"


def test_tasks_script_is_served(client: TestClient) -> None:
    response = client.get("/static/tasks.js")
    assert response.status_code == 200 and "innerHTML" not in response.text


# -- in a browser ---------------------------------------------------------------------------------


def test_columns_sort_by_click_and_keyboard(browser, live_server) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/tasks?as_of=2026-01-01")
    headers = page.locator("#tasks-table thead th")

    def column(n: int) -> list[str]:
        return [text.strip() for text in page.locator(f"#tasks-table tbody td:nth-child({n})").all_inner_texts()]

    page.get_by_role("button", name="Trạng thái").click()
    assert column(6)[0] == "Thường xuyên" and column(6)[-1] == "Không thời hạn kết thúc"
    assert headers.nth(5).get_attribute("aria-sort") == "ascending"
    assert headers.nth(0).get_attribute("aria-sort") is None
    assert page.locator("#sort-status").inner_text() == "Đã sắp xếp theo Trạng thái, tăng dần."
    page.get_by_role("button", name="Thời gian").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    assert headers.nth(4).get_attribute("aria-sort") == "descending"
    assert column(5)[0] == "Năm 2025-2030" and column(5)[-1] == "Thường xuyên"
    page.get_by_role("button", name="Mục").click()
    assert column(1)[-1].endswith("II.6") and column(1)[7].endswith("II.3.đ")  # document order, đ after d
    assert not errors
    page.close()


def test_on_a_phone_the_table_scrolls_inside_its_box(browser, live_server) -> None:
    page = browser.new_page(viewport={"width": 375, "height": 740})
    for path in ("/tasks", brief_path(NEW_AGRICULTURE)):
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
    page.goto(f"{live_server.url}/tasks")
    box = page.locator(".table-scroll")
    assert box.evaluate("el => el.scrollWidth > el.clientWidth") and box.bounding_box()["width"] <= 375
    page.close()
