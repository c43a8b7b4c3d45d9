"""The service as deployed: two replicas (`assistant serve` processes on free loopback ports) sharing one
corpus/index folder and one Redis (Debian's redis-server), Debian's nginx in front with the site from
deploy/ (generated into tmp, run as a non-daemon with its own prefix, pid and logs).

Checked: a follow-up on the other replica, one rate budget across both, SSE events passed on by nginx as
they are produced, and a reindex (with an upload landing mid-build) followed by both replicas with no
failed request and no document left out.
"""

import itertools
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import redis
from conftest import _free_port
from test_admin import AUTH, KEY, NUMBER, PLAN, QUESTION, TITLE

from assistant.answer import Answerer
from assistant.settings import PROJECT_ROOT, Settings

DEPLOY = PROJECT_ROOT / "deploy"
BUDGET = 40


@dataclass
class Stack:
    replicas: list[str]
    nginx: str
    redis: redis.Redis
    index_dir: Path
    access_log: Path


def _wait_for_port(port: int, process: subprocess.Popen, log: Path, seconds: float = 180) -> None:
    """uvicorn binds its port only once the app's startup (index, model, warm-up) is done."""
    deadline = time.monotonic() + seconds
    while True:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"process on port {port} did not start:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.2)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def nginx_config(site: str, folder: Path, port: int, upstreams: list[int]) -> str:
    """The deploy/ site with the test's ports, inside a main config whose every path is in `folder`."""
    servers = list(re.finditer(r"^(\s*)server 127\.0\.0\.1:\d+(.*)$", site, re.M))
    assert len(servers) >= 2 and "listen 80;" in site, "the deploy site changed shape: update this test"
    first, last = servers[0], servers[-1]
    lines = "\n".join(f"{first.group(1)}server 127.0.0.1:{p}{first.group(2)}" for p in upstreams)
    site = site[: first.start()] + lines + site[last.end():]
    site = site.replace("listen 80;", f"listen 127.0.0.1:{port};")
    temp = "\n".join(f"    {kind}_temp_path {folder}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi",
                                                                          "scgi"))
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};\n" if os.geteuid() == 0 else ""
    return f"""{user}daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 256; }}
http {{
    log_format upstreams '$remote_addr $status $upstream_addr "$request"';
    access_log {folder}/access.log upstreams;
{temp}
{site}
}}
"""


@pytest.fixture(scope="module")
def stack(settings: Settings, answerer: Answerer, redis_server: str,
          tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    nginx_binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx_binary).exists():
        pytest.fail("nginx is missing: `apt-get install nginx` (.ci/run installs it)")
    shared = tmp_path_factory.mktemp("shared")
    shutil.copytree(settings.corpus_dir, shared / "corpus")
    shutil.copytree(settings.index_dir, shared / "index", symlinks=True)
    redis_url = f"{redis_server}/1"
    store = redis.Redis.from_url(redis_url)
    store.flushdb()
    env = {name: value for name, value in os.environ.items() if not name.startswith("ASSISTANT_")} | {
        "PYTHONPATH": str(PROJECT_ROOT), "ASSISTANT_CORPUS_DIR": str(shared / "corpus"),
        "ASSISTANT_INDEX_DIR": str(shared / "index"), "ASSISTANT_CACHE_DIR": str(settings.cache_dir),
        "ASSISTANT_REDIS_URL": redis_url, "ASSISTANT_TRUSTED_PROXIES": "127.0.0.1",
        "ASSISTANT_RATE_LIMIT": f"{BUDGET}/minute", "ASSISTANT_ADMIN_KEY": KEY, "ASSISTANT_AUTO_BUILD": "false",
        "ASSISTANT_INDEX_POLL_SECONDS": "0.5", "OMP_NUM_THREADS": "1",
    }
    processes: list[subprocess.Popen] = []
    try:
        ports = [_free_port(), _free_port()]
        logs = [shared / f"replica-{port}.log" for port in ports]
        for port, log in zip(ports, logs, strict=True):
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "assistant.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
                cwd=shared, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT))
        for port, process, log in zip(ports, processes, logs, strict=True):
            _wait_for_port(port, process, log)
        folder, nginx_port = shared / "nginx", _free_port()
        folder.mkdir()
        config = folder / "nginx.conf"
        config.write_text(nginx_config((DEPLOY / "nginx-plan-assistant.conf").read_text(encoding="utf-8"), folder,
                                       nginx_port, ports), encoding="utf-8")
        processes.append(subprocess.Popen([nginx_binary, "-p", str(folder), "-c", str(config), "-e",
                                           str(folder / "error.log")], stdout=subprocess.DEVNULL,
                                          stderr=(folder / "stderr.log").open("wb")))
        _wait_for_port(nginx_port, processes[-1], folder / "stderr.log", seconds=20)
        yield Stack([f"http://127.0.0.1:{port}" for port in ports], f"http://127.0.0.1:{nginx_port}", store,
                    shared / "index", folder / "access.log")
    finally:
        for process in reversed(processes):
            _stop(process)


