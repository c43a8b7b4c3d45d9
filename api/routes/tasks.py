"""The task table for outreach staff: JSON, CSV, Excel, the timeline chart and per-agency briefs.

Exports, charts and .docx briefs are rendered in the app's RenderPool (api/render.py), cached per
(filters, as_of, index build): the handlers await them without holding a request thread.
"""

from dataclasses import asdict
from datetime import date
from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from starlette.concurrency import run_in_threadpool

from api.deps import AnswererDep, RenderDep, SettingsDep
from api.limits import rate_limited
from api.render import build_key
from assistant.brief_docx import brief_docx
from assistant.briefs import agency_brief, brief_markdown
from assistant.explorer import TaskView, explore, filter_caption
from assistant.exports import export_filename, tasks_csv, tasks_xlsx
from assistant.status import TaskStatus
from assistant.timeline import timeline_png, timeline_svg

router = APIRouter(prefix="/api", tags=["tasks"], dependencies=[Depends(rate_limited)])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class TaskFilters:
    def __init__(
        self,
        agency: Annotated[str | None, Query(max_length=200, description="Cơ quan chủ trì hoặc phối hợp")] = None,
        year: Annotated[int | None, Query(ge=2000, le=2100, description="Năm nhiệm vụ được thực hiện")] = None,
        status: Annotated[TaskStatus | None, Query(description="Trạng thái tại ngày as_of")] = None,
        q: Annotated[str | None, Query(max_length=200, description="Tìm trong nội dung (không dấu cũng được)")] = None,
        as_of: Annotated[date | None, Query(description="Ngày tham chiếu, mặc định hôm nay")] = None,
    ) -> None:
        self.agency, self.year, self.status, self.q, self.as_of = agency, year, status, q, as_of or date.today()

    def key(self, what: str, answerer: AnswererDep) -> tuple:
        """The cache key of a render of `what` with these filters from this index build."""
        return what, self.agency, self.year, self.status, self.q, self.as_of, build_key(answerer.index.manifest)


Filters = Annotated[TaskFilters, Depends()]


def _views(answerer: AnswererDep, f: TaskFilters) -> list[TaskView]:
    return explore(answerer.index.tasks, answerer.successors, as_of=f.as_of, agency=f.agency, year=f.year,
                   status=f.status, query=f.q)


def _caption(answerer: AnswererDep, f: TaskFilters) -> str:
    return filter_caption(answerer.successors, agency=f.agency, year=f.year, status=f.status, query=f.q)


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


@router.get("/tasks", response_model=dict)
def tasks(answerer: AnswererDep, filters: Filters) -> dict:
    """Bảng nhiệm vụ, lọc theo cơ quan, năm, trạng thái, từ khóa."""
    views = _views(answerer, filters)
    return {"as_of": filters.as_of.isoformat(), "count": len(views), "tasks": [v.model_dump() for v in views]}


@router.get("/tasks.csv", response_class=PlainTextResponse)
async def tasks_as_csv(answerer: AnswererDep, filters: Filters, renders: RenderDep, sep: Annotated[
        Literal[",", ";"], Query(description="Dấu phân cách; \";\" cho Excel cài đặt vùng Việt Nam")] = ",") -> Response:
    body = await renders.get(filters.key(f"csv{sep}", answerer), lambda: tasks_csv(
        _views(answerer, filters), answerer.successors, filters.as_of, sep=sep).encode("utf-8"))
    return Response(body, media_type="text/csv; charset=utf-8",
                    headers=_attachment(export_filename(filters.as_of, "csv")))


@router.get("/tasks.xlsx", response_class=Response)
async def tasks_as_xlsx(answerer: AnswererDep, filters: Filters, renders: RenderDep) -> Response:
    body = await renders.get(filters.key("xlsx", answerer), lambda: tasks_xlsx(
        _views(answerer, filters), answerer.successors, filters.as_of, _caption(answerer, filters)))
    return Response(body, media_type=XLSX, headers=_attachment(export_filename(filters.as_of, "xlsx")))


@router.get("/timeline.svg", response_class=Response)
async def timeline_as_svg(answerer: AnswererDep, filters: Filters, renders: RenderDep) -> Response:
    body = await renders.get(filters.key("svg", answerer), lambda: timeline_svg(
        _views(answerer, filters), answerer.successors, filters.as_of, _caption(answerer, filters)))
    return Response(body, media_type="image/svg+xml")


@router.get("/timeline.png", response_class=Response)
async def timeline_as_png(answerer: AnswererDep, filters: Filters, renders: RenderDep) -> Response:
    body = await renders.get(filters.key("png", answerer), lambda: timeline_png(
        _views(answerer, filters), answerer.successors, filters.as_of, _caption(answerer, filters)))
    return Response(body, media_type="image/png")


@router.get("/agencies/{name}/brief", response_class=Response)
async def brief(name: str, answerer: AnswererDep, settings: SettingsDep, renders: RenderDep,
                format: Literal["md", "docx", "json"] = "md", as_of: date | None = None) -> Response:
    """Bản tóm tắt nhiệm vụ của một cơ quan (Markdown, Word hoặc JSON)."""
    result = await run_in_threadpool(agency_brief, answerer.index, answerer.successors, name, as_of)
    slug = result.agency.replace(" ", "-")
    if format == "docx":
        filename = f"{slug}-{result.as_of.isoformat()}.docx"
        key = ("brief.docx", result.agency, result.as_of, date.today(), build_key(answerer.index.manifest))
        body = await renders.get(key, lambda: brief_docx(result, settings.office))
        return Response(body, media_type=DOCX,
                        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"})
    if format == "json":
        return JSONResponse(jsonable_encoder(asdict(result)))
    return Response(brief_markdown(result), media_type="text/markdown; charset=utf-8")
