"""The Jinja environment of the pages: autoescape on, fragments named `_name.html`, a few helpers."""

from pathlib import Path
from urllib.parse import quote as urlquote

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

from api.document_view import slug_of
from api.task_view import agency_href
from assistant.status import TaskStatus

API_DIR = Path(__file__).resolve().parent

templates = Jinja2Templates(env=Environment(
    loader=FileSystemLoader(API_DIR / "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True,
))
templates.env.globals.update(slug_of=slug_of, agency_href=agency_href, status_options=list(TaskStatus),
                             path_quote=lambda text: urlquote(text, safe=""))
