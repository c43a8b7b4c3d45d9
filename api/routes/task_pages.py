"""HTML pages for outreach staff: the task table and the agency briefs."""

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.deps import AnswererDep
from api.task_view import BriefPage, brief_page, closest_agencies, known_agencies, task_table
from api.templating import templates
from assistant.errors import InvalidQuestion

router = APIRouter(include_in_schema=False)


@router.get("/tasks", response_class=HTMLResponse)
def task_page(request: Request, answerer: AnswererDep, agency: str | None = None, year: str | None = None,
              status: str | None = None, q: str | None = None, as_of: str | None = None) -> HTMLResponse:
    table = task_table(answerer, agency=agency, year=year, status=status, q=q, as_of=as_of)
    return templates.TemplateResponse(request, "tasks.html", {"table": table},
                                      status_code=422 if table.errors else 200)


@router.get("/agencies/{name}", response_class=HTMLResponse)
def agency_page(request: Request, name: str, answerer: AnswererDep, as_of: str | None = None) -> HTMLResponse:
    """An agency's brief; a name that is no agency, or one the plan gives no task, is a 404 page that
    suggests the closest names (an empty brief would look like a page that failed to load)."""
    try:
        page: BriefPage | None = brief_page(answerer, name, _date_or_none(as_of))
    except InvalidQuestion:
        page = None
    if page is None or not (page.brief.lead or page.brief.coordination):
        agencies = known_agencies(answerer)
        return templates.TemplateResponse(request, "agency_404.html", {
            "name": name, "known": page.brief.agency if page else None, "agencies": agencies,
            "closest": closest_agencies(name, agencies)}, status_code=404)
    return templates.TemplateResponse(request, "agency.html", {"page": page, "brief": page.brief})


def _date_or_none(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None
