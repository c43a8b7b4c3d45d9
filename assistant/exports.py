"""The task table as files people open in Excel or LibreOffice: CSV and XLSX with Vietnamese headers.

Both carry the same rows (`task_rows`): one per task, agency lists joined with "; ", beside each list the
bodies that do that work today (corpus/agencies.toml), and the task's status on `as_of`, so a spreadsheet
says what a reader needs today, not only what the plan said in 2021.

Task text can come from an uploaded document, so nothing in a cell may run as a formula: every XLSX cell is
written as a text cell, and CSV cells that a spreadsheet would read as a formula are neutralized (OWASP,
"CSV Injection").
"""

import csv
import io
import textwrap
from datetime import date

from .status import status_of
from .successors import Successors
from .tasks import TaskRecord

__all__ = ["HEADERS", "TITLE", "task_rows", "tasks_csv", "tasks_xlsx", "export_filename", "neutralize"]

TITLE = "DANH SÁCH NHIỆM VỤ THEO KẾ HOẠCH SỐ 83/KH-UBND"
HEADERS = ("Văn bản", "Mục", "Nhiệm vụ", "Đơn vị chủ trì (theo Kế hoạch)", "Cơ quan chủ trì hiện nay",
           "Đơn vị phối hợp (theo Kế hoạch)", "Cơ quan phối hợp hiện nay", "Thời gian thực hiện",
           "Năm bắt đầu", "Năm kết thúc", "Trạng thái")
# Column widths in Excel's units (about one "0" of the default font); the text columns wrap.
_WIDTHS = (12.5, 6.5, 44, 19, 17, 25, 22, 13, 7.5, 7.5, 14)
_BOM = "\ufeff"  # without it Excel reads UTF-8 CSV as the local code page and mangles diacritics
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what makes Excel or Calc read a cell as a formula
_FONT = "Times New Roman"
_FONT_PT = 11
# A width unit is one digit of the Normal style's font (Times New Roman here, so Excel and Calc agree);
# Vietnamese text averages a little less than a digit per character. Err towards taller rows.
_CHARS_PER_UNIT = 1.1
_LINE_PT = _FONT_PT * 1.25
_HEADER_ROW = 4  # title, status date, blank line, then the header


def task_rows(tasks: list[TaskRecord], successors: Successors, as_of: date | None = None) -> list[tuple[str, ...]]:
    """One tuple of text per task in HEADERS order; a missing year is ""."""
    return [
        (task.doc_id, task.section, task.summary,
         "; ".join(task.lead), "; ".join(successors.today_names(task.lead)),
         "; ".join(task.coordinators), "; ".join(successors.today_names(task.coordinators)),
         task.timeframe.text, _year(task.timeframe.start), _year(task.timeframe.end), status_of(task, as_of).label)
        for task in tasks
    ]


def export_filename(as_of: date, extension: str) -> str:
    """"nhiem-vu-ke-hoach-83-2026-01-01.xlsx": the status date, ISO so that saved copies sort by date."""
    return f"nhiem-vu-ke-hoach-83-{as_of.isoformat()}.{extension}"


def neutralize(value: str) -> str:
    """Prefix a cell that starts like a formula with "'" so a spreadsheet shows it as text (OWASP)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def tasks_csv(tasks: list[TaskRecord], successors: Successors, as_of: date | None = None, sep: str = ",") -> str:
    """CSV text starting with a byte-order mark; write it encoded as UTF-8. Every field is quoted and
    neutralized. `sep=";"` is for Excel with Vietnamese (or other European) regional settings, whose list
    separator is ";" because "," is the decimal mark."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, quoting=csv.QUOTE_ALL)
    writer.writerow(HEADERS)
    writer.writerows([neutralize(value) for value in row] for row in task_rows(tasks, successors, as_of))
    return _BOM + buffer.getvalue()


