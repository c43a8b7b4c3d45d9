"""Compose a grounded answer: every sentence is read from a task record or quoted from a section.

Flow: validate → detect intent → pick the records (agency table, metadata, a task found by retrieval, or a
passage) → check the evidence → write Vietnamese (or English) sentences around the exact quotes. When the
evidence is weak the answer says the plan does not mention it: no agency or date is ever guessed.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel, Field

from .agencies import Agency
from .english import glossary_terms, is_english
from .errors import InvalidQuestion
from .explorer import explore
from .index import PlanIndex
from .intents import Intent, detect, search_query, topic_pairs, topic_words
from .retrieval import PlanRetriever, ScoredChunk, load_index, section_reference
from .settings import Settings, get_settings
from .status import TaskStatus
from .structure import Section
from .successors import Successors, load_successors
from .tasks import TaskRecord
from .vntext import fold, search_form

__all__ = ["Citation", "Answer", "Answerer", "Evidence", "open_answerer", "validate_question"]


class Citation(BaseModel):
    doc_id: str
    section: str
    title: str
    quote: str
    url: str


class Answer(BaseModel):
    question: str
    answer: str
    found: bool
    intent: str = Field(pattern="^(lead|coordinators|timeframe|agency_tasks|metadata|content|not_found)$")
    citations: list[Citation] = []
    tasks: list[TaskRecord] = []


def validate_question(question: str, max_chars: int) -> str:
    """The question, NFC and trimmed; an InvalidQuestion says what is wrong with it."""
    if not isinstance(question, str):
        raise InvalidQuestion("câu hỏi phải là văn bản (the question must be text)")
    question = unicodedata.normalize("NFC", question).strip()
    if not question:
        raise InvalidQuestion("câu hỏi trống: hãy nhập câu hỏi, ví dụ \"Sở nào chủ trì thương mại điện tử?\"")
    if len(question) > max_chars:
        raise InvalidQuestion(f"câu hỏi dài {len(question)} ký tự, vượt giới hạn {max_chars}: hãy rút gọn")
    bad = [ch for ch in question if unicodedata.category(ch) in ("Cc", "Cs", "Co") and ch not in "\n\t"]
    if bad:
        raise InvalidQuestion(f"câu hỏi chứa ký tự điều khiển {bad[0]!r}: hãy xóa rồi hỏi lại")
    return re.sub(r"\s+", " ", question)


@dataclass(frozen=True)
class Evidence:
    """How well a passage supports the question: used to abstain rather than guess."""

    coverage: float  # share of the question's topic words found in the passage (folded)
    pair_coverage: float  # share of its adjacent topic-word pairs found there


_BASIS = re.compile(r"(?:Thực hiện|Căn cứ)\b.*\b(?:Quyết định|Nghị quyết|Nghị định|Luật|Chỉ thị|Kế hoạch) số")
_FIELD_LABELS = {
    "vi": {"lead": "Đơn vị chủ trì", "coordinators": "Đơn vị phối hợp", "timeframe": "Thời gian thực hiện"},
    "en": {"lead": "Lead agency", "coordinators": "Coordinating bodies", "timeframe": "Timeframe"},
}


class Answerer:
    """Answers questions from one opened index; thread-safe (read-only state)."""

    def __init__(self, retriever: PlanRetriever, *, max_chars: int = 2000, min_coverage: float = 0.4,
                 min_pair_coverage: float = 0.2, candidates: int = 3, successors: Successors | None = None) -> None:
        self.retriever = retriever
        self.successors = successors or Successors([])
        self.index: PlanIndex = retriever.plan_index
        self.max_chars = max_chars
        self.min_coverage = min_coverage
        self.min_pair_coverage = min_pair_coverage
        self.candidates = candidates

    # -- entry point ---------------------------------------------------------------------------------
    def answer(self, question: str, context: list[TaskRecord] | None = None) -> Answer:
        """Answer `question`; `context` holds the tasks of the previous answer, for follow-ups."""
        question = validate_question(question, self.max_chars)
        lang = "en" if is_english(question) else "vi"
        intent = detect(question)
        if intent.agencies and not any(self._in_plan(agency) for agency in intent.agencies):
            return self._not_found(question, lang, reason="agency", agency=intent.agencies[0])
        if intent.status_query:
            return self._by_status(question, intent, lang)
        if intent.agency_tasks:
            return self._agency_tasks(question, intent, lang)
        if intent.metadata:
            return self._metadata(question, intent, lang)
        reference = section_reference(question)
        if reference:
            return self._by_reference(question, intent, reference, lang)
        if intent.fields:
            return self._task_fields(question, intent, lang, context or [])
        return self._content(question, intent, lang)

    # -- task fields ---------------------------------------------------------------------------------
    def _task_fields(self, question: str, intent: Intent, lang: str, context: list[TaskRecord]) -> Answer:
        cited = self._tasks_citing(intent.doc_numbers)
        if cited:  # "Ai chủ trì triển khai Kế hoạch 151?": the task that cites that document
            return self._fields_answer(question, intent.fields, cited, lang)
        topic = topic_words(self._topic_source(question, lang))
        if not topic and context:
            return self._fields_answer(question, intent.fields, context, lang)
        if not topic and not intent.agencies:
            return self._not_found(question, lang, reason="no_topic")
        task_sections = {(t.doc_id, t.section) for t in self.index.tasks}
        hits = [h for h in self.retriever.score(search_query(question), question=question)
                if (h.chunk.doc_id, h.chunk.section) in task_sections]
        best = self._first_supported(question, hits, lang)
        if best is None:
            return self._not_found(question, lang)
        chosen = [best] + self._equally_good(question, best, hits, lang)
        tasks = [self._task(hit.chunk.doc_id, hit.chunk.section) for hit in chosen]
        return self._fields_answer(question, intent.fields, tasks, lang)

    def _tasks_citing(self, numbers: tuple[str, ...]) -> list[TaskRecord]:
        """Tasks whose text cites a listed document by its number (74/KH-UBND in II.4.b)."""
        places = {tuple(place.split(" ", 1)) for document in self.index.documents
                  if document.id.split("/")[0] in numbers for place in self.index.citations_of.get(document.id, [])}
        return [t for t in self.index.tasks if (t.doc_id, t.section) in places]

    def _equally_good(self, question: str, best: ScoredChunk, hits: list[ScoredChunk],
                      lang: str) -> list[ScoredChunk]:
        """Other top tasks a broad question fits just as well ("AI trong y tế": II.3.d and II.5.k): as
        much of the topic in their text, and a score within 20 % of the best."""
        reference = self.evidence(question, best, lang)
        others = []
        for hit in hits[: self.candidates]:
            if hit is best or hit.chunk.section == best.chunk.section or hit.score < 0.8 * best.score:
                continue
            evidence = self.evidence(question, hit, lang)
            if (evidence.coverage >= reference.coverage and evidence.pair_coverage >= reference.pair_coverage):
                others.append(hit)
        return others

    def _fields_answer(self, question: str, fields: tuple[str, ...], tasks: list[TaskRecord], lang: str) -> Answer:
        labels = _FIELD_LABELS[lang]
        lines, citations = [], []
        for task in tasks:
            section = self._section(task.doc_id, task.section)
            head = (f"According to {task.doc_id}, section {task.section}" if lang == "en"
                    else f"Theo {task.doc_id}, mục {task.section}")
            lines.append(f"{head} («{task.summary}»):")
            citations.append(self._cite(section, section.heading if section.kind == "letter" else task.summary))
            for name in fields:
                value = section.fields.get(name)
                if value is None:
                    lines.append(f"- {labels[name]}: " + ("not stated in the plan." if lang == "en"
                                                          else "kế hoạch không nêu."))
                    continue
                lines.append(f"- {labels[name]}: {value}.")
                citations.append(self._cite(section, section.field_lines[name]))
                if name in ("lead", "coordinators"):
                    lines += [f"  ({agency} {note[1:]}" for agency in getattr(task, name)
                              if (note := self.successors.note_for(agency))]
        intent = fields[0]
        return Answer(question=question, answer="\n".join(lines), found=True, intent=intent,
                      citations=citations, tasks=tasks)

    # -- an agency's tasks ---------------------------------------------------------------------------
    def _agency_tasks(self, question: str, intent: Intent, lang: str) -> Answer:
        agency = next(a for a in intent.agencies if a.name != "UBND tỉnh" and self._in_plan(a))
        leads = [t for t in self.index.tasks if agency.name in t.lead]
        coordinates = [t for t in self.index.tasks if agency.name in t.coordinators]
        mentions = self.index.mentions.get(agency.name, [])
        lines, citations = [], []
        note = self.successors.note_for(agency.name)
        if note:
            lines.append(f"{agency.name} {note}.")
        if leads:
            lines.append(f"{agency.name} leads {len(leads)} task(s):" if lang == "en"
                         else f"{agency.name} chủ trì {len(leads)} nhiệm vụ:")
            lines += [self._task_line(t, lang) for t in leads]
            citations += [self._cite(self._section(t.doc_id, t.section),
                                     self._section(t.doc_id, t.section).field_lines["lead"]) for t in leads]
        elif not self.successors.predecessors_of(agency.name):
            lines.append(f"{agency.name} leads no task of the plan." if lang == "en"
                         else f"{agency.name} không chủ trì nhiệm vụ nào của kế hoạch.")
        elif not (coordinates or mentions):
            lines.append(f"The plan predates the 2025 reorganization and does not name {agency.name}." if lang == "en"
                         else f"Kế hoạch ban hành trước đợt sắp xếp năm 2025 nên không nêu tên {agency.name}.")
        if coordinates:
            lines.append("It coordinates in:" if lang == "en" else "Tham gia phối hợp ở:")
            lines += [self._task_line(t, lang) for t in coordinates]
            citations += [self._cite(self._section(t.doc_id, t.section),
                                     self._section(t.doc_id, t.section).field_lines["coordinators"])
                          for t in coordinates]
        if mentions:
            lines.append("Other duties:" if lang == "en" else "Trách nhiệm khác:")
            for section_id in mentions:
                section = next(s for (d, i), s in self.index.sections.items() if i == section_id)
                quote = self._best_line(section, agency.name)
                lines.append(f"- {section.id}: {quote}")
                citations.append(self._cite(section, quote))
        inherited = self._inherited(agency, lang, lines, citations)
        return Answer(question=question, answer="\n".join(lines), found=True, intent="agency_tasks",
                      citations=citations, tasks=leads + coordinates + inherited)

    def _inherited(self, agency: Agency, lang: str, lines: list[str], citations: list[Citation]) -> list[TaskRecord]:
        """Tasks of the bodies merged into `agency` in 2025 ("Sở Nông nghiệp và Môi trường" → NN&PTNT, TN&MT)."""
        inherited = []
        for entry in self.successors.predecessors_of(agency.name):
            tasks = [t for t in self.index.tasks if entry.old in t.lead]
            if not tasks:
                continue
            lines.append(f"Inherited from {entry.old} (merged into {agency.name} from {entry.effective:%d/%m/%Y}), "
                         f"which leads:" if lang == "en" else
                         f"Tiếp nhận từ {entry.old} (hợp nhất vào {agency.name} từ {entry.effective:%d/%m/%Y}), "
                         f"đơn vị chủ trì trong kế hoạch:")
            lines += [self._task_line(t, lang) for t in tasks]
            citations += [self._cite(self._section(t.doc_id, t.section),
                                     self._section(t.doc_id, t.section).field_lines["lead"]) for t in tasks]
            inherited += tasks
        return inherited

    def _by_status(self, question: str, intent: Intent, lang: str) -> Answer:
        """Tasks by deadline status today, or active in a year, optionally of one agency."""
        query, today = intent.status_query, date.today()
        agency = next((a.name for a in intent.agencies if self._in_plan(a)), None)
        views = explore(self.index.tasks, self.successors, as_of=today, agency=agency, year=query.year,
                        status=TaskStatus(query.status) if query.status else None)
        scope = (f"in {query.year}" if query.year else f"on {today:%d/%m/%Y}") if lang == "en" else (
            f"năm {query.year}" if query.year else f"tính đến ngày {today:%d/%m/%Y}")
        label = TaskStatus(query.status).label.lower() if query.status else "thực hiện"
        head = (f"{len(views)} task(s) {query.status or 'active'} {scope}" if lang == "en"
                else f"Có {len(views)} nhiệm vụ {label} {scope}")
        lines = [head + (f" ({agency})" if agency else "") + ":"]
        lines += [f"- {v.section}: {'; '.join(v.lead)} — {v.timeframe.text}"
                  + (f" ({v.status_label})" if v.status_label != v.timeframe.text else "") for v in views]
        citations = [self._cite(self._section(v.doc_id, v.section), self._section(v.doc_id, v.section)
                                .field_lines["timeframe"]) for v in views]
        tasks = [TaskRecord(**v.model_dump(include=set(TaskRecord.model_fields))) for v in views]
        return Answer(question=question, answer="\n".join(lines), found=True, intent="timeframe",
                      citations=citations, tasks=tasks)

    def _in_plan(self, agency: Agency) -> bool:
        """Whether any loaded text gives this agency, or a body merged into it, a task or a duty."""
        names = {agency.name, *(entry.old for entry in self.successors.predecessors_of(agency.name))}
        return bool(names & set(self.index.mentions)) or any(
            names & set(task.lead + task.coordinators) for task in self.index.tasks)

    def _task_line(self, task: TaskRecord, lang: str) -> str:
        label = _FIELD_LABELS[lang]["timeframe"]
        return f"- {task.section}: {task.summary} ({label}: {task.timeframe.text})"

    # -- document metadata ---------------------------------------------------------------------------
    def _metadata(self, question: str, intent: Intent, lang: str) -> Answer:
        documents = self.index.documents
        wanted = [d for d in documents if d.id.split("/")[0] in intent.doc_numbers]
        loaded = [d for d in documents if (d.id, "preamble") in self.index.sections]
        document = (wanted or loaded or documents)[0]
        citations = []
        if lang == "en":
            text = (f"{document.kind} No. {document.id}, dated {document.date_vn}, issued by {document.issuer}: "
                    f"«{document.title}»")
        else:
            text = f"{document.kind} số {document.id} ngày {document.date_vn} của {document.issuer}: «{document.title}»"
        if document.signer:
            text += f"; {'signed by' if lang == 'en' else 'người ký'}: {document.signer}"
        text += "."
        preamble = self._section(document.id, "preamble") if document in loaded else None
        if preamble:
            basis = next((line for line in preamble.lines if _BASIS.match(line)), None)
            citations.append(self._cite(preamble, "\n".join(preamble.lines[:2])))
            if basis:
                text += f"\n{'Basis' if lang == 'en' else 'Căn cứ'}: «{basis}»"
                citations.append(self._cite(preamble, basis))
            closing = self._section(document.id, "closing")
            if closing and document.signer:
                citations.append(self._cite(closing, "\n".join(closing.lines[-3:])))
        else:
            text += ("\nIts full text is not loaded." if lang == "en"
                     else "\nToàn văn văn bản này chưa được nạp vào hệ thống.")
            for reference in self.index.citations_of.get(document.id, []):
                doc_id, section_id = reference.split(" ", 1)
                section = self._section(doc_id, section_id)
                quote = self._best_line(section, document.id)
                text += (f"\n{doc_id} cites it in {section_id}: «{quote}»" if lang == "en"
                         else f"\n{doc_id} nhắc đến văn bản này tại mục {section_id}: «{quote}»")
                citations.append(self._cite(section, quote))
        return Answer(question=question, answer=text, found=True, intent="metadata", citations=citations)

    # -- a section named by number -------------------------------------------------------------------
    def _by_reference(self, question: str, intent: Intent, reference: str, lang: str) -> Answer:
        matches = [s for (d, i), s in self.index.sections.items() if i == reference]
        if not matches:
            return self._not_found(question, lang, reason="section", section=reference)
        section = matches[0]
        task = self._task(section.doc_id, section.id) if "lead" in section.fields else None
        if task:
            return self._fields_answer(question, intent.fields or ("lead", "coordinators", "timeframe"), [task], lang)
        return self._passage_answer(question, section, section.text, lang)

    # -- free content --------------------------------------------------------------------------------
    def _content(self, question: str, intent: Intent, lang: str) -> Answer:
        hits = self.retriever.score(search_query(question), question=question)
        if intent.quantity and not self._has_quantity(question, hits[0].chunk.text):
            return self._not_found(question, lang, reason="quantity", hit=hits[0])
        best = self._first_supported(question, hits, lang)
        if best is None:
            return self._not_found(question, lang)
        section = self._section(best.chunk.doc_id, best.chunk.section)
        lines = section.quotable_lines
        quote = "\n".join(lines) if len(lines) <= 3 else self._best_line(section, question)
        return self._passage_answer(question, section, quote, lang)

    def _passage_answer(self, question: str, section: Section, quote: str, lang: str) -> Answer:
        head = (f"According to {section.doc_id}, section {section.id} ({section.title})" if lang == "en"
                else f"Theo {section.doc_id}, mục {section.id} ({section.title})")
        return Answer(question=question, answer=f"{head}: «{quote}»", found=True, intent="content",
                      citations=[self._cite(section, quote)])

    # -- abstention ----------------------------------------------------------------------------------
    @staticmethod
    def _topic_source(question: str, lang: str) -> str:
        """What to check against the plan: for English, the Vietnamese terms the glossary gives (or the
        English words themselves when it knows none, which then match nothing)."""
        if lang == "en" and topic_words(glossary_terms(question)):
            return glossary_terms(question)
        return question

    def evidence(self, question: str, hit: ScoredChunk, lang: str) -> Evidence:
        source = self._topic_source(question, lang)
        topic, pairs = topic_words(source), topic_pairs(source)
        passage = " ".join(re.findall(r"\w+", fold(hit.chunk.search_text)))
        words = set(passage.split())
        covered = sum(1 for w in topic if w in words)
        paired = sum(1 for p in pairs if f" {p} " in f" {passage} ")
        coverage = covered / len(topic) if topic else 1.0
        return Evidence(coverage=coverage, pair_coverage=paired / len(pairs) if pairs else coverage)

    def _first_supported(self, question: str, hits: list[ScoredChunk], lang: str) -> ScoredChunk | None:
        """The best-ranked of the top candidates whose text carries the question's topic words.

        Measured on the evaluation set: every correct answer had ≥ 40 % of its topic words and ≥ 20 % of
        its adjacent pairs in the passage; every question the plan does not answer fell below one of them.
        Cosine similarity alone did not separate the two (0.80–0.94 for both)."""
        for hit in hits[: self.candidates]:
            evidence = self.evidence(question, hit, lang)
            if evidence.coverage >= self.min_coverage and evidence.pair_coverage >= self.min_pair_coverage:
                return hit
        return None

    @staticmethod
    def _has_quantity(question: str, passage: str) -> bool:
        """"bao nhiêu tỷ đồng?" needs an amount in the passage: a number followed by the unit asked."""
        unit = re.search(r"(?:bao nhieu|may)\s+(\w+)", fold(search_form(question)))
        if not unit:
            return False
        return bool(re.search(r"\d+\s*" + re.escape(unit.group(1)), fold(passage)))

    def _not_found(self, question: str, lang: str, *, reason: str = "topic", agency: Agency | None = None,
                   section: str | None = None, hit: ScoredChunk | None = None) -> Answer:
        scope = " ".join(f"{d.kind} {d.id}" for d in self.index.documents
                         if (d.id, "preamble") in self.index.sections)
        citations = []
        if lang == "en":
            text = {
                "agency": f"{scope} does not mention {agency.name if agency else ''}.",
                "section": f"{scope} has no section {section}.",
                "quantity": f"{scope} does not give that figure.",
                "no_topic": "Which task do you mean? Name its field, e.g. \"e-commerce\" or \"y tế\".",
            }.get(reason, f"{scope} does not mention this.")
        else:
            text = {
                "agency": f"{scope} không đề cập {agency.name if agency else ''}: không giao nhiệm vụ chủ trì "
                          f"hay phối hợp nào cho cơ quan này.",
                "section": f"{scope} không có mục {section}.",
                "quantity": f"{scope} không đề cập con số cụ thể này.",
                "no_topic": "Bạn hỏi về nhiệm vụ nào? Hãy nêu lĩnh vực, ví dụ \"thương mại điện tử\" hoặc \"y tế\".",
            }.get(reason, f"{scope} không đề cập nội dung này.")
        if reason == "quantity" and hit is not None:
            section_ = self._section(hit.chunk.doc_id, hit.chunk.section)
            quote = self._best_line(section_, question)
            text += (f" The closest provision, {section_.id}: «{quote}»" if lang == "en"
                     else f" Quy định gần nhất, mục {section_.id}: «{quote}»")
            citations.append(self._cite(section_, quote))
        return Answer(question=question, answer=text, found=False, intent="not_found", citations=citations)

    # -- helpers -------------------------------------------------------------------------------------
    def _section(self, doc_id: str, section_id: str) -> Section:
        section = self.index.section(doc_id, section_id)
        assert section is not None, (doc_id, section_id)
        return section

    def _task(self, doc_id: str, section_id: str) -> TaskRecord:
        return next(t for t in self.index.tasks if t.doc_id == doc_id and t.section == section_id)

    @staticmethod
    def _best_line(section: Section, query: str) -> str:
        """The line of `section` that shares the most words with `query` (first on ties)."""
        wanted = set(re.findall(r"\w+", fold(search_form(query))))
        def shared(line: str) -> int:
            return len(wanted & set(re.findall(r"\w+", fold(search_form(line)))))

        return max(section.quotable_lines, key=shared)

    @staticmethod
    def _cite(section: Section, quote: str) -> Citation:
        slug = section.doc_id.replace("/", "-")
        return Citation(doc_id=section.doc_id, section=section.id, title=section.title, quote=quote,
                        url=f"/documents/{slug}#{section.id}")


def open_answerer(settings: Settings | None = None, index: PlanIndex | None = None) -> Answerer:
    """The answerer over `index` (default: the cached index of the settings), with the settings'
    weights, limits and the agency successors of the corpus."""
    settings = settings or get_settings()
    retriever = PlanRetriever(plan_index=index or load_index(settings), k=settings.top_k,
                              dense_weight=settings.dense_weight, bm25_weight=settings.bm25_weight,
                              field_weight=settings.field_weight)
    return Answerer(retriever, max_chars=settings.max_question_chars,
                    successors=load_successors(settings.corpus_dir))
