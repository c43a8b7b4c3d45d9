"""ASGI middleware of ours: request size limit, security headers and a structured access log.

CORS and rate limiting come from Starlette's CORSMiddleware and slowapi (see main.py); these three have
no well-kept equivalent small enough to be worth a dependency.
"""

import json
import logging
import secrets
import time

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["BodySizeLimit", "SecurityHeaders", "AccessLog", "AdminGate", "PAGE_CSP", "security_headers"]

access_log = logging.getLogger("api.access")

PAGE_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            "frame-ancestors 'none'; base-uri 'none'; form-action 'self'")


def _json_response(status: int, detail: str) -> tuple[Message, Message]:
    body = json.dumps({"detail": detail}, ensure_ascii=False).encode()
    start = {"type": "http.response.start", "status": status,
             "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]}
    return start, {"type": "http.response.body", "body": body}


class BodySizeLimit:
    """413 for bodies over `max_bytes` (or a path's own limit in `overrides`), whether announced by
    Content-Length or streamed in chunks."""

    def __init__(self, app: ASGIApp, max_bytes: int, overrides: dict[str, int] | None = None) -> None:
        self.app, self.max_bytes, self.overrides = app, max_bytes, overrides or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        max_bytes = self.overrides.get(scope["path"], self.max_bytes)
        message = f"thân yêu cầu vượt quá {max_bytes} byte"
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > max_bytes):
            for part in _json_response(413, message):
                await send(part)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            incoming = await receive()
            received += len(incoming.get("body", b""))
            if received > max_bytes:
                raise _TooLarge
            return incoming

        started = False

        async def tracking_send(outgoing: Message) -> None:
            nonlocal started
            started = started or outgoing["type"] == "http.response.start"
            await send(outgoing)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if not started:
                for part in _json_response(413, message):
                    await send(part)


class _TooLarge(Exception):
    pass


def security_headers(path: str) -> dict[str, str]:
    """The headers every response of `path` carries; also set by the 500 handler, whose response is sent
    from outside all middleware."""
    headers = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "strict-origin-when-cross-origin"}
    if path == "/widget.js" or path.startswith("/static/"):
        headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    elif path not in ("/docs", "/redoc"):  # Swagger UI's page has an inline script
        headers["Content-Security-Policy"] = PAGE_CSP
    return headers


class SecurityHeaders:
    """nosniff, a referrer policy, and a strict CSP on our own pages. The widget script and static files
    may be loaded by the allowed origins' pages (Cross-Origin-Resource-Policy: cross-origin)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope["path"]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in security_headers(path).items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


class AccessLog:
    """One JSON line per request: method, path, status, duration, client. Never the question text
    (that is logged by the routes only when ASSISTANT_LOG_QUESTIONS is on)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started, status = time.perf_counter(), 500

        async def capture(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, capture)
        finally:
            access_log.info(json.dumps({
                "method": scope["method"], "path": scope["path"], "status": status,
                "ms": round((time.perf_counter() - started) * 1000, 1),
                "client": (scope.get("client") or ("-",))[0],
            }))


class AdminGate:
    """/api/admin answers 404 when administration is off and 401 without the key *before* the body is read:
    FastAPI parses a form (a 10 MB upload) before running a route's dependencies. The routes check again."""

    def __init__(self, app: ASGIApp, key: str | None) -> None:
        self.app, self.key = app, key

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/api/admin"):
            return await self.app(scope, receive, send)
        if not self.key:
            refusal = _json_response(404, "Not Found")
        else:
            scheme, _, token = dict(scope["headers"]).get(b"authorization", b"").partition(b" ")
            if scheme.lower() == b"bearer" and secrets.compare_digest(token.strip(), self.key.encode()):
                return await self.app(scope, receive, send)
            refusal = _json_response(401, "cần khóa quản trị: gửi tiêu đề Authorization: Bearer <ASSISTANT_ADMIN_KEY>")
            refusal[0]["headers"].append((b"www-authenticate", b"Bearer"))
        refusal[0]["headers"].append((b"connection", b"close"))  # the unread body is not waited for
        for part in refusal:
            await send(part)
