"""Administration: add an uploaded document to the corpus, and rebuild the index while serving.

`add_document` checks an upload (type by content, size, name, number, extractable Vietnamese text), writes
the file into the corpus folder under a name made from its number and appends its `[[document]]` entry to
`manifest.toml` atomically; on any failure nothing is left behind. `Reindexer` rebuilds the index in a
background thread and swaps a new answerer into the running `ChatService`: questions already being answered
finish on the old one, a failed build leaves the old one serving and is never published. Documents added
while it builds (here or on another replica) are built in a next round, never left out; other replicas
follow the published build (`follow.IndexFollower`).

    AssistantError
    └── UploadRejected       the upload cannot be added as given (HTTP 422)
        └── UploadTooLarge   it is over ASSISTANT_MAX_UPLOAD_BYTES, or its text over ASSISTANT_MAX_DOCUMENT_CHARS
                             (HTTP 413)
"""

import datetime as dt
import logging
import os
import re
import stat
import tempfile
import threading
import tomllib
import unicodedata
import zipfile
from pathlib import Path
from typing import Any, Literal, Protocol

from pydantic import BaseModel

from .answer import Answerer, open_answerer
from .documents import MANIFEST_NAME, DocumentMeta, corpus_fingerprint, read_text
from .errors import AssistantError, CorpusError
from .index import build_index, open_build
from .settings import Settings

__all__ = ["UploadRejected", "UploadTooLarge", "add_document", "add_document_file", "validate_number",
           "detect_type", "stored_name", "vietnamese_share", "Reindexer", "ReindexStatus"]

log = logging.getLogger(__name__)

MIN_TEXT_CHARS = 200
XML_BYTES_PER_CHAR = 16  # word/document.xml is markup around the text: more than this per allowed char is refused
MIN_VIETNAMESE_SHARE = 0.02  # of letters only Vietnamese writes: ~0.2 in Vietnamese prose, 0 in French
_FIELDS = {"title": ("tên văn bản (title)", 500), "kind": ("loại văn bản (kind)", 60),
           "issuer": ("cơ quan ban hành (issuer)", 200), "signer": ("người ký (signer)", 200)}
_FAMILIES = {".txt": "text", ".md": "text", ".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html"}
_DESCRIPTIONS = {"text": "văn bản thuần (.txt/.md)", "docx": "Word (.docx)", "pdf": "PDF", "html": "HTML"}
_BINARY_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "ảnh PNG"), (b"\xff\xd8\xff", "ảnh JPEG"), (b"GIF8", "ảnh GIF"),
    (b"MZ", "tệp chạy Windows (.exe)"), (b"\x7fELF", "tệp chạy Linux (ELF)"),
    (b"\xd0\xcf\x11\xe0", "tệp Office cũ (.doc/.xls)"), (b"%!PS", "PostScript"),
)
_NUMBER = re.compile(r"(?!0+/)[0-9]{1,6}/[A-ZĐ]{1,6}(?:-[A-ZĐ][A-ZĐa-zđ]{0,14}){1,2}")
_HTML_START = re.compile(r"<!doctype\s+html|<html[\s>]")
_VIETNAMESE_LETTERS = frozenset(  # ă đ ơ ư ĩ ũ ỹ ạ ả ầ …: not in Latin-1, so not French, Spanish or Portuguese
    letter for letter in (
        unicodedata.normalize("NFC", base + tone)
        for base in "aăâeêioôơuưy" for tone in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
    ) if ord(letter) > 0xFF
) | {"đ"}


class UploadRejected(AssistantError):
    """The uploaded document cannot be added as given: the message says why and what to do."""


class UploadTooLarge(UploadRejected):
    pass


# -- checks ------------------------------------------------------------------------------------------


def validate_number(number: str) -> str:
    """The official number, NFC and trimmed ("12/KH-UBND", "127/QĐ-TTg"); it becomes the document id."""
    value = unicodedata.normalize("NFC", number or "").strip()
    if not _NUMBER.fullmatch(value):
        raise UploadRejected(
            f"số hiệu {number!r} không đúng dạng: hãy nhập như \"12/KH-UBND\" hoặc \"127/QĐ-TTg\" "
            "(số/loại văn bản-cơ quan ban hành)")
    return value


