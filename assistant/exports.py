"""The task table as files people open in Excel or LibreOffice: CSV and XLSX with Vietnamese headers.

Both carry the same rows (`task_rows`): one per task, agency lists joined with "; ", and the task's status
on `as_of`, so a spreadsheet says what a reader needs today, not only what the plan said in 2021.
"""

import csv
import io
from datetime import date

from .status import status_of
from .tasks import TaskRecord

__all__ = ["HEADERS", "task_rows", "tasks_csv", "tasks_xlsx"]

HEADERS = ("Văn bản", "Mục", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện",
           "Năm bắt đầu", "Năm kết thúc", "Trạng thái")
_WIDTHS = (12, 8, 70, 32, 40, 22, 12, 12, 22)  # characters; the summary column wraps
_BOM = "\ufeff"  # without it Excel reads UTF-8 CSV as the local code page and mangles diacritics


def task_rows(tasks: list[TaskRecord], as_of: date | None = None) -> list[tuple[str | int | None, ...]]:
    """One tuple per task in HEADERS order; a missing year is None."""
    return [
        (task.doc_id, task.section, task.summary, "; ".join(task.lead), "; ".join(task.coordinators),
         task.timeframe.text, task.timeframe.start, task.timeframe.end, status_of(task, as_of).label)
        for task in tasks
    ]


def tasks_csv(tasks: list[TaskRecord], as_of: date | None = None) -> str:
    """CSV text starting with a byte-order mark; write it encoded as UTF-8. Missing years are empty."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    writer.writerows(["" if value is None else value for value in row] for row in task_rows(tasks, as_of))
    return _BOM + buffer.getvalue()


def tasks_xlsx(tasks: list[TaskRecord], as_of: date | None = None) -> bytes:
    """An .xlsx workbook with one sheet "Nhiệm vụ": bold frozen header, years as numbers, wrapped text."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Nhiệm vụ"
    sheet.append(HEADERS)
    for row in task_rows(tasks, as_of):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in enumerate(_WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
