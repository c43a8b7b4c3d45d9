"""Parse a Vietnamese administrative or legal text into its tree of sections.

Recognized headings, outermost first: Phụ lục; Phần; Chương; Mục N; Điều N; Roman numerals (II.);
numbers (5.) and dotted numbers (1.1.); lettered items in the Vietnamese alphabet (k)). Lines such as
"- Đơn vị chủ trì: …" become fields of the section they close. Ids are canonical paths: "II.5.k",
"Điều 2.1.a", "Phụ lục I.1"; the text before the first heading is "preamble", from "Nơi nhận:" on "closing"
(until an appendix, which follows the signature).
"""

import re
from dataclasses import dataclass, field

from .vntext import clean_text

__all__ = ["Section", "parse_sections", "FIELD_NAMES"]

FIELD_NAMES = ("lead", "coordinators", "timeframe")

_ROMAN = r"(?=[IVX])(?:X{0,3})(?:IX|IV|V?I{0,3})"  # never empty: "Chương trình", "Mục tiêu" are words
_LETTERS = "abcdđefghiklmnopqrstuvxy"

# (kind, rank, pattern): a lower rank is an outer level. Groups: label, title.
_HEADINGS: list[tuple[str, int, re.Pattern[str]]] = [
    ("appendix", 0, re.compile(r"^(PHỤ LỤC|Phụ lục)(?:\s+(" + _ROMAN + r"|\d+))?\b\s*[.:\-–]?\s*(.*)$")),
    ("part", 1, re.compile(r"^(?:PHẦN|Phần)\s+(" + _ROMAN + r"|\d+|THỨ\s+\S+|thứ\s+\S+)\b\s*[.:\-–]?\s*(.*)$")),
    ("chapter", 2, re.compile(r"^(?:CHƯƠNG|Chương)\s+(" + _ROMAN + r"|\d+)\b\s*[.:\-–]?\s*(.*)$")),
    ("mục", 3, re.compile(r"^(?:MỤC|Mục)\s+(\d+|" + _ROMAN + r")\b\s*[.:\-–]?\s*(.*)$")),
    ("article", 4, re.compile(r"^Điều\s+(\d+)\s*[.:]\s*(.*)$")),
    ("roman", 5, re.compile(r"^(" + _ROMAN + r")[.)]\s+(\S.*)$")),
    ("dotted", 6, re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?\s+(\S.*)$")),
    ("number", 6, re.compile(r"^(\d{1,2})[.)]\s+(\S.*)$")),
    ("letter", 20, re.compile(r"^([" + _LETTERS + r"])\)\s+(\S.*)$")),
]
_ID_PREFIX = {"appendix": "Phụ lục", "part": "Phần", "chapter": "Chương", "mục": "Mục", "article": "Điều"}

_BULLET = re.compile(r"^[-+•*–]\s*")
_FIELDS = [
    ("lead", re.compile(r"^(?:(?:Đơn vị|Cơ quan)\s+)?chủ trì(?:\s+thực hiện)?\s*:\s*(.+)$", re.I)),
    ("coordinators", re.compile(r"^(?:(?:Đơn vị|Cơ quan)\s+)?phối hợp(?:\s+thực hiện)?\s*:\s*(.+)$", re.I)),
    ("timeframe", re.compile(
        r"^(?:Thời gian thực hiện|Thời gian hoàn thành|Thời hạn hoàn thành|Thời hạn|Thời gian)\s*:\s*(.+)$",
        re.I,
    )),
]
_CLOSING = re.compile(r"^Nơi nhận\s*:", re.I)


@dataclass
class Section:
    """One node of the tree. `lines` are the body lines as written (after NFC and whitespace cleanup)."""

    doc_id: str
    id: str
    kind: str
    label: str
    title: str
    parent: str | None
    heading: str = ""
    lines: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)
    field_lines: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n".join(([self.heading] if self.heading else []) + self.lines)

    @property
    def has_content(self) -> bool:
        """False for a bare heading ("II. NỘI DUNG THỰC HIỆN"), whose words belong to its children."""
        return bool(self.lines) or len(self.title) > 80

    @property
    def quotable_lines(self) -> list[str]:
        """Lines a quote may be taken from: the body, and the heading when it is itself a provision."""
        return ([self.heading] if len(self.title) > 80 or not self.lines else []) + self.lines

    @property
    def body(self) -> list[str]:
        """Body lines that are not field lines."""
        field_lines = set(self.field_lines.values())
        return [line for line in self.lines if line not in field_lines]


