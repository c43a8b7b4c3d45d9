"""CSV and XLSX exports of the real 27 tasks, read back (csv, openpyxl, LibreOffice) and compared row by row."""

import csv
import io
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from assistant.documents import load_corpus
from assistant.exports import HEADERS, tasks_csv, tasks_xlsx
from assistant.structure import parse_sections
from assistant.tasks import TaskRecord, build_tasks, parse_timeframe

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
AS_OF = date(2026, 1, 1)


@pytest.fixture(scope="module")
def tasks() -> list[TaskRecord]:
    documents = load_corpus(CORPUS)
    return build_tasks([s for d in documents if d.loaded for s in parse_sections(d.meta.id, d.text)])


def expected_rows(tasks: list[TaskRecord], status: dict[str, str]) -> list[list[str]]:
    """What each row must say, written out from the record itself, as text."""
    return [[t.doc_id, t.section, t.summary, "; ".join(t.lead), "; ".join(t.coordinators), t.timeframe.text,
             str(t.timeframe.start or ""), str(t.timeframe.end or ""), status[t.section]] for t in tasks]


# Status on 2026-01-01 of the plan's five kinds of timeframe.
STATUS_2026 = {"Thường xuyên": "Thường xuyên", "Năm 2022-2030": "Đang thực hiện", "2022-2030": "Đang thực hiện",
               "Năm 2025-2030": "Đang thực hiện", "giai đoạn 2021 – 2025": "Đã hết thời hạn",
               "Năm 2021 và những năm tiếp theo": "Không thời hạn kết thúc"}


@pytest.fixture(scope="module")
def status_2026(tasks) -> dict[str, str]:
    return {t.section: STATUS_2026[t.timeframe.text] for t in tasks}


def test_headers_are_vietnamese():
    assert HEADERS == ("Văn bản", "Mục", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện",
                       "Năm bắt đầu", "Năm kết thúc", "Trạng thái")


def test_csv_round_trip(tasks, status_2026):
    text = tasks_csv(tasks, AS_OF)
    assert text.startswith("\ufeffVăn bản,Mục,Nhiệm vụ,")
    rows = list(csv.reader(io.StringIO(text.encode("utf-8").decode("utf-8-sig"))))
    assert rows[0] == list(HEADERS)
    assert len(rows) == 1 + 27
    assert rows[1:] == expected_rows(tasks, status_2026)


@pytest.mark.parametrize(("section", "lead", "start", "end", "status"), [
    ("II.1", "Sở Thông tin và Truyền thông", "", "", "Thường xuyên"),
    ("II.3.đ", "Sở Xây dựng", "2021", "2025", "Đã hết thời hạn"),
    ("II.4.d", "Sở Kế hoạch và Đầu tư; Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi",
     "2021", "", "Không thời hạn kết thúc"),
    ("II.5.i", ("Sở Giao thông vận tải; Sở Văn hóa, Thể thao và Du lịch; "
                "Ngân hàng nhà nước Việt Nam - Chi nhánh Quảng Ngãi"), "2022", "2030", "Đang thực hiện"),
])
def test_csv_literal_rows(tasks, section, lead, start, end, status):
    rows = {row["Mục"]: row for row in csv.DictReader(io.StringIO(tasks_csv(tasks, AS_OF).lstrip("\ufeff")))}
    row = rows[section]
    assert (row["Đơn vị chủ trì"], row["Năm bắt đầu"], row["Năm kết thúc"], row["Trạng thái"]) == (
        lead, start, end, status)


def test_csv_status_follows_as_of(tasks):
    rows = list(csv.DictReader(io.StringIO(tasks_csv(tasks, date(2021, 6, 4)).lstrip("\ufeff"))))
    assert {r["Mục"]: r["Trạng thái"] for r in rows}["II.2.a"] == "Chưa bắt đầu"


def test_csv_quotes_commas_and_quotes():
    task = TaskRecord(doc_id="83/KH-UBND", section="X", summary='Nhiệm vụ "mẫu", có dấu phẩy', lead=["Sở Y tế"],
                      coordinators=["Các sở, ngành"], timeframe=parse_timeframe("Khi có yêu cầu"))
    text = tasks_csv([task], AS_OF)
    assert text.splitlines()[1] == ('83/KH-UBND,X,"Nhiệm vụ ""mẫu"", có dấu phẩy",Sở Y tế,"Các sở, ngành",'
                                    'Khi có yêu cầu,,,Không rõ')


def test_xlsx_round_trip(tasks, status_2026):
    workbook = load_workbook(io.BytesIO(tasks_xlsx(tasks, AS_OF)))
    assert workbook.sheetnames == ["Nhiệm vụ"]
    sheet = workbook["Nhiệm vụ"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == HEADERS
    assert [[("" if v is None else str(v)) for v in row] for row in rows[1:]] == expected_rows(tasks, status_2026)
    years = [(row[6], row[7]) for row in rows[1:]]
    assert (2022, 2030) in years and (2021, None) in years and (None, None) in years  # numbers, blanks
    assert sheet.freeze_panes == "C2"
    assert all(cell.font.bold for cell in sheet[1])


def test_empty_task_list_has_only_headers():
    assert tasks_csv([], AS_OF) == "\ufeff" + ",".join(HEADERS) + "\r\n"
    assert list(load_workbook(io.BytesIO(tasks_xlsx([], AS_OF))).active.values) == [HEADERS]


def test_libreoffice_reads_the_xlsx(tmp_path, tasks, status_2026):
    """The workbook opens in LibreOffice Calc (headless) and its CSV has the same rows, diacritics intact."""
    if shutil.which("libreoffice") is None:
        pytest.fail("LibreOffice is missing: `apt-get install libreoffice-calc-nogui` (.ci/run installs it)")
    source = tmp_path / "nhiem-vu.xlsx"
    source.write_bytes(tasks_xlsx(tasks, AS_OF))
    subprocess.run(
        ["libreoffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180)
    rows = list(csv.reader(io.StringIO((tmp_path / "nhiem-vu.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0] == list(HEADERS)
    assert rows[1:] == expected_rows(tasks, status_2026)
