"""View model of the task table (`/tasks`) and the agency brief pages (`/agencies/{name}`).

Both render server-side from the same library calls as `/api/tasks` and `/api/agencies/{name}/brief`, so they
work without JavaScript; a bad filter becomes a message on the page, not a 422 JSON.
"""

import re
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from urllib.parse import quote as urlquote
from urllib.parse import urlencode

from assistant.agencies import agency_by_name
from assistant.answer import Answerer
from assistant.briefs import AgencyBrief, agency_brief, paragraph
from assistant.errors import InvalidQuestion
from assistant.explorer import TaskView, agency_names_for, explore
from assistant.status import TaskStatus
from assistant.vntext import fold

FILTERS = ("agency", "year", "status", "q", "as_of")  # the query parameters of /tasks and /api/tasks*
MAX_FILTER_CHARS = 200


def agency_href(name: str) -> str | None:
    """The brief page of `name` when it is one agency the matcher knows by that very name ("Sở Y tế",
    not "các sở, ngành liên quan" nor "… trực thuộc Sở Y tế")."""
    agency = agency_by_name(name)
    return f"/agencies/{urlquote(name, safe='')}" if agency and agency.name == name else None


_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")


def parse_day(text: str) -> date:
    """A date as Vietnamese readers write it ("01/7/2025") or as links carry it ("2025-07-01");
    ValueError otherwise. The field is plain text because a date input shows the browser's own format."""
    if match := _DAY_MONTH_YEAR.fullmatch(text.strip()):
        day, month, year = (int(part) for part in match.groups())
        return date(year, month, day)
    return date.fromisoformat(text.strip())


@dataclass(frozen=True)
class AgencyRef:
    name: str  # as Plan 83 writes it
    href: str | None  # its brief page
    note: str | None  # "(nay là …)" when it was reorganized


@dataclass(frozen=True)
class TaskRow:
    task: TaskView
    lead: list[AgencyRef]
    coordinators: list[AgencyRef]
    order: int  # document order, the table's initial sort

    @property
    def time_key(self) -> str:
        """Sorts "Thường xuyên" first, then by start year, then by end year ("Đến năm 2030" first)."""
        frame = self.task.timeframe
        if frame.recurring:
            return "0000-0000"
        return f"{frame.start or 1:04d}-{frame.end or 9999:04d}" if frame.start or frame.end else "9999-9999"

    @property
    def status_key(self) -> int:
        return list(TaskStatus).index(self.task.status)


def _row(view: TaskView, order: int) -> TaskRow:
    def refs(names: list[str]) -> list[AgencyRef]:
        return [AgencyRef(name, agency_href(name), view.successor_notes.get(name)) for name in names]

    return TaskRow(view, refs(view.lead), refs(view.coordinators), order)


@dataclass(frozen=True)
class TaskTable:
    values: dict[str, str]  # the filters as submitted, echoed in the form
    errors: dict[str, str]  # filter → what is wrong with it, in Vietnamese
    as_of: date
    rows: list[TaskRow]
    total: int  # tasks in the plan
    agencies: list[str]  # names offered in the agency field
    query: str = ""  # the valid, non-empty filters as a query string

    @property
    def as_of_text(self) -> str:
        """The date field's value: dd/mm/yyyy once understood, else what was typed (to be corrected)."""
        typed = self.values["as_of"]
        return typed if not typed or "as_of" in self.errors else self.as_of.strftime("%d/%m/%Y")

    @property
    def filtered(self) -> bool:
        """Whether some filter narrows the table (a date alone only changes the statuses)."""
        return any(self.values[name] for name in FILTERS if name != "as_of")


def _parse_filters(values: dict[str, str], answerer: Answerer) -> tuple[dict, dict[str, str]]:
    """The filters as `explore` takes them, and a message per bad one; an empty field means no filter."""
    parsed: dict = {"agency": values["agency"] or None, "query": values["q"] or None}
    errors = {name: f"Tối đa {MAX_FILTER_CHARS} ký tự." for name in ("agency", "q")
              if len(values[name]) > MAX_FILTER_CHARS}
    if parsed["agency"] and "agency" not in errors:
        try:
            agency_names_for(parsed["agency"], answerer.successors)
        except InvalidQuestion:
            errors["agency"] = (f"Không nhận ra cơ quan “{values['agency']}”. Hãy viết tên cơ quan, "
                                "ví dụ “Sở Y tế” hoặc “Sở TT&TT”, hoặc chọn trong danh sách gợi ý.")
    year = values["year"]
    parsed["year"] = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None
    if year and parsed["year"] is None:
        errors["year"] = f"Năm “{year}” không hợp lệ: hãy nhập một năm từ 2000 đến 2100, ví dụ 2025."
    try:
        parsed["status"] = TaskStatus(values["status"]) if values["status"] else None
    except ValueError:
        errors["status"] = "Trạng thái không hợp lệ: hãy chọn trong danh sách."
    try:
        parsed["as_of"] = parse_day(values["as_of"]) if values["as_of"] else date.today()
    except ValueError:
        parsed["as_of"] = date.today()
        errors["as_of"] = (f"Ngày “{values['as_of']}” không hợp lệ: hãy nhập ngày/tháng/năm, "
                           "ví dụ 01/01/2026.")
    return parsed, errors


