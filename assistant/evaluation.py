"""Measure the assistant on the evaluation set, side by side with a naive RAG baseline.

Ours: the structured answerer. Baseline: LangChain `RecursiveCharacterTextSplitter` (500 characters) over
each loaded document + dense FAISS with the same embeddings, the top-1 passage taken as the answer.
A question is answered correctly when `found` and the intent match, every expected section is cited and
every expected string appears in the answer (NFC, case-insensitive). The baseline has no intent and
never abstains, so it is graded on sections and strings only (and fails every unanswerable question).
"""

import json
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .answer import Answer, Answerer
from .index import PlanIndex
from .retype import FORMS, retype
from .settings import PROJECT_ROOT
from .vntext import nfc

__all__ = ["Question", "EvalReport", "FormScores", "load_questions", "evaluate", "evaluate_forms", "format_forms", "grade",
           "DEFAULT_QUESTIONS", "format_report"]

DEFAULT_QUESTIONS = PROJECT_ROOT / "tests" / "eval" / "questions.jsonl"
BASELINE_CHUNK_CHARS = 500


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    intent: str
    found: bool
    sections: list[str]
    contains: list[str]
    tags: list[str]
    verdict: str | None = None  # a yes/no question: "yes" when its claim is right, "no" when it is wrong


def load_questions(path: Path = DEFAULT_QUESTIONS) -> list[Question]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [Question(**json.loads(line)) for line in lines if line.strip()]


@dataclass
class SystemScores:
    correct: dict[str, list[bool]] = field(default_factory=lambda: defaultdict(list))
    recall_at_1: list[bool] = field(default_factory=list)
    recall_at_3: list[bool] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        results = [ok for oks in self.correct.values() for ok in oks]
        return sum(results) / len(results)

    def intent_accuracy(self, intent: str) -> float:
        return sum(self.correct[intent]) / len(self.correct[intent])

    def percentile(self, q: float) -> float:
        return statistics.quantiles(self.latencies_ms, n=100)[int(q) - 1]


@dataclass
class EvalReport:
    ours: SystemScores
    baseline: SystemScores | None
    failures: list[tuple[Question, Answer]]
    intents: list[str]


def _contains_all(text: str, expected: list[str]) -> bool:
    haystack = nfc(text).lower()
    return all(nfc(s).lower() in haystack for s in expected)


_VERDICT_OPENINGS = {"yes": ("đúng", "có", "yes"), "no": ("không", "no")}  # "Có." / "Không." answer yes/no too


def grade(question: Question, answer: Answer) -> bool:
    cited = {c.section for c in answer.citations}
    verdict_ok = question.verdict is None or nfc(answer.answer).lower().startswith(
        _VERDICT_OPENINGS[question.verdict])
    return (answer.found == question.found and answer.intent == question.intent and verdict_ok
            and set(question.sections) <= cited and _contains_all(answer.answer, question.contains))


@dataclass
class FormScores:
    """Accuracy of the answerable questions when re-typed in one form."""

    form: str
    correct: int
    total: int
    failures: list[tuple[str, Answer]]

    @property
    def accuracy(self) -> float:
        return self.correct / self.total


def evaluate_forms(answerer: Answerer, questions: list[Question], forms: list[str] | None = None) -> list[FormScores]:
    """Every answerable question asked again in each re-typed form (no diacritics, Telex, …)."""
    answerable = [q for q in questions if q.found]
    scores = []
    for form in forms or list(FORMS):
        correct, failures = 0, []
        for position, question in enumerate(answerable):
            typed = retype(question.question, form, position)
            answer = answerer.answer(typed)
            if grade(question, answer):
                correct += 1
            else:
                failures.append((f"{question.id}: {typed}", answer))
        scores.append(FormScores(form, correct, len(answerable), failures))
    return scores


def format_forms(scores: list[FormScores], *, failures: int = 5) -> str:
    rows = [f"{'form':<14}{'n':>4}  {'accuracy':>8}"]
    rows += [f"{s.form:<14}{s.total:>4}  {s.accuracy * 100:7.1f}%" for s in scores]
    for s in scores:
        for typed, answer in s.failures[:failures]:
            rows.append(f"  [{s.form}] {typed} -> {answer.intent} {[c.section for c in answer.citations][:3]}")
    return "\n".join(rows)


def _first_sections(hits: list, k: int) -> list[str]:
    seen: list[str] = []
    for section in hits:
        if section not in seen:
            seen.append(section)
        if len(seen) == k:
            break
    return seen