def as_client(address: str) -> dict[str, str]:
    """Replicas trust X-Forwarded-For from loopback (their nginx): this picks the client address."""
    return {"X-Forwarded-For": address}


def test_a_follow_up_is_answered_by_the_other_replica(stack: Stack) -> None:
    first, second = stack.replicas
    asked = httpx.post(f"{first}/api/ask", headers=as_client("127.0.0.11"),
                       json={"question": "Ai chủ trì ứng dụng AI trong lĩnh vực tài chính?"}, timeout=60).json()
    assert asked["tasks"][0]["section"] == "II.5.đ"
    follow = httpx.post(f"{second}/api/ask", headers=as_client("127.0.0.11"), timeout=60,
                        json={"question": "còn phối hợp thì sao?", "session_id": asked["session_id"]}).json()
    assert follow["session_id"] == asked["session_id"] and follow["intent"] == "coordinators"
    assert "Các sở, ngành và tổ chức, đơn vị liên quan" in follow["answer"]


def test_sse_events_pass_through_nginx_as_they_are_produced(stack: Stack) -> None:
    """The `session` event is sent before the answer is composed: through nginx it must arrive on its own,
    before the tokens. A proxy that holds the stream (tried: gzip on text/event-stream with buffering on)
    delivers it all in one piece at the end, and this fails."""
    arrivals: list[tuple[float, bytes]] = []
    started = time.monotonic()
    with httpx.stream("POST", f"{stack.nginx}/api/chat", timeout=60,
                      json={"question": "Sở nào chủ trì ứng dụng AI trong thương mại điện tử, thời hạn khi nào?"}) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        for chunk in r.iter_bytes():
            arrivals.append((time.monotonic() - started, chunk))
    body = b"".join(chunk for _, chunk in arrivals).decode()
    assert "event: done" in body and "Sở Công Thương" in body
    first_at, first_chunk = arrivals[0]
    assert b"event: session" in first_chunk and b"event: token" not in first_chunk, first_chunk
    token_at = next(at for at, chunk in arrivals if b"event: token" in chunk)
    assert token_at - first_at > 0.005, [(round(at, 4), chunk[:30]) for at, chunk in arrivals]


def _upstreams(access_log: Path, status: int) -> set[str]:
    return {line.split()[2] for line in access_log.read_text().splitlines() if line.split()[1] == str(status)}


def test_one_rate_budget_across_both_replicas(stack: Stack) -> None:
    first, second = stack.replicas
    codes = [httpx.get(f"{(first, second)[n % 2]}/health", headers=as_client("127.0.0.12")).status_code
             for n in range(BUDGET + 4)]
    assert codes == [200] * BUDGET + [429] * 4, codes
    assert httpx.get(f"{first}/health", headers=as_client("127.0.0.13")).status_code == 200  # another client

    stack.redis.flushdb()  # a fresh budget for the one client nginx shows them: 127.0.0.1
    stack.access_log.write_text("")
    spoofed = [httpx.get(f"{stack.nginx}/health", headers=as_client(f"127.0.0.{100 + n}")) for n in range(BUDGET + 4)]
    assert [r.status_code for r in spoofed] == [200] * BUDGET + [429] * 4  # nginx replaces X-Forwarded-For
    assert int(spoofed[-1].headers["retry-after"]) >= 1
    ports = {url.rsplit(":", 1)[1] for url in stack.replicas}
    for status in (200, 429):
        assert {upstream.rsplit(":", 1)[1] for upstream in _upstreams(stack.access_log, status)} == ports