def detect_type(data: bytes) -> str:
    """The family of a file by its content: "text", "html", "docx" or "pdf"; UploadRejected otherwise."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _check_docx(data)
    for signature, what in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise UploadRejected(f"nội dung tệp là {what}, không phải văn bản: hãy tải lên .docx, .pdf, .html, "
                                 ".txt hoặc .md")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UploadRejected(f"tệp không phải .docx, .pdf, HTML hay văn bản UTF-8 (byte {exc.start} không hợp lệ): "
                             "hãy lưu lại dưới dạng UTF-8 hoặc .docx/.pdf") from None
    bad = next((ch for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v"), None)
    if bad is not None:
        raise UploadRejected(f"tệp văn bản chứa ký tự điều khiển {bad!r} (tệp nhị phân?): hãy tải lên văn bản thuần "
                             "UTF-8")
    return "html" if _HTML_START.search(text.lstrip()[:2048].lower()) else "text"


def _check_docx(data: bytes) -> str:
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile:
        raise UploadRejected("tệp ZIP/.docx bị hỏng: hãy lưu lại tệp Word rồi tải lên") from None
    if "word/document.xml" not in {entry.filename for entry in entries}:
        raise UploadRejected("tệp nén ZIP không phải tài liệu Word (.docx): thiếu word/document.xml")
    if sum(entry.file_size for entry in entries) > 200 * 1024 * 1024:
        raise UploadRejected("tệp .docx giải nén ra quá 200 MB: hãy lưu lại (bỏ ảnh nhúng) rồi tải lên")
    return "docx"


def _check_unpacked_size(data: bytes, family: str, max_chars: int) -> None:
    """A 678 kB .docx unpacked to 190 MB of text and a 190 MB page: refuse what would unpack past the
    text limit before parsing it (the zip directory says how large word/document.xml is)."""
    if family != "docx":
        return
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        size = archive.getinfo("word/document.xml").file_size
    if size > max_chars * XML_BYTES_PER_CHAR:
        raise UploadTooLarge(f"tệp .docx giải nén ra {size} byte văn bản Word, vượt giới hạn {max_chars} ký tự "
                             "(ASSISTANT_MAX_DOCUMENT_CHARS): hãy tách văn bản")


def _check_length(text: str, filename: str, max_chars: int) -> None:
    if len(text) > max_chars:
        raise UploadTooLarge(f"tệp {filename!r} có {len(text)} ký tự văn bản, vượt giới hạn {max_chars} ký tự "
                             "(ASSISTANT_MAX_DOCUMENT_CHARS): hãy tách văn bản")


def _check_filename(filename: str) -> str:
    """The client's file name, refused when it is a path or hidden; only its extension is used."""
    name = unicodedata.normalize("NFC", filename or "").strip()
    if not name:
        raise UploadRejected("thiếu tên tệp: hãy chọn tệp .docx, .pdf, .html, .txt hoặc .md")
    if any(unicodedata.category(ch) == "Cc" for ch in name):
        raise UploadRejected(f"tên tệp {filename!r} chứa ký tự điều khiển: hãy đổi tên tệp")
    if "/" in name or "\\" in name or ":" in name:
        raise UploadRejected(f"tên tệp {filename!r} là một đường dẫn: chỉ gửi tên tệp, ví dụ \"ke-hoach.docx\"")
    if name.startswith("."):
        raise UploadRejected(f"tên tệp {filename!r} bắt đầu bằng dấu chấm: hãy đổi tên tệp")
    if len(name) > 255:
        raise UploadRejected(f"tên tệp dài {len(name)} ký tự, tối đa 255: hãy đổi tên tệp")
    return name


def _suffix_for(filename: str, family: str) -> str:
    """The stored extension: the detected family's, when the client's name agrees with it."""
    suffix = Path(filename).suffix.lower()
    if suffix not in _FAMILIES:
        raise UploadRejected(f"đuôi tệp {suffix or '(không có)'!r} không được hỗ trợ: dùng "
                             f"{', '.join(_FAMILIES)}")
    if _FAMILIES[suffix] != family:
        raise UploadRejected(f"tệp {filename!r} mang đuôi {suffix} nhưng nội dung là {_DESCRIPTIONS[family]}: "
                             "hãy đặt đúng đuôi tệp")
    return {"text": suffix, "html": ".html", "docx": ".docx", "pdf": ".pdf"}[family]


def stored_name(number: str, suffix: str) -> str:
    """The corpus file name of a document: its number as an ASCII slug ("127/QĐ-TTg" → "127-QD-TTg.pdf")."""
    ascii_number = unicodedata.normalize("NFD", number.replace("Đ", "D").replace("đ", "d"))
    slug = re.sub(r"[^A-Za-z0-9-]+", "-", ascii_number.encode("ascii", "ignore").decode()).strip("-")
    return f"{slug}{suffix}"


