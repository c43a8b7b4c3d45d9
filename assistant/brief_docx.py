"""An agency brief as a Word document an office can send: the form of Nghị định 30/2020/NĐ-CP.

A4, margins 20/20 mm top/bottom, 30 mm left, 15 mm right; Times New Roman 13–14 pt; the header block
(issuing body on the left, national motto and place and date on the right), a title in capitals, page
numbers at the top from page 2. The document language is vi-VN everywhere (defaults, styles, runs), so
Word and LibreOffice spell-check it as Vietnamese instead of red-underlining every word. Tables hold
labels in their first column and have no header row, because there is none to repeat.
"""

import io
import re
from datetime import date, datetime, time

from .briefs import AgencyBrief, paragraph, plan_name, task_title
from .explorer import TaskView

__all__ = ["brief_docx", "OFFICE", "PARENT", "FONT", "LANGUAGE"]

OFFICE = "Sở Khoa học và Công nghệ tỉnh Quảng Ngãi"  # Plan 83, IV.3: it follows the plan's implementation
PARENT = "UBND tỉnh Quảng Ngãi"
FONT = "Times New Roman"
LANGUAGE = "vi-VN"
_BODY_PT, _TABLE_PT, _HEADER_PT = 14, 13, 13
_DOC_NUMBER = re.compile(r"(\d+/[A-ZĐ]+)-([A-ZĐ]+)")  # "83/KH-UBND": its hyphen must not break a line


def brief_docx(brief: AgencyBrief, office: str = OFFICE, prepared: date | None = None) -> bytes:
    """The brief of `brief.agency` as .docx bytes, prepared by `office` on `prepared` (today)."""
    import docx
    from docx.shared import Mm

    prepared = prepared or date.today()
    document = docx.Document()
    _styles(document)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = Mm(20), Mm(20), Mm(30), Mm(15)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    _page_numbers(section)
    _header_block(document, office, prepared)
    _title(document, brief)
    _body(document, brief)
    _properties(document, brief, office, prepared)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _body(document, brief: AgencyBrief) -> None:  # noqa: ANN001 — python-docx's Document
    _heading(document, "I. THÔNG TIN CHUNG", 1)
    lead = f"chủ trì {len(brief.lead)} nhiệm vụ" if brief.lead else "không chủ trì nhiệm vụ nào"
    coordination = (f"phối hợp thực hiện {len(brief.coordination)} nhiệm vụ" if brief.coordination
                    else "không có nhiệm vụ phối hợp")
    counts = f"Theo {plan_name(brief.doc_ids)}, {brief.agency} {lead}, {coordination}."
    _text(document, counts, indent=True)
    for note in (brief.successor_note and f"{brief.agency} {brief.successor_note}.", brief.predecessor_note):
        if note:
            _text(document, note, indent=True)
    for number, (title, views, role) in enumerate((("NHIỆM VỤ CHỦ TRÌ", brief.lead, "lead"),
                                                    ("NHIỆM VỤ PHỐI HỢP", brief.coordination, "coordination")), 2):
        _heading(document, f"{'I' * number}. {title} ({len(views)})", 1)
        if not views:
            _text(document, "Không có.", indent=True)
        for n, view in enumerate(views, 1):
            _heading(document, f"{n}. {task_title(view)}", 2)
            _task_table(document, view, brief.as_of)
            _text(document, paragraph(view, role, set(brief.names)), indent=True, after_table=True)


def _task_table(document, view: TaskView, as_of: date) -> None:  # noqa: ANN001
    """Label | value rows; today's bodies beside the plan's names when the 2025 reorganization changed them."""
    from docx.shared import Mm

    rows = [("Nội dung", view.summary), ("Chủ trì theo Kế hoạch", "; ".join(view.lead))]
    if view.lead_today != view.lead:
        rows.append(("Chủ trì hiện nay", "; ".join(view.lead_today)))
    rows.append(("Phối hợp theo Kế hoạch", "; ".join(view.coordinators)))
    if view.coordinators_today != view.coordinators:
        rows.append(("Phối hợp hiện nay", "; ".join(view.coordinators_today)))
    rows += [("Thời gian thực hiện", view.timeframe.text),
             (f"Trạng thái ({as_of:%d/%m/%Y})", view.status_label),
             ("Nguồn", f"{plan_name([view.doc_id])}, mục {view.section}")]
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    _no_header_look(table)
    for n, (label, value) in enumerate(rows, 1):
        row = table.add_row()
        _cant_split(row)
        for cell, text, bold in ((row.cells[0], label, True), (row.cells[1], value, False)):
            format_ = cell.paragraphs[0].paragraph_format
            format_.space_after, format_.keep_with_next = 0, n < len(rows)  # one task's table on one page
            _runs(cell.paragraphs[0], text, size=_TABLE_PT, bold=bold)
    _widths(table, Mm(60), Mm(105))