def task_table(answerer: Answerer, **filters: str | None) -> TaskTable:
    """The task table for `/tasks`: every filter of `/api/tasks`, validated with readable messages
    instead of a 422, since the form sends empty fields and people type what they like."""
    values = {name: (filters.get(name) or "").strip() for name in FILTERS}
    parsed, errors = _parse_filters(values, answerer)
    tasks = answerer.index.tasks
    if errors:
        return TaskTable(values, errors, parsed["as_of"], [], len(tasks), known_agencies(answerer))
    order = {(task.doc_id, task.section): n for n, task in enumerate(tasks)}
    rows = [_row(view, order[view.doc_id, view.section]) for view in explore(tasks, answerer.successors, **parsed)]
    in_links = {**values, "as_of": parsed["as_of"].isoformat() if values["as_of"] else ""}  # what /api/* reads
    query = urlencode({name: value for name, value in in_links.items() if value})
    return TaskTable(values, errors, parsed["as_of"], rows, len(tasks), known_agencies(answerer), query)


def known_agencies(answerer: Answerer) -> list[str]:
    """The agencies with a brief page that the plan names, and the bodies that took over their tasks."""
    names = {name for task in answerer.index.tasks for name in task.lead + task.coordinators}
    names |= {entry.new for entry in answerer.successors.entries}
    return sorted((name for name in names if agency_href(name)), key=lambda name: (fold(name), name))


_GENERIC_WORDS = {"so", "ban", "cac", "va", "tinh", "ubnd", "uy", "co", "quan", "don", "vi"}


def closest_agencies(name: str, agencies: list[str], limit: int = 5) -> list[str]:
    """The agencies whose names look most like `name` (diacritics and case ignored): shared distinctive
    words first ("Sở Du lịch" → "Sở Văn hóa, Thể thao và Du lịch"), then overall likeness, so a 404 page
    says "did you mean …" instead of leaving the reader to scan forty names."""
    wanted = fold(name)
    words = set(wanted.split()) - _GENERIC_WORDS
    scored = []
    for agency in agencies:
        folded = fold(agency)
        shared = len(words & set(folded.replace(",", " ").split())) / len(words) if words else 0.0
        likeness = SequenceMatcher(None, wanted, folded).ratio()
        if shared > 0 or likeness >= 0.6:
            scored.append((shared + likeness / 2, agency))
    return [agency for _, agency in sorted(scored, key=lambda pair: -pair[0])[:limit]]


@dataclass(frozen=True)
class BriefSection:
    title: str
    role: str  # "lead" or "coordination", as `briefs.paragraph` takes it
    items: list[tuple[TaskRow, str]]  # each task with its plain-language paragraph


@dataclass(frozen=True)
class BriefPage:
    brief: AgencyBrief
    successor: AgencyRef | None  # today's body, when the agency was reorganized
    successor_detail: str  # what the reorganization did, from corpus/agencies.toml
    predecessors: list[AgencyRef]  # the agencies whose tasks it took over
    sections: list[BriefSection]
    query: str  # "as_of=…" when asked for a date, for the download links


def brief_page(answerer: Answerer, name: str, as_of: date | None = None) -> BriefPage:
    """The brief of agency `name` ready to render; InvalidQuestion when the name is no agency."""
    brief = agency_brief(answerer.index, answerer.successors, name, as_of)
    entry = answerer.successors.successor_of(brief.agency)
    predecessors = answerer.successors.predecessors_of(brief.agency)
    sections = [BriefSection(title, role, [(_row(view, n), paragraph(view, role)) for n, view in enumerate(views)])
                for title, role, views in (("Nhiệm vụ chủ trì", "lead", brief.lead),
                                           ("Nhiệm vụ phối hợp", "coordination", brief.coordination))]
    return BriefPage(
        brief,
        AgencyRef(entry.new, agency_href(entry.new), None) if entry else None,
        entry.note if entry else "",
        [AgencyRef(p.old, agency_href(p.old), None) for p in predecessors],
        sections,
        urlencode({"as_of": as_of.isoformat()}) if as_of else "",
    )
