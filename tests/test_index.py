"""The index: build → load round trip, checksums, staleness, atomic publication, no pickle."""

import json
import shutil
from pathlib import Path

import pytest

from assistant.answer import Answerer
from assistant.errors import CorpusError, IndexStateError
from assistant.index import build_index, index_status, open_index
from assistant.settings import Settings


@pytest.fixture
def built(answerer: Answerer, settings: Settings, tmp_path: Path, corpus_copy: Path) -> Settings:
    """A private copy of the session's built index, over a private copy of the corpus."""
    index_dir = tmp_path / "index"
    shutil.copytree(settings.index_dir, index_dir, symlinks=True)
    return settings.model_copy(update={"index_dir": index_dir, "corpus_dir": corpus_copy})


def test_round_trip_keeps_the_vietnamese_text(built: Settings) -> None:
    index = open_index(built, build_if_needed=False)
    assert len(index.tasks) == 27 and index.faiss_index.ntotal == len(index.chunks)
    section = index.section("83/KH-UBND", "II.3.đ")
    assert section is not None and section.fields["timeframe"] == "giai đoạn 2021 – 2025"
    assert index.citations_of["151/KH-UBND"] == ["83/KH-UBND II.5.b"]
    hits = index.vector_store.similarity_search("thương mại điện tử", k=1)
    assert hits[0].metadata["section"] == "II.5.g"


def test_manifest_lists_every_file_with_a_checksum_and_nothing_is_pickled(built: Settings) -> None:
    folder = (built.index_dir / "current").resolve()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    files = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert set(manifest["files"]) == files - {"manifest.json"}
    assert manifest["model"] == built.embedding_model and manifest["counts"]["tasks"] == 27
    for name in files:
        assert not (folder / name).read_bytes().startswith(b"\x80"), f"{name} looks like a pickle"


def test_a_changed_file_is_corrupted_and_refused_with_a_clear_message(built: Settings) -> None:
    chunks = (built.index_dir / "current" / "chunks.json")
    chunks.write_text(chunks.read_text(encoding="utf-8").replace("Sở Công Thương", "Sở Nội vụ"), encoding="utf-8")
    assert index_status(built).startswith("corrupted: chunks.json")
    with pytest.raises(IndexStateError, match="assistant build"):
        open_index(built, build_if_needed=False)


def test_a_changed_corpus_makes_the_index_stale_and_it_is_rebuilt(built: Settings) -> None:
    plan = built.corpus_dir / "plan-83-kh-ubnd-2021.txt"
    plan.write_text(plan.read_text(encoding="utf-8") + "\nGhi chú bổ sung.\n", encoding="utf-8")
    assert index_status(built) == "stale: the corpus changed since the last build"
    index = open_index(built)  # auto_build
    assert index_status(built) == "ok" and len(index.tasks) == 27
    assert len(list((built.index_dir / "builds").iterdir())) == 2  # the previous build stays for replicas still on it


def test_a_failed_build_leaves_the_previous_index_in_place(built: Settings, settings: Settings) -> None:
    before = (built.index_dir / "current").resolve()
    manifest = built.corpus_dir / "manifest.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + '\n[[document]]\nid = "99/KH-UBND"\nkind = "Kế hoạch"\n'
                        'title = "Thiếu tệp"\nissuer = "UBND tỉnh"\ndate = 2022-01-01\nfile = "missing.txt"\n',
                        encoding="utf-8")
    with pytest.raises(CorpusError, match="missing.txt"):
        build_index(built, quiet=True)
    assert (built.index_dir / "current").resolve() == before
    assert not [p for p in (built.index_dir / "builds").iterdir() if p.name.startswith(".tmp")]
    unchanged_corpus = built.model_copy(update={"corpus_dir": settings.corpus_dir})
    assert index_status(unchanged_corpus) == "ok"
    assert len(open_index(unchanged_corpus, build_if_needed=False).tasks) == 27


def test_missing_index_is_refused_without_auto_build(tmp_path: Path, settings: Settings) -> None:
    empty = settings.model_copy(update={"index_dir": tmp_path / "nothing"})
    assert index_status(empty) == "missing"
    with pytest.raises(IndexStateError, match="missing"):
        open_index(empty, build_if_needed=False)
