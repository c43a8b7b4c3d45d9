"""Conversations: follow-ups such as "còn thời gian thực hiện?" refer to the tasks of the last answer.

`Conversation` is one dialogue (CLI chat); `SessionStore` keeps many between HTTP requests, bounded and
expiring; `ChatService` is what the web layer calls: sessions, optional LLM phrasing, streaming pieces.
"""

import re
import secrets
import threading
from collections import deque
from dataclasses import dataclass, field

from cachetools import TTLCache

from .answer import Answer, Answerer
from .errors import InvalidQuestion
from .generator import AnswerPhraser
from .tasks import TaskRecord

__all__ = ["Conversation", "SessionStore", "ChatService", "answer_pieces", "text_with_markers", "cited_sections"]

HISTORY_LENGTH = 20
_SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{1,128}$")
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


class SessionStore:
    """Session id → the tasks the conversation is about. The least recently used session goes first
    when full; an idle one expires after `ttl_seconds`; an unknown (or expired) id starts afresh."""

    def __init__(self, *, max_sessions: int, ttl_seconds: float) -> None:
        self._sessions: TTLCache[str, list[TaskRecord]] = TTLCache(maxsize=max_sessions, ttl=ttl_seconds)
        self._lock = threading.Lock()

    def context(self, session_id: str | None) -> tuple[str, list[TaskRecord]]:
        """The session's id (a new one when None) and its current context."""
        if session_id is not None and not _SESSION_ID.match(session_id):
            raise InvalidQuestion("session_id chỉ gồm chữ, số, '-' và '_' (tối đa 128 ký tự)")
        with self._lock:
            session_id = session_id or secrets.token_urlsafe(16)
            context = self._sessions.get(session_id, [])
            self._sessions[session_id] = context  # re-inserting refreshes the idle timer
            return session_id, context

    def remember(self, session_id: str, answer: Answer) -> None:
        if answer.tasks:
            with self._lock:
                self._sessions[session_id] = answer.tasks

    def __len__(self) -> int:
        with self._lock:
            return len(self._sessions)


@dataclass
class ChatService:
    """Answers for the web: per-session context, then optional phrasing by an LLM (fact-checked).
    `answerer` may be replaced while serving (a new index): each question reads it once."""

    answerer: Answerer
    sessions: SessionStore
    phraser: AnswerPhraser | None = None

    def ask(self, question: str, session_id: str | None = None) -> tuple[str, Answer]:
        session_id, context = self.sessions.context(session_id)
        answer = self.answerer.answer(question, context=context)
        self.sessions.remember(session_id, answer)
        return session_id, self._phrase(answer)

    def ask_after(self, question: str, earlier_replies: list[str]) -> Answer:
        """Answer with the context of a stateless client's transcript (OpenAI API): the tasks cited by
        markers in the latest earlier reply that has any."""
        sections = next((found for reply in reversed(earlier_replies) if (found := cited_sections(reply))), [])
        context = [t for t in self.answerer.index.tasks if (t.doc_id, t.section) in sections]
        return self._phrase(self.answerer.answer(question, context=context))

    def _phrase(self, answer: Answer) -> Answer:
        return self.phraser.phrase(answer) if self.phraser else answer


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
