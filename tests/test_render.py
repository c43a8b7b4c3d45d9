"""Charts, exports and briefs are rendered off the request threads, bounded and cached (api/render.py):
a burst of chart requests from one client leaves another client's question answered."""

import asyncio
import threading
import time
from datetime import date, timedelta

import httpx
import pytest
from conftest import serve
from fastapi.testclient import TestClient

from api.main import create_app
from api.render import RenderBusy, RenderPool
from assistant.answer import Answerer
from assistant.settings import Settings


@pytest.fixture(scope="module")
def client(settings: Settings, answerer: Answerer) -> TestClient:
    with TestClient(create_app(settings.model_copy(update={"rate_limit": "1000/minute"}))) as test_client:
        yield test_client


def test_a_burst_of_charts_leaves_questions_answered(settings: Settings, answerer: Answerer) -> None:
    """Issue 9: 60 PNG + 60 SVG from one client left another client's /api/ask unanswered for 60 s."""
    app_settings = settings.model_copy(update={"rate_limit": "10000/minute", "render_workers": 1,
                                               "render_queue": 4})
    charts: list[httpx.Response] = []
    with serve(app_settings) as url:
        def fetch(i: int) -> None:
            as_of = date(2021, 1, 1) + timedelta(days=37 * i)  # all different: the cache cannot help
            charts.append(httpx.get(f"{url}/api/timeline.{'png' if i % 2 else 'svg'}",
                                    params={"as_of": as_of.isoformat()}, timeout=180))

        burst = [threading.Thread(target=fetch, args=(i,)) for i in range(60)]
        for thread in burst:
            thread.start()
        time.sleep(1.0)  # the charts are in flight
        answer = httpx.post(f"{url}/api/ask", json={"question": "Sở nào chủ trì thương mại điện tử?"}, timeout=20)
        assert answer.status_code == 200 and "Sở Công Thương" in answer.json()["answer"]
        for thread in burst:
            thread.join(timeout=180)
    codes = [r.status_code for r in charts]
    assert len(codes) == 60 and set(codes) == {200, 503}, codes
    busy = next(r for r in charts if r.status_code == 503)
    assert int(busy.headers["retry-after"]) >= 1 and "thử lại" in busy.json()["detail"]
    assert all(r.content.startswith((b"\x89PNG", b"<?xml")) for r in charts if r.status_code == 200)


def test_identical_requests_render_once_per_filters_and_date(client: TestClient) -> None:
    pool: RenderPool = client.app.state.renders
    before = pool.renders
    params = {"agency": "Sở Y tế", "as_of": "2025-06-01"}
    first, again = (client.get("/api/timeline.svg", params=params) for _ in range(2))
    assert first.status_code == again.status_code == 200 and first.content == again.content
    assert pool.renders == before + 1
    assert client.get("/api/timeline.svg", params=params | {"as_of": "2025-06-02"}).status_code == 200
    assert client.get("/api/tasks.xlsx", params=params).status_code == 200
    csv = client.get("/api/tasks.csv", params=params | {"sep": ";"})
    assert csv.status_code == 200 and csv.text.lstrip("\ufeff").startswith('"Văn bản";')
    assert pool.renders == before + 4


def test_a_full_queue_refuses_at_once_and_a_failure_is_not_cached() -> None:
    pool = RenderPool(workers=1, queue=0)
    release = threading.Event()

    async def scenario() -> None:
        slow = asyncio.ensure_future(pool.get("slow", lambda: release.wait(10) and b"done"))
        await asyncio.sleep(0.1)
        with pytest.raises(RenderBusy) as busy:
            await pool.get("other", lambda: b"never")
        assert busy.value.retry_after >= 1
        shared = asyncio.ensure_future(pool.get("slow", lambda: b"not rendered again"))  # joins the first
        release.set()
        assert await slow == await shared == b"done"
        with pytest.raises(ZeroDivisionError):
            await pool.get("broken", lambda: bytes(1 // 0))
        assert await pool.get("broken", lambda: b"fixed") == b"fixed"

    asyncio.run(scenario())
    assert pool.renders == 3
    pool.close()
