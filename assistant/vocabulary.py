"""Everyday words → the plan's terms, from `corpus/vocabulary.toml` (data an administrator can extend).

A person asks about "bán hàng online"; the plan says "thương mại điện tử". The lexical query gets the
plan's term added, and each passage is indexed with the everyday words of the topics it covers, so both
rankers meet people's words and the plan's halfway. Matching keeps diacritics (questions typed without
them are restored first): folded, "khóa học" would meet "khoa học".
"""

import re
import tomllib
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from .errors import CorpusError
from .vntext import nfc

__all__ = ["Topic", "Vocabulary", "about", "load_vocabulary", "VOCABULARY_FILE"]

VOCABULARY_FILE = "vocabulary.toml"


@dataclass(frozen=True)
class Topic:
    plan: str
    everyday: tuple[str, ...]


def _words(text: str) -> str:
    """Lower-case words with their diacritics: folded, "khóa học" would meet "khoa học"."""
    return " ".join(re.findall(r"\w+", nfc(text).lower()))


def _contains(haystack: str, phrase: str) -> bool:
    return f" {phrase} " in f" {haystack} "


def about(passage: str, plan_term: str) -> bool:
    """Whether `passage` is about a topic: every word of the plan's term for it occurs there."""
    return set(_words(plan_term).split()) <= set(_words(passage).split())


@dataclass(frozen=True)
class Vocabulary:
    topics: tuple[Topic, ...] = ()

    @cached_property
    def _compiled(self) -> tuple[tuple[str, tuple[str, ...], re.Pattern[str]], ...]:
        """Per topic: the plan's term and the everyday phrases as words, and one pattern for the phrases
        (longest first), built once: every question reads them."""
        compiled = []
        for topic in self.topics:
            phrases = tuple(sorted((w for e in topic.everyday if (w := _words(e))), key=len, reverse=True))
            pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, phrases)) + r")(?!\w)" if phrases else r"(?!)")
            compiled.append((_words(topic.plan), phrases, pattern))
        return tuple(compiled)

    def plan_terms(self, text: str) -> list[str]:
        """The plan's terms for the everyday words in `text` ("bán hàng online" → "thương mại điện tử")."""
        words = _words(text)
        return list(dict.fromkeys(topic.plan for topic, (_, phrases, _) in zip(self.topics, self._compiled)
                                  if any(_contains(words, phrase) for phrase in phrases)))

    def rewrite(self, text: str) -> str:
        """`text` (lower case) with each everyday phrase replaced by the plan's term: what a passage must
        hold to answer it ("bán hàng online có AI" → "thương mại điện tử có AI")."""
        words = _words(text)
        for plan, _, pattern in self._compiled:
            matches = list(pattern.finditer(words))
            if matches:  # the plan's term once, where the longest everyday phrase stood; the others go
                kept = max(matches, key=lambda m: len(m.group(0)))
                pieces, start = [], 0
                for match in matches:
                    pieces += [words[start : match.start()], plan if match is kept else ""]
                    start = match.end()
                words = "".join(pieces) + words[start:]
        return " ".join(words.split())

    def everyday_terms(self, passage: str) -> list[str]:
        """The everyday words of every topic the passage is about."""
        return [e for t in self.topics if about(passage, t.plan) for e in t.everyday]

    def phrases(self) -> list[str]:
        return [p for t in self.topics for p in (t.plan, *t.everyday)]


@lru_cache(maxsize=8)
def load_vocabulary(corpus_dir: Path) -> Vocabulary:
    """Read `corpus_dir/vocabulary.toml`; missing file: no vocabulary; malformed: a CorpusError."""
    path = corpus_dir / VOCABULARY_FILE
    if not path.is_file():
        return Vocabulary()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise CorpusError(f"{path}: not valid TOML ({error})") from None
    topics = []
    for n, item in enumerate(data.get("topic", []), 1):
        if not (isinstance(item, dict) and isinstance(item.get("plan"), str)
                and isinstance(item.get("everyday"), list) and all(isinstance(e, str) for e in item["everyday"])):
            raise CorpusError(f"{path} topic {n}: needs `plan` (text) and `everyday` (list of texts)")
        topics.append(Topic(item["plan"], tuple(item["everyday"])))
    return Vocabulary(tuple(topics))