def _cant_split(row) -> None:  # noqa: ANN001
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _widths(table, *widths) -> None:  # noqa: ANN001, ANN002
    """Fixed column widths, in the grid (LibreOffice reads it) and in every cell (Word reads these)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width


def _no_header_look(table) -> None:  # noqa: ANN001
    """Tell Word the first row is data, not a header: no header formatting, nothing to repeat."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = table._tbl.tblPr
    look = properties.find(qn("w:tblLook"))
    if look is None:
        look = OxmlElement("w:tblLook")
        properties.append(look)
    for key, value in (("val", "0680"), ("firstRow", "0"), ("lastRow", "0"), ("firstColumn", "1"),
                       ("lastColumn", "0"), ("noHBand", "1"), ("noVBand", "1")):
        look.set(qn(f"w:{key}"), value)


def _header_block(document, office: str, prepared: date) -> None:  # noqa: ANN001
    """Issuing body | national motto, each underlined by a short rule, then place and date on the right."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    _widths(table, Mm(70), Mm(95))
    _centred(left.paragraphs[0], PARENT.upper(), bold=False, size=12)
    _centred(left.add_paragraph(), _office_short(office).upper(), bold=True, size=12)
    _rule(left.add_paragraph(), Mm(20))
    _centred(right.paragraphs[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12)
    _centred(right.add_paragraph(), "Độc lập - Tự do - Hạnh phúc", bold=True, size=_HEADER_PT)
    _rule(right.add_paragraph(), Mm(20))
    place = right.add_paragraph()
    place.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _runs(place, f"Quảng Ngãi, {_long_date(prepared)}", size=_BODY_PT, italic=True)


def _title(document, brief: AgencyBrief) -> None:  # noqa: ANN001
    from docx.shared import Pt

    title = document.add_paragraph()
    title.paragraph_format.space_before = Pt(18)
    _centred(title, f"BẢN TÓM TẮT NHIỆM VỤ CỦA {brief.agency.upper()}\nTHEO {plan_name(brief.doc_ids).upper()}",
             bold=True, size=_BODY_PT)
    status = document.add_paragraph()
    _centred(status, f"(Trạng thái tính đến ngày {brief.as_of:%d/%m/%Y})", bold=False, size=_BODY_PT, italic=True)
    status.paragraph_format.space_after = Pt(12)


def _office_short(office: str) -> str:
    """"Sở Khoa học và Công nghệ tỉnh Quảng Ngãi" → the name without the province, which the line above says."""
    return re.sub(r"\s+tỉnh Quảng Ngãi$", "", office)


def _long_date(day: date) -> str:
    """"ngày 05 tháng 02 năm 2026": Nghị định 30 writes days below 10 and months 1 and 2 with a leading 0."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


# --- paragraphs and runs --------------------------------------------------------------------------------------

def _runs(paragraph, text: str, *, size: float = _BODY_PT, bold: bool = False, italic: bool = False) -> None:  # noqa: ANN001
    """Add `text` as runs in Times New Roman, language vi-VN, with line breaks for "\\n" and a non-breaking
    hyphen inside document numbers ("83/KH-UBND" never splits at the end of a line)."""
    from docx.oxml import OxmlElement
    from docx.shared import Pt

    for n, line in enumerate(text.split("\n")):
        if n:
            run = paragraph.add_run()
            run.add_break()
            run.font.size, run.font.bold, run.font.italic = Pt(size), bold, italic
            _run_language_and_font(run._r.get_or_add_rPr())
        pieces = _DOC_NUMBER.split(line)  # text, number, symbol, text, …
        for k, piece in enumerate(pieces):
            if not piece:
                continue
            run = paragraph.add_run(piece)
            run.font.size, run.font.bold, run.font.italic = Pt(size), bold, italic
            _run_language_and_font(run._r.get_or_add_rPr())
            if k % 3 == 1:  # the number: join it to its symbol with a non-breaking hyphen
                run._r.append(OxmlElement("w:noBreakHyphen"))


