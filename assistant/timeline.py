"""A Gantt-style chart of the plan's tasks over 2021–2030, one row per task, grouped by who leads them.

It is drawn to be placed 16 cm wide on an A4 page (a report, a brief) with no text under 8 pt at that size:
the figure *is* 16 cm wide and every font size is a real size. Each group starts with a band naming its
lead agencies as Plan 83 writes them plus today's body ("(nay là …)"); each task row names the section and
the start of the task's text. Bars are coloured by status on `as_of` (status.py) with text in black or white,
whichever contrasts more with the bar; recurring tasks are a hatched bar across the whole plan, open-ended
ones fade out towards 2030 with an arrow. The legend lists only what is drawn, the "today" line included.

matplotlib is imported inside the functions and draws on an explicit Agg canvas: importing this module
changes no global state, and pyplot's figure registry is never touched.
"""

import io
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from .status import TaskStatus, status_of
from .successors import Successors
from .tasks import TaskRecord

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["timeline_svg", "timeline_png", "TITLE", "FIRST_YEAR", "LAST_YEAR", "WIDTH_CM", "MIN_FONT_PT",
           "COLOURS", "ink_for", "contrast"]

TITLE = "Tiến độ nhiệm vụ theo Kế hoạch số 83/KH-UBND"
FIRST_YEAR, LAST_YEAR = 2021, 2030
WIDTH_CM = 16.0  # the width the chart is drawn for: a figure in an A4 document
MIN_FONT_PT = 8.0  # no text smaller than this at WIDTH_CM
_END = LAST_YEAR + 1  # a year is the span [year, year + 1)
COLOURS = {TaskStatus.not_started: "#9ecae1", TaskStatus.in_progress: "#2171b5", TaskStatus.ended: "#969696",
           TaskStatus.open_ended: "#1a7837", TaskStatus.recurring: "#fdae6b"}
_HATCH_EDGE = "#a63603"
_TODAY = "#cb181d"
_SVG_FONTS = "'Times New Roman', Arial, 'DejaVu Sans', sans-serif"  # what an SVG viewer may pick from
_RC = {"font.family": "DejaVu Sans", "svg.fonttype": "none", "svg.hashsalt": "plan-83", "hatch.linewidth": 0.6,
       "hatch.color": _HATCH_EDGE}
_LOCK = threading.Lock()  # rc_context edits matplotlib's global rcParams; one chart at a time

# Geometry, in inches: labels on the left, the years on the right.
_WIDTH = WIDTH_CM / 2.54
_PAD = 0.08
_BARS_LEFT, _BARS_RIGHT = 2.72, _WIDTH - 0.14
_ROW = 0.19  # one row of 8 pt text
_BAR = 0.72  # bar height, in rows
_FONT, _TITLE_FONT = MIN_FONT_PT, 10.0


@dataclass(frozen=True)
class _Row:
    y: float  # centre, in rows from the top of the axes
    lines: int = 1
    text: str = ""
    task: TaskRecord | None = None  # None: a group's header row


def timeline_svg(tasks: list[TaskRecord], successors: Successors, as_of: date | None = None,
                 caption: str = "") -> bytes:
    """SVG with real <text> elements (searchable, selectable) naming fonts with fallbacks; laid out for
    DejaVu Sans, the widest of them, so a viewer's Times New Roman or Arial only has more room."""
    svg = _render(tasks, successors, as_of or date.today(), caption, "svg")
    return svg.replace(b"font-family: 'DejaVu Sans'", f"font-family: {_SVG_FONTS}".encode())


