"""The corpus: `manifest.toml` (metadata of every document) and the text of those we have.

Loaders turn .txt/.md, .docx, .pdf and .html into NFC text; a document listed without a file is known by
its metadata only, so questions about its number, date or issuer still work.
"""

import datetime as dt
import hashlib
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import CorpusError
from .vntext import clean_text

__all__ = ["DocumentMeta", "Document", "load_corpus", "read_text", "corpus_fingerprint", "MANIFEST_NAME"]

MANIFEST_NAME = "manifest.toml"


@dataclass(frozen=True)
class DocumentMeta:
    id: str
    kind: str
    title: str
    issuer: str
    date: dt.date
    signer: str | None = None
    file: str | None = None

    @property
    def number(self) -> str:
        """The number people say: "83" of "83/KH-UBND", "50" of "50-NQ/TW"."""
        match = re.match(r"\d+", self.id)
        return match.group(0) if match else self.id

    @property
    def date_words(self) -> str:
        """The date as a document's header writes it: "04 tháng 6 năm 2021"."""
        return f"{self.date.day:02d} tháng {self.date.month} năm {self.date.year}"

    @property
    def date_vn(self) -> str:
        """The date as Vietnamese legal texts write it (04/6/2021, 26/01/2021: months 1-2 padded)."""
        month = f"{self.date.month:02d}" if self.date.month < 3 else str(self.date.month)
        return f"{self.date.day:02d}/{month}/{self.date.year}"


@dataclass(frozen=True)
class Document:
    meta: DocumentMeta
    text: str | None  # None: listed in the manifest, text not loaded

    @property
    def loaded(self) -> bool:
        return self.text is not None


def _read_plain(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(
            f"{path} is not UTF-8 text (byte {exc.start}): save it as UTF-8 and rebuild"
        ) from None


def _read_docx(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    return "\n\n".join(paragraph.text for paragraph in document.paragraphs)


def _read_pdf(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def _read_html(path: Path) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_read_plain(path), "html.parser")
    for tag in soup(["script", "style"]):
        tag.decompose()
    return soup.get_text("\n")


_READERS: dict[str, Callable[[Path], str]] = {
    ".txt": _read_plain,
    ".md": _read_plain,
    ".docx": _read_docx,
    ".pdf": _read_pdf,
    ".html": _read_html,
    ".htm": _read_html,
}


def read_text(path: Path) -> str:
    """The cleaned text of one file, whatever its format."""
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise CorpusError(f"{path.name}: unsupported file type {path.suffix!r}; use {', '.join(_READERS)}")
    if not path.is_file():
        raise CorpusError(f"{path}: file listed in {MANIFEST_NAME} is missing: add it or remove its entry")
    try:
        text = reader(path)
    except CorpusError:
        raise
    except Exception as exc:  # a broken .docx/.pdf raises library-specific errors
        raise CorpusError(f"{path.name}: cannot read it ({exc.__class__.__name__}: {exc})") from None
    text = clean_text(text)
    if not text.strip():
        raise CorpusError(f"{path.name}: no text could be extracted (a scanned PDF needs OCR first)")
    return text


def _parse_entry(entry: dict, position: int) -> DocumentMeta:
    missing = [key for key in ("id", "kind", "title", "issuer", "date") if key not in entry]
    if missing:
        raise CorpusError(f"{MANIFEST_NAME}: document #{position} lacks {', '.join(missing)}")
    if not isinstance(entry["date"], dt.date):
        raise CorpusError(f"{MANIFEST_NAME}: {entry['id']}: date {entry['date']!r} must be YYYY-MM-DD")
    return DocumentMeta(
        id=entry["id"], kind=entry["kind"], title=entry["title"], issuer=entry["issuer"],
        date=entry["date"], signer=entry.get("signer"), file=entry.get("file"),
    )


def _read_manifest(corpus_dir: Path) -> list[DocumentMeta]:
    path = corpus_dir / MANIFEST_NAME
    if not path.is_file():
        raise CorpusError(f"{path} is missing: the corpus folder needs a manifest (see README)")
    try:
        data = tomllib.loads(_read_plain(path))
    except tomllib.TOMLDecodeError as exc:
        raise CorpusError(f"{path}: invalid TOML: {exc}") from None
    metas = [_parse_entry(entry, i) for i, entry in enumerate(data.get("document", []), 1)]
    if not metas:
        raise CorpusError(f"{path}: no [[document]] entries")
    ids = [meta.id for meta in metas]
    duplicates = sorted({doc_id for doc_id in ids if ids.count(doc_id) > 1})
    if duplicates:
        raise CorpusError(f"{path}: duplicate document id(s) {', '.join(duplicates)}")
    return metas


def load_corpus(corpus_dir: Path) -> list[Document]:
    """Every document of the manifest, with text where a file is given."""
    return [
        Document(meta, read_text(corpus_dir / meta.file) if meta.file else None)
        for meta in _read_manifest(corpus_dir)
    ]


def corpus_fingerprint(corpus_dir: Path) -> str:
    """SHA-256 over the manifest, every file it names and the vocabulary: a changed corpus makes the index
    stale."""
    digest = hashlib.sha256()
    for meta in _read_manifest(corpus_dir):
        digest.update(meta.id.encode())
        if meta.file and (corpus_dir / meta.file).is_file():
            digest.update((corpus_dir / meta.file).read_bytes())
    digest.update((corpus_dir / MANIFEST_NAME).read_bytes())
    vocabulary = corpus_dir / "vocabulary.toml"  # passages are indexed with its everyday words
    if vocabulary.is_file():
        digest.update(vocabulary.read_bytes())
    return digest.hexdigest()