def _field(value: str | None, name: str, *, required: bool = True) -> str | None:
    label, limit = _FIELDS[name]
    text = unicodedata.normalize("NFC", value or "").strip()
    if not text:
        if required:
            raise UploadRejected(f"thiếu {label}: hãy nhập {label}")
        return None
    bad = next((ch for ch in text if unicodedata.category(ch) in ("Cc", "Cs", "Co")), None)
    if bad is not None:
        raise UploadRejected(f"{label} chứa ký tự điều khiển {bad!r}: hãy viết trên một dòng")
    if len(text) > limit:
        raise UploadRejected(f"{label} dài {len(text)} ký tự, tối đa {limit}: hãy rút gọn")
    return re.sub(r"\s+", " ", text)


def _check_date(date: dt.date) -> dt.date:
    if isinstance(date, dt.datetime):
        date = date.date()
    if not isinstance(date, dt.date):
        raise UploadRejected(f"ngày ban hành {date!r} phải có dạng YYYY-MM-DD")
    if date > dt.date.today() + dt.timedelta(days=1):
        raise UploadRejected(f"ngày ban hành {date.isoformat()} ở tương lai: hãy kiểm tra lại")
    return date


def vietnamese_share(text: str) -> float:
    """Share of the letters only Vietnamese writes (ă đ ơ ư, a hook or dot below, a tone on â ê ô…)."""
    letters = [ch for ch in text.lower() if ch.isalpha()]
    return sum(ch in _VIETNAMESE_LETTERS for ch in letters) / len(letters) if letters else 0.0


def _check_text(text: str, filename: str) -> None:
    length = len(re.sub(r"\s+", " ", text).strip())
    if length < MIN_TEXT_CHARS:
        raise UploadRejected(f"tệp {filename!r} chỉ có {length} ký tự văn bản (cần ít nhất {MIN_TEXT_CHARS}): "
                             "tệp quét (ảnh) cần nhận dạng chữ (OCR) trước")
    share = vietnamese_share(text)
    if share < MIN_VIETNAMESE_SHARE:
        raise UploadRejected(f"tệp {filename!r} không giống văn bản tiếng Việt ({share:.1%} chữ cái mang dấu riêng "
                             f"của tiếng Việt, cần ít nhất {MIN_VIETNAMESE_SHARE:.0%}): hãy kiểm tra tệp và bảng mã")


# -- the corpus --------------------------------------------------------------------------------------

_CORPUS_LOCKS: dict[Path, threading.Lock] = {}
_CORPUS_LOCKS_GUARD = threading.Lock()


def _corpus_lock(corpus_dir: Path) -> threading.Lock:
    """One lock per corpus folder: an upload never interleaves with another, nor with a build reading it."""
    with _CORPUS_LOCKS_GUARD:
        return _CORPUS_LOCKS.setdefault(corpus_dir.resolve(), threading.Lock())


