"""How `assistant serve` runs the app under uvicorn: a header timeout, and logging that reaches stderr.

uvicorn closes idle keep-alive connections but sets no deadline for a request's line and headers: 1,000
connections trickling a byte at a time stayed open. `HeaderTimeoutH11` (uvicorn's h11 protocol) closes a
connection whose request line and headers are not complete `header_timeout_seconds` after it opened or after
its previous response — the job nginx's `client_header_timeout` does when the service sits behind one.

uvicorn's own log configuration only covers its loggers, so our JSON access log ("api.access"), the opt-in
question log ("api.questions") and the audit log ("api.audit") went nowhere; LOG_CONFIG adds them.
"""

import asyncio
import copy
from typing import Any

import h11
from uvicorn.config import LOGGING_CONFIG
from uvicorn.protocols.http.h11_impl import H11Protocol

from assistant.settings import Settings

__all__ = ["HeaderTimeoutH11", "server_options", "LOG_CONFIG"]


class HeaderTimeoutH11(H11Protocol):
    """h11 protocol that closes a connection still sending its request line and headers after
    `header_timeout` seconds (set per server by `server_options`)."""

    header_timeout: float | None = None  # None: ASSISTANT_HEADER_TIMEOUT_SECONDS (worker processes read it)
    _header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is h11.IDLE:  # headers still incomplete (or a new request begins)
            if self._header_timer is None:
                self._arm()
        else:
            self._disarm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        from assistant.settings import get_settings

        timeout = self.header_timeout or float(get_settings().header_timeout_seconds)
        self._header_timer = self.loop.call_later(timeout, self._headers_too_slow)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing() and (
                self.cycle is None or self.cycle.response_complete):
            self.transport.close()


def _access_logging() -> dict[str, Any]:
    config = copy.deepcopy(LOGGING_CONFIG)
    config["formatters"]["plain"] = {"format": "%(message)s"}
    config["handlers"]["api"] = {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr"}
    config["loggers"]["api"] = {"handlers": ["api"], "level": "INFO", "propagate": False}
    config["loggers"]["uvicorn.access"]["level"] = "WARNING"  # ours is the access log (JSON, with timings)
    return config


LOG_CONFIG = _access_logging()


def server_options(settings: Settings, *, workers: int = 1) -> dict[str, Any]:
    """Keyword arguments for `uvicorn.run` / `uvicorn.Config`. Worker processes get the importable class,
    which reads the timeout from the environment they share."""
    protocol = HeaderTimeoutH11 if workers > 1 else type(
        "HeaderTimeoutH11", (HeaderTimeoutH11,), {"header_timeout": float(settings.header_timeout_seconds)})
    return {"http": protocol, "log_config": LOG_CONFIG}