def timeline_png(tasks: list[TaskRecord], successors: Successors, as_of: date | None = None,
                 caption: str = "", dpi: int = 200) -> bytes:
    """PNG 16 cm wide at `dpi` (the file says so, so a word processor places it at that size)."""
    return _render(tasks, successors, as_of or date.today(), caption, "png", dpi)


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours, 1 to 21; body text needs at least 4.5."""
    from matplotlib.colors import to_rgb

    def luminance(colour: str) -> float:
        r, g, b_ = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b_

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def ink_for(background: str) -> str:
    """Black or white, whichever reads better on `background`."""
    return max(("#000000", "#ffffff"), key=lambda ink: contrast(ink, background))


def _render(tasks: list[TaskRecord], successors: Successors, as_of: date, caption: str, fmt: str,
            dpi: int = 200) -> bytes:
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with _LOCK, matplotlib.rc_context(_RC):
        figure = Figure(figsize=(_WIDTH, 4), dpi=dpi)
        canvas = FigureCanvasAgg(figure)
        renderer = canvas.get_renderer()

        def measure(text: str, bold: bool = False, italic: bool = False, size: float = _FONT) -> float:
            from matplotlib.font_manager import FontProperties

            prop = FontProperties(size=size, weight="bold" if bold else "normal",
                                  style="italic" if italic else "normal")
            return renderer.get_text_width_height_descent(text, prop, ismath=False)[0] / figure.dpi

        rows = _layout(tasks, successors, measure)
        heading = _wrap(_subtitle(tasks, as_of, caption), _WIDTH - 2 * _PAD, measure)
        legend = _legend_items(tasks, as_of)
        top = _PAD + 0.2 + 0.16 * len(heading) + 0.08 + 0.2  # title, subtitle lines, gap, year labels
        body = _ROW * (rows[-1].y + rows[-1].lines / 2 if rows else 1)
        bottom = 0.12 + 0.19 * ((len(legend) + 2) // 3) + _PAD
        height = top + body + bottom
        figure.set_size_inches(_WIDTH, height)
        axes = figure.add_axes((_BARS_LEFT / _WIDTH, bottom / height, (_BARS_RIGHT - _BARS_LEFT) / _WIDTH,
                                body / height))
        _draw(figure, axes, rows, as_of, measure, body / _ROW)
        figure.text(_PAD / _WIDTH, 1 - (_PAD + 0.15) / height, TITLE + f" ({FIRST_YEAR}–{LAST_YEAR})",
                    fontsize=_TITLE_FONT, fontweight="bold")
        for n, line in enumerate(heading):
            figure.text(_PAD / _WIDTH, 1 - (_PAD + 0.34 + 0.16 * n) / height, line, fontsize=_FONT)
        _legend(figure, legend, (bottom - _PAD) / height)
        buffer = io.BytesIO()
        figure.savefig(buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
        return buffer.getvalue()


def _subtitle(tasks: list[TaskRecord], as_of: date, caption: str) -> str:
    scope = caption or "Tất cả nhiệm vụ"
    return f"{scope} — {len(tasks)} nhiệm vụ, trạng thái tính đến ngày {as_of:%d/%m/%Y}"


def _layout(tasks: list[TaskRecord], successors: Successors, measure: Callable[..., float]) -> list[_Row]:
    """Rows top-down: per group of tasks with the same leads, a header (wrapped) then one row per task."""
    groups: dict[tuple[str, ...], list[TaskRecord]] = {}
    for task in tasks:
        groups.setdefault(tuple(task.lead), []).append(task)
    rows, y = [], 0.0
    for leads, group in groups.items():
        names = [f"{name} {note}" if (note := successors.note_for(name)) else name for name in leads]
        lines = _wrap("; ".join(names) or "Không rõ đơn vị chủ trì", _WIDTH - 2 * _PAD, lambda t: measure(t, True))
        rows.append(_Row(y + len(lines) / 2, len(lines), "\n".join(lines)))
        y += len(lines)
        for task in group:
            label = _shorten(f"{task.section} {task.summary}", _BARS_LEFT - 2 * _PAD - 0.1, measure)
            rows.append(_Row(y + 0.5, 1, label, task))
            y += 1
    return rows


def _draw(figure: "Figure", axes: "Axes", rows: list[_Row], as_of: date, measure: Callable[..., float],
          total: float) -> None:
    from matplotlib.patches import Rectangle
    from matplotlib.transforms import blended_transform_factory

    inches_rows = blended_transform_factory(figure.dpi_scale_trans, axes.transData)
    for row in rows:
        if row.task is None:
            axes.add_patch(Rectangle((0, row.y - row.lines / 2), _WIDTH, row.lines, transform=inches_rows,
                                     facecolor="#ececec", linewidth=0, zorder=7, clip_on=False))
            axes.text(_PAD, row.y, row.text, transform=inches_rows, fontsize=_FONT, fontweight="bold",
                      va="center", linespacing=1.1, zorder=8)
        else:
            axes.text(_PAD + 0.1, row.y, row.text, transform=inches_rows, fontsize=_FONT, va="center")
            _bar(axes, row.task, row.y, status_of(row.task, as_of), measure)
    axes.set_ylim(total, 0)
    axes.set_xlim(FIRST_YEAR, _END)
    axes.set_yticks([])
    axes.set_xticks(range(FIRST_YEAR, _END + 1), [""] * (_END + 1 - FIRST_YEAR))
    axes.set_xticks([year + 0.5 for year in range(FIRST_YEAR, _END)],
                    [str(year) for year in range(FIRST_YEAR, _END)], minor=True)
    axes.tick_params(axis="x", which="minor", length=0, labelsize=_FONT, labeltop=True, labelbottom=False,
                     pad=2)
    axes.tick_params(axis="x", which="major", length=0)
    axes.grid(axis="x", which="major", color="#c8c8c8", linewidth=0.5)
    axes.set_axisbelow(True)
    for side in ("left", "right", "bottom"):
        axes.spines[side].set_visible(False)
    if (x := _today_x(as_of)) is not None:
        axes.axvline(x, color=_TODAY, linewidth=1.2, zorder=5)


def _bar(axes: "Axes", task: TaskRecord, y: float, status: TaskStatus, measure: Callable[..., float]) -> None:
    """The task's bar with its timeframe as written on it, or beside it when it does not fit."""
    frame = task.timeframe
    if status is TaskStatus.unknown:
        axes.text(FIRST_YEAR + 0.1, y, "không rõ thời gian", va="center", fontsize=_FONT, style="italic")
        return
    colour = COLOURS[status]
    start = FIRST_YEAR if frame.start is None else min(max(frame.start, FIRST_YEAR), _END - 0.1)
    if frame.recurring:
        end = _END
        axes.barh(y, end - start, left=start, height=_BAR, facecolor=colour, hatch="////", edgecolor=_HATCH_EDGE,
                  linewidth=0.4)
    elif frame.end is None:
        end = _fading_bar(axes, y, start, colour)
    else:
        end = max(min(frame.end + 1, _END), start + 0.1)
        axes.barh(y, end - start, left=start, height=_BAR, color=colour, linewidth=0)
    year = (_BARS_RIGHT - _BARS_LEFT) / (_END - FIRST_YEAR)  # inches per year
    width = measure(frame.text) / year + 0.16
    if width <= end - start:  # inside the bar
        backing = {"facecolor": "white", "linewidth": 0, "pad": 0.6} if frame.recurring else None
        axes.text(start + 0.08, y, frame.text, va="center", fontsize=_FONT, zorder=6, bbox=backing,
                  color="#000000" if frame.recurring else ink_for(colour))
    elif end + width <= _END:
        axes.text(end + 0.08, y, frame.text, va="center", fontsize=_FONT, color="#000000", zorder=6)
    elif start - width >= FIRST_YEAR:
        axes.text(start - 0.08, y, frame.text, va="center", ha="right", fontsize=_FONT, color="#000000", zorder=6)


