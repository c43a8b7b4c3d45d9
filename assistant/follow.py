"""Every replica follows the published index: when `index/current` points to a new build (a reindex on any
replica sharing the index folder), the new build is opened beside the old one and swapped in.

Questions being answered finish on the old answerer (`ChatService` reads `answerer` once per question), so
a swap fails no request; sessions keep section ids, re-read from whichever build serves the next question.
A build that cannot be opened is logged and retried at the next look; the old one keeps serving.
"""

import logging
import threading
from pathlib import Path
from typing import Protocol

from .answer import Answerer, open_answerer
from .errors import AssistantError
from .index import current_build, open_build
from .settings import Settings

__all__ = ["IndexFollower"]

log = logging.getLogger(__name__)


class AnswerService(Protocol):
    answerer: Answerer


class IndexFollower:
    """Looks at `index/current` every `settings.index_poll_seconds` in a daemon thread."""

    def __init__(self, settings: Settings, service: AnswerService) -> None:
        self.settings, self.service = settings, service
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._failed: Path | None = None  # a build that could not be opened: logged once

    def check(self) -> bool:
        """Swap in the current build if it is not the one serving; True when it swapped."""
        target = current_build(self.settings.index_dir)
        serving = self.service.answerer
        if target is None or target == serving.index.folder.resolve():
            return False
        try:
            index = open_build(self.settings, target, embeddings=serving.index.embeddings)
            answerer = open_answerer(self.settings, index=index)
        except AssistantError as exc:
            if self._failed != target:
                log.warning("cannot follow the new index (%s): still serving %s", exc, serving.index.folder.name)
            self._failed = target
            return False
        if current_build(self.settings.index_dir) != target or self.service.answerer is not serving:
            return False  # superseded while opening (or swapped by this process's reindex): look again later
        self.service.answerer = answerer
        log.info("now serving index build %s", target.name)
        return True

    def start(self) -> "IndexFollower":
        if self.settings.index_poll_seconds > 0:
            self._thread = threading.Thread(target=self._loop, name="index-follower", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _loop(self) -> None:
        while not self._stop.wait(self.settings.index_poll_seconds):
            try:
                self.check()
            except Exception:  # never let the follower die: the next look may succeed
                log.exception("index follower")
