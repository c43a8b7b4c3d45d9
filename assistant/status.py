"""Where a task stands on a given day, read from its timeframe's years.

Plan 83 gives years, not days, so a task "Năm 2022-2030" runs from 1 January 2022 to 31 December 2030 and a
year-level comparison is exact. The value of a status is a stable code (for JSON and filters); `label` is
the Vietnamese wording shown to people.
"""

from datetime import date
from enum import StrEnum

from .tasks import TaskRecord

__all__ = ["TaskStatus", "status_of", "active_in_year"]


class TaskStatus(StrEnum):
    recurring = "recurring"
    not_started = "not_started"
    in_progress = "in_progress"
    ended = "ended"
    open_ended = "open_ended"
    unknown = "unknown"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    TaskStatus.recurring: "Thường xuyên",
    TaskStatus.not_started: "Chưa bắt đầu",
    TaskStatus.in_progress: "Đang thực hiện",
    TaskStatus.ended: "Đã hết thời hạn",
    TaskStatus.open_ended: "Không thời hạn kết thúc",
    TaskStatus.unknown: "Không rõ",
}


def status_of(task: TaskRecord, as_of: date | None = None) -> TaskStatus:
    """Status on `as_of` (today by default). A deadline without a start ("Đến năm 2030") is in progress
    until it passes; an open end ("Năm 2021 và những năm tiếp theo") never ends, but can start later."""
    year = (as_of or date.today()).year
    frame = task.timeframe
    if frame.recurring:
        return TaskStatus.recurring
    if frame.start is None and frame.end is None:
        return TaskStatus.unknown
    if frame.start is not None and frame.start > year:
        return TaskStatus.not_started
    if frame.end is None:
        return TaskStatus.open_ended
    return TaskStatus.in_progress if year <= frame.end else TaskStatus.ended


def active_in_year(task: TaskRecord, year: int) -> bool:
    """Whether the task is meant to be carried out during `year`: recurring tasks every year, open-ended
    ones every year from their start, others within their years; a task without years never."""
    frame = task.timeframe
    if frame.recurring:
        return True
    if frame.start is None and frame.end is None:
        return False
    return (frame.start is None or frame.start <= year) and (frame.end is None or year <= frame.end)
