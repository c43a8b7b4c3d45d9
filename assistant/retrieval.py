"""Hybrid retrieval over the plan: dense (FAISS, e5) + lexical (bm25s) + task-field matching.

The three scores are scaled to [0, 1] per query and added with weights chosen on the evaluation set
(see README, "Đánh giá"). Field matching rewards the tasks whose lead or coordinators the question names,
and the section the question cites by number ("II.5.k").
"""

import re
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, Field

from .index import AGENCY_WORDS, Chunk, PlanIndex, open_index
from .settings import Settings, get_settings
from .understanding import Query
from .vntext import fold, search_form, tokens

__all__ = ["PlanRetriever", "ScoredChunk", "load_index", "section_reference"]

_AI = re.compile(r"trí tuệ nhân tạo", re.IGNORECASE)
_SECTION_REF = re.compile(r"(?<![\w.])((?:I|II|III|IV|V|VI)(?:\.\d{1,2})(?:\.[a-zđ])?)(?![\w])")


_OPENED: dict[tuple[Path, Path, str], PlanIndex] = {}
_OPEN_LOCK = threading.Lock()


def load_index(settings: Settings | None = None) -> PlanIndex:
    """The process-wide opened index for these settings (built on first use if missing)."""
    settings = settings or get_settings()
    key = (settings.index_dir, settings.corpus_dir, settings.embedding_model)
    with _OPEN_LOCK:
        if key not in _OPENED:
            _OPENED[key] = open_index(settings)
        return _OPENED[key]


def section_reference(question: str) -> str | None:
    """A section cited by number in the question: "II.5.k", "ii.5.k"."""
    match = _SECTION_REF.search(question)
    return match.group(1) if match else None


@dataclass(frozen=True)
class ScoredChunk:
    chunk: Chunk
    score: float
    dense: float  # raw cosine similarity, used for abstention
    bm25: float  # scaled to [0, 1]
    field: float
    bm25_raw: float = 0.0  # unscaled, without "trí tuệ nhân tạo": how much of the query the passage holds


class PlanRetriever(BaseRetriever):
    """LangChain retriever over the plan index. `PlanRetriever()` opens the default index."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    k: int = 4
    plan_index: PlanIndex = Field(default_factory=load_index, exclude=True, repr=False)
    dense_weight: float = Field(default_factory=lambda: get_settings().dense_weight)
    bm25_weight: float = Field(default_factory=lambda: get_settings().bm25_weight)
    field_weight: float = Field(default_factory=lambda: get_settings().field_weight)

    def score(self, query: Query | str) -> list[ScoredChunk]:
        """Every chunk scored for `query` (a question is understood first), best first."""
        index = self.plan_index
        if isinstance(query, str):
            query = index.understand(query)
        n = len(index.chunks)
        text = search_form(query.search_text)
        query_vector = np.asarray([index.embeddings.embed_query(text)], dtype="float32")
        similarities, ids = index.faiss_index.search(query_vector, n)
        dense = np.empty(n, dtype="float32")
        dense[ids[0]] = similarities[0]
        lexical = _scale(_bm25_scores(index, tokens(text, AGENCY_WORDS)))
        # "trí tuệ nhân tạo" puts the tasks that name it first, but nearly every passage names it: it is no
        # evidence that the plan answers, so the BM25 the decision reads leaves it out
        evidence = _bm25_scores(index, tokens(_AI.sub(" ", text), AGENCY_WORDS))
        field = _field_scores(index, query)
        combined = self.dense_weight * _scale(dense) + self.bm25_weight * lexical + self.field_weight * field
        order = np.argsort(-combined, kind="stable")
        return [ScoredChunk(index.chunks[i], float(combined[i]), float(dense[i]), float(lexical[i]),
                            float(field[i]), float(evidence[i])) for i in order]

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun, k: int | None = None
    ) -> list[Document]:
        return [
            Document(
                id=hit.chunk.id,
                page_content=hit.chunk.text,
                metadata={"doc_id": hit.chunk.doc_id, "section": hit.chunk.section, "title": hit.chunk.title,
                          "score": hit.score, "dense": hit.dense},
            )
            for hit in self.score(query)[: k or self.k]
        ]


def _scale(values: np.ndarray) -> np.ndarray:
    low, high = float(values.min()), float(values.max())
    return (values - low) / (high - low) if high > low else np.zeros_like(values)


def _bm25_scores(index: PlanIndex, query_tokens: list[str]) -> np.ndarray:
    known = [t for t in query_tokens if t in index.bm25.vocab_dict]
    if not known:
        return np.zeros(len(index.chunks), dtype="float32")
    return np.asarray(index.bm25.get_scores(known), dtype="float32")


def _field_scores(index: PlanIndex, query: Query) -> np.ndarray:
    """1 for a chunk of a task the question names as lead or cites by number, 0.5 as coordinator or for a
    provision naming the agency; 1 more inside a part the question names by its heading. The agency of a
    yes/no claim is what is checked, not a hint: it scores nothing."""
    named = set() if query.checks_a_body else {a.name for a in query.agencies}
    reference = section_reference(query.clause)
    by_section = {}
    for task in index.tasks:
        value = 0.0
        if named & set(task.lead):
            value = 1.0
        elif named & set(task.coordinators):
            value = 0.5
        by_section[(task.doc_id, task.section)] = value
    folded_question = query.folded
    named_parts = {  # "trong phần tổ chức thực hiện": the chunks under that heading
        (s.doc_id, s.id) for s in index.sections.values()
        if s.kind == "roman" and len(fold(s.title)) > 8 and fold(s.title) in folded_question
    }
    mentioned = {section for name in named for section in index.mentions.get(name, [])}
    scores = np.zeros(len(index.chunks), dtype="float32")
    for i, chunk in enumerate(index.chunks):
        scores[i] = by_section.get((chunk.doc_id, chunk.section), 0.5 if chunk.section in mentioned else 0.0)
        if reference and fold(chunk.section) == fold(reference):
            scores[i] = 1.0
        if (chunk.doc_id, chunk.section.split(".")[0]) in named_parts:
            scores[i] += 1.0
    return scores
