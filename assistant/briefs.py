"""Agency briefs for outreach staff: what an agency owes under the plan, by when, and who it is today.

Every sentence is composed from a task record and names the section it comes from, so a press officer
can paste it and a reader can check it against the plan.
"""

import io
from dataclasses import dataclass
from datetime import date

from .explorer import TaskView, agency_names_for, explore
from .index import PlanIndex
from .successors import Successors

__all__ = ["AgencyBrief", "agency_brief", "brief_markdown", "brief_docx"]


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


def paragraph(view: TaskView, role: str) -> str:
    """One plain-language paragraph, every fact from the record, ending with its source."""
    actors = "; ".join(f"{name} {view.successor_notes[name]}" if name in view.successor_notes else name
                       for name in view.lead)
    partners = "; ".join(view.coordinators)
    verb = "chủ trì" if role == "lead" else "phối hợp thực hiện"
    who = actors if role == "lead" else f"{partners} (chủ trì: {actors})"
    return (f"{who} {verb} nhiệm vụ: {view.summary.rstrip('.')}. Phối hợp: {partners}. "
            f"Thời gian thực hiện: {view.timeframe.text}{_status_suffix(view)}. "
            f"Nguồn: {view.doc_id}, mục {view.section}.")


def brief_markdown(brief: AgencyBrief) -> str:
    lines = [f"# {brief.agency}", "",
             f"Tình hình đến ngày {brief.as_of:%d/%m/%Y}; văn bản: {', '.join(brief.doc_ids) or 'không có'}."]
    for note in (brief.successor_note and f"{brief.agency} {brief.successor_note}.", brief.predecessor_note):
        if note:
            lines += ["", f"> {note}"]
    for title, views, role in (("Nhiệm vụ chủ trì", brief.lead, "lead"),
                               ("Nhiệm vụ phối hợp", brief.coordination, "coordination")):
        lines += ["", f"## {title} ({len(views)})", ""]
        if not views:
            lines.append("Không có.")
        for view in views:
            lines += [f"### {view.doc_id} {view.section} — {view.status_label}", "",
                      f"- Chủ trì: {'; '.join(view.lead)}", f"- Phối hợp: {'; '.join(view.coordinators)}",
                      f"- Thời gian thực hiện: {view.timeframe.text}", "", paragraph(view, role), ""]
    return "\n".join(lines).rstrip() + "\n"


def brief_docx(brief: AgencyBrief) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(brief.agency, level=1)
    document.add_paragraph(f"Tình hình đến ngày {brief.as_of:%d/%m/%Y}; văn bản: {', '.join(brief.doc_ids)}.")
    for note in (brief.successor_note and f"{brief.agency} {brief.successor_note}.", brief.predecessor_note):
        if note:
            document.add_paragraph(note, style="Intense Quote")
    for title, views, role in (("Nhiệm vụ chủ trì", brief.lead, "lead"),
                               ("Nhiệm vụ phối hợp", brief.coordination, "coordination")):
        document.add_heading(f"{title} ({len(views)})", level=2)
        if not views:
            document.add_paragraph("Không có.")
        for view in views:
            document.add_heading(f"{view.doc_id} {view.section} — {view.status_label}", level=3)
            table = document.add_table(rows=3, cols=2)
            table.style = "Light Grid Accent 1"
            for row, (label, value) in zip(table.rows, (("Chủ trì", "; ".join(view.lead)),
                                                        ("Phối hợp", "; ".join(view.coordinators)),
                                                        ("Thời gian thực hiện", view.timeframe.text)), strict=True):
                row.cells[0].text, row.cells[1].text = label, value
            document.add_paragraph(paragraph(view, role))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _status_suffix(view: TaskView) -> str:
    return "" if view.status_label.lower() == view.timeframe.text.lower() else f" ({view.status_label.lower()})"
