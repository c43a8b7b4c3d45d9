"""Compose a grounded answer: every sentence is read from a task record or quoted from a section.

Flow: validate → understand (a `Query`) → pick the records (agency table, metadata, a task found by
retrieval, or a passage) → decide whether the plan answers it (answered, related only, outside the corpus)
→ write the direct answer first ("Sở Y tế chủ trì; thời gian thực hiện: …"), then details, each fact once.
No agency or date is ever guessed.
"""

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from datetime import date

from pydantic import BaseModel, Field

from .agencies import Agency, find_agencies
from .decision import Decider, Decision, coverage
from .errors import InvalidQuestion
from .explorer import explore
from .index import PlanIndex
from .intents import topic_words
from .repair import is_syllable
from .retrieval import PlanRetriever, ScoredChunk, load_index, section_reference
from .settings import Settings, get_settings
from .status import TaskStatus
from .structure import Section
from .successors import Successors, load_successors
from .tasks import TaskRecord
from .understanding import Query
from .vntext import fold, fold_keep_offsets, search_form

__all__ = ["Citation", "Answer", "Answerer", "open_answerer", "validate_question"]


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


_BASIS = re.compile(r"(?:Thực hiện|Căn cứ)\b.*\b(?:Quyết định|Nghị quyết|Nghị định|Luật|Chỉ thị|Kế hoạch) số")


_PLAN = {"vi": "Kế hoạch", "en": "Plan"}
_TEXT = {  # the fixed words of answers, per language
    "vi": {"lead": "chủ trì", "coordinators": "Đơn vị phối hợp", "timeframe": "thời gian thực hiện",
           "section": "mục", "task": "Nhiệm vụ", "yes": "Đúng.", "no": "Không đúng:", "not_stated": "kế hoạch không nêu",
           "exists": "Có.", "absent": "Không."},
    "en": {"lead": "leads", "coordinators": "Coordinating bodies", "timeframe": "timeframe",
           "section": "section", "task": "Task", "yes": "Yes.", "no": "No:", "not_stated": "not stated in the plan",
           "exists": "Yes.", "absent": "No."},
}
_ROLE_WORDS = {"vi": {"lead": "chủ trì", "coordinators": "phối hợp"},
               "en": {"lead": "leads", "coordinators": "coordinates"}}
_ENGLISH_TIMEFRAMES = {"Thường xuyên": "Ongoing (Thường xuyên)"}
# Bodies outside the agency gazetteer a person may ask about; if no loaded text names one, the plan gives it
# nothing ("Tỉnh Đoàn", "Hội Nông dân", "Liên minh Hợp tác xã").
_ORGANIZATION = re.compile(
    r"(?<!\w)(?:tinh doan|doan thanh nien|hoi (?:nong dan|phu nu|cuu chien binh|doanh nghiep|luat gia|nha bao)"
    r"|lien minh hop tac xa|lien doan lao dong|mat tran to quoc|ban dan van|ban tuyen giao|dai hoc pham van dong"
    r"|buu dien tinh|dien luc|vien kiem sat|toa an|hai quan|bao hiem xa hoi)(?!\w)")
# "các tiêu chí … cụ thể gồm những tiêu chí nào?": the items of a kind, one by one
_ITEMS_ASKED = re.compile(r"(?:cu the )?gom (?:nhung|cac) (tieu chi|noi dung|hoat dong|giai phap|chi tieu)(?: cu the)? (?:nao|gi)"
                          r"|(tieu chi|chi tieu|giai phap)(?: \w+){0,8} cu the (?:gom|la)")
_DEADLINE = re.compile(r"truoc (?:ngay|nam|thang)|hoan thanh|xong (?:truoc|trong)|ket thuc|han chot|deadline|(?<!\w)by (?:the end|\d)")
_GROUPS = re.compile(r"(?:may|bao nhieu) (?:nhom|noi dung (?:thuc hien )?lon|mang lon|phan lon|nhom viec|nhom nhiem vu)")
_LIST = re.compile(r"(?:bao gồm|gồm có|gồm)\s*:?(.*)")  # "Nguồn vốn … bao gồm: A, B, C và các nguồn … khác"
_DATE = re.compile(r"(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d\d)(?!\d)")  # "04/6/2021"
_ASSIGNED = re.compile(r"giao|nhiem vu|lam gi|vai tro|trach nhiem|tham gia|chu tri|phoi hop|task|role")
# "Quyết định ban hành Chiến lược quốc gia về …": what a decision issues, by which people name it
_ISSUES = re.compile(r"(?:quyet dinh|nghi dinh) (?:ban hanh|phe duyet) (.+)")
# "Luật Trí tuệ nhân tạo", "Nghị định 13": a legal text named, up to the words that ask about it
_LAW = re.compile(r"(?<!\w)(?:luat|nghi dinh|thong tu)(?: (?!(?:nao|gi|do|nay|ay|ve|cua|co|la|thi|moi|hien hanh|quy dinh"
                  r"|noi|de|duoc|da|se|dang|cho|trong|khi|va|hay|khong)\b)\w+)+")
# "Viettel được giao …", "FPT có tham gia …", "do Viettel hay VNPT làm?": a proper name (Latin letters,
# capitalized) as the one given a role or doing the work, unless it ends the name of a body ("Sở TNMT phối hợp …")
_NAMED_ASSIGNEE = re.compile(r"(?:(?<=\w )[A-Z][A-Za-z0-9]+|^(?!AI\b)[A-Z][A-Za-z]+[0-9]*)(?=\s+(?:có\s+)?(?:được(?:\s+\w+){0,2}\s+giao"
                             r"|chủ trì|phối hợp|tham gia)"
                             r"|(?:\s+hay\s+[A-Z][A-Za-z0-9]+)?\s+(?:làm|thực hiện|triển khai|xây dựng|phát triển|cung cấp)\b)"
                             r"|(?:(?<=hợp tác với )|(?<=ký kết với )|(?<=liên kết với )|(?<=bắt tay với ))(?!AI\b)[A-Z][A-Za-z0-9]+(?!\w)")  # "hợp tác với Viettel"
_BODY_HEAD = re.compile(r"(?:sở|ban|bộ|phòng|cục|viện|trường|đài|báo|tâm|ubnd|bql)\s*$", re.I)


