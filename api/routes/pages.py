"""HTML pages: the chat page, the document list and viewer, and the embeddable widget script.

Templates are in `api/templates`, scripts and styles in `api/static`. Every text reaches the HTML through
Jinja's autoescape; the pages carry no inline script or style (strict CSP). Handlers call one function each.
"""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse

from api.deps import AnswererDep
from api.document_view import document_view, loaded_documents
from api.templating import API_DIR, templates

__all__ = ["SUGGESTIONS", "router"]

WIDGET_JS = API_DIR / "static" / "widget.js"
SUGGESTIONS = (
    "Sở nào chủ trì ứng dụng AI trong thương mại điện tử, thời hạn khi nào?",
    "Sở Y tế chủ trì những nhiệm vụ nào?",
    "Kinh phí thực hiện kế hoạch lấy từ đâu?",
    "Kế hoạch 83 do ai ký?",
)

router = APIRouter(include_in_schema=False)

@router.get("/", response_class=HTMLResponse)
def chat_page(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(request, "chat.html", {"suggestions": SUGGESTIONS})


@router.get("/documents", response_class=HTMLResponse)
def document_list(request: Request, answerer: AnswererDep) -> HTMLResponse:
    return templates.TemplateResponse(request, "documents.html", {
        "documents": loaded_documents(answerer.index),
    })


@router.get("/documents/{slug}", response_class=HTMLResponse)
def document_page(request: Request, slug: str, answerer: AnswererDep, quote: str | None = None,
                  page: Annotated[int | None, Query(ge=1, le=100_000)] = None) -> HTMLResponse:
    view = document_view(answerer.index, slug, quote, page)
    if view is None:
        return templates.TemplateResponse(request, "404.html", {"slug": slug}, status_code=404)
    return templates.TemplateResponse(request, "document.html", {"view": view, "doc": view.doc})


@router.get("/widget.js")
def widget_script() -> FileResponse:
    """The embeddable widget; UTF-8 said explicitly, since a host page in another encoding would otherwise
    decode its Vietnamese strings with the page's charset."""
    return FileResponse(WIDGET_JS, media_type="application/javascript; charset=utf-8",
                        headers={"Cache-Control": "public, max-age=300"})
