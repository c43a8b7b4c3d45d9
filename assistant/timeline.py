"""A Gantt-style chart of the plan's tasks over 2021–2030, one row per task, grouped by lead agency.

Bars are coloured by status on `as_of` (status.py); recurring tasks are a hatched bar across the whole plan,
open-ended ones fade out towards 2030 with an arrow. A task with several leads sits under its first lead,
the others named on its bar. matplotlib is imported inside the functions and draws on an explicit Agg
canvas: importing this module changes no global state, and pyplot's figure registry is never touched.
"""

import io
import textwrap
import threading
from datetime import date
from typing import TYPE_CHECKING

from .status import TaskStatus, status_of
from .tasks import TaskRecord

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["timeline_svg", "timeline_png", "TITLE", "FIRST_YEAR", "LAST_YEAR"]

TITLE = "Tiến độ các nhiệm vụ của Kế hoạch 83/KH-UBND"
FIRST_YEAR, LAST_YEAR = 2021, 2030
_END = LAST_YEAR + 1  # a year is the span [year, year + 1)
_COLOURS = {TaskStatus.not_started: "#9ecae1", TaskStatus.in_progress: "#2171b5", TaskStatus.ended: "#969696",
            TaskStatus.open_ended: "#238b45", TaskStatus.recurring: "#fdae6b", TaskStatus.unknown: "#d9d9d9"}
_RC = {"font.family": "DejaVu Sans", "svg.fonttype": "none", "svg.hashsalt": "plan-83"}
_GAP = 0.5  # blank rows between agencies
_LOCK = threading.Lock()  # rc_context edits matplotlib's global rcParams; one chart at a time


def timeline_svg(tasks: list[TaskRecord], as_of: date | None = None) -> bytes:
    """SVG with real <text> elements (searchable, selectable), rendered for DejaVu Sans."""
    return _render(tasks, as_of or date.today(), "svg")


def timeline_png(tasks: list[TaskRecord], as_of: date | None = None) -> bytes:
    return _render(tasks, as_of or date.today(), "png")


