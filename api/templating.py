"""The Jinja environment of the pages: autoescape on, fragments named `_name.html`, a few helpers."""

import re
from pathlib import Path
from urllib.parse import quote as urlquote

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup, escape

from api.document_view import slug_of
from api.task_view import agency_href
from assistant.status import TaskStatus

API_DIR = Path(__file__).resolve().parent
# "83/KH-UBND", "127/QĐ-TTg", "12/6/2020": a line break inside one splits what readers see as one word.
UNBREAKABLE = re.compile(r"\d+/[A-ZĐ][\wĐđ-]*[\wĐđ]|\d{1,2}/\d{1,2}/\d{4}")


def nobr(text: object) -> Markup:
    """`text` escaped, each document number and date wrapped in a no-wrap span (`| nobr` in templates)."""
    return Markup(UNBREAKABLE.sub(lambda m: f'<span class="nowrap">{m.group(0)}</span>', str(escape(text))))


templates = Jinja2Templates(env=Environment(
    loader=FileSystemLoader(API_DIR / "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True,
))
templates.env.filters["nobr"] = nobr
templates.env.globals.update(slug_of=slug_of, agency_href=agency_href, status_options=list(TaskStatus),
                             path_quote=lambda text: urlquote(text, safe=""))
