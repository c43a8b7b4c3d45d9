"""Task records: a section that names a lead agency, read into lead, coordinators and timeframe."""

import re

from pydantic import BaseModel

from .agencies import find_agencies, split_agencies
from .structure import Section

__all__ = ["Timeframe", "TaskRecord", "parse_timeframe", "build_tasks", "agency_mentions"]


class Timeframe(BaseModel):
    text: str
    start: int | None = None
    end: int | None = None
    recurring: bool = False


class TaskRecord(BaseModel):
    doc_id: str
    section: str
    summary: str
    lead: list[str]
    coordinators: list[str]
    timeframe: Timeframe


_RECURRING = re.compile(r"thường xuyên|hằng năm|hàng năm|định kỳ", re.I)
_OPEN_END = re.compile(r"(?:và\s+)?(?:những|các)\s+năm\s+tiếp\s+theo|trở\s+đi", re.I)
_FROM = re.compile(r"(?<!\w)từ\s+(?:năm\s+)?(?:19|20)\d\d", re.I)
_UNTIL = re.compile(r"(?<!\w)(?:đến|trước|chậm nhất)\s+(?:(?:ngày|tháng|quý)\s+\S+\s+)?(?:năm\s+)?(?:19|20)?\d", re.I)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def parse_timeframe(text: str) -> Timeframe:
    """"Thường xuyên" → recurring; "Năm 2021 và những năm tiếp theo" / "Từ năm 2023" → open end;
    "giai đoạn 2021 – 2025" / "Năm 2022-2030" → 2021/2025, 2022/2030; "Năm 2025" → 2025/2025;
    "Đến năm 2030" → no start, end 2030."""
    years = [int(y) for y in _YEAR.findall(text)]
    if _RECURRING.search(text) and not years:
        return Timeframe(text=text, recurring=True)
    if not years:
        return Timeframe(text=text)
    start, end = min(years), max(years)
    if _OPEN_END.search(text) or (len(years) == 1 and _FROM.search(text)):
        return Timeframe(text=text, start=start, end=None)
    if len(years) == 1 and _UNTIL.search(text):
        return Timeframe(text=text, start=None, end=end)
    return Timeframe(text=text, start=start, end=end)


def _lead_list(field_text: str) -> list[str]:
    """Named agencies lead; a class of bodies leads only when no agency is named (II.5.o)."""
    matches = find_agencies(field_text, expand=False)
    named = [m.agency.name for m in matches if not m.agency.group]
    groups = [m.agency.name for m in matches if m.agency.group]
    chosen = named or groups
    return list(dict.fromkeys(chosen)) if chosen else split_agencies(field_text)


def _summary(section: Section) -> str:
    """The task's own sentence: the lettered item's text, or the first paragraph under a numbered one."""
    body = section.body
    if section.kind == "letter" or not body:
        return section.title
    return _BULLET_PREFIX.sub("", body[0])


_BULLET_PREFIX = re.compile(r"^[-+•*]\s*")


def build_tasks(sections: list[Section]) -> list[TaskRecord]:
    """One record per section that has a lead field, in document order."""
    return [
        TaskRecord(
            doc_id=section.doc_id,
            section=section.id,
            summary=_summary(section),
            lead=_lead_list(section.fields["lead"]),
            coordinators=split_agencies(section.fields.get("coordinators", "")),
            timeframe=parse_timeframe(section.fields.get("timeframe", "")),
        )
        for section in sections
        if "lead" in section.fields
    ]


def agency_mentions(sections: list[Section]) -> dict[str, list[str]]:
    """Agency name → ids of sections that give it a duty other than leading or coordinating a task:
    obligations in III Kinh phí, IV Tổ chức…, and a class of bodies named in a lead line beside the lead
    (II.1: "Sở TT&TT chỉ đạo …; các sở, ban ngành, UBND các huyện … thực hiện tuyên truyền …")."""
    found: dict[str, list[str]] = {}
    for section in sections:
        if section.kind in ("preamble", "closing"):
            continue
        if "lead" in section.fields:
            leads = set(_lead_list(section.fields["lead"]))
            matches = [m for m in find_agencies(section.fields["lead"], expand=False) if m.agency.name not in leads]
        else:
            matches = find_agencies(section.text, expand=False)
        for match in matches:
            ids = found.setdefault(match.agency.name, [])
            if section.id not in ids:
                ids.append(section.id)
    return found