def tasks_xlsx(tasks: list[TaskRecord], successors: Successors, as_of: date | None = None,
               caption: str = "") -> bytes:
    """An .xlsx workbook with one sheet "Nhiệm vụ" that prints as is: a title, the status date (and
    `caption`, the filters used), A4 landscape one page wide, the header row on every page."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    as_of = as_of or date.today()
    workbook = Workbook()
    workbook._named_styles["Normal"].font = Font(name=_FONT, size=_FONT_PT)  # the unit of column widths
    workbook.properties.title, workbook.properties.language = TITLE, "vi-VN"
    workbook.properties.creator = "Trợ lý hỏi đáp Kế hoạch 83/KH-UBND"
    sheet = workbook.active
    sheet.title = "Nhiệm vụ"
    last_column = get_column_letter(len(HEADERS))
    subtitle = f"Trạng thái tính đến ngày {as_of:%d/%m/%Y}" + (f" — {caption}" if caption else "")
    for row, text, font in ((1, TITLE, Font(name=_FONT, size=14, bold=True)),
                            (2, subtitle, Font(name=_FONT, size=12, italic=True))):
        _text_cell(sheet.cell(row, 1), text, font, Alignment(horizontal="center", vertical="center"))
        sheet.merge_cells(f"A{row}:{last_column}{row}")
        sheet.row_dimensions[row].height = 21
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header_font, body_font = Font(name=_FONT, size=_FONT_PT, bold=True), Font(name=_FONT, size=_FONT_PT)
    for column, header in enumerate(HEADERS, 1):
        cell = sheet.cell(_HEADER_ROW, column)
        _text_cell(cell, header, header_font, Alignment(horizontal="center", vertical="center", wrap_text=True))
        cell.fill, cell.border = PatternFill("solid", fgColor="D9E2F3"), border
    sheet.row_dimensions[_HEADER_ROW].height = _height(HEADERS, bold=True)
    top_left = Alignment(wrap_text=True, vertical="top")
    for number, values in enumerate(task_rows(tasks, successors, as_of), _HEADER_ROW + 1):
        for column, value in enumerate(values, 1):
            _text_cell(sheet.cell(number, column), value, body_font, top_left).border = border
        sheet.row_dimensions[number].height = _height(values)
    for column, width in enumerate(_WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = f"C{_HEADER_ROW + 1}"
    sheet.auto_filter.ref = f"A{_HEADER_ROW}:{last_column}{max(sheet.max_row, _HEADER_ROW)}"
    _print_setup(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text_cell(cell, value: str, font, alignment):  # noqa: ANN001, ANN202 — openpyxl's Cell and styles
    """Store `value` as a text cell even when it starts with "=": openpyxl would otherwise write a formula.
    Control characters (a search typed with a form feed) have no place in a worksheet: they are dropped."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.data_type = "s"
    cell.number_format = "@"  # Text: an edit in Excel stays text too
    cell.font, cell.alignment = font, alignment
    return cell


def _height(values: tuple[str, ...], bold: bool = False) -> float:
    """Row height in points that shows every wrapped line: Excel does not grow rows when it opens a file."""
    per_unit = _CHARS_PER_UNIT * (0.85 if bold else 1)
    lines = max(sum(max(len(textwrap.wrap(part, int(width * per_unit))), 1) for part in value.split("\n"))
                for value, width in zip(values, _WIDTHS, strict=True))
    return round(lines * _LINE_PT + 4, 1)


def _print_setup(sheet) -> None:  # noqa: ANN001 — openpyxl's Worksheet
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0  # one page wide, as many pages tall
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{_HEADER_ROW}:{_HEADER_ROW}"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top, sheet.page_margins.bottom = 0.5, 0.6
    sheet.oddFooter.center.text = "Trang &P/&N"
    sheet.oddFooter.center.font, sheet.oddFooter.center.size = f"{_FONT},Regular", 10


def _year(year: int | None) -> str:
    return "" if year is None else str(year)
