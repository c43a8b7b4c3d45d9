"""Administration: upload a document, rebuild the index while serving. Off unless ASSISTANT_ADMIN_KEY is set
(every route then answers 404); each request needs `Authorization: Bearer <ASSISTANT_ADMIN_KEY>` (else 401)."""

import datetime as dt
import json
import logging
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request, UploadFile
from starlette.concurrency import run_in_threadpool

from api.deps import SettingsDep
from api.schemas import ErrorResponse
from assistant.admin import (
    Reindexer,
    ReindexStatus,
    UploadRejected,
    UploadTooLarge,
    add_document,
)
from assistant.documents import DocumentMeta

__all__ = ["router"]

audit_log = logging.getLogger("api.audit")


def _audit(request: Request, action: str, **details: object) -> None:
    """One JSON line per administrative change: what, by which client, with what result."""
    client = request.client.host if request.client else "-"
    audit_log.info(json.dumps({"audit": action, "client": client, **details}, ensure_ascii=False, default=str))


async def require_admin(request: Request) -> None:
    key = request.app.state.settings.admin_key
    if key is None or not key.get_secret_value():
        raise HTTPException(404, "Not Found")  # disabled: as if the route did not exist
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(token.strip().encode(),
                                                                key.get_secret_value().encode()):
        raise HTTPException(401, "cần khóa quản trị: gửi tiêu đề Authorization: Bearer <ASSISTANT_ADMIN_KEY>",
                            headers={"WWW-Authenticate": "Bearer"})


async def get_reindexer(request: Request) -> Reindexer:
    """One reindexer per app, made on first use (async: no two requests race to make it)."""
    state = request.app.state
    if getattr(state, "reindexer", None) is None:
        state.reindexer = Reindexer(state.settings, state.chat)
    return state.reindexer


ReindexerDep = Annotated[Reindexer, Depends(get_reindexer)]
_ERRORS = {code: {"model": ErrorResponse} for code in (401, 404, 413, 422)}
router = APIRouter(prefix="/api/admin", tags=["admin"], responses=_ERRORS,
                   dependencies=[Depends(require_admin)])


@contextmanager
def _as_http_errors() -> Iterator[None]:
    try:
        yield
    except UploadTooLarge as exc:
        raise HTTPException(413, str(exc)) from None
    except UploadRejected as exc:
        raise HTTPException(422, str(exc)) from None


@router.post("/documents", status_code=201, response_model=DocumentMeta)
async def upload_document(
    request: Request, settings: SettingsDep, file: UploadFile, number: Annotated[str, Form(examples=["12/KH-UBND"])],
    title: Annotated[str, Form()], date: Annotated[dt.date, Form(description="Ngày ban hành, YYYY-MM-DD")],
    kind: Annotated[str, Form()] = "Kế hoạch", issuer: Annotated[str, Form()] = "UBND tỉnh Quảng Ngãi",
    signer: Annotated[str | None, Form()] = None,
) -> DocumentMeta:
    """Thêm một văn bản (.docx, .pdf, .html, .txt, .md) vào kho; sau đó gọi POST /api/admin/reindex."""
    data = await file.read(settings.max_upload_bytes + 1)  # one byte over is enough to refuse it
    try:
        with _as_http_errors():
            meta = await run_in_threadpool(add_document, settings, data, file.filename or "", number=number,
                                           title=title, date=date, kind=kind, issuer=issuer, signer=signer)
    except HTTPException as refused:
        _audit(request, "upload", number=number, bytes=len(data), status=refused.status_code, reason=refused.detail)
        raise
    _audit(request, "upload", number=meta.id, file=meta.file, bytes=len(data), status=201)
    return meta


@router.post("/reindex", status_code=202, response_model=ReindexStatus)
def start_reindex(request: Request, reindexer: ReindexerDep) -> ReindexStatus:
    """Dựng lại chỉ mục ở nền rồi chuyển sang chỉ mục mới (đang chạy thì trả về lượt đang chạy)."""
    status = reindexer.start()
    _audit(request, "reindex", state=status.state, started=status.started)
    return status


@router.get("/reindex", response_model=ReindexStatus)
def reindex_status(reindexer: ReindexerDep) -> ReindexStatus:
    """Trạng thái lượt dựng lại gần nhất: idle, running, succeeded hoặc failed."""
    return reindexer.status()