def _toml_string(value: str) -> str:
    escaped = []
    for ch in value:
        if ch in '"\\':
            escaped.append("\\" + ch)
        elif ch in "\b\t\n\f\r":
            escaped.append({"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}[ch])
        elif unicodedata.category(ch) == "Cc":
            escaped.append(f"\\u{ord(ch):04X}")
        else:
            escaped.append(ch)
    return '"' + "".join(escaped) + '"'


def _entry_fields(meta: DocumentMeta) -> dict[str, Any]:
    fields = {"id": meta.id, "kind": meta.kind, "title": meta.title, "issuer": meta.issuer, "date": meta.date}
    return fields | {key: value for key, value in (("signer", meta.signer), ("file", meta.file)) if value}


def _manifest_entry(meta: DocumentMeta) -> str:
    lines = ["[[document]]"] + [
        f"{key} = {value.isoformat() if isinstance(value, dt.date) else _toml_string(value)}"
        for key, value in _entry_fields(meta).items()
    ]
    return "\n".join(lines) + "\n"


def _read_manifest_text(corpus_dir: Path) -> tuple[str, list[dict]]:
    path = corpus_dir / MANIFEST_NAME
    try:
        text = path.read_bytes().decode("utf-8-sig")
        return text, tomllib.loads(text).get("document", [])
    except FileNotFoundError:
        raise CorpusError(f"{path} is missing: the corpus folder needs a manifest (see README)") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CorpusError(f"{path}: cannot be read ({exc}): fix it before adding documents") from None


def _same_number(a: str, b: str) -> bool:
    return stored_name(a, "").casefold() == stored_name(b, "").casefold()


def _file_mode(corpus_dir: Path) -> int:
    """Permissions for new corpus files: those of the manifest, without execute bits."""
    return stat.S_IMODE((corpus_dir / MANIFEST_NAME).stat().st_mode) & 0o666


def _write_atomically(target: Path, data: bytes, mode: int) -> None:
    """Write a temporary file beside `target`, flush it to disk, then rename it over `target`."""
    handle, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}-", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _extract(data: bytes, suffix: str, corpus_dir: Path, filename: str) -> str:
    """The text `read_text` gets from these bytes, read from a temporary file that is always removed."""
    handle, tmp_name = tempfile.mkstemp(dir=corpus_dir, prefix=".upload-", suffix=suffix)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        return read_text(tmp)
    except CorpusError as exc:
        reason = str(exc).replace(str(tmp), filename).replace(tmp.name, filename)
        raise UploadRejected(f"không trích được văn bản từ tệp {filename!r}: {reason}") from None
    finally:
        tmp.unlink(missing_ok=True)


def add_document(settings: Settings, data: bytes, filename: str, *, number: str, title: str, date: dt.date,
                 kind: str = "Kế hoạch", issuer: str = "UBND tỉnh Quảng Ngãi",
                 signer: str | None = None) -> DocumentMeta:
    """Check an uploaded document, store it in the corpus and list it in the manifest; rebuild the index
    afterwards (`Reindexer`, or `assistant build`) for questions to reach it."""
    if len(data) > settings.max_upload_bytes:
        raise UploadTooLarge(f"tệp lớn hơn giới hạn {settings.max_upload_bytes} byte "
                             "(ASSISTANT_MAX_UPLOAD_BYTES): hãy nén ảnh hoặc tách văn bản")
    name = _check_filename(filename)
    doc_id = validate_number(number)
    if not data:
        raise UploadRejected(f"tệp {name!r} rỗng: hãy chọn lại tệp")
    family = detect_type(data)
    _check_unpacked_size(data, family, settings.max_document_chars)
    suffix = _suffix_for(name, family)
    meta = DocumentMeta(
        id=doc_id, kind=_field(kind, "kind") or "", title=_field(title, "title") or "",
        issuer=_field(issuer, "issuer") or "", date=_check_date(date), signer=_field(signer, "signer", required=False),
        file=stored_name(doc_id, suffix),
    )
    try:
        _store(settings.corpus_dir, meta, data, name, settings.max_document_chars)
    except OSError as exc:
        raise CorpusError(f"{settings.corpus_dir}: cannot write the document ({exc.strerror or exc}): check the "
                          "folder's permissions and free space; nothing was added") from None
    log.info("document %s added as %s", meta.id, meta.file)
    return meta


def _store(corpus_dir: Path, meta: DocumentMeta, data: bytes, name: str, max_chars: int) -> None:
    """Refuse a duplicate, check the extracted text, then write the file and the manifest (or neither)."""
    with _corpus_lock(corpus_dir):
        manifest_text, entries = _read_manifest_text(corpus_dir)
        existing = next((e.get("id") for e in entries if _same_number(str(e.get("id", "")), meta.id)), None)
        if existing is not None:
            raise UploadRejected(f"văn bản {existing} đã có trong kho: không thêm lại (muốn thay thì xóa mục cũ "
                                 f"trong {MANIFEST_NAME} trước)")
        target = corpus_dir / (meta.file or "")
        if target.exists():
            raise UploadRejected(f"tệp {target.name} đã có trong thư mục văn bản: hãy kiểm tra số hiệu")
        text = _extract(data, target.suffix, corpus_dir, name)
        _check_length(text, name, max_chars)
        _check_text(text, name)
        new_manifest = manifest_text.rstrip("\n") + "\n\n" + _manifest_entry(meta)
        if tomllib.loads(new_manifest)["document"][-1] != _entry_fields(meta):
            raise CorpusError(f"{MANIFEST_NAME}: the new entry did not read back as written; nothing was changed")
        mode = _file_mode(corpus_dir)
        _write_atomically(target, data, mode)
        try:
            _write_atomically(corpus_dir / MANIFEST_NAME, new_manifest.encode("utf-8"), mode)
        except BaseException:
            target.unlink(missing_ok=True)
            raise


def add_document_file(settings: Settings, path: Path, **fields: Any) -> DocumentMeta:
    """`add_document` for a file on disk (the CLI): `fields` are add_document's keyword arguments."""
    try:
        size = path.stat().st_size
        if size > settings.max_upload_bytes:
            raise UploadTooLarge(f"{path.name}: {size} byte, lớn hơn giới hạn {settings.max_upload_bytes} byte "
                                 "(ASSISTANT_MAX_UPLOAD_BYTES)")
        data = path.read_bytes()
    except OSError as exc:
        raise UploadRejected(f"không đọc được tệp {str(path)!r} ({exc.strerror or exc}): hãy kiểm tra đường dẫn") \
            from None
    return add_document(settings, data, path.name, **fields)


# -- rebuilding while serving ------------------------------------------------------------------------


class AnswerService(Protocol):
    """What the reindexer swaps into: `ChatService` (it reads `answerer` once per question)."""

    answerer: Answerer


class ReindexStatus(BaseModel):
    """The latest rebuild. `documents` and `tasks` count the index being served."""

    state: Literal["idle", "running", "succeeded", "failed"]
    started: dt.datetime | None = None
    finished: dt.datetime | None = None
    error: str | None = None
    documents: int
    tasks: int
    messages: list[str] = []


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class Reindexer:
    """Rebuilds the index in a background thread, one build at a time, then swaps the new answerer in."""

    def __init__(self, settings: Settings, service: AnswerService) -> None:
        self.settings, self.service = settings, service
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._again = False  # asked again while building: the corpus may have changed since it was read
        self._status = ReindexStatus(state="idle", **self._served_counts())

    def _served_counts(self) -> dict[str, int]:
        index = self.service.answerer.index
        return {"documents": len(index.documents), "tasks": len(index.tasks)}

    def status(self) -> ReindexStatus:
        with self._lock:
            return self._status.model_copy(deep=True)

    def start(self) -> ReindexStatus:
        """Start a rebuild; while one runs, its status, and one more round follows it."""
        with self._lock:
            if self._status.state == "running":
                self._again = True
            else:
                self._status = ReindexStatus(state="running", started=_now(), **self._served_counts(),
                                             messages=["đang đọc văn bản và dựng chỉ mục mới"])
                self._thread = threading.Thread(target=self._run, name="reindex", daemon=True)
                self._thread.start()
            return self._status.model_copy(deep=True)

    def wait(self, timeout: float | None = None) -> ReindexStatus:
        """The status once the running build (if any) is over, or after `timeout` seconds."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return self.status()

    def _say(self, message: str) -> None:
        log.info("reindex: %s", message)
        with self._lock:
            self._status.messages.append(message)

    def _run(self) -> None:
        try:
            while True:
                with self._lock:
                    self._again = False
                answerer = self._build_once()
                self.service.answerer = answerer  # questions in flight finish on the old answerer
                changed = answerer.index.manifest["corpus_fingerprint"] != corpus_fingerprint(self.settings.corpus_dir)
                counts = answerer.index.manifest["counts"]
                if not changed and self._finish("succeeded", None, (
                        f"đã chuyển sang chỉ mục mới: {counts['documents']} văn bản, {counts['sections']} mục, "
                        f"{counts['tasks']} nhiệm vụ"), unless_asked_again=True):
                    return
                self._say("có văn bản mới trong lúc dựng: dựng thêm một lượt để đưa vào")
        except Exception as exc:  # reported in the status; the old index keeps serving
            log.exception("reindex failed")
            error = str(exc) if isinstance(exc, AssistantError) else f"{exc.__class__.__name__}: {exc}"
            self._finish("failed", error, "dựng lại thất bại; chỉ mục cũ vẫn đang phục vụ")

    def _build_once(self) -> Answerer:
        """Build, open and check the new index, then publish it; a build that fails is never published."""
        opened: list[Answerer] = []

        def verify(folder: Path) -> None:
            self._say(f"đã dựng {folder.name}; đang mở chỉ mục mới")
            index = open_build(self.settings, folder, embeddings=self.service.answerer.index.embeddings)
            opened.append(open_answerer(self.settings, index=index))

        build_index(self.settings, quiet=True, verify=verify)
        return opened[0]

    def _finish(self, state: Literal["succeeded", "failed"], error: str | None, message: str, *,
                unless_asked_again: bool = False) -> bool:
        """Record the outcome; with `unless_asked_again`, not if `start` was called meanwhile (False)."""
        with self._lock:
            if unless_asked_again and self._again:
                return False
            log.info("reindex: %s", message)
            self._status = self._status.model_copy(update={
                "state": state, "finished": _now(), "error": error, **self._served_counts(),
                "messages": [*self._status.messages, message],
            })
            return True