def _text(document, text: str, *, indent: bool = False, after_table: bool = False) -> None:  # noqa: ANN001
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if after_table:
        paragraph.paragraph_format.space_before = Pt(6)
    if indent:
        paragraph.paragraph_format.first_line_indent = Mm(12.7)
    _runs(paragraph, text)


def _heading(document, text: str, level: int) -> None:  # noqa: ANN001
    _runs(document.add_paragraph(style=f"Heading {level}"), text, bold=True)


def _centred(paragraph, text: str, *, bold: bool, size: float = _HEADER_PT, italic: bool = False) -> None:  # noqa: ANN001
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = 0
    _runs(paragraph, text, size=size, bold=bold, italic=italic)


def _rule(paragraph, indent) -> None:  # noqa: ANN001
    """A short centred line: an empty paragraph's top border, narrowed by equal indents."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    format_ = paragraph.paragraph_format
    format_.left_indent = format_.right_indent = indent
    format_.space_after, format_.space_before, format_.line_spacing = 0, Pt(2), Pt(2)
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        top.set(qn(f"w:{key}"), value)
    borders.append(top)
    paragraph._p.get_or_add_pPr().append(borders)


# --- document-wide settings -----------------------------------------------------------------------------------

def _styles(document) -> None:  # noqa: ANN001
    """Times New Roman and vi-VN for the defaults and every style; black, plain headings (not the template's
    blue Calibri Light); body 14 pt with 6 pt after each paragraph."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _run_language_and_font(defaults)
    for style in styles:
        rpr = style.element.find(qn("w:rPr"))
        if rpr is None and style.type == 1:  # paragraph styles carry the font explicitly
            rpr = OxmlElement("w:rPr")
            style.element.append(rpr)
        if rpr is not None:
            _run_language_and_font(rpr)
    normal = styles["Normal"]
    normal.font.size = Pt(_BODY_PT)
    normal.paragraph_format.space_after, normal.paragraph_format.line_spacing = Pt(6), 1.0
    for level, size in ((1, _BODY_PT), (2, _BODY_PT)):
        heading = styles[f"Heading {level}"]
        heading.font.size, heading.font.bold, heading.font.italic = Pt(size), True, False
        heading.font.color.rgb = RGBColor(0, 0, 0)
        heading.paragraph_format.space_before, heading.paragraph_format.space_after = Pt(12 if level == 1 else 9), Pt(6)
        heading.paragraph_format.keep_with_next = True
    settings = document.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), LANGUAGE)


def _run_language_and_font(rpr) -> None:  # noqa: ANN001 — a w:rPr element
    """Set w:rFonts to Times New Roman for every script (dropping theme fonts, which win over names) and
    w:lang to vi-VN."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fonts = rpr.get_or_add_rFonts()  # python-docx places it where the schema wants it
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attribute}"), FONT)
    language = rpr.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        rpr.append(language)
    language.set(qn("w:val"), LANGUAGE)
    language.set(qn("w:eastAsia"), LANGUAGE)


def _page_numbers(section) -> None:  # noqa: ANN001
    """Nghị định 30: the page number centred at the top, from the second page on."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        run = paragraph.add_run()
        _run_language_and_font(run._r.get_or_add_rPr())
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._r.append(field)
        elif text.strip() == "PAGE":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)
        else:
            run.text = text


def _properties(document, brief: AgencyBrief, office: str, prepared: date) -> None:  # noqa: ANN001
    """File properties a records system reads: who made it (the office, not "python-docx"), what it is."""
    properties = document.core_properties
    moment = datetime.combine(prepared, time(8, 0))
    properties.title = f"Bản tóm tắt nhiệm vụ của {brief.agency} theo {plan_name(brief.doc_ids)}"
    properties.subject = f"Nhiệm vụ chủ trì và phối hợp; trạng thái tính đến ngày {brief.as_of:%d/%m/%Y}"
    properties.author = properties.last_modified_by = office
    properties.keywords = "; ".join(["Kế hoạch 83/KH-UBND", "trí tuệ nhân tạo", brief.agency])
    properties.category = "Bản tóm tắt"
    properties.comments = ""
    properties.language = LANGUAGE
    properties.created = properties.modified = moment
    properties.revision = 1
