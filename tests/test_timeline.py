"""The Gantt chart of the real 27 tasks, drawn to be placed 16 cm wide on an A4 page: valid SVG holding every
task, today's agency names and the Vietnamese text; no text under 8 pt at that size; fonts with fallbacks; a
legend of only what is drawn; text that contrasts with its bar; no tofu."""

import re
import struct
import subprocess
import sys
import warnings
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from assistant.documents import load_corpus
from assistant.status import TaskStatus
from assistant.structure import parse_sections
from assistant.successors import Successors, load_successors
from assistant.tasks import TaskRecord, build_tasks, parse_timeframe
from assistant.timeline import COLOURS, TITLE, contrast, ink_for, timeline_png, timeline_svg

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
AS_OF = date(2026, 1, 1)
SVG = "{http://www.w3.org/2000/svg}"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CM_PER_PT = 2.54 / 72


@pytest.fixture(scope="module")
def tasks() -> list[TaskRecord]:
    documents = load_corpus(CORPUS)
    return build_tasks([s for d in documents if d.loaded for s in parse_sections(d.meta.id, d.text)])


@pytest.fixture(scope="module")
def successors() -> Successors:
    return load_successors(CORPUS)


def texts_of(svg: bytes) -> list[str]:
    return ["".join(element.itertext()) for element in ET.fromstring(svg).iter(f"{SVG}text")]


@pytest.fixture(scope="module")
def svg(tasks, successors) -> bytes:
    return timeline_svg(tasks, successors, AS_OF)


@pytest.fixture(scope="module")
def svg_texts(svg) -> list[str]:
    assert ET.fromstring(svg).tag == f"{SVG}svg"
    return texts_of(svg)


def lines_of(svg_texts: list[str]) -> list[str]:
    return [line for text in svg_texts for line in text.split("\n")]


def png_chunks(png: bytes) -> dict[bytes, bytes]:
    assert png[:8] == PNG_SIGNATURE
    chunks, at = {}, 8
    while at < len(png):
        length, kind = struct.unpack(">I4s", png[at:at + 8])
        chunks.setdefault(kind, png[at + 8:at + 8 + length])
        at += 12 + length
    return chunks


def test_svg_is_16_cm_wide_and_no_text_is_under_8_pt_there(svg):
    """Placed at its own width, 16 cm, font-size in the SVG's points is the printed size."""
    root = ET.fromstring(svg)
    width_pt = float(root.get("width").removesuffix("pt"))
    assert width_pt * CM_PER_PT == pytest.approx(16, abs=0.01)
    height_cm = float(root.get("height").removesuffix("pt")) * CM_PER_PT
    assert height_cm < 25.7  # the whole plan fits one A4 page inside Nghị định 30's margins
    sizes = [float(m) for m in re.findall(r"font-size: ([\d.]+)px", svg.decode())]
    assert len(sizes) == len(texts_of(svg)) and min(sizes) * (16 / (width_pt * CM_PER_PT)) >= 8


def test_png_is_16_cm_wide_at_its_resolution(tasks, successors):
    chunks = png_chunks(timeline_png(tasks, successors, AS_OF))
    width, height = struct.unpack(">II", chunks[b"IHDR"][:8])
    per_metre, _, unit = struct.unpack(">IIB", chunks[b"pHYs"])
    assert unit == 1 and width / per_metre * 100 == pytest.approx(16, abs=0.05)
    assert width == int(16 / 2.54 * 200)  # 200 dpi
    fewer = struct.unpack(">II", png_chunks(timeline_png(tasks[:3], successors, AS_OF))[b"IHDR"][:8])
    assert fewer[0] == width and fewer[1] < height  # fewer rows, shorter chart, same width


def test_rows_name_the_task_not_only_its_section(tasks, svg_texts):
    lines = lines_of(svg_texts)
    for task in tasks:
        row = [line for line in lines if line.startswith(f"{task.section} ")]
        assert len(row) == 1, task.section
        label = row[0].removeprefix(f"{task.section} ").removesuffix("…")
        assert len(label) >= 20 and task.summary.startswith(label.rstrip(",;:."))
    assert "II.3.đ Xây dựng Hệ thống thông tin Quản…" in lines  # cut at a word, marked as cut


