"""Faults found by running the service as a public portal would (issue 9), each pinned by a test that
failed before its fix: long OpenAI conversations, error headers, offline docs, early admin refusal, logs."""

import json

import pytest

from assistant.answer import Answerer
from assistant.settings import Settings

TURNS = ["Năm 2027 còn những nhiệm vụ nào?", "Sở Nông nghiệp và Môi trường chủ trì những gì?",
         "UBND các huyện có nhiệm vụ gì?", "Những nhiệm vụ nào đang thực hiện?", "Năm 2025 còn những nhiệm vụ nào?",
         "Sở Thông tin và Truyền thông chủ trì những nhiệm vụ nào?", "Mục đích của kế hoạch là gì?",
         "Năm 2023 còn những nhiệm vụ nào?", "Sở Công Thương chủ trì những gì?", "còn thời gian thực hiện?"]


def test_the_openai_client_keeps_a_long_conversation(live_server) -> None:
    """The SDK resends the history every turn; with a 16 KiB body limit turn 6 was a 413."""
    from openai import OpenAI

    sdk = OpenAI(base_url=f"{live_server.url}/v1", api_key="not-needed", max_retries=0)
    messages: list[dict] = [{"role": "system", "content": "Trả lời bằng tiếng Việt, có trích dẫn."}]
    for question in TURNS:
        messages.append({"role": "user", "content": question})
        reply = sdk.chat.completions.create(model="plan-assistant", messages=messages)
        messages.append({"role": "assistant", "content": reply.choices[0].message.content})
    assert len(json.dumps(messages, ensure_ascii=False).encode()) > live_server.settings.max_body_bytes
    assert "Sở Công Thương" in messages[-3]["content"] and "2022-2030" in messages[-1]["content"]


def test_a_chat_body_over_its_own_limit_is_still_413(live_server) -> None:
    import httpx

    history = [{"role": "user", "content": "x" * 1000}] * (live_server.settings.max_chat_body_bytes // 1000 + 1)
    response = httpx.post(f"{live_server.url}/v1/chat/completions", json={"messages": history})
    assert response.status_code == 413 and str(live_server.settings.max_chat_body_bytes) in response.json()["detail"]


# -- errors, docs, admin, connections ------------------------------------------------------------------

import os  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402

import httpx  # noqa: E402
from pydantic import SecretStr  # noqa: E402
from conftest import _free_port  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from api.main import create_app  # noqa: E402
from assistant.settings import PROJECT_ROOT  # noqa: E402

KEY = "khoa-quan-tri-thu-nghiem"


def test_a_500_carries_the_security_headers(settings: Settings) -> None:
    app = create_app(settings)

    @app.get("/api/hong")
    def broken() -> None:  # a route that fails as any unexpected bug would
        raise RuntimeError("bug")

    response = TestClient(app, raise_server_exceptions=False).get("/api/hong")
    assert response.status_code == 500 and response.json() == {"detail": "lỗi máy chủ nội bộ; vui lòng thử lại sau"}
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_docs_work_offline_and_hide_admin_when_it_is_off(settings: Settings) -> None:
    client = TestClient(create_app(settings))
    page = client.get("/docs")
    assert page.status_code == 200 and "cdn" not in page.text.lower()
    sources = [part.split('"')[1] for part in page.text.split("src=")[1:]]
    assert sources and all(src.startswith("/static/") for src in sources)
    for asset in ("/static/swagger/swagger-ui-bundle.js", "/static/swagger/swagger-ui.css"):
        assert client.get(asset).status_code == 200
    assert not [p for p in client.get("/openapi.json").json()["paths"] if p.startswith("/api/admin")]
    with_admin = TestClient(create_app(settings.model_copy(update={"admin_key": SecretStr(KEY)})))
    assert "/api/admin/documents" in with_admin.get("/openapi.json").json()["paths"]


def _live(app_settings: Settings, **config: object):
    import uvicorn

    from api.server import server_options

    server = uvicorn.Server(uvicorn.Config(create_app(app_settings), host="127.0.0.1", port=_free_port(),
                                           lifespan="off", **server_options(app_settings) | config))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    return server, thread


def test_an_upload_without_the_key_is_refused_before_its_body(settings: Settings) -> None:
    """The 10 MB body used to be read before the key was checked: announce it, send none, get a 401."""
    server, thread = _live(settings.model_copy(update={"admin_key": SecretStr(KEY)}), log_config=None)
    try:
        with socket.create_connection(("127.0.0.1", server.config.port), timeout=5) as sock:
            sock.sendall(b"POST /api/admin/documents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sai\r\n"
                         b"Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 10000000\r\n\r\n")
            reply = sock.recv(4096)  # socket.timeout here: the server is waiting for the body
            while b"ASSISTANT_ADMIN_KEY" not in reply and (more := sock.recv(4096)):
                reply += more  # headers and body may come in two packets
        assert reply.startswith(b"HTTP/1.1 401") and b"ASSISTANT_ADMIN_KEY" in reply
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_a_trickling_connection_is_closed_after_the_header_timeout(settings: Settings) -> None:
    server, thread = _live(settings.model_copy(update={"header_timeout_seconds": 2}), log_config=None)
    try:
        assert httpx.get(f"http://127.0.0.1:{server.config.port}/static/favicon.svg").status_code == 200
        with socket.create_connection(("127.0.0.1", server.config.port), timeout=1) as sock:
            sock.sendall(b"GET /health HTTP/1.1\r\n")
            started, closed = time.monotonic(), False
            while time.monotonic() - started < 8 and not closed:
                try:
                    sock.sendall(b"X")  # one byte of a header every half second
                    closed = sock.recv(1) == b""
                except TimeoutError:
                    time.sleep(0.5)
                except (ConnectionResetError, BrokenPipeError):
                    closed = True
        assert closed and time.monotonic() - started < 6
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_a_full_disk_is_one_line_in_the_cli(settings: Settings, answerer: Answerer,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from assistant.cli import app
    from assistant.settings import get_settings

    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(settings.index_dir))
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["brief", "Sở Y tế", "--format", "docx", "-o", "/dev/full"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1 and result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.strip().count("\n") == 0 and "ổ đĩa đã đầy" in result.stderr


def test_serve_writes_the_access_log_questions_and_audit_lines(settings: Settings, answerer: Answerer) -> None:
    """Under `assistant serve` the JSON access log, the opted-in question log and audit lines reach stderr."""
    port = _free_port()
    env = os.environ | {"ASSISTANT_INDEX_DIR": str(settings.index_dir), "ASSISTANT_LOG_QUESTIONS": "true",
                        "ASSISTANT_ADMIN_KEY": KEY, "PYTHONPATH": str(PROJECT_ROOT)}
    process = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--port", str(port)], env=env,
                               stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/health")
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and process.poll() is None
                time.sleep(0.5)
        httpx.post(f"http://127.0.0.1:{port}/api/ask", json={"question": "Câu hỏi được phép ghi về Sở Y tế"})
        httpx.post(f"http://127.0.0.1:{port}/api/admin/documents", headers={"Authorization": f"Bearer {KEY}"},
                   data={"number": "KH", "title": "x", "date": "2024-01-01"}, files={"file": ("a.txt", b"abc")})
    finally:
        process.terminate()
        log = process.communicate(timeout=30)[1]
    lines = log.splitlines()
    assert any('"path": "/api/ask"' in line and '"status": 200' in line for line in lines), log[-2000:]
    assert "Câu hỏi được phép ghi về Sở Y tế" in lines
    assert any('"audit": "upload"' in line and '"status": 422' in line for line in lines), log[-2000:]