def _render(tasks: list[TaskRecord], as_of: date, fmt: str) -> bytes:
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with _LOCK, matplotlib.rc_context(_RC):
        groups = _by_first_lead(tasks)
        rows = sum(len(g) for g in groups.values()) + _GAP * len(groups) + 1  # + the "Hôm nay" row
        figure = Figure(figsize=(13, 1.7 + 0.3 * rows), dpi=110)
        FigureCanvasAgg(figure)
        _draw(figure, groups, as_of)
        buffer = io.BytesIO()
        figure.savefig(buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
        return buffer.getvalue()


def _by_first_lead(tasks: list[TaskRecord]) -> dict[str, list[TaskRecord]]:
    groups: dict[str, list[TaskRecord]] = {}
    for task in tasks:
        groups.setdefault(task.lead[0] if task.lead else "Không rõ đơn vị chủ trì", []).append(task)
    return groups


def _draw(figure: "Figure", groups: dict[str, list[TaskRecord]], as_of: date) -> None:
    from matplotlib.transforms import offset_copy

    axes = figure.add_axes((0.30, 0.85 / figure.get_figheight(), 0.66, 1 - 1.55 / figure.get_figheight()))
    beside_ids = offset_copy(axes.get_yaxis_transform(), fig=figure, x=-44, units="points")
    ticks, labels, y = [], [], 1.0  # row 0 holds the "Hôm nay" label
    for n, (agency, group) in enumerate(groups.items()):
        top = y
        for task in group:
            _bar(axes, task, y, status_of(task, as_of))
            ticks.append(y)
            labels.append(task.section)
            y += 1
        if n % 2 == 0:
            axes.axhspan(top - 0.5 - _GAP / 2, y - 0.5 + _GAP / 2, color="#f2f2f2", zorder=0)
        axes.text(0, (top + y - 1) / 2, _wrap(agency), transform=beside_ids,
                  ha="right", va="center", fontsize=8.5, linespacing=1.15)
        y += _GAP
    axes.set_yticks(ticks, labels, fontsize=8)
    axes.set_ylim(y - 0.5, -0.5)
    axes.set_xlim(FIRST_YEAR, _END)
    axes.set_xticks(range(FIRST_YEAR, _END + 1), [""] * (_END + 1 - FIRST_YEAR))
    axes.set_xticks([year + 0.5 for year in range(FIRST_YEAR, _END)],
                    [str(year) for year in range(FIRST_YEAR, _END)], minor=True)
    axes.tick_params(axis="x", which="minor", length=0, labelsize=9, labeltop=True)
    axes.grid(axis="x", which="major", color="#cccccc", linewidth=0.6)
    axes.set_axisbelow(True)
    _today(axes, as_of)
    figure.suptitle(f"{TITLE} ({FIRST_YEAR}–{LAST_YEAR})", fontsize=13, fontweight="bold", y=0.995)
    figure.text(0.5, 1 - 0.42 / figure.get_figheight(),
                f"theo đơn vị chủ trì; trạng thái tại ngày {as_of:%d/%m/%Y}", ha="center", fontsize=9.5)
    _legend(figure)


def _bar(axes: "Axes", task: TaskRecord, y: float, status: TaskStatus) -> None:
    """The task's bar, with its timeframe as written (and any co-leads) on it."""
    frame, colour = task.timeframe, _COLOURS[status]
    if frame.start is None and frame.end is None and not frame.recurring:
        axes.text(FIRST_YEAR + 0.1, y, "không rõ thời gian", va="center", fontsize=7.5, style="italic")
        return
    start = FIRST_YEAR if frame.start is None else max(frame.start, FIRST_YEAR)
    if frame.recurring:
        axes.barh(y, _END - FIRST_YEAR, left=FIRST_YEAR, height=0.6, facecolor=colour, alpha=0.55,
                  hatch="///", edgecolor="#e6550d", linewidth=0.6)
    elif frame.end is None:
        _fading_bar(axes, y, start, colour)
    else:
        axes.barh(y, max(min(frame.end + 1, _END) - start, 0.1), left=start, height=0.6, color=colour)
    label = frame.text + (f"  ·  cùng chủ trì: {'; '.join(task.lead[1:])}" if len(task.lead) > 1 else "")
    dark = status in (TaskStatus.in_progress, TaskStatus.open_ended)
    backing = {"facecolor": "white", "alpha": 0.75, "linewidth": 0, "pad": 0.5} if frame.recurring else None
    axes.text(start + 0.08, y, label, va="center", fontsize=7, color="white" if dark else "#222222",
              clip_on=True, bbox=backing, zorder=6)


def _fading_bar(axes: "Axes", y: float, start: float, colour: str, steps: int = 12) -> None:
    """Solid, then fading to nothing before the chart's end, then an arrow: the plan states no end."""
    solid = max(start + 1, _END - 2.5)
    axes.barh(y, solid - start, left=start, height=0.6, color=colour)
    width = (_END - 0.25 - solid) / steps
    for k in range(steps):
        axes.barh(y, width, left=solid + k * width, height=0.6, color=colour, alpha=1 - (k + 1) / (steps + 1),
                  linewidth=0)
    axes.plot([_END - 0.12], [y], marker=">", color=colour, markersize=7, clip_on=False)


def _today(axes: "Axes", as_of: date) -> None:
    days_in_year = date(as_of.year, 12, 31).timetuple().tm_yday
    x = as_of.year + (as_of.timetuple().tm_yday - 1) / days_in_year
    if FIRST_YEAR <= x <= _END:
        axes.axvline(x, color="#cb181d", linewidth=1.4, zorder=5)
        left = x < _END - 1.5
        label = "Hôm nay" if as_of == date.today() else "Ngày tham chiếu"
        axes.text(x + (0.05 if left else -0.05), 0, f"{label} ({as_of:%d/%m/%Y})", color="#cb181d", fontsize=8,
                  va="center", ha="left" if left else "right")


def _wrap(name: str, longest: int = 40) -> str:
    """Fewest lines of at most `longest` characters, balanced, so no line is a lone "thôn"."""
    lines = len(textwrap.wrap(name, longest))
    width = max(len(name) // lines, 1)
    while len(textwrap.wrap(name, width)) > lines:
        width += 1
    return textwrap.fill(name, width)


def _legend(figure: "Figure") -> None:
    from matplotlib.patches import Patch

    handles = [Patch(facecolor=_COLOURS[TaskStatus.recurring], alpha=0.55, hatch="///", edgecolor="#e6550d",
                     label=TaskStatus.recurring.label)]
    handles += [Patch(color=_COLOURS[s], label=s.label) for s in
                (TaskStatus.not_started, TaskStatus.in_progress, TaskStatus.ended)]
    handles.append(Patch(color=_COLOURS[TaskStatus.open_ended], label=TaskStatus.open_ended.label + " ▶"))
    figure.legend(handles=handles, loc="lower center", ncols=5, fontsize=8.5, frameon=False,
                  bbox_to_anchor=(0.5, 0.1 / figure.get_figheight()))