class Answerer:
    """Answers questions from one opened index; thread-safe (read-only state)."""

    def __init__(self, retriever: PlanRetriever, *, max_chars: int = 2000, candidates: int = 3,
                 successors: Successors | None = None, decider: Decider | None = None) -> None:
        self.retriever = retriever
        self.successors = successors or Successors([])
        self.index: PlanIndex = retriever.plan_index
        self.max_chars = max_chars
        self.candidates = candidates
        self.decider = decider or Decider.load()
        # the bodies the loaded texts name themselves, as lead, coordinator or in a provision
        self._named_in_plan = set(self.index.mentions) | {
            name for task in self.index.tasks for name in task.lead + task.coordinators}
        # the sections whose children are tasks ("II.3", "II.5"): the parts a count can be asked of
        task_sections = {(t.doc_id, t.section) for t in self.index.tasks}
        self._task_parents = {s.parent for (doc, sid), s in self.index.sections.items() if (doc, sid) in task_sections}

    # -- entry point ---------------------------------------------------------------------------------
    def understand(self, question: str) -> Query:
        return self.index.understand(validate_question(question, self.max_chars))

    def answer(self, question: str, context: list[TaskRecord] | None = None) -> Answer:
        """Answer `question`; `context` holds the tasks of the previous answer, for follow-ups."""
        query = self.understand(question)
        intent = query.intent
        unknown_only = query.agencies and not any(self._in_plan(agency) for agency in query.agencies)
        # "Hợp tác quốc tế do Sở Ngoại vụ chủ trì phải không?": the claim is checked on the task, and corrected
        role_claimed = query.claimed and query.has_topic and {"lead", "coordinators"} & set(intent.asked)
        if unknown_only and not intent.metadata and not role_claimed:
            return self._not_found(query, reason="agency", agency=query.agencies[0])
        if query.other_provinces:
            return self._not_found(query, reason="province")
        # "Lúc ký kế hoạch thì Giám đốc Sở KH&CN là ai?": a person other than the signer, whom no plan names
        # "Kế hoạch do Giám đốc Sở KH&CN ký phải không?" is a claim about the signer, checked as such
        other_person = query.missing == "person" and not query.signer_claim and not re.search(
            r"nguoi ky|ai ky|ky boi|(?<!\w)sign(?:ed|er)", query.folded)
        if query.missing and (not intent.metadata or query.missing in ("biography", "superseded", "result") or other_person):
            return self._not_found(query, reason=query.missing)
        if intent.status_query:
            return self._by_status(query)
        named = [a for a in query.agencies if a.name != "UBND tỉnh" and self._in_plan(a)]
        if named and (intent.agency_tasks or query.counting) and (
                not query.claimed or query.tasks_then_claim or query.leads_nothing_claimed):
            if query.counting:
                return self._agency_tasks(query, named[0])
            answer = self._each_agency_tasks(query, named)
            if query.leads_nothing_claimed:  # "X chỉ phối hợp, không chủ trì nhiệm vụ nào?": its tasks say
                leads = any(self._with_predecessors(a) & set(t.lead) for a in named for t in self.index.tasks)
                verdict = _TEXT[query.lang]["no"] if leads else _TEXT[query.lang]["yes"]
                answer = answer.model_copy(update={"answer": f"{verdict} {answer.answer}"})
            return answer
        part = (self._part_named(query) or self._part_referenced(query)) if query.counting and not named else None
        if query.counting and not named and not part and _GROUPS.search(query.folded):
            part = self._content_part()  # "Kế hoạch có mấy nhóm nhiệm vụ?"
        if part:  # "Phần thúc đẩy ứng dụng trí tuệ nhân tạo có bao nhiêu nhiệm vụ?"
            return self._part_tasks(query, part)
        if intent.metadata:
            cited = self._tasks_citing(query.doc_numbers) if "lead" in intent.asked else []
            if cited:  # "Kế hoạch 151 ban hành ngày nào, trong KH 83 ai chủ trì triển khai nó?": the task says both
                return self._fields_answer(query, ("lead",), cited)
            return self._metadata(query)
        ranked = functools.cache(lambda: self.retriever.score(query))  # one embedding per question, if any
        if intent.quantity and not query.counting and not query.counts_bodies and "timeframe" not in intent.fields:
            top = ranked()[0]
            if not self._has_quantity(query, top.chunk.text):
                return self._not_found(query, reason="amount")
        fields = intent.fields or self._claimed_fields(query)
        known = {d.number for d in self.index.documents}
        not_cited = [(kind, n) for kind, n in query.named_documents if n not in known]
        if not_cited and query.document_ask == "cited":  # "… có viện dẫn Nghị quyết 52-NQ/TW không?"
            kind, number = not_cited[0]
            return self._documents_cited(query, kind, absent=f"{kind} {number}")
        unloaded = self._unloaded_documents(query)
        if unloaded and not fields:  # "Quyết định 127 đặt mục tiêu gì?": its text is not here
            places = self.index.citations_of.get(unloaded[0].id, [])
            if places and query.document_ask == "where":  # "… được nhắc đến trong nhiệm vụ nào?": that we know
                section = self._section(*places[0].split(" ", 1))
                return self._passage_answer(query, section, self._best_line(section, unloaded[0].id))
            if places and query.document_ask == "cited":  # "… có nhắc tới NQ 50 (đúng) không?"
                return self._documents_cited(query, unloaded[0].kind, only=unloaded[0], verdict=True)
            if places and query.document_ask == "what":  # "KH 151 là gì?": what the plan says of it, where it cites it
                section = self._section(*places[0].split(" ", 1))
                return self._passage_answer(query, section, self._best_line(section, unloaded[0].id))
            return self._not_found(query, reason="document", document=unloaded[0])
        stranger = self._unknown_body(query)
        if stranger:
            return self._not_found(query, reason="body", body=stranger)
        law = self._unknown_law(query)
        if law:  # "Luật Trí tuệ nhân tạo có hiệu lực khi nào?": a law the plan does not cite
            return self._not_found(query, reason="law", body=law)
        reference = section_reference(query.clause)
        if reference:
            return self._by_reference(query, reference)
        # a question about a task's fields, or about a provision; when the first reading finds nothing
        # the plan answers, the other one is tried ("báo cáo qua sở nào?" reads as a lead question)
        first = self._task_fields(query, fields, context or [], ranked) if fields else self._content(query, ranked)
        if first.found or not query.has_topic:
            return first
        second = self._content(query, ranked) if fields else self._task_fields(query, ("lead",), context or [], ranked)
        return second if second.found else first

    @staticmethod
    def _claimed_fields(query: Query) -> tuple[str, ...]:
        """What a claim that asks no field checks: a period ("… làm trong năm 2025 phải không?") or a body
        ("Sở Y tế có được giao làm … phải không?")."""
        if not query.premise:
            return ()
        if query.premise.years or query.premise.recurring:
            return ("timeframe",)
        # "Is Sở Tài chính responsible for allocating funds?" is checked on the provision (IV.2), not a task
        return ("lead",) if query.premise.agencies and not query.intent.provision else ()

    def _unknown_body(self, query: Query) -> str | None:
        """An organization the question asks about ("Tỉnh Đoàn được giao gì?", "Có phải Viettel được giao …?")
        that no loaded text names."""
        own = query.own_body and not query.intent.fields  # "trường em được giao gì?", not "… sở nào chủ trì?"
        for text in [query.clause, *([query.wrapper] if own else [])]:  # "trường em": the school of the introduction
            match = _ORGANIZATION.search(fold_keep_offsets(text))
            if match and _ASSIGNED.search(query.folded):
                return None if match.group(0) in self._folded_texts else text[match.start() : match.end()]
        for match in _NAMED_ASSIGNEE.finditer(query.clause):  # a proper name said to hold a role, not "Sở TNMT"
            name = match.group(0)
            first_word = match.start() == 0 and not name.isupper()  # "Viettel có được …", not "Ban chúng tôi …"
            if (f" {fold(name)} " not in f" {self._folded_texts} " and not _BODY_HEAD.search(query.clause[: match.start()])
                    and not (first_word and is_syllable(name.lower()))):
                return name
        return None

    def _unknown_law(self, query: Query) -> str | None:
        """A law, decree or circular the question names ("Luật Trí tuệ nhân tạo") that no loaded text names."""
        clause = fold_keep_offsets(query.clause)
        for match in _LAW.finditer(clause):
            if f" {' '.join(match.group(0).split()[:4])}" not in f" {self._folded_texts}":
                return query.clause[match.start() : match.end()]
        return None

    @functools.cached_property
    def _folded_texts(self) -> str:
        """Every loaded section's text, folded: read by each question that names an organization."""
        return " ".join(fold(s.text) for s in self.index.sections.values())

    def _unloaded_documents(self, query: Query) -> list:
        """Documents known by their metadata only that the question names: by number ("Quyết định 127"), or
        by what they issue ("Chiến lược quốc gia về AI đặt mục tiêu gì?") unless the province is named too or
        the strategy is what the plan carries out ("Kế hoạch thực hiện Chiến lược quốc gia" is the plan)."""
        unloaded = [d for d in self.index.documents if (d.id, "preamble") not in self.index.sections]
        about_the_plan = re.search(r"(?<!\w)tỉnh(?!\w)", query.clause.lower()) or re.search(  # "tỉnh", not "tính toán"
            r"quang ngai|province|(?:thuc hien|trien khai|tuyen truyen) (?:\w+ ){0,2}?chien luoc", query.folded)
        return [d for d in unloaded if d.number in query.doc_numbers
                or not about_the_plan and (issued := _ISSUES.match(fold(d.title)))
                and " ".join(issued.group(1).split()[:3]) in query.folded]

    # -- task fields ---------------------------------------------------------------------------------
    def _task_fields(self, query: Query, fields: tuple[str, ...], context: list[TaskRecord],
                     ranked: Callable[[], list[ScoredChunk]]) -> Answer:
        cited = self._tasks_citing(query.doc_numbers)
        if cited:  # "Ai chủ trì triển khai Kế hoạch 151?": the task that cites that document
            return self._fields_answer(query, fields, cited)
        if not query.has_topic:
            if context:
                return self._fields_answer(query, fields, context)
            if not query.agencies:
                return self._not_found(query, reason="no_topic")
            led = [t for t in self.index.tasks if {a.name for a in query.agencies} & set(t.lead)]
            if led and not query.claimed:  # "Ai phối hợp với Bộ Chỉ huy Quân sự tỉnh?": the tasks it leads
                return self._fields_answer(query, fields, led)
        task_sections = {(t.doc_id, t.section) for t in self.index.tasks}
        hits = [h for h in ranked() if (h.chunk.doc_id, h.chunk.section) in task_sections]
        decision = self.decider.decide(query, hits)
        if decision.outcome != "answered":
            return self._not_answered(query, decision)
        best = decision.hit
        chosen = [best] + self._equally_good(query, best, hits)
        tasks = [self._task(hit.chunk.doc_id, hit.chunk.section) for hit in chosen]
        if self._not_its_task(query, tasks[0]):
            return self._not_answered(query, Decision("related", best, decision.probability))
        return self._fields_answer(query, fields, tasks)

    def _tasks_citing(self, numbers: tuple[str, ...]) -> list[TaskRecord]:
        """Tasks whose text cites a listed document by its number (74/KH-UBND in II.4.b)."""
        places = {tuple(place.split(" ", 1)) for document in self.index.documents
                  if document.number in numbers for place in self.index.citations_of.get(document.id, [])}
        return [t for t in self.index.tasks if (t.doc_id, t.section) in places]

    def _equally_good(self, query: Query, best: ScoredChunk, hits: list[ScoredChunk]) -> list[ScoredChunk]:
        """Other top tasks a broad question fits just as well ("AI trong y tế": II.3.d and II.5.k): as much
        of the question in their text, and a score within 20 % of the best (30 % for a question of one or two
        topic words, which many tasks can fit: "AI y tế ai lo?")."""
        reference = coverage(query, best)
        within = 0.7 if len(topic_words(query.topic_text or query.clause)) <= 2 else 0.8
        others = []
        for hit in hits[: self.candidates]:
            if hit is best or hit.chunk.section == best.chunk.section or hit.score < within * best.score:
                continue
            if all(mine >= theirs for mine, theirs in zip(coverage(query, hit), reference)):
                others.append(hit)
        return others

    def _fields_answer(self, query: Query, fields: tuple[str, ...], tasks: list[TaskRecord]) -> Answer:
        """The direct answer first, one line per task: "Sở Y tế chủ trì; thời gian thực hiện: Năm 2022-2030
        (Kế hoạch 83/KH-UBND, mục II.5.k)." Then coordinators, today's names, the task's own words once."""
        lang, words = query.lang, _TEXT[query.lang]
        lines, citations = [], []
        fields = self._role_first(query, fields, tasks)
        verdict = self._verdict(query, tasks) if query.premise and not query.intent.which_role else None
        if verdict is None and query.intent.which_role and query.yes_no:  # "X có tham gia không?": yes or no
            held = [(a.name, role) for a in query.agencies for role in ("lead", "coordinators")
                    if a.name in getattr(tasks[0], role)]
            lines.append(f"{words['exists'][:-1]}: " + ", ".join(f"{name} {_ROLE_WORDS[lang][role]}" for name, role in held)
                         + "." if held else words["absent"])
        if verdict is not None:
            lines.append(words["yes"] if verdict[0] else f"{words['no']} {verdict[1]}")
        elif query.existence and not lines:  # "Tỉnh có đưa AI vào thương mại điện tử không, sở nào lo?": yes, and who
            lines.append(words["exists"])
        if len(tasks) > 1:
            lines.append(f"{len(tasks)} tasks match:" if lang == "en" else f"Có {len(tasks)} nhiệm vụ phù hợp:")
        for task in tasks:
            section = self._section(task.doc_id, task.section)
            lines.append(self._direct_line(task, fields, lang))
            if fields[0] != "coordinators" and task.coordinators:  # the coordinators' line names them already
                lines.append(f"{words['coordinators']}: {section.fields.get('coordinators', '')}".rstrip(". ") + ".")
            notes = [f"{agency} {note}" for agency in task.lead + task.coordinators
                     if (note := self._now(agency, lang))]
            lines += [f"({note})" for note in notes]
            lines.append(f"{words['task']}: “{task.summary}”")
            citations.append(self._cite(section, section.heading if section.kind == "letter" else task.summary))
            for name in ("lead", "coordinators", "timeframe"):
                if name in section.field_lines and (name in fields or name != "coordinators" or task.coordinators):
                    citations.append(self._cite(section, section.field_lines[name]))
        return Answer(question=query.original, answer="\n".join(lines), found=True, intent=fields[0],
                      citations=citations, tasks=tasks)

    def _direct_line(self, task: TaskRecord, fields: tuple[str, ...], lang: str) -> str:
        words = _TEXT[lang]
        section = self._section(task.doc_id, task.section)
        lead = section.fields.get("lead") or words["not_stated"]
        timeframe = self._timeframe_text(task, lang) if "timeframe" in section.fields else words["not_stated"]
        where = (f"({_PLAN[lang]} {task.doc_id}, {words['section']} {task.section})")
        lead = lead.rstrip(". ")
        if fields[0] == "coordinators":
            coordinators = (section.fields.get("coordinators") or words["not_stated"]).rstrip(". ")
            tail = (f"lead: {lead}; timeframe: {timeframe}" if lang == "en"
                    else f"chủ trì: {lead}; thời gian thực hiện: {timeframe}")
            return f"{words['coordinators']}: {coordinators} {where}; {tail}."
        if fields[0] == "timeframe":
            head = "Timeframe" if lang == "en" else "Thời gian thực hiện"
            return f"{head}: {timeframe} {where}; {lead} {words['lead']}."
        return f"{lead} {words['lead']}; {words['timeframe']}: {timeframe} {where}."

    @staticmethod
    def _timeframe_text(task: TaskRecord, lang: str) -> str:
        text = task.timeframe.text
        return _ENGLISH_TIMEFRAMES.get(text, text) if lang == "en" else text

    def _now(self, agency: str, lang: str) -> str | None:
        entry = self.successors.successor_of(agency)
        if not entry:
            return None
        return f"now {entry.new}" if lang == "en" else f"nay là {entry.new}"

    @staticmethod
    def _role_first(query: Query, fields: tuple[str, ...], tasks: list[TaskRecord]) -> tuple[str, ...]:
        """The role a named body holds in the task found comes first when that role is what is asked: "X chủ
        trì hay phối hợp?", "X có vai trò gì trong việc …?", or a claim that X only coordinates what X leads."""
        named = {a.name for a in query.agencies}
        if not tasks or not named or not ({"lead", "coordinators"} & set(fields)):
            return fields
        leads, coordinates = named & set(tasks[0].lead), named & set(tasks[0].coordinators)
        role = None
        if query.intent.which_role:
            role = "coordinators" if coordinates and not leads else "lead" if leads else None
        elif query.premise and fields[:1] == ("coordinators",) and leads and not coordinates:
            role = "lead"  # "NHNN chỉ là đơn vị phối hợp … phải không?": no, it leads
        if role is None:
            return fields
        return (role, *(f for f in ("lead", "coordinators") if f != role), *(f for f in fields if f not in
                                                                              ("lead", "coordinators")))

    def _verdict(self, query: Query, tasks: list[TaskRecord]) -> tuple[bool, str] | None:
        """Whether the claim of a yes/no question holds for the task found, and the correction if not."""
        premise, task, lang = query.premise, tasks[0], query.lang
        claims, corrections = [], []
        if premise.agencies:
            asked = "coordinators" if "coordinators" in query.intent.fields and "lead" not in query.intent.fields else "lead"
            roles = _claimed_roles(query)  # "Sở A chủ trì, Sở B phối hợp": each body with its own role
            for field_name in ("lead", "coordinators"):
                claimed = [a for a in premise.agencies if roles.get(a.name, asked) == field_name]
                if not claimed:
                    continue
                actual = getattr(task, field_name)
                # today's name holds for a body merged since ("Sở NN&MT" for Sở TN&MT), not for one the plan
                # tasks in its own right ("Sở KH&CN chủ trì KH 74?": the plan gave it to Sở TT&TT)
                now = {self.successors.successor_of(a).new for a in actual if self.successors.successor_of(a)}
                now -= self._named_in_plan
                ok = all(a.name in actual or a.name in now for a in claimed)
                if ok and field_name == "lead" and re.search(r"(?<!\w)(?:chỉ|một mình|duy nhất|only)(?!\w)",
                                                             query.clause.lower()):  # "chỉ", not "chi nhánh"
                    ok = len(actual) == len(claimed)  # "chỉ một mình Sở KHĐT chủ trì?" where two bodies lead
                claims.append(ok)
                if not ok:
                    other = "coordinators" if field_name == "lead" else "lead"
                    wrong = [a for a in claimed if a.name not in actual and a.name not in now]
                    elsewhere = [a for a in wrong if a.name in getattr(task, other)]  # leads, not only coordinates
                    if len(elsewhere) < len(wrong):
                        names = ", ".join(a.name for a in wrong if a not in elsewhere)
                        corrections.append(f"{'; '.join(actual)} {_ROLE_WORDS[lang][field_name]}, không phải {names}"
                                           if lang == "vi" else f"{'; '.join(actual)}, not {names}")
                    elif field_name == "lead":  # who does lead, then the role the claimed body has
                        corrections.append(f"{'; '.join(actual)} {_ROLE_WORDS[lang][field_name]}")
                    corrections += [f"{agency.name} {_ROLE_WORDS[lang][other]}" for agency in elsewhere]
        if premise.years or premise.recurring:
            timeframe = task.timeframe
            if premise.recurring:
                ok = timeframe.recurring
            else:
                ok = timeframe.start is not None and all(
                    timeframe.start <= year <= (timeframe.end or 9999) for year in premise.years) and (
                    len(premise.years) < 2 or (min(premise.years), max(premise.years)) == (timeframe.start, timeframe.end))
                ok = ok or (len(premise.years) == 1 and timeframe.start == premise.years[0])
                if len(premise.years) == 1 and _DEADLINE.search(query.folded):  # "hoàn thành trước 31/12/2025"
                    ok = timeframe.end == premise.years[0]
            claims.append(ok)
            if not ok:
                corrections.append(f"thời gian thực hiện là {timeframe.text}" if lang == "vi"
                                   else f"the timeframe is {timeframe.text}")
        if not claims and self._names_listed_body(query, task):  # "các xã ven biển cũng phối hợp, đúng không?"
            claims.append(True)
        if not claims:
            return None
        return all(claims), "; ".join(corrections) + "."

    @staticmethod
    def _names_listed_body(query: Query, task: TaskRecord) -> bool:
        """Whether the claim names, in its own words, a body the task lists in the field asked (a body outside
        the gazetteer: "các xã ven biển có liên quan"). Only a match is evidence; no match says nothing."""
        field_name = "coordinators" if "coordinators" in query.intent.fields else "lead"
        listed = [part for entry in getattr(task, field_name) for part in re.split(r",\s*|\s+và\s+", entry)]
        for entry in listed:  # "Các trường Trung học phổ thông, các trường Đại học, Cao đẳng … và …": each
            core = re.sub(r"^(?:cac|nhung)\s+|\s+(?:co )?lien quan$", "", fold(entry))
            if len(core.split()) >= 2 and re.search(rf"(?<!\w){re.escape(core)}(?!\w)", query.folded):
                return True
        return False

    # -- an agency's tasks ---------------------------------------------------------------------------
    def _each_agency_tasks(self, query: Query, named: list[Agency]) -> Answer:
        """"… các phần việc giao cho Sở NN&PTNT và Sở TN&MT gồm những gì?": each body's tasks, one after the
        other; a body merged into another one named is answered within it."""
        merged = {entry.old for agency in named for entry in self.successors.predecessors_of(agency.name)}
        answers = [self._agency_tasks(query, agency) for agency in named if agency.name not in merged]
        if len(answers) == 1:
            return answers[0]
        tasks = list({(t.doc_id, t.section): t for a in answers for t in a.tasks}.values())
        return answers[0].model_copy(update={"answer": "\n\n".join(a.answer for a in answers), "tasks": tasks,
                                             "citations": [c for a in answers for c in a.citations]})

    def _agency_tasks(self, query: Query, agency: Agency) -> Answer:
        lang = query.lang
        leads = [t for t in self.index.tasks if agency.name in t.lead]
        coordinates = [t for t in self.index.tasks if agency.name in t.coordinators]
        mentions = self.index.mentions.get(agency.name, [])
        lines, citations = [], []
        if leads:
            sections = ", ".join(t.section for t in leads)
            lines.append(f"{agency.name} leads {len(leads)} task(s) of {self._plan_name(lang)}: {sections}." if lang == "en"
                         else f"{agency.name} chủ trì {len(leads)} nhiệm vụ của {self._plan_name(lang)}: mục {sections}.")
            lines += [self._task_line(t, lang) for t in leads]
            citations += [self._cite(self._section(t.doc_id, t.section),
                                     self._section(t.doc_id, t.section).field_lines["lead"]) for t in leads]
        elif not self.successors.predecessors_of(agency.name):
            lines.append(f"{agency.name} leads no task of the plan." if lang == "en"
                         else f"{agency.name} không chủ trì nhiệm vụ nào của kế hoạch.")
        elif not (coordinates or mentions):
            lines.append(f"The plan predates the 2025 reorganization and does not name {agency.name}." if lang == "en"
                         else f"Kế hoạch ban hành trước đợt sắp xếp năm 2025 nên không nêu tên {agency.name}.")
        note = self._now(agency.name, lang)
        if note:
            lines.append(f"({agency.name} {note}.)")
        if coordinates:
            lines.append(f"It coordinates in {len(coordinates)}:" if lang == "en"
                         else f"Phối hợp ở {len(coordinates)} nhiệm vụ:")
            lines += [self._task_line(t, lang) for t in coordinates]
            citations += [self._cite(self._section(t.doc_id, t.section),
                                     self._section(t.doc_id, t.section).field_lines["coordinators"])
                          for t in coordinates]
        if mentions:
            lines.append("Other duties:" if lang == "en" else "Trách nhiệm khác:")
            for section_id in mentions:
                section = next(s for (d, i), s in self.index.sections.items() if i == section_id)
                quote = self._best_line(section, agency.name)
                lines.append(f"- {section.id}: “{quote}”")
                citations.append(self._cite(section, quote))
        inherited = self._inherited(agency, lang, lines, citations)
        return Answer(question=query.original, answer="\n".join(lines), found=True, intent="agency_tasks",
                      citations=citations, tasks=leads + coordinates + inherited)

    def _part_named(self, query: Query) -> Section | None:
        """The part of the plan a question names by its heading, or the heading's first four words or more
        ("phần thúc đẩy ứng dụng …", "mục xây dựng hạ tầng dữ liệu"), if that part holds tasks."""
        best, longest = None, 0
        for section in self.index.sections.values():
            words = re.findall(r"\w+", fold(section.title))
            if section.id not in self._task_parents or len(words) < 2:
                continue
            for n in range(len(words), min(4, len(words)) - 1, -1):
                if n > longest and re.search(rf"(?<!\w){' '.join(words[:n])}(?!\w)", query.folded):
                    best, longest = section, n
                    break
        return best

    def _part_referenced(self, query: Query) -> Section | None:
        """The part a question names by its number ("Mục II.3 có mấy nhiệm vụ?"), if it holds tasks."""
        reference = section_reference(query.clause)
        return next((s for (_, i), s in self.index.sections.items() if i == reference and i in self._task_parents),
                    None)

    def _part_tasks(self, query: Query, part: Section) -> Answer:
        """How many tasks a part holds, then each with its lead: "Mục II.5 (…) có 14 nhiệm vụ: …". A part made
        of groups ("Mục II có 6 nhóm nhiệm vụ") lists its groups."""
        lang = query.lang
        groups = [s for s in self.index.sections.values() if s.doc_id == part.doc_id and s.parent == part.id]
        if any(not self._task_of(g) for g in groups):
            return self._part_groups(query, part, groups)
        tasks = [t for t in self.index.tasks if t.doc_id == part.doc_id
                 and self.index.section(t.doc_id, t.section).parent == part.id]
        head = (f"Section {part.id} ({part.title}) of {self._plan_name(lang)} has {len(tasks)} tasks:" if lang == "en"
                else f"Mục {part.id} ({part.title}) của {self._plan_name(lang)} có {len(tasks)} nhiệm vụ:")
        led = "led by" if lang == "en" else "chủ trì:"
        lines = [head, *(f"- {t.section}: {t.summary} ({led} {'; '.join(t.lead)}; {_TEXT[lang]['timeframe']}: "
                         f"{self._timeframe_text(t, lang)})" for t in tasks)]
        citations = [self._cite(part, part.heading)]
        asked = query.intent.fields[0] if query.intent.fields else None
        if asked:  # "… có mấy nhiệm vụ và mỗi nhiệm vụ do sở nào chủ trì?": each task's line for the field asked
            sections = [self._section(t.doc_id, t.section) for t in tasks]
            citations += [self._cite(sec, sec.field_lines.get(asked, sec.heading)) for sec in sections]
        return Answer(question=query.original, answer="\n".join(lines), found=True, intent=asked or "content",
                      citations=citations, tasks=tasks)

    def _part_groups(self, query: Query, part: Section, groups: list[Section]) -> Answer:
        """"Mục II (NỘI DUNG THỰC HIỆN) có 6 nhóm nhiệm vụ: II.1 Công tác tuyên truyền; II.2 … (2 nhiệm vụ) …"."""
        lang = query.lang

        def count(group: Section) -> int:
            return sum(self.index.section(t.doc_id, t.section).parent == group.id for t in self.index.tasks
                       if t.doc_id == group.doc_id) or 1
        head = (f"Section {part.id} ({part.title}) of {self._plan_name(lang)} has {len(groups)} groups of tasks:"
                if lang == "en" else
                f"Mục {part.id} ({part.title}) của {self._plan_name(lang)} có {len(groups)} nhóm nhiệm vụ:")
        unit = "task(s)" if lang == "en" else "nhiệm vụ"
        lines = [head, *(f"- {g.id}: {g.title} ({count(g)} {unit})" for g in groups)]
        return Answer(question=query.original, answer="\n".join(lines), found=True, intent="content",
                      citations=[self._cite(part, part.heading), *(self._cite(g, g.heading) for g in groups)])

    def _content_part(self) -> Section | None:
        """The part made of groups of tasks (II, "NỘI DUNG THỰC HIỆN"): "Kế hoạch có mấy nhóm nhiệm vụ?"."""
        groups = Counter(self._section(s.doc_id, s.parent).parent for s in self.index.sections.values()
                         if self._task_of(s) and s.parent)
        parent = next((p for p, _ in groups.most_common(1) if p), None)
        loaded = [d for d in self.index.documents if (d.id, "preamble") in self.index.sections]
        return self.index.section(loaded[0].id, parent) if parent and loaded else None

    def _plan_name(self, lang: str) -> str:
        loaded = [d for d in self.index.documents if (d.id, "preamble") in self.index.sections]
        return " ".join(f"{_PLAN[lang] if d.kind == 'Kế hoạch' else d.kind} {d.id}" for d in loaded[:1]) or "kế hoạch"

    def _inherited(self, agency: Agency, lang: str, lines: list[str], citations: list[Citation]) -> list[TaskRecord]:
        """Tasks of the bodies merged into `agency` in 2025 ("Sở Nông nghiệp và Môi trường" → NN&PTNT, TN&MT)."""
        inherited = []
        for entry in self.successors.predecessors_of(agency.name):
            tasks = [t for t in self.index.tasks if entry.old in t.lead]
            coordinated = [t for t in self.index.tasks if entry.old in t.coordinators]
            if not tasks and not coordinated:
                continue
            lines.append(f"Inherited from {entry.old} (merged into {agency.name} from {entry.effective:%d/%m/%Y}), "
                         f"which leads {len(tasks)}:" if lang == "en" else
                         f"Tiếp nhận từ {entry.old} (hợp nhất vào {agency.name} từ {entry.effective:%d/%m/%Y}), "
                         f"đơn vị chủ trì {len(tasks)} nhiệm vụ:")
            lines += [self._task_line(t, lang) for t in tasks]
            if coordinated:  # and the tasks it coordinated
                lines.append(f"and coordinates in {len(coordinated)}:" if lang == "en"
                             else f"và phối hợp ở {len(coordinated)} nhiệm vụ:")
                lines += [self._task_line(t, lang) for t in coordinated]
            citations += [self._cite(self._section(t.doc_id, t.section), self._section(t.doc_id, t.section)
                                     .field_lines[role]) for role, group in (("lead", tasks), ("coordinators", coordinated))
                          for t in group]
            inherited += tasks + coordinated
        return inherited

    def _by_status(self, query: Query) -> Answer:
        """Tasks by deadline status today, or active in a year, optionally of one agency."""
        status_query, today, lang = query.intent.status_query, date.today(), query.lang
        agency = next((a.name for a in query.agencies if self._in_plan(a)), None)
        views = explore(self.index.tasks, self.successors, as_of=today, agency=agency, year=status_query.year,
                        status=TaskStatus(status_query.status) if status_query.status else None)
        scope = (f"in {status_query.year}" if status_query.year else f"on {today:%d/%m/%Y}") if lang == "en" else (
            f"năm {status_query.year}" if status_query.year else f"tính đến ngày {today:%d/%m/%Y}")
        if status_query.period:  # the tasks whose timeframe is that period, as the plan writes it
            views = [v for v in views if (v.timeframe.start, v.timeframe.end) == status_query.period]
            scope = ("in the period {}-{}" if lang == "en" else "trong giai đoạn {}-{}").format(*status_query.period)
        elif status_query.recurring:  # "Thường xuyên": no end
            views = [v for v in views if v.timeframe.recurring]
            scope = "on an ongoing basis (Thường xuyên)" if lang == "en" else "thường xuyên"
        elif status_query.starts:  # "đến năm 2025 mới bắt đầu": the tasks whose timeframe begins that year
            views = [v for v in views if v.timeframe.start == status_query.starts]
            scope = f"starting in {status_query.starts}" if lang == "en" else f"bắt đầu từ năm {status_query.starts}"
        label = TaskStatus(status_query.status).label.lower() if status_query.status else "thực hiện"
        head = (f"{len(views)} task(s) {status_query.status or 'active'} {scope}" if lang == "en"
                else f"Có {len(views)} nhiệm vụ {label} {scope}")
        lines = [head + (f" ({agency})" if agency else "") + ":"]
        lines += [f"- {v.section}: {v.summary} ({'; '.join(v.lead)} — {v.timeframe.text}"
                  + (f", {v.status_label}" if v.status_label != v.timeframe.text else "") + ")" for v in views]
        citations = [self._cite(self._section(v.doc_id, v.section), self._section(v.doc_id, v.section)
                                .field_lines["timeframe"]) for v in views]
        tasks = [TaskRecord(**v.model_dump(include=set(TaskRecord.model_fields))) for v in views]
        return Answer(question=query.original, answer="\n".join(lines), found=True, intent="timeframe",
                      citations=citations, tasks=tasks)

    def _not_its_task(self, query: Query, task: TaskRecord) -> bool:
        """"Kế hoạch có giao cho Sở Nội vụ làm chatbot … không?": asked whether a body has a task, and the task
        found is no task of that body (nor of one merged into it)."""
        named = [a for a in query.agencies if a.name != "UBND tỉnh"]
        return (query.existence and not query.intent.which_role and bool(named)  # "X có tham gia …?": "Không."
                and not any(self._holds_role(a, task) for a in named))

    def _with_predecessors(self, agency: Agency) -> set[str]:
        """The agency's name and the names of the bodies merged into it."""
        return {agency.name, *(entry.old for entry in self.successors.predecessors_of(agency.name))}

    def _holds_role(self, agency: Agency, task: TaskRecord) -> bool:
        """Whether the agency, or a body merged into it, leads or coordinates the task."""
        return bool(self._with_predecessors(agency) & set(task.lead + task.coordinators))

    def _in_plan(self, agency: Agency) -> bool:
        """Whether any loaded text gives this agency, or a body merged into it, a task or a duty."""
        return bool(self._with_predecessors(agency) & self._named_in_plan)

    def _task_line(self, task: TaskRecord, lang: str) -> str:
        """"- II.5.a: …"; a task that is a whole group (II.1, II.6) by its group's title too, which names it."""
        section = self._section(task.doc_id, task.section)
        title = f" ({section.title})" if section.kind == "number" and section.title else ""
        return (f"- {task.section}{title}: {task.summary} "
                f"({_TEXT[lang]['timeframe']}: {self._timeframe_text(task, lang)})")

    # -- document metadata ---------------------------------------------------------------------------
    def _metadata(self, query: Query) -> Answer:
        if query.intent.cited_kind is not None:
            return self._documents_cited(query, query.intent.cited_kind)
        lang = query.lang
        documents = self.index.documents
        wanted = [d for d in documents if d.number in query.doc_numbers]
        loaded = [d for d in documents if (d.id, "preamble") in self.index.sections]
        if re.search(r"ke hoach(?: \S+)? (?:thuc hien|trien khai|can cu)|plan(?: \S+)? (?:implement|is based)", query.folded):
            wanted = [d for d in wanted if d in loaded]  # "Kế hoạch này thực hiện QĐ 127 …": about the plan
        elif len(wanted) > 1:  # "Kế hoạch 83 có nhắc tới Kế hoạch 151, … 151 ban hành ngày nào?": the one cited
            wanted = sorted(wanted, key=lambda d: d in loaded)
        document = (wanted or loaded or documents)[0]
        others = [n for n in query.doc_numbers if n != document.number]  # "thực hiện QĐ 127 ngày 26/01/2021": its date
        said_date = _DATE.search(query.text)  # "ban hành ngày 04/6/2021": of this document, unless another is named
        citations = []
        if lang == "en":
            text = (f"{document.kind} No. {document.id}, dated {document.date_vn} (ngày {document.date_words}), "
                    f"issued by {document.issuer}: "
                    f"“{document.title}”")
        else:
            text = (f"{document.kind} số {document.id} ngày {document.date_words} của {document.issuer}: "
                    f"“{document.title}”")
        if document.signer:  # "Ai ký kế hoạch 83?": the signer first
            signed = f"{'signed by' if lang == 'en' else 'người ký'}: {document.signer}"
            text = f"{signed[0].upper()}{signed[1:]}. {text}" if query.asks_signer else f"{text}; {signed}"
            if query.signer_claim and not (said_date and not others):
                holds = query.signer_claim.holds_for(document.signer)  # the name and the title claimed
                text = f"{_TEXT[lang]['yes' if holds else 'no']} {text}"
        text += "."
        claimed_date = said_date if query.premise and not others else None
        if claimed_date:  # "KH 83 ban hành ngày 04/6/2021 phải không?"
            day, month, year = map(int, claimed_date.groups())
            holds = (day, month, year) == (document.date.day, document.date.month, document.date.year)
            text = f"{_TEXT[lang]['yes' if holds else 'no']} {text}"
        preamble = self._section(document.id, "preamble") if document in loaded else None
        if preamble:
            basis = next((line for line in preamble.lines if _BASIS.match(line)), None)
            citations.append(self._cite(preamble, "\n".join(preamble.lines[:2])))
            if basis:
                text += f"\n{'Basis' if lang == 'en' else 'Căn cứ'}: “{basis}”"
                citations.append(self._cite(preamble, basis))
                claimed = [n for n in query.doc_numbers if n != document.number]
                if query.premise and claimed and not text.startswith(tuple(_TEXT[lang].values())):
                    # "thực hiện QĐ 127 (của Bộ KH&CN) phải không?": the number, and the body if one is named
                    bodies = [a for a in query.premise.agencies if fold(a.name) not in fold(document.issuer)]
                    holds = (all(re.search(rf"(?<!\d){n}(?!\d)", basis) for n in claimed)
                             and all(fold(a.name) in fold(basis) for a in bodies)
                             and all(str(year) in basis for year in query.premise.years)  # "… ban hành năm 2020"
                             and (not said_date or any(list(map(int, m.groups())) == list(map(int, said_date.groups()))
                                                       for m in _DATE.finditer(basis))))
                    text = f"{_TEXT[lang]['yes' if holds else 'no']} {text}"
            closing = self.index.section(document.id, "closing")  # an uploaded text may have no signature block
            if closing and re.search(r"gui|noi nhan|sent|recipient|bao cao (?:len |cho |ve )?(?:bo|co quan) nao", query.folded):
                recipients = [line for line in closing.lines if line.startswith("-")]
                # the recipients asked come first, then the document they were sent
                text = ("Recipients: " if lang == "en" else "Nơi nhận: ") + " ".join(recipients) + "\n" + text
                citations.append(self._cite(closing, "\n".join(recipients)))
                named = [a for a in query.agencies if a.name != "UBND tỉnh"]
                if named:  # "Kế hoạch có gửi cho Công an tỉnh không?"
                    listed = fold(" ".join(recipients))
                    words = _TEXT[lang]
                    sent = all(fold(a.name) in listed for a in named)
                    text = f"{words['exists'] if sent else words['absent']} {text}"
            elif closing and document.signer:
                citations.append(self._cite(closing, "\n".join(closing.lines[-3:])))
        else:
            text += ("\nIts full text is not loaded." if lang == "en"
                     else "\nToàn văn văn bản này chưa được nạp vào hệ thống.")
            for reference in self.index.citations_of.get(document.id, []):
                doc_id, section_id = reference.split(" ", 1)
                section = self._section(doc_id, section_id)
                quote = self._best_line(section, document.id)
                text += (f"\n{doc_id} cites it in {section_id}: “{quote}”" if lang == "en"
                         else f"\n{doc_id} nhắc đến văn bản này tại mục {section_id}: “{quote}”")
                citations.append(self._cite(section, quote))
        return Answer(question=query.original, answer=text, found=True, intent="metadata", citations=citations)

    def _documents_cited(self, query: Query, kind: str, *, only=None, verdict: bool = False,
                         absent: str | None = None) -> Answer:
        """The documents a loaded plan cites (of `kind`, if one is asked; `only` that one), each with the line
        citing it; `verdict`: the answer to "does it cite …?" comes first; `absent`: a document claimed cited
        that it does not cite ("Nghị quyết 52"), said first."""
        lang = query.lang
        citing = next((d for d in self.index.documents if d.number in query.doc_numbers
                       and (d.id, "preamble") in self.index.sections), self.index.documents[0])
        lines, citations = [], []
        for document in self.index.documents:
            places = [p.split(" ", 1) for p in self.index.citations_of.get(document.id, [])
                      if p.startswith(f"{citing.id} ")]
            if not places or kind and document.kind != kind or only is not None and document is not only:
                continue
            for doc_id, section_id in places:
                section = self._section(doc_id, section_id)
                quote = self._best_line(section, document.id)
                where = ("the preamble" if lang == "en" else "phần mở đầu") if section_id == "preamble" else (
                    f"{'section' if lang == 'en' else 'mục'} {section_id}")
                lines.append(f"- {document.kind} {document.id} ({where}): “{quote}”")
                citations.append(self._cite(section, quote))
        if not lines:
            return self._not_found(query, reason="topic")
        noun = ({"Kế hoạch": "plan", "Quyết định": "decision", "Nghị quyết": "resolution"}.get(kind, "document")
                + ("s" if len(lines) > 1 else "") if lang == "en" else (kind or "văn bản").lower())
        head = f"{_PLAN[lang]} {citing.id} {'cites' if lang == 'en' else 'viện dẫn'} {len(lines)} {noun}:"
        if verdict:
            head = f"{_TEXT[lang]['exists' if query.existence else 'yes']} {head}"
        if absent:  # "Kế hoạch có viện dẫn Nghị quyết 52 không?": no, and what it does cite
            head = (f"No: Plan {citing.id} does not cite {absent}. It cites {len(lines)} {noun}:" if lang == "en"
                    else f"Không: {_PLAN[lang]} {citing.id} không viện dẫn {absent}. {head}")
        return Answer(question=query.original, answer="\n".join([head, *lines]), found=True, intent="metadata",
                      citations=citations)

    # -- a section named by number -------------------------------------------------------------------
    def _by_reference(self, query: Query, reference: str) -> Answer:
        matches = [s for (d, i), s in self.index.sections.items() if i == reference]
        if not matches:
            return self._not_found(query, reason="section", section=reference)
        section = matches[0]
        task = self._task_of(section)
        if task:
            return self._fields_answer(query, query.intent.fields or ("lead", "coordinators", "timeframe"), [task])
        return self._passage_answer(query, section, section.text)

    # -- free content --------------------------------------------------------------------------------
    def _content(self, query: Query, ranked: Callable[[], list[ScoredChunk]]) -> Answer:
        hits = ranked()
        decision = self.decider.decide(query, hits)
        if decision.outcome != "answered":
            return self._not_answered(query, decision)
        section = self._section(decision.hit.chunk.doc_id, decision.hit.chunk.section)
        unlisted = self._unlisted(query, section)
        if unlisted:  # "các tiêu chí … cụ thể gồm những tiêu chí nào?" where the plan says only "các tiêu chí đề ra"
            return unlisted
        task = self._task_of(section)
        if task and self._not_its_task(query, task):
            return self._not_answered(query, Decision("related", decision.hit, decision.probability))
        if task and query.intent.asked:  # "… theo dõi vườn …, ai phụ trách?": a task's fields after all
            return self._fields_answer(query, query.intent.asked, [task])
        lines = section.quotable_lines
        lines = [line for line in lines if line not in section.field_lines.values()] or lines
        quote = "\n".join(lines) if len(lines) <= 3 else self._best_line(section, query.clause)
        answer = self._passage_answer(query, section, quote)
        verdict = _period_verdict(query, quote) or self._provision_verdict(query, section, decision.hit)
        if not verdict and query.existence:  # "Kế hoạch có … không?", and the plan answers it: it has it
            verdict = _TEXT[query.lang]["exists"]
        if verdict:  # "cứ 2 năm đánh giá một lần, đúng không?" against "Định kỳ 3 năm, 5 năm đánh giá …"
            answer = answer.model_copy(update={"answer": f"{verdict}\n{answer.answer}"})
        # a provision said in two places (III and IV.2 both give Sở Tài chính the budget): both, cited
        equally_good = [self._section(h.chunk.doc_id, h.chunk.section)
                        for h in self._equally_good(query, decision.hit, hits)[:1]]
        also = [*((o, self._best_line(o, query.clause)) for o in equally_good),
                *self._restated(section, self._best_line(section, query.clause))][:1]
        also = [(o, line) for o, line in also if not self._task_of(o) and o.id != section.id]
        # "Sở KH&CN có trách nhiệm gì trong tổ chức thực hiện?": IV.3 names it, and so do IV.1 and IV's last words
        also += [(o, line) for o, line in self._body_provisions(query, section) if o.id not in {a.id for a, _ in also}]
        also += [(o, line) for o, line in self._other_asks(query, section) if o.id not in {a.id for a, _ in also}]
        label = "Also in section" if query.lang == "en" else "Cũng tại mục"
        for other, other_quote in sorted(also, key=lambda pair: ("." not in pair[0].id, pair[0].id)):  # IV.1, then IV
            answer = answer.model_copy(update={"answer": f"{answer.answer}\n{label} {other.id}: “{other_quote}”",
                                               "citations": [*answer.citations, self._cite(other, other_quote)]})
        return answer

    def _other_asks(self, query: Query, section: Section) -> list[tuple[Section, str]]:
        """For a question of two asks, the provision that answers the other one ("cơ quan nào theo dõi …, và
        nếu vướng mắc thì báo cáo qua đâu": IV.3 and IV), when the plan answers it and it is no task."""
        found = []
        for part in query.parts:
            asked = self.understand(part)
            decision = self.decider.decide(asked, self.retriever.score(asked))
            if decision.outcome == "answered":
                other = self._section(decision.hit.chunk.doc_id, decision.hit.chunk.section)
                if other.id != section.id and not self._task_of(other):
                    found.append((other, self._best_line(other, part)))
        return found

    def _body_provisions(self, query: Query, section: Section) -> list[tuple[Section, str]]:
        """When a provision names a body the question names, the other provisions of its part that name that
        body too, each with its line."""
        named = {a.name for a in query.agencies if a.name != "UBND tỉnh"}
        if not named or self._task_of(section) or not named & self._bodies_in(section.text):
            return []
        part = section.id.split(".")[0]
        found = []
        for other in self.index.sections.values():
            if (other.doc_id != section.doc_id or other.id == section.id or other.id.split(".")[0] != part
                    or self._task_of(other)):
                continue
            line = next((line for line in other.quotable_lines if named & self._bodies_in(line)), None)
            if line:
                found.append((other, line))
        return found

    def _bodies_in(self, text: str) -> set[str]:
        """The bodies a text names, and the bodies that took them over."""
        names = {m.agency.name for m in find_agencies(text, expand=False)}
        return names | {entry.new for name in names if (entry := self.successors.successor_of(name))}

    def _restated(self, section: Section, line: str) -> list[tuple[Section, str]]:
        """Lines of other provisions that say what `line` of `section` says, nearly word for word (III and
        IV.2 both give Sở Tài chính the yearly budget)."""
        said = set(fold(line).split())
        if len(said) < 12:  # too short to tell a restatement from a shared phrase
            return []
        found = []
        for other in self.index.sections.values():
            if other.doc_id != section.doc_id or other.id == section.id or self._task_of(other):
                continue
            for other_line in other.quotable_lines:
                words = set(fold(other_line).split())
                if len(said & words) >= 0.6 * len(said | words):
                    found.append((other, other_line))
        return found

    def _provision_verdict(self, query: Query, section: Section, hit: ScoredChunk) -> str | None:
        """The verdict on a yes/no claim about a provision: "Không đúng" when it names a body the provision
        does not (and the provision names others); "Đúng." when the claim's words are in it (all of them, or
        most when the bodies claimed are named there); "chỉ … thôi" is refused when the provision lists more,
        never confirmed; else none."""
        if not query.premise:
            return None
        words = _TEXT[query.lang]
        present = {m.agency.name for m in find_agencies(section.text, expand=False)}
        claimed = [a for a in query.premise.agencies if a.name != "UBND tỉnh"]
        missing = [a for a in claimed if a.name not in present and not any(
            (entry := self.successors.successor_of(name)) and entry.new == a.name for name in present)]
        if missing:
            others = ", ".join(sorted(present - {"UBND tỉnh"}))
            if not others:
                return None
            return (f"{words['no']} the provision names {others}." if query.lang == "en"
                    else f"{words['no']} kế hoạch nêu {others}, không phải {', '.join(a.name for a in missing)}.")
        covered, paired = coverage(query, hit)  # the bodies claimed stand there: most of the rest must too
        if re.search(r"(?<!\w)(?:chi|thoi|duy nhat|only|just)(?!\w)", query.folded):
            # "chỉ lấy từ ngân sách nhà nước thôi?" against "Nguồn vốn … bao gồm: nguồn vốn ngân sách nhà nước,
            # nguồn tài trợ, …": the provision lists more than the one claimed
            only = re.search(r"(?<!\w)(?:chi|only|just)\s+(.+?)(?:\s+(?:thoi|thoi a|ha|phai khong|dung khong)|\W*$)",
                             query.folded)
            claimed_words = set(topic_words(only.group(1))) if only else set()
            for line in section.quotable_lines:
                listed = _LIST.search(line)
                if claimed_words and listed and listed.group(1).count(",") >= 2 and len(
                        claimed_words & set(fold(listed.group(1)).split())) >= 0.6 * len(claimed_words):
                    return (f"{words['no']} the plan lists more than that." if query.lang == "en"
                            else f"{words['no']} kế hoạch nêu nhiều hơn thế.")
            return None
        enough = 0.85 if claimed else 1.0
        return words["yes"] if covered >= enough and paired >= 0.5 else None

    def _unlisted(self, query: Query, section: Section) -> Answer | None:
        """The items of a kind asked one by one ("cụ thể gồm những tiêu chí nào?") when the provision names the
        kind without listing it: said so, with the line that names it cited."""
        asked = _ITEMS_ASKED.search(query.folded)
        if not asked:
            return None
        kind = asked.group(1) or asked.group(2)
        for line in section.quotable_lines:
            at = fold(line).find(kind)
            if at >= 0 and not re.search(r"[:;]|,.*,|\bnhư\b|\bgồm\b", line[at:at + 160]):
                text = (f"{self._plan_name(query.lang)} mentions the {kind} but does not list them (section {section.id})."
                        if query.lang == "en" else
                        f"{self._plan_name(query.lang)} nêu “{line.strip()}” nhưng không liệt kê cụ thể (mục {section.id}).")
                return Answer(question=query.original, answer=text, found=False, intent="not_found",
                              citations=[self._cite(section, line)])
        return None

    def _passage_answer(self, query: Query, section: Section, quote: str) -> Answer:
        """A quoted provision; when it is a task, its record too (who leads, by when)."""
        lang = query.lang
        title = f" ({section.title})" if len(section.title) <= 80 and section.title not in quote else ""
        head = (f"According to {_PLAN[lang]} {section.doc_id}, section {section.id}{title}" if lang == "en"
                else f"Theo {_PLAN[lang]} {section.doc_id}, mục {section.id}{title}")
        text = f"{head}: “{quote}”"
        tasks = [task] if (task := self._task_of(section)) else []
        if tasks:
            text += "\n" + self._direct_line(tasks[0], ("lead",), lang)
        return Answer(question=query.original, answer=text, found=True, intent="content",
                      citations=[self._cite(section, quote)], tasks=tasks)

    # -- not answered --------------------------------------------------------------------------------
    def _not_answered(self, query: Query, decision: Decision) -> Answer:
        """Related only: the nearest task named as such, cited; otherwise "không đề cập"."""
        if decision.outcome != "related" or decision.hit is None:
            return self._not_found(query)
        section = self._section(decision.hit.chunk.doc_id, decision.hit.chunk.section)
        tasks = [task] if (task := self._task_of(section)) else []
        scope = self._plan_name(query.lang)
        opening = _TEXT[query.lang]["absent"] + " " if query.existence else ""
        if query.lang == "en":
            text = f"{opening}{scope} has no task specifically about this; the nearest is section {section.id}"
        else:
            text = f"{opening}{scope} không có nhiệm vụ riêng về nội dung này; gần nhất là mục {section.id}"
        quote = tasks[0].summary if tasks else self._best_line(section, query.clause)
        text += f" (“{quote}”)"
        if tasks:
            lead = "; ".join(tasks[0].lead)
            text += f", led by {lead}." if query.lang == "en" else f", do {lead} chủ trì."
        else:
            text += "."
        return Answer(question=query.original, answer=text, found=False, intent="not_found",
                      citations=[self._cite(section, quote)], tasks=tasks)

    def _has_quantity(self, query: Query, passage: str) -> bool:
        """"bao nhiêu tỷ đồng?" needs an amount in the passage: a number followed by the unit asked."""
        unit = re.search(r"(?:bao nhieu|may)\s+(\w+)", query.folded)
        if not unit:
            return False
        return bool(re.search(r"\d+\s*" + re.escape(unit.group(1)), fold(passage)))

    def _not_found(self, query: Query, *, reason: str = "topic", agency: Agency | None = None,
                   section: str | None = None, document=None, body: str | None = None) -> Answer:
        scope = self._plan_name(query.lang)
        lang = query.lang
        provinces = ", ".join(query.other_provinces)
        citations = []
        if lang == "en":
            text = {
                "agency": f"{scope} does not mention {agency.name if agency else ''}.",
                "body": f"{scope} does not mention {body}: it gives that body no task.",
                "law": f"The library does not hold {body}, and {scope} does not cite it.",
                "province": f"The library holds no plan of {provinces}; it covers Quảng Ngãi's {scope}.",
                "document": f"The full text of {document.kind if document else ''} {document.id if document else ''} "
                            f"is not in the library; {scope} only cites it.",
                "section": f"{scope} has no section {section}.",
                "amount": f"{scope} does not give that figure.",
                "person": f"{scope} names no official in charge (only agencies); it does not give that name.",
                "contact": f"{scope} gives no phone number, e-mail or contact address.",
                "location": f"{scope} names no site or address for any facility.",
                "names": f"{scope} names no particular school, company, site or product; it assigns tasks to agencies.",
                "superseded": f"The library holds {scope} as issued; it has no information on a later text replacing or "
                              f"amending it.",
                "tax": f"{scope} sets no tax rate or tax incentive; taxes are set by law.",
                "sanction": f"{scope} sets no penalty or sanction; it assigns tasks to agencies.",
                "benefit": f"{scope} grants no scholarship, allowance or free equipment to individuals; it assigns "
                           f"tasks to agencies.",
                "procedure": f"{scope} sets no procedure, application file or form; it assigns tasks to agencies.",
                "date": f"{scope} gives years and periods (timeframes), not particular days or deadlines.",
                "biography": f"{scope} gives no personal details of anyone, its signer included.",
                "result": f"{scope} sets tasks and timeframes; it reports no results achieved.",
                "no_topic": "Which task do you mean? Name its field, e.g. \"e-commerce\" or \"y tế\".",
            }.get(reason, f"{scope} does not mention this.")
        else:
            text = {
                "agency": f"{scope} không đề cập {agency.name if agency else ''}: không giao nhiệm vụ chủ trì "
                          f"hay phối hợp nào cho cơ quan này.",
                "body": f"{scope} không đề cập {body}: không giao nhiệm vụ nào cho tổ chức này.",
                "law": f"Kho văn bản chưa có {body}, và {scope} không viện dẫn văn bản này.",
                "province": f"Kho văn bản chưa có kế hoạch của {provinces}; trợ lý chỉ trả lời theo {scope} "
                            f"của tỉnh Quảng Ngãi.",
                "document": f"Kho văn bản chưa có toàn văn {document.kind if document else ''} "
                            f"{document.id if document else ''}; {scope} chỉ viện dẫn văn bản này.",
                "section": f"{scope} không có mục {section}.",
                "amount": f"{scope} không nêu số tiền hay con số cụ thể này.",
                "person": f"{scope} chỉ giao việc cho cơ quan, không nêu tên cán bộ phụ trách.",
                "contact": f"{scope} không nêu số điện thoại, email hay địa chỉ liên hệ.",
                "location": f"{scope} không nêu địa điểm hay nơi đặt công trình, cơ sở nào.",
                "names": f"{scope} không nêu danh sách trường, doanh nghiệp, địa điểm hay sản phẩm cụ thể nào; "
                         f"kế hoạch giao nhiệm vụ cho các cơ quan.",
                "superseded": f"Kho văn bản có {scope} như khi ban hành, không có thông tin về văn bản nào thay thế "
                              f"hay sửa đổi kế hoạch này sau đó.",
                "tax": f"{scope} không quy định thuế suất hay ưu đãi thuế nào; thuế do pháp luật về thuế quy định.",
                "sanction": f"{scope} không quy định mức phạt hay hình thức xử lý nào; kế hoạch giao nhiệm vụ cho các cơ quan.",
                "benefit": f"{scope} không nêu học bổng, trợ cấp hay cấp phát miễn phí nào cho cá nhân; kế hoạch giao "
                           f"nhiệm vụ cho các cơ quan.",
                "procedure": f"{scope} không quy định thủ tục, hồ sơ hay cách đăng ký; kế hoạch giao nhiệm vụ cho các cơ quan.",
                "date": f"{scope} chỉ nêu thời gian thực hiện theo năm hoặc giai đoạn, không nêu ngày hay hạn chót cụ thể.",
                "biography": f"{scope} không nêu thông tin cá nhân của ai, kể cả người ký.",
                "result": f"{scope} chỉ đặt nhiệm vụ và thời hạn, không nêu kết quả đã đạt được.",
                "no_topic": "Bạn hỏi về nhiệm vụ nào? Hãy nêu lĩnh vực, ví dụ \"thương mại điện tử\" hoặc \"y tế\".",
            }.get(reason, f"{scope} không đề cập nội dung này.")
        if query.existence and reason == "topic":
            text = f"{_TEXT[lang]['absent']} {text}"
        if reason == "document" and document is not None:
            for reference in self.index.citations_of.get(document.id, []):
                doc_id, section_id = reference.split(" ", 1)
                cited = self._section(doc_id, section_id)
                citations.append(self._cite(cited, self._best_line(cited, document.id)))
        return Answer(question=query.original, answer=text, found=False, intent="not_found", citations=citations)

    # -- helpers -------------------------------------------------------------------------------------
    def _section(self, doc_id: str, section_id: str) -> Section:
        section = self.index.section(doc_id, section_id)
        if section is None:
            raise LookupError(f"section {section_id!r} of {doc_id!r} is not in the index")
        return section

    def _task(self, doc_id: str, section_id: str) -> TaskRecord:
        return next(t for t in self.index.tasks if t.doc_id == doc_id and t.section == section_id)

    def _task_of(self, section: Section) -> TaskRecord | None:
        """The task a section is, if it is one (a lettered item with fields), else None."""
        return next((t for t in self.index.tasks if (t.doc_id, t.section) == (section.doc_id, section.id)), None)

    @staticmethod
    def _best_line(section: Section, query: str) -> str:
        """The line of `section` that shares the most words with `query` (first on ties), a field line
        ("- Thời gian thực hiện: …") only when there is nothing else."""
        wanted = set(re.findall(r"\w+", fold(search_form(query))))
        def shared(line: str) -> int:
            return len(wanted & set(re.findall(r"\w+", fold(search_form(line)))))

        field_lines = set(section.field_lines.values())
        return max([line for line in section.quotable_lines if line not in field_lines] or section.quotable_lines,
                   key=shared)

    @staticmethod
    def _cite(section: Section, quote: str) -> Citation:
        slug = section.doc_id.replace("/", "-")
        return Citation(doc_id=section.doc_id, section=section.id, title=section.title, quote=quote,
                        url=f"/documents/{slug}#{section.id}")


