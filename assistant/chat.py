"""Conversations: follow-ups such as "còn thời gian thực hiện?" refer to the tasks of the last answer.

`Conversation` is one dialogue (CLI chat); `ChatService` is what the web layer calls: sessions (see
`sessions`, which keep section ids), optional LLM phrasing, streaming pieces.
"""

import re
from collections import deque
from dataclasses import dataclass, field

from .answer import Answer, Answerer
from .generator import AnswerPhraser
from .index import PlanIndex
from .sessions import SectionRef, Sessions
from .tasks import TaskRecord

__all__ = ["Conversation", "ChatService", "answer_pieces", "text_with_markers", "cited_sections", "tasks_of"]

HISTORY_LENGTH = 20
_MARKER = re.compile(r"\[(\d+/[\w\-Đđ]+) ([IVX]+(?:\.[\wđ]+)*|preamble|closing)\]")


@dataclass
class Conversation:
    answerer: Answerer
    history: deque[Answer] = field(default_factory=lambda: deque(maxlen=HISTORY_LENGTH))

    @property
    def context(self) -> list[TaskRecord]:
        """The tasks the conversation is about: those of the latest answer that named any."""
        return next((answer.tasks for answer in reversed(self.history) if answer.tasks), [])

    def ask(self, question: str) -> Answer:
        answer = self.answerer.answer(question, context=self.context)
        self.history.append(answer)
        return answer


@dataclass
class ChatService:
    """Answers for the web: per-session context, then optional phrasing by an LLM (fact-checked).
    `answerer` may be replaced while serving (a new index): each question reads it once, and the session's
    sections are re-read from that answerer's index."""

    answerer: Answerer
    sessions: Sessions
    phraser: AnswerPhraser | None = None

    def ask(self, question: str, session_id: str | None = None) -> tuple[str, Answer]:
        session_id, sections = self.sessions.context(session_id)
        return session_id, self.answer_in_session(question, session_id, sections)

    def answer_in_session(self, question: str, session_id: str, sections: list[SectionRef]) -> Answer:
        """Answer with the session's sections as context, then remember the answer's sections."""
        answerer = self.answerer
        answer = answerer.answer(question, context=tasks_of(answerer.index, sections))
        self.sessions.remember(session_id, [(task.doc_id, task.section) for task in answer.tasks])
        return self._phrase(answer)

    def ask_after(self, question: str, earlier_replies: list[str]) -> Answer:
        """Answer with the context of a stateless client's transcript (OpenAI API): the tasks cited by
        markers in the latest earlier reply that has any."""
        sections = next((found for reply in reversed(earlier_replies) if (found := cited_sections(reply))), [])
        answerer = self.answerer
        return self._phrase(answerer.answer(question, context=tasks_of(answerer.index, sections)))

    def _phrase(self, answer: Answer) -> Answer:
        return self.phraser.phrase(answer) if self.phraser else answer


def tasks_of(index: PlanIndex, sections: list[SectionRef]) -> list[TaskRecord]:
    """The tasks of `index` at these sections, in their order; sections a reindex removed are skipped."""
    by_section = {(task.doc_id, task.section): task for task in index.tasks}
    return [by_section[ref] for ref in dict.fromkeys(sections) if ref in by_section]


def answer_pieces(text: str, words: int = 3) -> list[str]:
    """The answer cut into small pieces to stream (a few words each, whitespace kept)."""
    tokens = re.findall(r"\S+\s*|\s+", text)
    return ["".join(tokens[i : i + words]) for i in range(0, len(tokens), words)]


def text_with_markers(answer: Answer) -> str:
    """The answer followed by its sources as `[83/KH-UBND II.5.g]` markers, for plain-text clients."""
    markers = list(dict.fromkeys(f"[{c.doc_id} {c.section}]" for c in answer.citations))
    return f"{answer.answer}\n\nNguồn: {' '.join(markers)}" if markers else answer.answer


def cited_sections(text: str) -> list[tuple[str, str]]:
    return list(dict.fromkeys(_MARKER.findall(text)))