def evaluate(answerer: Answerer, questions: list[Question], *, baseline: bool = True) -> EvalReport:
    """Answer every question with ours (and the baseline) and collect the scores."""
    ours, failures = SystemScores(), []
    for question in questions:
        started = time.perf_counter()
        answer = answerer.answer(question.question)
        ours.latencies_ms.append((time.perf_counter() - started) * 1000)
        ok = grade(question, answer)
        ours.correct[question.intent].append(ok)
        if not ok:
            failures.append((question, answer))
        if question.found and question.sections and question.intent not in ("agency_tasks", "metadata"):
            hits = answerer.retriever.score(answerer.understand(question.question))
            ranked = _first_sections([h.chunk.section for h in hits], 3)
            ours.recall_at_1.append(ranked[0] in question.sections)
            ours.recall_at_3.append(any(s in question.sections for s in ranked))
    base = _evaluate_baseline(answerer.index, questions) if baseline else None
    intents = sorted({q.intent for q in questions})
    return EvalReport(ours, base, failures, intents)


def _evaluate_baseline(index: PlanIndex, questions: list[Question]) -> SystemScores:
    from langchain_community.vectorstores import FAISS
    from langchain_community.vectorstores.utils import DistanceStrategy
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=BASELINE_CHUNK_CHARS, chunk_overlap=50)
    texts, metadatas = [], []
    by_doc: dict[str, list] = defaultdict(list)
    for section in index.sections.values():
        by_doc[section.doc_id].append(section)
    for sections in by_doc.values():
        full_text = "\n".join(s.text for s in sections)
        for piece in splitter.split_text(full_text):
            texts.append(piece)
            metadatas.append({"sections": [s.id for s in sections if s.lines and s.lines[0] in piece
                                           or (s.heading and s.heading in piece)]})
    store = FAISS.from_texts(texts, index.embeddings, metadatas=metadatas,
                             distance_strategy=DistanceStrategy.MAX_INNER_PRODUCT)
    scores = SystemScores()
    for question in questions:
        started = time.perf_counter()
        docs = store.similarity_search(question.question, k=3)
        scores.latencies_ms.append((time.perf_counter() - started) * 1000)
        top = docs[0]
        cited = set(top.metadata["sections"])
        ok = question.found and set(question.sections) <= cited and _contains_all(top.page_content,
                                                                                  question.contains)
        scores.correct[question.intent].append(ok)
        if question.found and question.sections and question.intent not in ("agency_tasks", "metadata"):
            ranked = [s for d in docs for s in d.metadata["sections"]]
            scores.recall_at_1.append(any(s in question.sections for s in docs[0].metadata["sections"]))
            scores.recall_at_3.append(any(s in question.sections for s in ranked))
    return scores


def format_report(report: EvalReport) -> str:
    """A plain-text table: accuracy per intent, recall, latency, ours vs baseline."""
    base = report.baseline

    def pct(value: float) -> str:
        return f"{value * 100:5.1f}%"

    rows = [f"{'intent':<14}{'n':>4}  {'ours':>7}  {'baseline':>8}"]
    for intent in report.intents:
        n = len(report.ours.correct[intent])
        rows.append(f"{intent:<14}{n:>4}  {pct(report.ours.intent_accuracy(intent)):>7}  "
                    f"{pct(base.intent_accuracy(intent)) if base else '-':>8}")
    n_all = sum(len(v) for v in report.ours.correct.values())
    rows.append(f"{'ALL':<14}{n_all:>4}  {pct(report.ours.accuracy):>7}  {pct(base.accuracy) if base else '-':>8}")
    rows.append("")
    for label, attr in (("recall@1", "recall_at_1"), ("recall@3", "recall_at_3")):
        mine = getattr(report.ours, attr)
        theirs = getattr(base, attr) if base else None
        rows.append(f"{label:<18}{pct(sum(mine) / len(mine)) if mine else '-':>7}  "
                    f"{pct(sum(theirs) / len(theirs)) if theirs else '-':>8}   (n={len(mine)})")
    for label, q in (("latency p50 (ms)", 50), ("latency p95 (ms)", 95)):
        rows.append(f"{label:<18}{report.ours.percentile(q):>7.1f}  "
                    f"{base.percentile(q) if base else float('nan'):>8.1f}")
    if report.failures:
        rows.append("")
        rows.append("failures:")
        for question, answer in report.failures:
            rows.append(f"  {question.id}: expected {question.intent}/{question.sections}, got {answer.intent} "
                        f"{[c.section for c in answer.citations][:3]}: {question.question}")
    return "\n".join(rows)
