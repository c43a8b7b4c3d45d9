"""Agency briefs for outreach staff: what an agency owes under the plan, by when, and who it is today.

Every sentence is composed from a task record and names the section it comes from, so a press officer
can paste it and a reader can check it against the plan.
"""

from dataclasses import dataclass
from datetime import date

from .explorer import TaskView, agency_names_for, explore
from .index import PlanIndex
from .successors import Successors

__all__ = ["AgencyBrief", "agency_brief", "brief_markdown", "paragraph", "plan_name", "task_title"]


@dataclass(frozen=True)
class AgencyBrief:
    agency: str
    as_of: date
    names: list[str]  # as Plan 83 writes it, including predecessors
    successor_note: str | None  # "(nay là …)" when the asked agency was reorganized
    predecessor_note: str | None  # when the asked agency took over others' tasks
    lead: list[TaskView]
    coordination: list[TaskView]
    doc_ids: list[str]


def agency_brief(index: PlanIndex, successors: Successors, agency: str, as_of: date | None = None) -> AgencyBrief:
    as_of = as_of or date.today()
    canonical, names = agency_names_for(agency, successors)
    all_views = explore(index.tasks, successors, as_of=as_of, agency=agency)
    lead = [v for v in all_views if names & set(v.lead)]
    coordination = [v for v in all_views if v not in lead]
    predecessors = sorted(names - {canonical})
    return AgencyBrief(
        agency=canonical,
        as_of=as_of,
        names=sorted(names),
        successor_note=successors.note_for(canonical),
        predecessor_note=(f"{canonical} tiếp nhận nhiệm vụ của {', '.join(predecessors)} theo sắp xếp năm 2025."
                          if predecessors else None),
        lead=lead,
        coordination=coordination,
        doc_ids=sorted({v.doc_id for v in all_views}),
    )


def plan_name(doc_ids: list[str]) -> str:
    """How prose names the source: "Kế hoạch số 83/KH-UBND" (Vietnamese documents say the kind and "số")."""
    kinds = {"KH": "Kế hoạch", "QĐ": "Quyết định", "CT": "Chỉ thị", "NQ": "Nghị quyết"}
    names = []
    for doc_id in doc_ids or ["83/KH-UBND"]:
        symbol = doc_id.split("/", 1)[-1].split("-", 1)[0]
        names.append(f"{kinds.get(symbol, 'văn bản')} số {doc_id}")
    return ", ".join(names)


def task_title(view: TaskView, longest: int = 90) -> str:
    """"II.3.d — Xây dựng, triển khai và ứng dụng hệ thống cơ sở dữ liệu…": the section and what the task
    is, cut at a word so that a heading stays within two lines."""
    summary = view.summary.rstrip(".")
    if len(summary) > longest:
        summary = summary[:longest].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return f"{view.section} — {summary}"


def _named(view: TaskView, names: list[str], mid_sentence: bool = False) -> str:
    """Agencies as the plan writes them, each reorganized one followed by "(nay là …)"; a class of bodies
    ("Các sở, ngành liên quan") in lower case inside a sentence."""
    def one(name: str) -> str:
        if mid_sentence and name.startswith("Các "):
            name = "c" + name[1:]
        return f"{name} {view.successor_notes[name]}" if name in view.successor_notes else name

    return "; ".join(one(name) for name in names)


def paragraph(view: TaskView, role: str, agency_names: set[str] | None = None) -> str:
    """One plain-language paragraph, every fact from the record, ending with its source. For a task the
    agency (known by any of `agency_names`) coordinates, the sentence is about that agency and the lead."""
    task = f"“{view.summary.rstrip('.')}”"
    if role == "lead":
        partners = f", phối hợp với {_named(view, view.coordinators, True)}" if view.coordinators else ""
        sentence = f"{_named(view, view.lead)} chủ trì thực hiện nhiệm vụ {task}{partners}."
    else:
        own = [name for name in view.coordinators if agency_names and name in agency_names] or view.coordinators
        sentence = f"{_named(view, own)} phối hợp với {_named(view, view.lead, True)} (chủ trì) thực hiện nhiệm vụ {task}."
    return (f"{sentence} Thời gian thực hiện: {view.timeframe.text}{_status_suffix(view)}. "
            f"Nguồn: {plan_name([view.doc_id])}, mục {view.section}.")


def brief_markdown(brief: AgencyBrief) -> str:
    lines = [f"# {brief.agency}", "",
             f"Nhiệm vụ theo {plan_name(brief.doc_ids)}; trạng thái tính đến ngày {brief.as_of:%d/%m/%Y}."]
    for note in (brief.successor_note and f"{brief.agency} {brief.successor_note}.", brief.predecessor_note):
        if note:
            lines += ["", f"> {note}"]
    for title, views, role in (("Nhiệm vụ chủ trì", brief.lead, "lead"),
                               ("Nhiệm vụ phối hợp", brief.coordination, "coordination")):
        lines += ["", f"## {title} ({len(views)})", ""]
        if not views:
            lines.append("Không có.")
        for view in views:
            lines += [f"### {task_title(view)} ({view.status_label.lower()})", "",
                      f"- Chủ trì: {_named(view, view.lead)}", f"- Phối hợp: {_named(view, view.coordinators)}",
                      f"- Thời gian thực hiện: {view.timeframe.text}", "",
                      paragraph(view, role, set(brief.names)), ""]
    return "\n".join(lines).rstrip() + "\n"


def _status_suffix(view: TaskView) -> str:
    return "" if view.status_label.lower() == view.timeframe.text.lower() else f" ({view.status_label.lower()})"