def test_groups_name_todays_agencies(svg_texts):
    text = " ".join(lines_of(svg_texts))
    for header in ("Sở Thông tin và Truyền thông (nay là Sở Khoa học và Công nghệ)",
                   "Sở Nông nghiệp và Phát triển nông thôn (nay là Sở Nông nghiệp và Môi trường)",
                   "Sở Lao động – Thương binh và Xã hội (nay là Sở Nội vụ)",
                   "UBND các huyện, thị xã, thành phố (nay là UBND các xã, phường, đặc khu)",
                   "Sở Kế hoạch và Đầu tư (nay là Sở Tài chính); Ban Quản lý Khu kinh tế Dung Quất"):
        assert header in text


@pytest.mark.parametrize("text", [
    "Tiến độ nhiệm vụ theo Kế hoạch số 83/KH-UBND (2021–2030)",
    "Tất cả nhiệm vụ — 27 nhiệm vụ, trạng thái tính đến ngày 01/01/2026",
    "Ngày tham chiếu (01/01/2026)",
    "Thường xuyên", "Đang thực hiện", "Đã hết thời hạn", "Không thời hạn kết thúc ▶",
    "giai đoạn 2021 – 2025", "Năm 2021 và những năm tiếp theo", "2021", "2030",
])
def test_svg_has_vietnamese_text(svg_texts, text):
    assert text in svg_texts


def test_title_is_the_module_constant(svg_texts):
    assert f"{TITLE} (2021–2030)" in svg_texts


def test_title_names_the_filter(tasks, successors):
    texts = texts_of(timeline_svg(tasks[:2], successors, AS_OF, "Cơ quan: Sở Y tế; Trạng thái: Đang thực hiện"))
    assert "Cơ quan: Sở Y tế; Trạng thái: Đang thực hiện — 2 nhiệm vụ, trạng thái tính đến ngày 01/01/2026" in " ".join(
        texts)


def test_legend_lists_only_what_is_drawn(tasks, successors):
    recurring = [t for t in tasks if t.timeframe.recurring]
    texts = texts_of(timeline_svg(recurring, successors, date(2035, 1, 1)))  # no "today" line after 2031
    statuses = {s.label for s in TaskStatus} | {"Không thời hạn kết thúc ▶"}
    assert [t for t in texts if t in statuses] == ["Thường xuyên"] * len(recurring) + ["Thường xuyên"]
    assert not any(t.startswith(("Hôm nay", "Ngày tham chiếu")) for t in texts)
    ended = texts_of(timeline_svg(tasks, successors, date(2031, 6, 1)))
    assert "Chưa bắt đầu" not in ended and "Đã hết thời hạn" in ended


def test_today_is_named_in_the_legend_not_under_the_line(svg):
    """Exactly one text names the date, and it is a legend entry (below the plot), not a label on the line."""
    root = ET.fromstring(svg)
    dated = [e for e in root.iter(f"{SVG}text") if "01/01/2026" in "".join(e.itertext())]
    assert ["".join(e.itertext()) for e in dated] == [
        "Tất cả nhiệm vụ — 27 nhiệm vụ, trạng thái tính đến ngày 01/01/2026", "Ngày tham chiếu (01/01/2026)"]
    legend = next(g for g in root.iter(f"{SVG}g") if g.get("id", "").startswith("legend"))
    assert any("Ngày tham chiếu" in "".join(e.itertext()) for e in legend.iter(f"{SVG}text"))


def test_svg_fonts_fall_back(svg):
    families = set(re.findall(r"font-family: ([^;\"]+)", svg.decode()))
    assert families == {"'Times New Roman', Arial, 'DejaVu Sans', sans-serif"}


