"""The web API for people and programs: sessions, streaming, the OpenAI-compatible API, hardening."""

import json

import httpx
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from assistant.answer import Answerer
from assistant.settings import Settings


def sse_events(text: str) -> list[tuple[str, dict]]:
    events = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.split("\n") if ": " in line and not line.startswith(":"))
        if "event" in fields:
            events.append((fields["event"], json.loads(fields["data"])))
    return events


@pytest.fixture(scope="module")
def client(settings: Settings, answerer: Answerer) -> TestClient:
    with TestClient(create_app(settings.model_copy(update={"rate_limit": "1000/minute"}))) as test_client:
        yield test_client


def test_session_follow_up_answers_for_the_same_task(client: TestClient) -> None:
    first = client.post("/api/ask", json={"question": "Ai chủ trì ứng dụng AI trong lĩnh vực tài chính?"}).json()
    assert first["tasks"][0]["section"] == "II.5.đ"
    follow = client.post("/api/ask", json={"question": "còn phối hợp thì sao?", "session_id": first["session_id"]})
    assert follow.json()["intent"] == "coordinators"
    assert "Các sở, ngành và tổ chức, đơn vị liên quan" in follow.json()["answer"]
    other = client.post("/api/ask", json={"question": "còn phối hợp thì sao?"}).json()  # no session: no context
    assert other["found"] is False


def test_session_ids_are_issued_by_the_server(client: TestClient) -> None:
    """A made-up (or someone's guessed) id never joins a conversation: it starts a new, server-issued one."""
    first = client.post("/api/ask", json={"question": "Ai chủ trì ứng dụng AI trong lĩnh vực tài chính?"}).json()
    issued = first["session_id"]
    assert len(issued) >= 22 and issued != "never-seen-42"
    made_up = client.post("/api/ask", json={"question": "còn phối hợp thì sao?", "session_id": "never-seen-42"})
    assert made_up.status_code == 200 and made_up.json()["session_id"] not in ("never-seen-42", issued)
    assert made_up.json()["found"] is False  # no context came with the made-up id
    again = client.post("/api/ask", json={"question": "còn phối hợp thì sao?", "session_id": issued}).json()
    assert again["session_id"] == issued and again["intent"] == "coordinators"
    bad = client.post("/api/ask", json={"question": "so y te chu tri gi", "session_id": "../../etc"})
    assert bad.status_code == 422 and "session_id" in bad.json()["detail"]


def test_sessions_are_bounded_and_expire(answerer: Answerer) -> None:
    from assistant.sessions import MemorySessions

    store = MemorySessions(max_sessions=3, ttl_seconds=60)
    ids = [store.context(None)[0] for _ in range(5)]
    assert len(set(ids)) == 5 and len(store) == 3
    renewed, sections = store.context(ids[0])  # the oldest went first: its id starts afresh
    assert renewed != ids[0] and sections == []
    store.remember(ids[-1], [("83/KH-UBND", "II.5.g")])
    assert store.context(ids[-1]) == (ids[-1], [("83/KH-UBND", "II.5.g")])
    expiring = MemorySessions(max_sessions=3, ttl_seconds=0.01)
    session_id, _ = expiring.context(None)
    expiring.remember(session_id, [("83/KH-UBND", "II.5.g")])
    import time

    time.sleep(0.05)
    assert expiring.context(session_id)[0] != session_id


def test_chat_streams_session_tokens_citations_done(client: TestClient) -> None:
    with client.stream("POST", "/api/chat", json={"question": "Ai chủ trì thương mại điện tử, khi nào?"}) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        assert response.headers["cache-control"] == "no-cache" and response.headers["x-accel-buffering"] == "no"
        events = sse_events(response.read().decode())
    names = [name for name, _ in events]
    assert names[0] == "session" and names[-2:] == ["citations", "done"] and names.count("token") > 3
    text = "".join(data["text"] for name, data in events if name == "token")
    assert "Sở Công Thương" in text and "Năm 2022-2030" in text
    citations = events[-2][1]
    assert citations["found"] and {c["section"] for c in citations["citations"]} == {"II.5.g"}
    assert [(n["section"], n["status_label"]) for n in citations["task_notes"]] == [("II.5.g", "Đang thực hiện")]


def test_chat_rejects_bad_input_before_streaming(client: TestClient) -> None:
    response = client.post("/api/chat", json={"question": " "})
    assert response.status_code == 422 and "câu hỏi trống" in response.json()["detail"]
    wrong_type = client.post("/api/chat", content=b"question=hi", headers={"content-type": "text/plain"})
    assert wrong_type.status_code == 422 and wrong_type.json()["detail"]


def test_openai_sdk_non_streaming(live_server) -> None:
    from openai import OpenAI

    sdk = OpenAI(base_url=f"{live_server.url}/v1", api_key="not-needed")
    assert [m.id for m in sdk.models.list().data] == ["plan-assistant"]
    completion = sdk.chat.completions.create(
        model="plan-assistant", messages=[{"role": "user", "content": "Ai chủ trì ứng dụng AI trong y tế?"}])
    content = completion.choices[0].message.content
    assert "Sở Y tế" in content and "[83/KH-UBND II.5.k]" in content
    assert {c["section"] for c in completion.model_extra["citations"]} >= {"II.5.k"}


