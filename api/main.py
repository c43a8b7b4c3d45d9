"""Assemble the app: settings, lifespan (open the index once), middleware, routers, one error shape.

Every API error reaches clients as `{"detail": "..."}`: 422 bad input, 413 too large, 429 too many
requests, 503 when the index or model is unavailable, 500 without a stack trace for anything else.
"""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from assistant import __version__
from assistant.answer import open_answerer
from assistant.chat import ChatService
from assistant.errors import AssistantError, InvalidQuestion
from assistant.follow import IndexFollower
from assistant.generator import build_phraser
from assistant.sessions import open_sessions
from assistant.settings import Settings, get_settings

from .limits import RateLimit, RateLimited, rate_limited
from .middleware import AccessLog, AdminGate, BodySizeLimit, SecurityHeaders, security_headers
from .render import RenderBusy, RenderPool
from .routes import admin, ask, chat, docs, health, openai_compat, pages, task_pages, tasks

log = logging.getLogger("api")
STATIC_DIR = Path(__file__).parent / "static"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        answerer = open_answerer(settings)  # builds the index on first start
        answerer.answer("Sở nào chủ trì thương mại điện tử?")  # warm up: the first question loads the segmenter
        app.state.chat = ChatService(answerer, open_sessions(settings), build_phraser(settings))
        follower = IndexFollower(settings, app.state.chat).start()  # a reindex by any replica reaches this one
        yield
        follower.stop()
        app.state.renders.close()

    app = FastAPI(
        title="Trợ lý Kế hoạch 83/KH-UBND",
        description="Hỏi đáp có trích dẫn về kế hoạch thực hiện Chiến lược TTNT của tỉnh Quảng Ngãi.",
        version=__version__,
        lifespan=lifespan,
        dependencies=[Depends(rate_limited)],  # one budget per client over every route (api/limits.py)
        docs_url=None, redoc_url=None,  # /docs from local files (routes/docs.py); ReDoc would need a CDN
    )
    app.state.settings = settings
    admin_key = settings.admin_key.get_secret_value() if settings.admin_key else None
    for module in (health, ask, chat, openai_compat, tasks, admin, task_pages, pages, docs):
        app.include_router(module.router, include_in_schema=module is not admin or bool(admin_key))
    app.mount(docs.ASSETS, docs.assets(), name="swagger")
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.state.rate_limit = RateLimit.from_settings(settings)
    app.state.renders = RenderPool(settings.render_workers, settings.render_queue)
    # uploads get their own limit, and only when administration is on
    uploads = {"/api/admin/documents": settings.max_upload_bytes + 64 * 1024} if settings.admin_key else {}
    # OpenAI clients resend the whole conversation each turn: 16 KiB ran out on turn 6
    chat_history = {"/v1/chat/completions": settings.max_chat_body_bytes}
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes, overrides=uploads | chat_history)
    if settings.origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.origins, allow_methods=["GET", "POST"],
                           allow_headers=["content-type", "authorization"], max_age=600)
    app.add_middleware(AdminGate, key=admin_key)  # outside the body limit: refused before any byte is read
    app.add_middleware(SecurityHeaders)
    app.add_middleware(AccessLog)
    if settings.proxies:  # outermost: the client address every layer sees (X-Forwarded-For from these only)
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.proxies)
    _add_error_handlers(app)
    return app


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RateLimited)
    async def too_many(_request: Request, exc: RateLimited) -> JSONResponse:
        return JSONResponse(
            {"detail": f"Bạn gửi quá nhiều yêu cầu (giới hạn {exc.limit}). "
                       f"Vui lòng thử lại sau {exc.retry_after} giây."},
            status_code=429, headers={"Retry-After": str(exc.retry_after)})

    @app.exception_handler(RenderBusy)
    async def busy(_request: Request, exc: RenderBusy) -> JSONResponse:
        return JSONResponse({"detail": f"máy chủ đang bận vẽ biểu đồ/xuất tệp; vui lòng thử lại sau "
                                       f"{exc.retry_after} giây"},
                            status_code=503, headers={"Retry-After": str(exc.retry_after)})

    @app.exception_handler(InvalidQuestion)
    async def invalid_question(_request: Request, exc: InvalidQuestion) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    @app.exception_handler(AssistantError)
    async def unavailable(_request: Request, exc: AssistantError) -> JSONResponse:
        log.error("assistant error: %s", exc)
        return JSONResponse({"detail": str(exc)}, status_code=503)

    @app.exception_handler(RequestValidationError)
    async def bad_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        if first.get("type") == "json_invalid":
            return JSONResponse({"detail": "nội dung yêu cầu không phải JSON hợp lệ"}, status_code=422)
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        message = first.get("msg", "invalid request")
        return JSONResponse({"detail": f"yêu cầu không hợp lệ: {where + ': ' if where else ''}{message}"},
                            status_code=422)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error")
        return JSONResponse({"detail": "lỗi máy chủ nội bộ; vui lòng thử lại sau"}, status_code=500,
                            headers=security_headers(request.url.path))  # sent from outside the middleware