def _match_heading(line: str) -> tuple[str, int, str, str] | None:
    for kind, rank, pattern in _HEADINGS:
        match = pattern.match(line)
        if not match:
            continue
        groups = [g for g in match.groups()]
        if kind == "appendix":
            label, title = groups[1] or "", groups[2]
        else:
            label, title = groups[0], groups[-1]
        if kind == "roman" and not label:
            continue
        if kind == "dotted":
            rank += label.count(".")
        return kind, rank, label.strip(), title.strip()
    return None


def _match_field(line: str) -> tuple[str, str] | None:
    stripped = _BULLET.sub("", line)
    for name, pattern in _FIELDS:
        match = pattern.match(stripped)
        if match:
            return name, match.group(1).strip().rstrip(".").strip()
    return None


def _inline(section: Section) -> bool:
    """A numbered item that is one provision written on its heading line, with nothing under it."""
    return section.kind in ("number", "dotted", "letter") and not section.lines and len(section.title) > 80


def _ends_inline_run(current: Section, sections: list[Section], line: str) -> bool:
    if not (_inline(current) and current.parent) or _BULLET.match(line) or _match_field(line):
        return False
    siblings = [s for s in sections if s.parent == current.parent and s is not current]
    return bool(siblings) and all(_inline(s) for s in siblings)


def parse_sections(doc_id: str, text: str) -> list[Section]:
    """All sections of `text` in document order; the first is always the preamble."""
    preamble = Section(doc_id, "preamble", "preamble", "", "Phần mở đầu", None)
    sections = [preamble]
    stack: list[tuple[int, Section]] = []  # (rank, section) of the open headings
    current = preamble
    seen: set[str] = set()

    for raw in clean_text(text).split("\n"):
        line = re.sub(r"^#+\s*", "", raw)
        if not line:
            continue
        if current.kind != "closing" and _CLOSING.match(line):
            current = Section(doc_id, "closing", "closing", "", "Nơi nhận và chữ ký", None, heading=line)
            sections.append(current)
            stack = []
            continue
        heading = _match_heading(line)
        if heading and current.kind == "closing" and heading[0] != "appendix":
            heading = None  # after the signature only an appendix ("PHỤ LỤC I") opens a new section
        if heading:
            kind, rank, label, title = heading
            while stack and stack[-1][0] >= rank:
                stack.pop()
            parent = stack[-1][1] if stack else None
            if kind == "dotted":  # "1.1." hangs under the nearest level above numbers, whole label kept
                anchor = next((s for r, s in reversed(stack) if r < 6), None)
                section_id = f"{anchor.id}.{label}" if anchor else label
            else:
                part = f"{_ID_PREFIX[kind]} {label}".strip() if kind in _ID_PREFIX else label
                section_id = f"{parent.id}.{part}" if parent else part
            base, n = section_id, 2
            while section_id in seen:
                section_id, n = f"{base}#{n}", n + 1
            seen.add(section_id)
            current = Section(doc_id, section_id, kind, label, title, parent.id if parent else None, heading=line)
            sections.append(current)
            stack.append((rank, current))
            continue
        if _ends_inline_run(current, sections, line):
            # "4. Định kỳ … ." then "Trong quá trình tổ chức thực hiện …": numbered paragraphs that are each
            # one provision, then a plain paragraph: it closes their part, not the last item
            while stack and stack[-1][1] is not current:
                stack.pop()
            stack.pop()
            current = next(s for s in sections if s.id == current.parent)
        current.lines.append(line)
        found = _match_field(line) if current.kind not in ("preamble", "closing") else None
        if found and found[0] not in current.fields:
            current.fields[found[0]] = found[1]
            current.field_lines[found[0]] = line
    return sections
