"""The agency brief as a Word document in the form of Nghị định 30/2020/NĐ-CP, read back with python-docx and
printed to PDF by LibreOffice (page size, fonts, language, pages)."""

import io
from datetime import date

import docx
import pytest
from docx.oxml.ns import qn
from office import TIMES, font_families, page_size, pdf_of, squeeze

from assistant.answer import Answerer
from assistant.brief_docx import FONT, LANGUAGE, OFFICE, brief_docx
from assistant.briefs import agency_brief

AS_OF, PREPARED = date(2026, 1, 1), date(2026, 2, 5)


@pytest.fixture(scope="module")
def brief_bytes(answerer: Answerer) -> bytes:
    brief = agency_brief(answerer.index, answerer.successors, "Sở TT&TT", AS_OF)
    return brief_docx(brief, OFFICE, PREPARED)


@pytest.fixture(scope="module")
def document(brief_bytes: bytes):
    return docx.Document(io.BytesIO(brief_bytes))


def test_page_is_a4_with_the_decree_margins(document):
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [20, 20, 30, 15]


def test_every_run_is_times_new_roman_13_or_14_pt_in_vietnamese(document):
    runs = [run for p in document.paragraphs for run in p.runs] + [
        run for t in document.tables for row in t.rows for cell in row.cells for p in cell.paragraphs
        for run in p.runs]
    assert len(runs) > 50
    header_block = {"UBND TỈNH QUẢNG NGÃI", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"}
    for run in runs:
        assert run.font.name == FONT and run._r.rPr.find(qn("w:lang")).get(qn("w:val")) == LANGUAGE, run.text
        assert run.font.size.pt in (13, 14) or run.text in header_block, run.text  # Nghị định 30: 12–13 there
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"
    for name in ("Normal", "Heading 1", "Heading 2"):
        style = document.styles[name]
        assert style.font.name == FONT and style.element.rPr.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"
        assert style.element.rPr.find(qn("w:rFonts")).get(qn("w:asciiTheme")) is None  # a theme would win


def test_header_block_title_and_dates(document):
    header = document.tables[0].rows[0].cells
    assert [p.text for p in header[0].paragraphs if p.text] == ["UBND TỈNH QUẢNG NGÃI", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"]
    assert [p.text for p in header[1].paragraphs if p.text] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Quảng Ngãi, ngày 05 tháng 02 năm 2026"]
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[0] == ("BẢN TÓM TẮT NHIỆM VỤ CỦA SỞ THÔNG TIN VÀ TRUYỀN THÔNG\n"
                        "THEO KẾ HOẠCH SỐ 83/KH-UBND")
    assert texts[1] == "(Trạng thái tính đến ngày 01/01/2026)"


def test_task_headings_say_the_task(document):
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings[0] == ("1. II.1 — Tuyên truyền sâu rộng quan điểm chỉ đạo, mục tiêu, định hướng chiến lược "
                           "được xác định…")
    assert [h.split(" — ")[0] for h in headings] == ["1. II.1", "2. II.4.b", "3. II.5.b", "1. II.5.m"]


def test_tables_have_no_header_row_and_show_todays_names(document):
    tables = document.tables[1:]
    assert len(tables) == 4
    for table in tables:
        look = table._tbl.tblPr.find(qn("w:tblLook"))
        assert look.get(qn("w:firstRow")) == "0"
        assert all(row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None for row in table.rows)
        assert table.rows[0].cells[0].text == "Nội dung"  # data, not column titles
    fields = {row.cells[0].text: row.cells[1].text for row in tables[0].rows}
    assert fields["Chủ trì theo Kế hoạch"] == "Sở Thông tin và Truyền thông"
    assert fields["Chủ trì hiện nay"] == "Sở Khoa học và Công nghệ"
    assert fields["Trạng thái (01/01/2026)"] == "Thường xuyên"
    assert fields["Nguồn"] == "Kế hoạch số 83/KH-UBND, mục II.1"
    coordination = {row.cells[0].text: row.cells[1].text for row in tables[3].rows}
    assert coordination["Phối hợp hiện nay"].startswith("Sở Khoa học và Công nghệ; ")
    assert coordination["Chủ trì hiện nay"] == "Sở Nông nghiệp và Môi trường"


def test_coordination_paragraph_reads_as_a_sentence(document):
    """Not "Sở …; các sở, ban, ngành… (chủ trì: …) phối hợp thực hiện nhiệm vụ: …" any more."""
    text = [p.text for p in document.paragraphs]
    expected = ("Sở Thông tin và Truyền thông (nay là Sở Khoa học và Công nghệ) phối hợp với Sở Tài nguyên và Môi "
                "trường (nay là Sở Nông nghiệp và Môi trường) (chủ trì) thực hiện nhiệm vụ “Xây dựng phần mềm quản "
                "lý môi trường trên địa bàn tỉnh Quảng Ngãi”. Thời gian thực hiện: Năm 2022-2030 (đang thực hiện). "
                "Nguồn: Kế hoạch số 83/KH-UBND, mục II.5.m.")
    assert expected in text


def test_core_properties_name_the_office(document):
    properties = document.core_properties
    assert properties.title == "Bản tóm tắt nhiệm vụ của Sở Thông tin và Truyền thông theo Kế hoạch số 83/KH-UBND"
    assert properties.author == properties.last_modified_by == OFFICE
    assert properties.language == "vi-VN" and properties.comments == ""
    assert properties.created.date() == PREPARED


def test_libreoffice_prints_it_on_a4_in_times_in_vietnamese(brief_bytes, tmp_path):
    pdf = pdf_of(brief_bytes, "tom-tat.docx", tmp_path)
    assert all(page_size(pdf, n) == (595.3, 841.9) for n in range(len(pdf.pages)))
    assert font_families(pdf) <= TIMES
    assert pdf.trailer["/Root"]["/Lang"] == "vi-VN"
    assert pdf.metadata.title.startswith("Bản tóm tắt nhiệm vụ") and pdf.metadata.author == OFFICE
    assert len(pdf.pages) == 3  # 4 tasks, each table kept on one page
    first = squeeze(pdf.pages[0].extract_text())
    assert squeeze("BẢN TÓM TẮT NHIỆM VỤ CỦA SỞ THÔNG TIN VÀ TRUYỀN THÔNG") in first
    assert squeeze("Trạng thái tính đến ngày 01/01/2026") in first
    assert "2" in pdf.pages[1].extract_text().split()[:3]  # page number at the top from page 2