def _health(url: str) -> dict:
    return httpx.get(f"{url}/health", headers=as_client("127.0.0.14"), timeout=30).json()


def test_both_replicas_follow_a_reindex_and_an_upload_during_it_is_built_too(stack: Stack) -> None:
    first, second = stack.replicas
    stack.redis.flushdb()
    before = _health(second)
    assert (before["documents"], before["tasks"]) == (5, 27)
    upload = httpx.post(f"{first}/api/admin/documents", headers=AUTH | as_client("127.0.0.15"), timeout=60,
                        data={"number": NUMBER, "title": TITLE, "date": "2024-03-15"},
                        files={"file": ("ke-hoach-95.txt", PLAN.encode(), "text/plain")})
    assert upload.status_code == 201, upload.text

    stop, results = threading.Event(), []
    questions = ["so y te chu tri gi", QUESTION, "Kế hoạch 83 ban hành ngày nào?"]

    def ask_in_a_loop(url: str) -> None:
        with httpx.Client(base_url=url, timeout=60) as client:
            n = 0
            while not stop.is_set():
                address = f"127.1.{n // 250}.{n % 250}"  # a fresh client each time: the budget is not under test
                try:
                    response = client.post("/api/ask", headers=as_client(address),
                                           json={"question": questions[n % len(questions)]})
                    results.append((url, response.status_code, response.text[:200]))
                except httpx.HTTPError as exc:
                    results.append((url, 0, repr(exc)))
                n += 1
                time.sleep(0.05)

    askers = [threading.Thread(target=ask_in_a_loop, args=(url,)) for url in stack.replicas]
    for asker in askers:
        asker.start()
    try:
        started = httpx.post(f"{first}/api/admin/reindex", headers=AUTH | as_client("127.0.0.15"), timeout=30)
        assert started.json()["state"] == "running"
        late = PLAN.replace("95/KH-UBND", "96/KH-UBND")  # lands while the first round is building
        upload = httpx.post(f"{second}/api/admin/documents", headers=AUTH | as_client("127.0.0.16"), timeout=60,
                            data={"number": "96/KH-UBND", "title": TITLE, "date": "2024-03-20"},
                            files={"file": ("ke-hoach-96.txt", late.encode(), "text/plain")})
        assert upload.status_code == 201, upload.text
        deadline, polls = time.monotonic() + 400, itertools.count()
        while (status := httpx.get(f"{first}/api/admin/reindex", timeout=30,  # each poll its own budget
                                   headers=AUTH | as_client(f"127.2.0.{next(polls) % 250}")).json())["state"] == "running":
            assert time.monotonic() < deadline, status
            time.sleep(0.5)
        finished = time.monotonic()
        assert status["state"] == "succeeded", status
        assert any("dựng thêm một lượt" in message for message in status["messages"]), status["messages"]
        assert (status["documents"], status["error"]) == (7, None)
        served = _health(first)
        while (other := _health(second))["index_created"] != served["index_created"]:
            assert time.monotonic() - finished < 5, (other, served)  # the other replica follows within seconds
            time.sleep(0.2)
        time.sleep(1)
    finally:
        stop.set()
        for asker in askers:
            asker.join(timeout=60)
    assert (other["documents"], other["documents_loaded"]) == (7, 3)
    failed = [r for r in results if r[1] != 200]
    assert not failed and {url for url, *_ in results} == set(stack.replicas), failed[:3]
    for url in stack.replicas:
        page = httpx.get(f"{url}/documents/96-KH-UBND", headers=as_client("127.0.0.17"), timeout=30)
        assert page.status_code == 200
    builds = sorted(p.name for p in (stack.index_dir / "builds").iterdir())
    assert (stack.index_dir / "current").resolve().name in builds and len(builds) <= 2
