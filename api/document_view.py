"""View model of the document viewer: sections, lines and the cited quote marked server-side.

A quote is marked in the section(s) that hold most of its lines; the URL fragment (the cited section) never
reaches the server, so CSS (`:target`) emphasizes the cited one when several do.
"""

import unicodedata
from dataclasses import dataclass

from assistant.documents import DocumentMeta
from assistant.index import PlanIndex
from assistant.structure import Section

MAX_QUOTE_CHARS = 5000
PAGE_CHARS = 60_000  # a viewer page holds whole sections up to about this much text (~30 printed pages)
MIN_PARTIAL_CHARS = 12  # a shorter quote line is marked only where it is a whole line
PROSE_TITLE_CHARS = 80  # a section title longer than this reads as a sentence, not a heading

Segment = tuple[str, bool]  # (text, marked)


@dataclass(frozen=True)
class Line:
    segments: list[Segment]
    field: str | None = None  # "lead", "coordinators" or "timeframe" for a task's field line

    @property
    def marked(self) -> bool:
        return any(marked for _, marked in self.segments)


@dataclass(frozen=True)
class SectionView:
    id: str
    kind: str
    title: str
    heading_text: str
    depth: int
    heading: Line | None
    lines: list[Line]
    has_children: bool = False

    @property
    def as_paragraph(self) -> bool:
        """A long "heading" that heads nothing ("1. Thủ trưởng các sở, ban, ngành … để tổng hợp.") is a
        numbered paragraph of the plan: shown as text, not as a big bold heading."""
        return len(self.title) > PROSE_TITLE_CHARS and not self.has_children

    @property
    def marked(self) -> bool:
        return any(line.marked for line in ([self.heading] if self.heading else []) + self.lines)

    @property
    def label(self) -> str:
        """How a reader refers to it: "mục II.5.g", or "Phần mở đầu" rather than "mục preamble"."""
        return section_label(self.id, self.kind, self.title)


def section_label(section_id: str, kind: str, title: str) -> str:
    return title if kind in ("preamble", "closing") else f"mục {section_id}"


def slug_of(doc_id: str) -> str:
    return doc_id.replace("/", "-")


def quote_lines(quote: str | None) -> set[str]:
    """The non-empty trimmed lines of a `?quote=` value (a quote may span lines joined by "\\n")."""
    if not quote:
        return set()
    text = unicodedata.normalize("NFC", quote[:MAX_QUOTE_CHARS])
    return {line.strip() for line in text.splitlines() if line.strip()}


def highlight(line: str, quotes: set[str]) -> list[Segment]:
    """`line` cut into segments, those matching a quote line marked: the whole line when it equals one
    (after trimming), else every occurrence of a quote line long enough not to match by chance."""
    if line.strip() in quotes:
        return [(line, True)]
    spans = sorted(
        (start, start + len(quote))
        for quote in quotes if len(quote) >= MIN_PARTIAL_CHARS
        for start in _occurrences(line, quote)
    )
    segments: list[Segment] = []
    position = 0
    for start, end in spans:
        if end <= position:
            continue
        start = max(start, position)
        if start > position:
            segments.append((line[position:start], False))
        segments.append((line[start:end], True))
        position = end
    if position < len(line):
        segments.append((line[position:], False))
    return segments or [(line, False)]


def _occurrences(text: str, part: str) -> list[int]:
    found, start = [], text.find(part)
    while start != -1:
        found.append(start)
        start = text.find(part, start + len(part))
    return found


def _matched_quotes(section: Section, quotes: set[str]) -> int:
    """How many of the quote's lines this section contains."""
    lines = [line.strip() for line in ([section.heading] if section.heading else []) + section.lines]
    return sum(1 for quote in quotes
               if quote in lines or (len(quote) >= MIN_PARTIAL_CHARS and any(quote in line for line in lines)))


def paginate(sections: list[Section], page_chars: int = PAGE_CHARS) -> list[list[Section]]:
    """Whole sections in order, cut into pages of about `page_chars` characters: a long uploaded document
    no longer makes one enormous page."""
    pages: list[list[Section]] = []
    current: list[Section] = []
    size = 0
    for section in sections:
        length = len(section.heading or section.title) + sum(len(line) for line in section.lines)
        if current and size + length > page_chars:
            pages.append(current)
            current, size = [], 0
        current.append(section)
        size += length
    return pages + [current] if current else pages


def _document_sections(index: PlanIndex, doc_id: str, quotes: set[str],
                       page: int | None) -> tuple[list[SectionView], int, int]:
    """The sections of one page of a document in order, with the page number and the page count; the quote
    is marked in the section(s) holding most of its lines ("- Thời gian thực hiện: Năm 2022-2030." alone
    is in many sections; with its task's heading, in one), and without a page asked for, the page shown is
    the one where it is marked."""
    sections = [s for (d, _), s in index.sections.items() if d == doc_id]  # document order
    by_id = {s.id: s for s in sections}
    scores = {s.id: _matched_quotes(s, quotes) for s in sections} if quotes else {}
    best = max(scores.values(), default=0)
    pages = paginate(sections) or [[]]
    if page is None:
        page = next((n for n, part in enumerate(pages, 1) if best and any(scores[s.id] == best for s in part)), 1)
    page = min(max(page, 1), len(pages))

    def depth(section: Section) -> int:
        n, parent = 0, section.parent
        while parent in by_id:
            n, parent = n + 1, by_id[parent].parent
        return n

    parents = {s.parent for s in sections}
    views = []
    for section in pages[page - 1]:
        marks = quotes if best and scores[section.id] == best else set()
        field_of = {line: name for name, line in section.field_lines.items()}
        heading = Line(highlight(section.heading, marks)) if section.heading else None
        lines = [Line(highlight(line, marks), field_of.get(line)) for line in section.lines]
        views.append(SectionView(section.id, section.kind, section.title, section.heading or section.title,
                                 depth(section), heading, lines, section.id in parents))
    return views, page, len(pages)


@dataclass(frozen=True)
class DocumentView:
    doc: DocumentMeta
    sections: list[SectionView]  # empty: the text is not loaded
    quoted: bool  # a ?quote= was given
    cited_in: list[tuple[str, str, str]]  # (doc_id, section_id, label) of the sections citing this document
    page: int = 1
    pages: int = 1

    @property
    def marked(self) -> list[SectionView]:
        return [s for s in self.sections if s.marked]


def document_view(index: PlanIndex, slug: str, quote: str | None = None,
                  page: int | None = None) -> DocumentView | None:
    """Page `page` of the document `slug` ("83-KH-UBND") ready to render, the quote marked (by default the
    page showing it); None when the document is unknown."""
    wanted = slug.strip().casefold()
    doc = next((d for d in index.documents if slug_of(d.id).casefold() == wanted), None)
    if doc is None:
        return None
    quotes = quote_lines(quote)
    cited_in = []
    for reference in index.citations_of.get(doc.id, []):
        doc_id, section_id = reference.split(" ", 1)
        section = index.section(doc_id, section_id)
        cited_in.append((doc_id, section_id, section_label(section_id, section.kind, section.title)
                         if section else f"mục {section_id}"))
    sections, page, pages = _document_sections(index, doc.id, quotes, page)
    return DocumentView(doc, sections, bool(quotes), cited_in, page, pages)


def loaded_documents(index: PlanIndex) -> list[tuple[DocumentMeta, bool]]:
    """Every document of the manifest, with whether its text is loaded."""
    loaded = {doc_id for doc_id, _ in index.sections}
    return [(doc, doc.id in loaded) for doc in index.documents]
