"""The Gantt chart of the real 27 tasks: valid SVG holding every id and the Vietnamese text, a PNG, no tofu."""

import subprocess
import sys
import warnings
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from assistant.documents import load_corpus
from assistant.structure import parse_sections
from assistant.tasks import TaskRecord, build_tasks, parse_timeframe
from assistant.timeline import TITLE, timeline_png, timeline_svg

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
AS_OF = date(2026, 1, 1)
SVG = "{http://www.w3.org/2000/svg}"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def tasks() -> list[TaskRecord]:
    documents = load_corpus(CORPUS)
    return build_tasks([s for d in documents if d.loaded for s in parse_sections(d.meta.id, d.text)])


@pytest.fixture(scope="module")
def svg_texts(tasks) -> list[str]:
    root = ET.fromstring(timeline_svg(tasks, AS_OF))
    assert root.tag == f"{SVG}svg"
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, which always follows the signature."""
    assert png[:8] == PNG_SIGNATURE and png[12:16] == b"IHDR"
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def test_svg_labels_every_task_by_its_section(tasks, svg_texts):
    assert [t.section for t in tasks if t.section not in svg_texts] == []
    assert len(tasks) == 27


@pytest.mark.parametrize("text", [
    "Tiến độ các nhiệm vụ của Kế hoạch 83/KH-UBND (2021–2030)",
    "theo đơn vị chủ trì; trạng thái tại ngày 01/01/2026",
    "Ngày tham chiếu (01/01/2026)",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Lao động – Thương binh và Xã hội",
    "UBND các huyện, thị xã, thành phố",
    "Thường xuyên", "Chưa bắt đầu", "Đang thực hiện", "Đã hết thời hạn", "Không thời hạn kết thúc ▶",
    "giai đoạn 2021 – 2025",
    ("Năm 2021 và những năm tiếp theo  ·  cùng chủ trì: "
     "Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi"),
    "2021", "2030",
])
def test_svg_has_vietnamese_text(svg_texts, text):
    assert text in svg_texts


def test_title_is_the_module_constant(svg_texts):
    assert f"{TITLE} (2021–2030)" in svg_texts


def test_svg_is_the_same_for_the_same_input(tasks):
    assert timeline_svg(tasks, AS_OF) == timeline_svg(tasks, AS_OF)


@pytest.mark.parametrize(("as_of", "has_today_line"), [
    (date(2021, 6, 4), True), (date(2031, 1, 1), True), (date(2020, 12, 31), False), (date(2035, 1, 1), False),
])
def test_today_line_only_within_the_plan(tasks, as_of, has_today_line):
    texts = ["".join(e.itertext()) for e in ET.fromstring(timeline_svg(tasks, as_of)).iter(f"{SVG}text")]
    assert (f"Ngày tham chiếu ({as_of:%d/%m/%Y})" in texts) is has_today_line


def test_png_header_and_size(tasks):
    png = timeline_png(tasks, AS_OF)
    width, height = png_size(png)
    assert width == 1430
    assert 1000 < height < 2000  # about 0.3 inch per row at 110 dpi
    assert png_size(timeline_png(tasks[:3], AS_OF))[1] < height  # fewer rows, shorter chart


def test_every_character_has_a_glyph(tasks):
    """matplotlib warns "Glyph … missing from font(s)" when a diacritic would be drawn as a box."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        timeline_png(tasks, AS_OF)


def test_dejavu_sans_covers_all_labels(tasks, svg_texts):
    from matplotlib.font_manager import FontProperties, findfont
    from matplotlib.ft2font import FT2Font

    path = findfont(FontProperties(family="DejaVu Sans"), fallback_to_default=False)
    assert Path(path).name == "DejaVuSans.ttf"
    charmap = FT2Font(path).get_charmap()
    assert sorted({c for text in svg_texts for c in text if not c.isspace() and ord(c) not in charmap}) == []


@pytest.mark.parametrize("timeframe", ["Khi có yêu cầu", "Đến năm 2027", "Từ năm 2027", "Năm 2019-2035", ""])
def test_other_timeframes_draw(timeframe):
    task = TaskRecord(doc_id="X", section="Z.9", summary="", lead=[], coordinators=[],
                      timeframe=parse_timeframe(timeframe))
    texts = ["".join(e.itertext()) for e in ET.fromstring(timeline_svg([task], AS_OF)).iter(f"{SVG}text")]
    assert "Z.9" in texts and "Không rõ đơn vị chủ trì" in texts


def test_no_tasks_still_draws():
    assert png_size(timeline_png([], AS_OF))[0] == 1430


def test_import_and_render_leave_matplotlib_globals_alone():
    """Importing sets nothing up; rendering neither imports pyplot nor changes rcParams (backend included)."""
    code = """
import sys
import assistant.timeline as timeline
assert "matplotlib" not in sys.modules, "imported at module load"
import matplotlib
def raw(rc):  # rcParams["backend"] and get_backend() would themselves import pyplot
    return {key: dict.__getitem__(rc, key) for key in dict.keys(rc)}
before = raw(matplotlib.rcParams)
timeline.timeline_png([])
timeline.timeline_svg([])
assert "matplotlib.pyplot" not in sys.modules
assert raw(matplotlib.rcParams) == before
"""
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parent.parent)


def test_the_line_says_today_only_for_today(tasks):
    today = date.today()
    texts = ["".join(e.itertext()) for e in ET.fromstring(timeline_svg(tasks)).iter(f"{SVG}text")]
    assert (f"Hôm nay ({today:%d/%m/%Y})" in texts) is (2021 <= today.year <= 2031)
