"""The task table as outreach staff browse it: status on a date, today's agency names, filters."""

from datetime import date

from .agencies import find_agencies
from .errors import InvalidQuestion
from .status import TaskStatus, active_in_year, status_of
from .successors import Successors
from .tasks import TaskRecord
from .vntext import fold

__all__ = ["TaskView", "explore", "agency_names_for", "filter_caption"]


class TaskView(TaskRecord):
    status: TaskStatus
    status_label: str
    successor_notes: dict[str, str]  # agency as written → "(nay là …)"
    lead_today: list[str]  # the bodies that do the lead's work today (corpus/agencies.toml)
    coordinators_today: list[str]
    url: str


def _view(task: TaskRecord, as_of: date, successors: Successors) -> TaskView:
    notes = {name: note for name in task.lead + task.coordinators if (note := successors.note_for(name))}
    status = status_of(task, as_of)
    return TaskView(**task.model_dump(), status=status, status_label=status.label, successor_notes=notes,
                    lead_today=successors.today_names(task.lead),
                    coordinators_today=successors.today_names(task.coordinators),
                    url=f"/documents/{task.doc_id.replace('/', '-')}#{task.section}")


def agency_names_for(name: str, successors: Successors) -> tuple[str, set[str]]:
    """The canonical name of `name` and the names under which Plan 83 may list it: itself and, for
    today's agencies, their predecessors ("Sở Nông nghiệp và Môi trường" → NN&PTNT, TN&MT)."""
    matches = find_agencies(name)
    if not matches:
        raise InvalidQuestion(f"không nhận ra cơ quan {name!r}: hãy viết tên, ví dụ \"Sở Y tế\" hoặc \"Sở TT&TT\"")
    canonical = matches[0].agency.name
    return canonical, {canonical, *(entry.old for entry in successors.predecessors_of(canonical))}


def explore(tasks: list[TaskRecord], successors: Successors, *, as_of: date | None = None,
            agency: str | None = None, year: int | None = None, status: TaskStatus | None = None,
            query: str | None = None) -> list[TaskView]:
    """Tasks filtered by agency (lead or coordinator, today's name finds its predecessors), by a year
    they are active in, by status on `as_of`, and by text (diacritic-insensitive)."""
    as_of = as_of or date.today()
    names = agency_names_for(agency, successors)[1] if agency else None
    needle = fold(query) if query else None
    views = []
    for task in tasks:
        if names and not names & set(task.lead + task.coordinators):
            continue
        if year is not None and not active_in_year(task, year):
            continue
        if needle and needle not in fold(" ".join([task.section, task.summary, *task.lead, *task.coordinators])):
            continue
        view = _view(task, as_of, successors)
        if status is None or view.status == status:
            views.append(view)
    return views


def filter_caption(successors: Successors, *, agency: str | None = None, year: int | None = None,
                   status: TaskStatus | None = None, query: str | None = None) -> str:
    """The filters in words for a document's title ("Cơ quan: Sở Y tế; Trạng thái: Đang thực hiện"), so a
    printed or forwarded copy says which tasks it holds; "" for the whole plan."""
    parts = []
    if agency:
        parts.append(f"Cơ quan: {agency_names_for(agency, successors)[0]}")
    if status is not None:
        parts.append(f"Trạng thái: {status.label}")
    if year is not None:
        parts.append(f"Năm: {year}")
    if query:
        parts.append(f"Từ khóa: “{query}”")
    return "; ".join(parts)
