"""Shared fixtures: one real index of the real corpus, built once per session into a tmp folder."""

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.answer import Answerer, open_answerer
from assistant.settings import PROJECT_ROOT, Settings


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
def host_page_origin() -> str:
    """The origin of a third-party page that embeds the widget (served by the browser tests)."""
    return f"http://127.0.0.1:{_free_port()}"


@pytest.fixture(scope="session")
def live_server(settings: Settings, answerer: Answerer, host_page_origin: str) -> Iterator[LiveServer]:
    """The real app under uvicorn on a free loopback port, in a thread, for clients that need HTTP
    (the openai SDK, the browser). The host page's origin is allowlisted for CORS."""
    import uvicorn

    from api.main import create_app

    port = _free_port()
    live_settings = settings.model_copy(update={"allowed_origins": host_page_origin, "rate_limit": "1000/minute"})
    server = uvicorn.Server(uvicorn.Config(create_app(live_settings), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield LiveServer(f"http://127.0.0.1:{port}", live_settings)
    server.should_exit = True
    thread.join(timeout=10)