def test_openai_sdk_streaming_with_conversation(live_server) -> None:
    from openai import OpenAI

    sdk = OpenAI(base_url=f"{live_server.url}/v1", api_key="not-needed")
    first = sdk.chat.completions.create(
        model="plan-assistant", messages=[{"role": "user", "content": "Ai chủ trì hợp tác quốc tế về AI?"}])
    messages = [{"role": "system", "content": "Trả lời ngắn gọn."},
                {"role": "user", "content": "Ai chủ trì hợp tác quốc tế về AI?"},
                {"role": "assistant", "content": first.choices[0].message.content},
                {"role": "user", "content": "còn thời gian thực hiện?"}]
    stream = sdk.chat.completions.create(model="plan-assistant", messages=messages, stream=True)
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert "2022-2030" in text and "[83/KH-UBND II.6]" in text
    assert chunks[-1].choices[0].finish_reason == "stop"


def test_openai_api_needs_a_user_message(client: TestClient) -> None:
    response = client.post("/v1/chat/completions", json={"messages": [{"role": "system", "content": "x"}]})
    assert response.status_code == 422 and "user" in response.json()["detail"]


def test_langchain_chatopenai_talks_to_it(live_server) -> None:
    from langchain_openai import ChatOpenAI

    model = ChatOpenAI(base_url=f"{live_server.url}/v1", api_key="not-needed", model="plan-assistant")
    assert "Sở Công Thương" in model.invoke("Sở nào chủ trì thương mại điện tử?").content


def test_rate_limit_is_a_clear_429_and_other_clients_are_served(settings: Settings, answerer: Answerer) -> None:
    app = create_app(settings.model_copy(update={"rate_limit": "10/minute"}))
    with TestClient(app) as burst:
        codes = [burst.post("/api/ask", json={"question": "so y te chu tri gi"}).status_code for _ in range(100)]
        assert codes.count(200) == 10 and codes.count(429) == 90
        limited = burst.post("/api/ask", json={"question": "so y te chu tri gi"})
        assert "quá nhiều yêu cầu" in limited.json()["detail"] and int(limited.headers["retry-after"]) > 0
        assert burst.get("/health").status_code == 429  # one budget for the whole service, pages included
        app.state.rate_limit.check("10.0.0.2")  # another client still has its quota


def test_oversized_body_is_413(client: TestClient) -> None:
    response = client.post("/api/ask", content=json.dumps({"question": "a" * 20000}),
                           headers={"content-type": "application/json"})
    assert response.status_code == 413 and "byte" in response.json()["detail"]


def test_security_headers(client: TestClient) -> None:
    response = client.get("/health")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_cors_allows_only_the_allowlist(settings: Settings, answerer: Answerer) -> None:
    app = create_app(settings.model_copy(update={"allowed_origins": "https://cong-thong-tin.quangngai.gov.vn"}))
    with TestClient(app) as test_client:
        preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
        allowed = test_client.options("/api/chat", headers={"Origin": "https://cong-thong-tin.quangngai.gov.vn",
                                                            **preflight})
        assert allowed.headers["access-control-allow-origin"] == "https://cong-thong-tin.quangngai.gov.vn"
        denied = test_client.options("/api/chat", headers={"Origin": "https://evil.example", **preflight})
        assert "access-control-allow-origin" not in denied.headers
    with TestClient(create_app(settings)) as same_origin_only:
        response = same_origin_only.post("/api/ask", json={"question": "so y te chu tri gi"},
                                         headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in response.headers


def test_access_log_has_no_question_text_by_default(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("INFO"):
        client.post("/api/ask", json={"question": "Bí mật riêng tư của tôi về Sở Y tế"})
    records = [r.getMessage() for r in caplog.records if r.name.startswith("api")]
    assert any('"path": "/api/ask"' in message for message in records)
    assert not any("Bí mật" in message for message in records)


def test_questions_are_logged_when_opted_in(settings: Settings, answerer: Answerer,
                                            caplog: pytest.LogCaptureFixture) -> None:
    with TestClient(create_app(settings.model_copy(update={"log_questions": True}))) as test_client:
        with caplog.at_level("INFO"):
            test_client.post("/api/ask", json={"question": "Câu hỏi được phép ghi"})
    assert any(r.getMessage() == "Câu hỏi được phép ghi" for r in caplog.records if r.name == "api.questions")


def test_client_disconnect_mid_stream_leaves_the_server_answering(live_server) -> None:
    with httpx.stream("POST", f"{live_server.url}/api/chat", json={"question": "so y te chu tri gi"}) as response:
        next(response.iter_bytes())  # read the first bytes, then hang up
    after = httpx.post(f"{live_server.url}/api/ask", json={"question": "Ai chủ trì thương mại điện tử?"})
    assert after.status_code == 200 and "Sở Công Thương" in after.json()["answer"]