@pytest.mark.parametrize("status", list(COLOURS))
def test_text_contrasts_with_every_bar_colour(status):
    """WCAG AA for normal text (4.5:1); recurring bars carry their text on a white backing."""
    assert contrast(ink_for(COLOURS[status]), COLOURS[status]) >= 4.5


def test_bar_text_uses_the_readable_ink(svg):
    """White on the dark blue and green bars, black elsewhere."""
    decoded = svg.decode()
    for text, ink in (("Năm 2022-2030", "#ffffff"), ("Năm 2021 và những năm tiếp theo", "#ffffff"),
                      ("giai đoạn 2021 – 2025", "#000000")):
        element = re.search(rf'<text style="([^"]*)"[^>]*>{re.escape(text)}</text>', decoded)
        assert element and (f"fill: {ink}" in element.group(1) or (ink == "#000000" and "fill" not in element.group(1)))


def test_svg_is_the_same_for_the_same_input(tasks, successors):
    assert timeline_svg(tasks, successors, AS_OF) == timeline_svg(tasks, successors, AS_OF)


@pytest.mark.parametrize(("as_of", "has_today_line"), [
    (date(2021, 6, 4), True), (date(2031, 1, 1), True), (date(2020, 12, 31), False), (date(2035, 1, 1), False),
])
def test_today_line_only_within_the_plan(tasks, successors, as_of, has_today_line):
    texts = texts_of(timeline_svg(tasks, successors, as_of))
    assert (f"Ngày tham chiếu ({as_of:%d/%m/%Y})" in texts) is has_today_line


def test_every_character_has_a_glyph(tasks, successors):
    """matplotlib warns "Glyph … missing from font(s)" when a diacritic would be drawn as a box."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        timeline_png(tasks, successors, AS_OF)


def test_dejavu_sans_covers_all_labels(svg_texts):
    from matplotlib.font_manager import FontProperties, findfont
    from matplotlib.ft2font import FT2Font

    path = findfont(FontProperties(family="DejaVu Sans"), fallback_to_default=False)
    assert Path(path).name == "DejaVuSans.ttf"
    charmap = FT2Font(path).get_charmap()
    assert sorted({c for text in svg_texts for c in text if not c.isspace() and ord(c) not in charmap}) == []


@pytest.mark.parametrize("timeframe", ["Khi có yêu cầu", "Đến năm 2027", "Từ năm 2027", "Năm 2019-2035", ""])
def test_other_timeframes_draw(timeframe, successors):
    task = TaskRecord(doc_id="X", section="Z.9", summary="Việc mẫu", lead=[], coordinators=[],
                      timeframe=parse_timeframe(timeframe))
    texts = lines_of(texts_of(timeline_svg([task], successors, AS_OF)))
    assert "Z.9 Việc mẫu" in texts and "Không rõ đơn vị chủ trì" in texts


def test_no_tasks_still_draws(successors):
    assert struct.unpack(">I", png_chunks(timeline_png([], successors, AS_OF))[b"IHDR"][:4])[0] == 1259


def test_import_and_render_leave_matplotlib_globals_alone():
    """Importing sets nothing up; rendering neither imports pyplot nor changes rcParams (backend included)."""
    code = """
import sys
from pathlib import Path
import assistant.timeline as timeline
from assistant.successors import load_successors
assert "matplotlib" not in sys.modules, "imported at module load"
import matplotlib
def raw(rc):  # rcParams["backend"] and get_backend() would themselves import pyplot
    return {key: dict.__getitem__(rc, key) for key in dict.keys(rc)}
before = raw(matplotlib.rcParams)
successors = load_successors(Path("corpus"))
timeline.timeline_png([], successors)
timeline.timeline_svg([], successors)
assert "matplotlib.pyplot" not in sys.modules
assert raw(matplotlib.rcParams) == before
"""
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parent.parent)


def test_the_line_says_today_only_for_today(tasks, successors):
    today = date.today()
    texts = texts_of(timeline_svg(tasks, successors))
    assert (f"Hôm nay ({today:%d/%m/%Y})" in texts) is (2021 <= today.year <= 2031)