def _fading_bar(axes: "Axes", y: float, start: float, colour: str, steps: int = 12) -> float:
    """Solid, then fading to nothing before the chart's end, then an arrow: the plan states no end.
    Returns where the solid part ends, the room for text."""
    solid = max(start + 1, _END - 2.5)
    axes.barh(y, solid - start, left=start, height=_BAR, color=colour, linewidth=0)
    width = (_END - 0.25 - solid) / steps
    for k in range(steps):
        axes.barh(y, width, left=solid + k * width, height=_BAR, color=colour, alpha=1 - (k + 1) / (steps + 1),
                  linewidth=0)
    axes.plot([_END - 0.12], [y], marker=">", color=colour, markersize=5, clip_on=False)
    return solid


def _today_x(as_of: date) -> float | None:
    days_in_year = date(as_of.year, 12, 31).timetuple().tm_yday
    x = as_of.year + (as_of.timetuple().tm_yday - 1) / days_in_year
    return x if FIRST_YEAR <= x <= _END else None


def _legend_items(tasks: list[TaskRecord], as_of: date) -> list[tuple[str, TaskStatus | None]]:
    """(label, status) for each status a bar is drawn in, in a fixed order; (label, None) for the line."""
    drawn = {status_of(task, as_of) for task in tasks}
    items = [(status.label + (" ▶" if status is TaskStatus.open_ended else ""), status) for status in
             (TaskStatus.recurring, TaskStatus.not_started, TaskStatus.in_progress, TaskStatus.ended,
              TaskStatus.open_ended) if status in drawn]
    if _today_x(as_of) is not None:
        label = "Hôm nay" if as_of == date.today() else "Ngày tham chiếu"
        items.append((f"{label} ({as_of:%d/%m/%Y})", None))
    return items


def _legend(figure: "Figure", items: list[tuple[str, TaskStatus | None]], top: float) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    if not items:
        return
    handles = [Line2D([], [], color=_TODAY, linewidth=1.2, label=label) if status is None else
               Patch(facecolor=COLOURS[status], edgecolor=_HATCH_EDGE if status is TaskStatus.recurring else "none",
                     hatch="////" if status is TaskStatus.recurring else None, linewidth=0.4, label=label)
               for label, status in items]
    figure.legend(handles=handles, loc="upper left", ncols=3, fontsize=_FONT, frameon=False,
                  bbox_to_anchor=(_PAD / _WIDTH, top), borderaxespad=0, borderpad=0, handlelength=1.6,
                  columnspacing=1.2, labelspacing=0.35)


def _shorten(text: str, width: float, measure: Callable[[str], float]) -> str:
    """`text` cut at a word so that it fits `width` inches, ending with "…" when cut. Grows from the front:
    measuring a long string is what costs."""
    words = text.split()
    fitted = words[0] if words else ""
    for k in range(2, len(words) + 1):
        whole = k == len(words)
        candidate = " ".join(words[:k]) + ("" if whole else "…")
        if measure(candidate) > width:
            break
        fitted = candidate if whole else " ".join(words[:k])
    else:
        return fitted
    return fitted.rstrip(",;:.") + "…"


def _wrap(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Greedy word wrap to `width` inches as measured in the chart's own font."""
    lines: list[str] = []
    for word in text.split():
        if lines and measure(f"{lines[-1]} {word}") <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [""]
