"""Assemble the app: settings, lifespan (open the index once), routers and one error shape.

Every error reaches clients as `{"detail": "..."}`: 422 for bad input, 503 when the index or model is
unavailable, 500 without a stack trace for anything unexpected.
"""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from assistant import __version__
from assistant.answer import open_answerer
from assistant.errors import AssistantError, InvalidQuestion
from assistant.settings import Settings, get_settings

from .routes import ask, health

log = logging.getLogger("api")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.answerer = open_answerer(settings)  # builds the index on first start
        yield

    app = FastAPI(
        title="Trợ lý Kế hoạch 83/KH-UBND",
        description="Hỏi đáp có trích dẫn về kế hoạch thực hiện Chiến lược TTNT của tỉnh Quảng Ngãi.",
        version=__version__,
        lifespan=lifespan,
    )
    app.include_router(health.router)
    app.include_router(ask.router)

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
    async def unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error")
        return JSONResponse({"detail": "lỗi máy chủ nội bộ; vui lòng thử lại sau"}, status_code=500)

    return app
