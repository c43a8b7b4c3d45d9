"""Shared fixtures: one real index of the real corpus, built once per session into a tmp folder."""

import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from assistant.answer import Answerer, open_answerer
from assistant.settings import PROJECT_ROOT, Settings

if TYPE_CHECKING:
    from bs4 import BeautifulSoup
    from playwright.sync_api import Browser, Page


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Real corpus and model cache, index in a tmp folder (the repo's index/ is never touched)."""
    return Settings(corpus_dir=PROJECT_ROOT / "corpus", index_dir=tmp_path_factory.mktemp("index"))


@pytest.fixture(scope="session")
def answerer(settings: Settings) -> Answerer:
    return open_answerer(settings)


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the real corpus, for tests that change or break it."""
    target = tmp_path / "corpus"
    shutil.copytree(PROJECT_ROOT / "corpus", target)
    return target


@dataclass
class LiveServer:
    url: str
    settings: Settings


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Debian's redis-server on a free loopback port, no persistence; yields its URL (without a db number).
    Missing, it fails: the shared-state tests must run, not skip (`.ci/run` installs it)."""
    import redis

    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is missing: `apt-get install redis-server` (.ci/run installs it)")
    port, folder = _free_port(), tmp_path_factory.mktemp("redis")
    process = subprocess.Popen([binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no",
                                "--dir", str(folder), "--daemonize", "no"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"redis://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                redis.Redis.from_url(url).ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def redis_url(redis_server: str) -> str:
    """An empty Redis database for one test."""
    import redis

    redis.Redis.from_url(f"{redis_server}/0").flushdb()
    return f"{redis_server}/0"


@pytest.fixture(scope="session")
def host_page_origin() -> str:
    """The origin of a third-party page that embeds the widget (served by the browser tests)."""
    return f"http://127.0.0.1:{_free_port()}"


@contextmanager
def serve(app_settings: Settings) -> Iterator[str]:
    """The real app for `app_settings` under uvicorn on a free loopback port, in a thread; yields its URL."""
    import uvicorn

    from api.main import create_app

    server = uvicorn.Server(uvicorn.Config(create_app(app_settings), host="127.0.0.1", port=_free_port(),
                                           log_level="warning", proxy_headers=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{server.config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(settings: Settings, answerer: Answerer, host_page_origin: str) -> Iterator[LiveServer]:
    """The app over the session index, for clients that need HTTP (the openai SDK, the browser). The host
    page's origin is allowlisted for CORS. Limits have tests of their own: here the budget (one per client over
    every page, chart and question since issue 9) and the render queue are out of the way of many tests."""
    live_settings = settings.model_copy(update={"allowed_origins": host_page_origin, "rate_limit": "100000/minute",
                                                "render_queue": 64})
    with serve(live_settings) as url:
        yield LiveServer(url, live_settings)


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser() -> Iterator["Browser"]:
    """Debian's Chromium driven by Playwright; missing, it fails (the browser tests must run, not skip).
    Module scope: Playwright's sync API holds an event loop, which async tests elsewhere need free."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: `apt-get install chromium` (.ci/run installs it)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"  # axe-core 4.14.1 (npm), MPL-2.0


def axe_violations(page: "Page") -> list[str]:
    """Every axe-core violation of the page as it is now, any impact, as "rule-id (impact): target, …".
    Injected through the DevTools protocol, so the page keeps its real CSP; open shadow roots included."""
    if page.evaluate("typeof window.axe") != "object":
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    violations = page.evaluate("""async () => (await axe.run(document, {resultTypes: ["violations"]}))
        .violations.map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(" ")).join(", ")}`)""")
    return violations


def dom(response) -> "BeautifulSoup":
    from bs4 import BeautifulSoup

    assert response.headers["content-type"].startswith("text/html")
    return BeautifulSoup(response.text, "html.parser")


def assert_csp_clean(page: "BeautifulSoup") -> None:
    """Nothing the strict CSP would block: no inline script, style element or style attribute."""
    assert all(script.get("src") for script in page.find_all("script"))
    assert not page.find_all("style") and not page.select("[style]")
    assert not [tag for tag in page.find_all(True) if any(attr.startswith("on") for attr in tag.attrs)]
