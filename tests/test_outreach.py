"""Outreach and oversight on the real plan: status on dates, today's agency names, briefs, exports, chart."""

import csv
import io
from datetime import date

import docx
import openpyxl
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from assistant.answer import Answerer
from assistant.brief_docx import brief_docx
from assistant.briefs import agency_brief, brief_markdown
from assistant.explorer import explore
from assistant.settings import Settings
from assistant.status import TaskStatus, status_of


@pytest.fixture(scope="module")
def client(settings: Settings, answerer: Answerer) -> TestClient:
    with TestClient(create_app(settings.model_copy(update={"rate_limit": "1000/minute"}))) as test_client:
        yield test_client


def sections(views) -> list[str]:
    return [v.section for v in views]


def test_explorer_filters(answerer: Answerer) -> None:
    tasks, successors = answerer.index.tasks, answerer.successors
    assert sections(explore(tasks, successors, agency="so y te")) == ["II.3.d", "II.5.k"]
    assert sections(explore(tasks, successors, agency="Sở Nông nghiệp và Môi trường")) == [
        "II.3.b", "II.3.c", "II.5.h", "II.5.l", "II.5.m"]  # today's name finds both predecessors
    assert sections(explore(tasks, successors, status=TaskStatus.ended, as_of=date(2026, 1, 1))) == ["II.3.đ"]
    assert explore(tasks, successors, status=TaskStatus.ended, as_of=date(2025, 12, 31)) == []
    assert sections(explore(tasks, successors, query="thuong mai dien tu")) == ["II.5.g"]
    in_2021 = explore(tasks, successors, year=2021)
    assert {v.section for v in in_2021} == {t.section for t in tasks if t.timeframe.recurring} | {
        "II.3.đ", "II.4.d", "II.5.l"}


def test_briefs_of_every_lead_agency_cover_all_27_tasks(answerer: Answerer) -> None:
    leads = {name for task in answerer.index.tasks for name in task.lead}
    covered = set()
    for name in leads:
        brief = agency_brief(answerer.index, answerer.successors, name, date(2026, 1, 1))
        assert all(set(brief.names) & set(view.lead) for view in brief.lead), name  # own or inherited
        covered |= {view.section for view in brief.lead}
    assert covered == {task.section for task in answerer.index.tasks}


def test_brief_keeps_the_plan_name_and_adds_today_name(answerer: Answerer) -> None:
    brief = agency_brief(answerer.index, answerer.successors, "Sở TT&TT", date(2026, 1, 1))
    markdown = brief_markdown(brief)
    assert "Sở Thông tin và Truyền thông (nay là Sở Khoa học và Công nghệ)" in markdown
    assert [v.section for v in brief.lead] == ["II.1", "II.4.b", "II.5.b"] and sections(brief.coordination) == [
        "II.5.m"]
    for view in brief.lead:  # every paragraph names its source section
        assert f"Nguồn: Kế hoạch số 83/KH-UBND, mục {view.section}." in markdown
    document = docx.Document(io.BytesIO(brief_docx(brief)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Sở Thông tin và Truyền thông" in text and "mục II.5.b" in text


def test_status_questions_are_answered_from_the_records(answerer: Answerer) -> None:
    today = date.today()
    ended = answerer.answer("Những nhiệm vụ nào đã hết thời hạn?")
    assert {t.section for t in ended.tasks} == {t.section for t in answerer.index.tasks
                                                if status_of(t, today) == TaskStatus.ended}
    assert "II.3.đ" in {c.section for c in ended.citations}
    in_2027 = answerer.answer("Năm 2027 còn những nhiệm vụ nào?")
    assert "II.3.đ" not in {t.section for t in in_2027.tasks} and len(in_2027.tasks) == 26


def test_answers_add_today_name_and_find_predecessors(answerer: Answerer) -> None:
    lead = answerer.answer("Ai chủ trì triển khai Kế hoạch 151?")
    assert "Sở Thông tin và Truyền thông nay là Sở Khoa học và Công nghệ" in lead.answer
    merged = answerer.answer("Sở Nông nghiệp và Môi trường chủ trì những gì?")
    assert merged.found and {t.section for t in merged.tasks} == {"II.3.b", "II.3.c", "II.5.h", "II.5.l", "II.5.m"}
    assert "Tiếp nhận từ Sở Tài nguyên và Môi trường" in merged.answer


def test_tasks_api_filters_and_exports_match(client: TestClient) -> None:
    data = client.get("/api/tasks", params={"agency": "Sở TT&TT", "as_of": "2026-01-01"}).json()
    assert [t["section"] for t in data["tasks"]] == ["II.1", "II.4.b", "II.5.b", "II.5.m"]
    assert data["tasks"][0]["successor_notes"] == {"Sở Thông tin và Truyền thông": "(nay là Sở Khoa học và Công nghệ)"}
    everything = client.get("/api/tasks", params={"as_of": "2026-01-01"}).json()["tasks"]
    exported = client.get("/api/tasks.csv", params={"as_of": "2026-01-01"}).text
    rows = list(csv.reader(io.StringIO(exported.lstrip("\ufeff"))))
    assert rows[0][:3] == ["Văn bản", "Mục", "Nhiệm vụ"] and len(rows) == 28
    assert [row[1] for row in rows[1:]] == [t["section"] for t in everything]
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/api/tasks.xlsx").content)).active
    assert [row[1] for row in sheet.iter_rows(min_row=5, values_only=True)] == [t["section"] for t in everything]
    assert client.get("/api/tasks.xlsx", params={"as_of": "2026-01-01"}).headers["content-disposition"] == (
        'attachment; filename="nhiem-vu-ke-hoach-83-2026-01-01.xlsx"')
    semicolons = client.get("/api/tasks.csv", params={"as_of": "2026-01-01", "sep": ";"}).text
    assert list(csv.reader(io.StringIO(semicolons.lstrip("\ufeff")), delimiter=";")) == rows
    assert client.get("/api/tasks.csv", params={"sep": "|"}).status_code == 422
    assert client.get("/api/tasks", params={"status": "finished"}).status_code == 422
    assert client.get("/api/tasks", params={"agency": "Cục Hàng không"}).status_code == 422


def test_timeline_and_brief_endpoints(client: TestClient) -> None:
    svg = client.get("/api/timeline.svg")
    assert svg.headers["content-type"] == "image/svg+xml" and b"II.5.k" in svg.content
    filtered = client.get("/api/timeline.svg", params={"agency": "so y te", "status": "in_progress"}).text
    assert "Cơ quan: Sở Y tế; Trạng thái: Đang thực hiện — 2 nhiệm vụ" in filtered
    assert client.get("/api/timeline.png").content.startswith(b"\x89PNG")
    markdown = client.get("/api/agencies/Sở Y tế/brief")
    assert markdown.status_code == 200 and "II.5.k" in markdown.text
    word = client.get("/api/agencies/Sở Y tế/brief", params={"format": "docx"})
    assert word.content.startswith(b"PK") and "attachment" in word.headers["content-disposition"]
    assert docx.Document(io.BytesIO(word.content)).core_properties.author == "Sở Khoa học và Công nghệ tỉnh Quảng Ngãi"
    assert client.get("/api/agencies/Không Có/brief").status_code == 422
