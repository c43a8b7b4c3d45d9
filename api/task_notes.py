"""What a chat task card needs beyond the plan's own record: the task's status today and today's name of
each reorganized agency ("(nay là …)").

Sent beside `tasks` as the optional `task_notes` field, one entry per task in the same order, so the
existing fields of /api/ask and the `citations` event keep their meaning.
"""

from datetime import date

from pydantic import BaseModel, Field

from assistant.status import status_of
from assistant.successors import Successors
from assistant.tasks import TaskRecord

__all__ = ["TaskNote", "task_notes"]


class TaskNote(BaseModel):
    doc_id: str
    section: str
    status: str = Field(description="recurring, not_started, in_progress, ended, open_ended hoặc unknown")
    status_label: str = Field(description="Trạng thái bằng tiếng Việt, ví dụ “Đang thực hiện”")
    successor_notes: dict[str, str] = Field(
        default_factory=dict, description="Tên cơ quan như kế hoạch viết → “(nay là …)” khi đã sắp xếp lại")


def task_notes(tasks: list[TaskRecord], successors: Successors, as_of: date | None = None) -> list[TaskNote]:
    """One note per task, in order: its status on `as_of` (today) and the successor of each agency it names."""
    notes = []
    for task in tasks:
        status = status_of(task, as_of)
        renamed = {name: note for name in dict.fromkeys(task.lead + task.coordinators)
                   if (note := successors.note_for(name))}
        notes.append(TaskNote(doc_id=task.doc_id, section=task.section, status=status.value,
                              status_label=status.label, successor_notes=renamed))
    return notes
