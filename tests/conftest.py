"""Shared fixtures: one real index of the real corpus, built once per session into a tmp folder."""

import shutil
from pathlib import Path

import pytest

from assistant.answer import Answerer, open_answerer
from assistant.settings import PROJECT_ROOT, Settings


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Real corpus and model cache, index in a tmp folder (the repo's index/ is never touched)."""
    return Settings(corpus_dir=PROJECT_ROOT / "corpus", index_dir=tmp_path_factory.mktemp("index"))


@pytest.fixture(scope="session")
def answerer(settings: Settings) -> Answerer:
    return open_answerer(settings)


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the real corpus, for tests that change or break it."""
    target = tmp_path / "corpus"
    shutil.copytree(PROJECT_ROOT / "corpus", target)
    return target
