"""Shared state for many processes: sessions and the rate budget in a real Redis (Debian's redis-server,
started by a fixture), one budget per client across the whole app, X-Forwarded-For from trusted proxies only.
Two apps over one Redis stand for two replicas; tests/test_replicas.py runs real processes behind nginx."""

import time

from fastapi.testclient import TestClient

from api.main import create_app
from assistant.answer import Answerer
from assistant.sessions import RedisSessions
from assistant.settings import Settings

QUESTION = "Ai chủ trì ứng dụng AI trong lĩnh vực tài chính?"


def test_redis_sessions_are_shared_bounded_and_expire(redis_url: str) -> None:
    one, other = (RedisSessions(redis_url, max_sessions=3, ttl_seconds=60) for _ in range(2))
    session_id, sections = one.context(None)
    assert sections == [] and len(session_id) >= 22
    one.remember(session_id, [("83/KH-UBND", "II.5.đ")])
    assert other.context(session_id) == (session_id, [("83/KH-UBND", "II.5.đ")])  # another replica sees it
    made_up, _ = other.context("never-issued-42")
    assert made_up != "never-issued-42"
    later = [one.context(None)[0] for _ in range(4)]
    assert len(one) == 3 and len(other) == 3
    assert one.context(session_id)[0] != session_id  # the least recently used went first
    assert one.context(later[-1])[0] == later[-1]
    short = RedisSessions(redis_url, max_sessions=10, ttl_seconds=1, prefix="short")
    expiring, _ = short.context(None)
    short.remember(expiring, [("83/KH-UBND", "II.5.g")])
    time.sleep(1.3)
    assert short.context(expiring)[0] != expiring and len(short) == 1  # only the new one


def _app(settings: Settings, **update: object) -> TestClient:
    return TestClient(create_app(settings.model_copy(update=update)))


def test_a_follow_up_is_answered_by_another_replica(settings: Settings, answerer: Answerer, redis_url: str) -> None:
    with _app(settings, redis_url=redis_url) as first, _app(settings, redis_url=redis_url) as second:
        asked = first.post("/api/ask", json={"question": QUESTION}).json()
        assert asked["tasks"][0]["section"] == "II.5.đ"
        follow = second.post("/api/ask", json={"question": "còn phối hợp thì sao?", "session_id": asked["session_id"]})
        assert follow.json()["session_id"] == asked["session_id"] and follow.json()["intent"] == "coordinators"
        assert "Các sở, ngành và tổ chức, đơn vị liên quan" in follow.json()["answer"]
        assert first.get("/health").json()["sessions"] == second.get("/health").json()["sessions"] == 1


def test_one_budget_per_client_across_replicas_paths_and_pages(settings: Settings, answerer: Answerer,
                                                               redis_url: str) -> None:
    shared = {"redis_url": redis_url, "rate_limit": "10/minute"}
    with _app(settings, **shared) as first, _app(settings, **shared) as second:
        calls = [lambda: first.post("/api/ask", json={"question": "so y te chu tri gi"}), lambda: second.get("/health"),
                 lambda: first.get("/"), lambda: second.get("/api/agencies/Sở Y tế/brief?format=json"),
                 lambda: first.get("/v1/models"), lambda: second.get("/documents")]
        codes = [calls[n % len(calls)]().status_code for n in range(12)]
        # the brief costs 3: 1 + 1 + 1 + 3 + 1 + 1 + 1 + 1 = 10, then nothing more
        assert codes == [200] * 8 + [429] * 4, codes
        refused = second.get("/tasks")
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
        assert "10 yêu cầu/phút" in refused.json()["detail"]


def test_a_chart_costs_more_than_a_question(settings: Settings, answerer: Answerer) -> None:
    with _app(settings, rate_limit="10/minute") as client:
        assert client.get("/api/timeline.svg").status_code == 200  # 5
        assert [client.get("/api/tasks").status_code for _ in range(6)] == [200] * 5 + [429]


def test_forwarded_for_counts_only_from_a_trusted_proxy(settings: Settings, answerer: Answerer) -> None:
    with _app(settings, rate_limit="3/minute") as direct:  # default: trust nobody
        codes = [direct.get("/health", headers={"X-Forwarded-For": f"127.0.0.{n}"}).status_code for n in range(2, 8)]
        assert codes == [200] * 3 + [429] * 3  # rotating the header does not buy a new budget
    with _app(settings, rate_limit="3/minute", trusted_proxies="testclient") as behind_proxy:
        codes = [behind_proxy.get("/health", headers={"X-Forwarded-For": "127.0.0.2"}).status_code for _ in range(4)]
        assert codes == [200] * 3 + [429]
        other = behind_proxy.get("/health", headers={"X-Forwarded-For": "127.0.0.9, 127.0.0.3"})
        assert other.status_code == 200  # the address the proxy saw (rightmost untrusted) has its own budget


def test_a_router_listing_the_limit_too_is_charged_once(settings: Settings, answerer: Answerer) -> None:
    with _app(settings, rate_limit="4/minute") as client:
        assert [client.get("/api/tasks").status_code for _ in range(5)] == [200] * 4 + [429]


def test_redis_unreachable_is_a_one_line_503(settings: Settings, answerer: Answerer) -> None:
    from tests.conftest import _free_port

    with _app(settings, redis_url=f"redis://127.0.0.1:{_free_port()}/0") as client:
        response = client.post("/api/ask", json={"question": QUESTION})
    assert response.status_code == 503 and "ASSISTANT_REDIS_URL" in response.json()["detail"]


def test_a_session_whose_section_left_the_index_answers_without_it(answerer: Answerer) -> None:
    """Sessions hold section ids and re-read them from the index serving the question: a section a reindex
    removed is dropped (no 500), one that stayed comes back as the current record, not a stored copy."""
    from assistant.chat import ChatService, tasks_of
    from assistant.sessions import MemorySessions

    chat = ChatService(answerer, MemorySessions(max_sessions=10, ttl_seconds=60))
    session_id, _ = chat.sessions.context(None)
    chat.sessions.remember(session_id, [("95/KH-UBND", "II.1.a"), ("83/KH-UBND", "II.5.đ")])
    _, answer = chat.ask("còn phối hợp thì sao?", session_id)
    assert answer.intent == "coordinators" and [t.section for t in answer.tasks] == ["II.5.đ"]
    current = next(t for t in answerer.index.tasks if t.section == "II.5.đ")
    assert tasks_of(answerer.index, [("95/KH-UBND", "II.1.a"), ("83/KH-UBND", "II.5.đ")])[0] is current
    chat.sessions.remember(session_id, [("95/KH-UBND", "II.1.a")])  # only a removed section is left
    _, answer = chat.ask("còn phối hợp thì sao?", session_id)
    assert answer.found is False
