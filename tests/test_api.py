"""The HTTP API: health, the answer contract, and one JSON error shape for bad input."""

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from assistant.answer import Answerer
from assistant.settings import Settings


@pytest.fixture(scope="module")
def client(settings: Settings, answerer: Answerer) -> TestClient:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_health_reports_the_index(client: TestClient) -> None:
    data = client.get("/health").json()
    assert data["status"] == "ok" and data["tasks"] == 27 and data["documents"] == 5
    assert data["documents_loaded"] == 1 and data["chunks"] > 27 and data["model"]


def test_ask_returns_the_contract(client: TestClient) -> None:
    question = "Ai chủ trì AI trong hồ sơ sức khỏe điện tử?"
    response = client.post("/api/ask", json={"question": question, "session_id": "s1"})
    assert response.status_code == 200
    data = response.json()
    assert data["found"] and data["intent"] == "lead"
    assert data["citations"][0] == {**data["citations"][0], "doc_id": "83/KH-UBND", "section": "II.5.k"}
    assert data["tasks"][0]["lead"] == ["Sở Y tế"]


def test_not_found_is_a_200_with_found_false(client: TestClient) -> None:
    data = client.post("/api/ask", json={"question": "Sở Tư pháp chủ trì nhiệm vụ nào?"}).json()
    assert data["found"] is False and data["intent"] == "not_found" and data["tasks"] == []


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ({"question": ""}, "câu hỏi trống"),
        ({"question": "a" * 2001}, "2001 ký tự"),
        ({"question": "Sở Y tế\u0007?"}, "ký tự điều khiển"),
        ({}, "question"),
        ({"question": 42}, "question"),
    ],
)
def test_bad_input_is_422_with_a_detail(client: TestClient, body: dict, needle: str) -> None:
    response = client.post("/api/ask", json=body)
    assert response.status_code == 422
    assert set(response.json()) == {"detail"} and needle in response.json()["detail"]


def test_non_json_body_is_422(client: TestClient) -> None:
    response = client.post("/api/ask", content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 422 and "JSON" in response.json()["detail"]


def test_openapi_and_docs_are_served(client: TestClient) -> None:
    assert "/api/ask" in client.get("/openapi.json").json()["paths"]
    assert client.get("/docs").status_code == 200


def test_task_notes_give_status_and_todays_agency_names(client: TestClient) -> None:
    """Optional `task_notes`: one per task, same order; a merged agency's "(nay là …)" for the cards."""
    data = client.post("/api/ask", json={"question": "Sở TT&TT chủ trì những nhiệm vụ nào?"}).json()
    notes = data["task_notes"]
    assert [(n["doc_id"], n["section"]) for n in notes] == [(t["doc_id"], t["section"]) for t in data["tasks"]]
    first = notes[0]
    assert first["successor_notes"]["Sở Thông tin và Truyền thông"] == "(nay là Sở Khoa học và Công nghệ)"
    assert first["status"] == "recurring" and first["status_label"] == "Thường xuyên"
    plain = client.post("/api/ask", json={"question": "Ai chủ trì AI trong hồ sơ sức khỏe điện tử?"}).json()
    assert plain["task_notes"][0]["successor_notes"] == {}  # Sở Y tế was not reorganized
