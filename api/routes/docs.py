"""The OpenAPI page (/docs) served with Swagger UI's own files from the `swagger-ui-bundle` package:
FastAPI's default loads them from a CDN, a blank page on an offline network."""

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

__all__ = ["router", "ASSETS", "assets"]

ASSETS = "/static/swagger"
router = APIRouter(include_in_schema=False)


def assets() -> StaticFiles:
    """Swagger UI's JavaScript and CSS, to mount at ASSETS."""
    return StaticFiles(directory=str(swagger_ui_path))


@router.get("/docs", response_class=HTMLResponse)
def swagger_ui(request: Request) -> HTMLResponse:
    return get_swagger_ui_html(openapi_url=request.app.openapi_url, title=f"{request.app.title} – API",
                               swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
                               swagger_css_url=f"{ASSETS}/swagger-ui.css", swagger_favicon_url="/static/favicon.svg")
