"""Conversation sessions between HTTP requests: which sections the conversation is about.

A session holds section ids (`("83/KH-UBND", "II.5.g")`), never task copies: after a reindex the tasks
are re-read from the index being served, so a follow-up never answers from a stale record. Ids are
issued by the server (`secrets.token_urlsafe`, 128 bits): an id the store does not know starts a new
session with a new id, so knowing or guessing someone's id is the only way in, and guessing is hopeless.

Two stores with one interface: `MemorySessions` (one process, the default) and `RedisSessions` (shared
by every replica, when ASSISTANT_REDIS_URL is set). Both expire a session `ttl_seconds` after its last
use and keep at most `max_sessions`, dropping the least recently used first.
"""

import json
import re
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from cachetools import TTLCache

from .errors import AssistantError, InvalidQuestion
from .settings import Settings

__all__ = ["SectionRef", "Sessions", "MemorySessions", "RedisSessions", "SharedStateError", "open_sessions",
           "new_session_id", "redis_errors"]

SectionRef = tuple[str, str]
_SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{1,128}$")


def new_session_id() -> str:
    return secrets.token_urlsafe(16)


def _checked(session_id: str | None) -> str | None:
    if session_id is not None and not _SESSION_ID.match(session_id):
        raise InvalidQuestion("session_id chỉ gồm chữ, số, '-' và '_' (tối đa 128 ký tự)")
    return session_id


class SharedStateError(AssistantError):
    """Redis (ASSISTANT_REDIS_URL) cannot be reached: HTTP 503, one line, no traceback."""


@contextmanager
def redis_errors(url: str) -> Iterator[None]:
    import redis

    try:
        yield
    except redis.RedisError as exc:
        raise SharedStateError(f"không kết nối được Redis ({exc.__class__.__name__}): kiểm tra ASSISTANT_REDIS_URL "
                               "và máy chủ Redis") from None


class Sessions(Protocol):
    def context(self, session_id: str | None) -> tuple[str, list[SectionRef]]:
        """The session's id and the sections it is about; a new server-issued id when `session_id` is
        None or unknown (expired, evicted, or made up by the client)."""
        ...

    def remember(self, session_id: str, sections: list[SectionRef]) -> None:
        """The sections the conversation is now about (ignored when empty: the earlier ones stay)."""
        ...

    def __len__(self) -> int: ...


class MemorySessions:
    """Sessions of one process: a TTL cache, least recently used evicted first when full."""

    def __init__(self, *, max_sessions: int, ttl_seconds: float) -> None:
        self._sessions: TTLCache[str, list[SectionRef]] = TTLCache(maxsize=max_sessions, ttl=ttl_seconds)
        self._lock = threading.Lock()

    def context(self, session_id: str | None) -> tuple[str, list[SectionRef]]:
        session_id = _checked(session_id)
        with self._lock:
            if session_id is None or session_id not in self._sessions:
                session_id, sections = new_session_id(), []
            else:
                sections = self._sessions[session_id]
            self._sessions[session_id] = sections  # re-inserting refreshes the idle timer
            return session_id, list(sections)

    def remember(self, session_id: str, sections: list[SectionRef]) -> None:
        if sections:
            with self._lock:
                self._sessions[session_id] = list(sections)

    def __len__(self) -> int:
        with self._lock:
            return len(self._sessions)


class RedisSessions:
    """Sessions in Redis, shared by every replica. Each session is a key with its own expiry; a sorted
    set of ids by last use bounds their number (the oldest are dropped when it grows past the limit)."""

    def __init__(self, url: str, *, max_sessions: int, ttl_seconds: float, prefix: str = "assistant") -> None:
        import redis

        self.url = url
        self.redis = redis.Redis.from_url(url, decode_responses=True, socket_timeout=5)
        self.max_sessions, self.ttl = max_sessions, max(1, round(ttl_seconds))
        self._key, self._recent = f"{prefix}:session:", f"{prefix}:sessions"

    def context(self, session_id: str | None) -> tuple[str, list[SectionRef]]:
        session_id = _checked(session_id)
        with redis_errors(self.url):
            stored = self.redis.getex(self._key + session_id, ex=self.ttl) if session_id else None
            if stored is None:
                session_id, stored = new_session_id(), "[]"
            self._touch(session_id, stored)
        return session_id, [tuple(ref) for ref in json.loads(stored)]

    def remember(self, session_id: str, sections: list[SectionRef]) -> None:
        if sections:
            with redis_errors(self.url):
                self._touch(session_id, json.dumps([list(ref) for ref in sections], ensure_ascii=False))

    def _touch(self, session_id: str, value: str) -> None:
        now = time.time()
        with self.redis.pipeline() as pipe:
            pipe.set(self._key + session_id, value, ex=self.ttl)
            pipe.zadd(self._recent, {session_id: now})
            pipe.zremrangebyscore(self._recent, "-inf", now - self.ttl)  # expired keys leave the index too
            pipe.zcard(self._recent)
            count = pipe.execute()[-1]
        if count > self.max_sessions:
            oldest = self.redis.zpopmin(self._recent, count - self.max_sessions)
            if oldest:
                self.redis.delete(*(self._key + old for old, _ in oldest))

    def __len__(self) -> int:
        with redis_errors(self.url):
            self.redis.zremrangebyscore(self._recent, "-inf", time.time() - self.ttl)
            return int(self.redis.zcard(self._recent))


def open_sessions(settings: Settings) -> Sessions:
    """Redis-backed when ASSISTANT_REDIS_URL is set, else in this process's memory."""
    if settings.redis_url:
        return RedisSessions(settings.redis_url, max_sessions=settings.max_sessions,
                             ttl_seconds=settings.session_ttl_seconds)
    return MemorySessions(max_sessions=settings.max_sessions, ttl_seconds=settings.session_ttl_seconds)