def _claimed_roles(query: Query) -> dict[str, str]:
    """Agency → the role the claim gives it, read from the first "chủ trì"/"phối hợp" after its name."""
    expanded = search_form(query.clause)
    folded = fold_keep_offsets(expanded)
    roles = {}
    for match in find_agencies(expanded, expand=False):
        role = re.search(r"chu tri|phoi hop|(?<!\w)leads?(?!\w)|coordinat", folded[match.end :])
        if role:
            roles.setdefault(match.agency.name,
                             "coordinators" if role.group(0).startswith(("phoi", "coord")) else "lead")
    return roles


_PERIOD = re.compile(r"(?<![\d/.])(\d{1,2})\s+(nam|thang|quy|tuan|years?|months?)(?!\w)")


def _period_verdict(query: Query, quote: str) -> str | None:
    """The verdict on a yes/no claim of a period ("cứ 2 năm") when the quoted provision states periods in
    the same unit ("3 năm, 5 năm"); None when either states none."""
    if not query.premise:
        return None
    unit_of = {"yea": "nam", "mon": "tha"}
    claimed = {(n, unit_of.get(unit[:3], unit[:3])) for n, unit in _PERIOD.findall(query.folded)}
    if re.search(r"(?:moi|hang) nam|every year|annually|yearly", query.folded):  # "mỗi năm … một lần"
        claimed.add(("1", "nam"))
    stated = {(n, unit[:3]) for n, unit in _PERIOD.findall(fold(quote))}
    if not claimed or not stated or not {u for _, u in claimed} & {u for _, u in stated}:
        return None
    words = _TEXT[query.lang]
    if claimed <= stated:
        return words["yes"]
    periods = ", ".join(quote[m.start() : m.end()] for m in _PERIOD.finditer(fold_keep_offsets(quote)))
    return (f"{words['no']} the plan says “{periods}”." if query.lang == "en"
            else f"{words['no']} kế hoạch nêu {periods}.")


def open_answerer(settings: Settings | None = None, index: PlanIndex | None = None) -> Answerer:
    """The answerer over `index` (default: the cached index of the settings), with the settings'
    weights, limits and the agency successors of the corpus."""
    settings = settings or get_settings()
    retriever = PlanRetriever(plan_index=index or load_index(settings), k=settings.top_k,
                              dense_weight=settings.dense_weight, bm25_weight=settings.bm25_weight,
                              field_weight=settings.field_weight)
    return Answerer(retriever, max_chars=settings.max_question_chars,
                    successors=load_successors(settings.corpus_dir))
