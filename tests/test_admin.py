"""Administration: an upload is checked (type by content, size, name, number, Vietnamese text) and a refused
one leaves the corpus byte for byte as it was; an accepted one is reindexed while a live server keeps
answering, and every question asked during the swap gets its answer."""

import datetime as dt
import io
import shutil
import threading
import time
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import serve
from fastapi.testclient import TestClient

from api.main import create_app
from assistant.admin import (
    Reindexer,
    UploadRejected,
    UploadTooLarge,
    add_document,
    add_document_file,
)
from assistant.answer import Answerer
from assistant.chat import ChatService
from assistant.sessions import MemorySessions
from assistant.documents import MANIFEST_NAME, load_corpus
from assistant.errors import CorpusError
from assistant.settings import Settings

KEY = "khoa-quan-tri-thu-nghiem"
AUTH = {"Authorization": f"Bearer {KEY}"}
NUMBER = "95/KH-UBND"
TITLE = "Kế hoạch ứng dụng trí tuệ nhân tạo trong cảnh báo sớm sạt lở đất tại các huyện miền núi"
QUESTION = "Ai chủ trì xây dựng hệ thống cảnh báo sớm sạt lở đất?"
PLAN = """ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI

Số: 95/KH-UBND

Quảng Ngãi, ngày 15 tháng 3 năm 2024

KẾ HOẠCH

Ứng dụng trí tuệ nhân tạo trong cảnh báo sớm sạt lở đất tại các huyện miền núi tỉnh Quảng Ngãi

Thực hiện Quyết định số 127/QĐ-TTg ngày 26/01/2021 của Thủ tướng Chính phủ, UBND tỉnh ban hành Kế hoạch ứng \
dụng trí tuệ nhân tạo trong cảnh báo sớm sạt lở đất như sau:

I. MỤC ĐÍCH, YÊU CẦU

1. Mục đích

- Nâng cao năng lực dự báo, cảnh báo sớm nguy cơ sạt lở đất, lũ quét tại các huyện miền núi, giảm thiểu thiệt \
hại về người và tài sản của nhân dân.

2. Yêu cầu

- Bảo đảm dữ liệu quan trắc được thu thập liên tục, chia sẻ kịp thời cho chính quyền các cấp.

II. NHIỆM VỤ

1. Xây dựng hệ thống cảnh báo sớm

a) Xây dựng hệ thống quan trắc và cảnh báo sớm sạt lở đất ứng dụng trí tuệ nhân tạo tại các huyện Ba Tơ, Sơn \
Tây, Trà Bồng, kết nối với trung tâm điều hành của tỉnh.

- Đơn vị chủ trì: Sở Tài nguyên và Môi trường.

- Đơn vị phối hợp: Sở Khoa học và Công nghệ, UBND các huyện Ba Tơ, Sơn Tây, Trà Bồng.

- Thời gian thực hiện: Năm 2024-2025.

III. TỔ CHỨC THỰC HIỆN

Các sở, ban, ngành và UBND các huyện miền núi căn cứ nhiệm vụ được giao triển khai thực hiện Kế hoạch này, báo \
cáo kết quả về UBND tỉnh trước ngày 15 tháng 12 hằng năm.
"""
ENGLISH = ("The Provincial People's Committee issues this plan to apply artificial intelligence to early warning "
           "of landslides in the mountain districts. The Department of Natural Resources and Environment leads "
           "the monitoring system; the Department of Science and Technology coordinates. Timeframe: 2024-2025.")
UNACCENTED = ("Ke hoach ung dung tri tue nhan tao trong canh bao som sat lo dat tai cac huyen mien nui tinh Quang "
              "Ngai. Don vi chu tri: So Tai nguyen va Moi truong. Don vi phoi hop: So Khoa hoc va Cong nghe. "
              "Thoi gian thuc hien: Nam 2024-2025.")


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in text.split("\n\n"):
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _zip_without_document() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", PLAN)
    return out.getvalue()


def _html(text: str) -> bytes:
    body = "".join(f"<p>{paragraph}</p>\n" for paragraph in text.split("\n\n"))
    head = f"<!DOCTYPE html>\n<html lang=\"vi\"><head><title>{TITLE}</title></head>"
    return f"{head}<body>\n{body}</body></html>".encode()


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of the folder, hidden ones included: a refused upload must leave it unchanged."""
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def _add(settings: Settings, data: bytes, filename: str = "ke-hoach-95.txt", **fields: object) -> object:
    arguments = {"number": NUMBER, "title": TITLE, "date": dt.date(2024, 3, 15)} | fields
    return add_document(settings, data, filename, **arguments)  # type: ignore[arg-type]


@pytest.fixture
def admin_settings(corpus_copy: Path, tmp_path: Path) -> Settings:
    return Settings(corpus_dir=corpus_copy, index_dir=tmp_path / "index", admin_key=KEY,
                    max_upload_bytes=12_000, rate_limit="10000/minute")


# -- the library ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("data", "filename", "stored"), [
    (PLAN.encode(), "ke-hoach-95.txt", "95-KH-UBND.txt"),
    (b"\xef\xbb\xbf" + PLAN.encode(), "Kế hoạch 95.md", "95-KH-UBND.md"),
    (_html(PLAN), "ke-hoach.htm", "95-KH-UBND.html"),
    (_docx(PLAN), "KH 95.DOCX", "95-KH-UBND.docx"),  # python-docx's template alone is ~36 kB
], ids=["txt", "md-with-bom", "html", "docx"])
def test_an_accepted_upload_is_stored_under_its_number_and_listed(admin_settings: Settings, data: bytes,
                                                                   filename: str, stored: str) -> None:
    admin_settings = admin_settings.model_copy(update={"max_upload_bytes": 1 << 20})
    corpus = admin_settings.corpus_dir
    before = (corpus / MANIFEST_NAME).read_text(encoding="utf-8")
    meta = _add(admin_settings, data, filename, signer="KT. Chủ tịch, Phó Chủ tịch Trần Phước Hiền")
    assert meta.id == NUMBER and meta.file == stored
    assert (corpus / stored).read_bytes() == data
    after = (corpus / MANIFEST_NAME).read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n"))  # comments and entries kept as they were
    assert tomllib.loads(after)["document"][-1] == {
        "id": NUMBER, "kind": "Kế hoạch", "title": TITLE, "issuer": "UBND tỉnh Quảng Ngãi",
        "date": dt.date(2024, 3, 15), "signer": "KT. Chủ tịch, Phó Chủ tịch Trần Phước Hiền", "file": stored}
    added = next(doc for doc in load_corpus(corpus) if doc.meta.id == NUMBER)
    assert "Sở Tài nguyên và Môi trường" in (added.text or "")
    assert not [p.name for p in corpus.iterdir() if p.name.startswith(".")]  # no temporary file left


def test_strings_are_toml_escaped(admin_settings: Settings) -> None:
    title = 'Kế hoạch "thí điểm" C:\\du-lieu\\canh-bao \\u0041 \'trích\''
    _add(admin_settings, PLAN.encode(), title=title, number="127/UBND-KT", kind="Công văn")
    entry = tomllib.loads((admin_settings.corpus_dir / MANIFEST_NAME).read_text(encoding="utf-8"))["document"][-1]
    assert entry["title"] == title and entry["id"] == "127/UBND-KT" and entry["kind"] == "Công văn"


REFUSED = [
    pytest.param(bytes(range(256)) * 8, "ke-hoach.txt", {}, "UTF-8", id="random-bytes-named-txt"),
    pytest.param(b"MZ\x90\x00\x03\x00" + bytes(600), "ke-hoach.txt", {}, "tệp chạy Windows", id="exe-named-txt"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(99), "ke-hoach.pdf", {}, "ảnh PNG", id="png-named-pdf"),
    pytest.param(PLAN.encode() + b"\x00\x00", "ke-hoach.txt", {}, "ký tự điều khiển", id="nul-in-text"),
    pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\nnot really a pdf", "ke-hoach.pdf", {}, "không trích được",
                 id="broken-pdf"),
    pytest.param(_zip_without_document(), "ke-hoach.docx", {}, "không phải tài liệu Word", id="zip-named-docx"),
    pytest.param(PLAN.encode(), "ke-hoach.pdf", {}, "nội dung là văn bản thuần", id="text-named-pdf"),
    pytest.param(PLAN.encode(), "ke-hoach.exe", {}, "không được hỗ trợ", id="exe-extension"),
    pytest.param(PLAN.encode(), "ke-hoach", {}, "không được hỗ trợ", id="no-extension"),
    pytest.param(b"", "ke-hoach.txt", {}, "rỗng", id="empty"),
    pytest.param(ENGLISH.encode(), "plan.txt", {}, "không giống văn bản tiếng Việt", id="english"),
    pytest.param(UNACCENTED.encode(), "plan.txt", {}, "không giống văn bản tiếng Việt", id="unaccented"),
    pytest.param("Kế hoạch ngắn: Sở Y tế chủ trì.".encode(), "ngan.txt", {}, "chỉ có", id="too-short"),
    pytest.param(PLAN.encode(), "ke-hoach.txt", {"number": "83/KH-UBND"}, "83/KH-UBND đã có", id="duplicate"),
    pytest.param(PLAN.encode(), "ke-hoach.txt", {"number": "127/QD-TTg"}, "127/QĐ-TTg đã có", id="duplicate-qd"),
    pytest.param(PLAN.encode(), "ke-hoach.txt", {"title": "  "}, "thiếu tên văn bản", id="empty-title"),
    pytest.param(PLAN.encode(), "ke-hoach.txt", {"title": "Kế hoạch\nhai dòng"}, "điều khiển", id="title-newline"),
    pytest.param(PLAN.encode(), "ke-hoach.txt", {"issuer": "UBND " * 50}, "cơ quan ban hành", id="long-issuer"),
    pytest.param(PLAN.encode(), "ke-hoach.txt", {"date": dt.date.today() + dt.timedelta(days=30)}, "tương lai",
                 id="future-date"),
]
BAD_NAMES = ["../../etc/passwd", "/etc/passwd", "..\\..\\windows\\win.ini", "C:\\ke-hoach.txt", "ke\x00hoach.txt",
             ".bashrc", ".ke-hoach.txt", "", "   "]
BAD_NUMBERS = ["12", "KH-UBND", "12/kh-ubnd", "12 /KH-UBND", "../12/KH-UBND", "12/KH-UBND/../x", "0/KH-UBND",
               "83/2021/NĐ-CP", "12/KH-UBND; rm -rf /", "１２/KH-UBND", "12/KH-\u00a0UBND"]


@pytest.mark.parametrize(("data", "filename", "fields", "message"), REFUSED)
def test_a_refused_upload_leaves_nothing_behind(admin_settings: Settings, data: bytes, filename: str,
                                                fields: dict, message: str) -> None:
    before = _snapshot(admin_settings.corpus_dir)
    with pytest.raises(UploadRejected, match=message) as refused:
        _add(admin_settings, data, filename, **fields)
    assert "\n" not in str(refused.value)  # one line, for the CLI and the JSON detail alike
    assert _snapshot(admin_settings.corpus_dir) == before


@pytest.mark.parametrize("filename", BAD_NAMES)
def test_a_path_or_hidden_file_name_is_refused(admin_settings: Settings, filename: str) -> None:
    before = _snapshot(admin_settings.corpus_dir)
    with pytest.raises(UploadRejected, match="tên tệp"):
        _add(admin_settings, PLAN.encode(), filename)
    assert _snapshot(admin_settings.corpus_dir) == before
    assert not (admin_settings.corpus_dir.parent / "etc").exists()


@pytest.mark.parametrize("number", BAD_NUMBERS)
def test_a_malformed_number_is_refused(admin_settings: Settings, number: str) -> None:
    before = _snapshot(admin_settings.corpus_dir)
    with pytest.raises(UploadRejected, match="không đúng dạng"):
        _add(admin_settings, PLAN.encode(), number=number)
    assert _snapshot(admin_settings.corpus_dir) == before


def test_a_file_over_the_limit_is_refused(admin_settings: Settings, tmp_path: Path) -> None:
    big = (PLAN * 20).encode()
    assert len(big) > admin_settings.max_upload_bytes
    before = _snapshot(admin_settings.corpus_dir)
    with pytest.raises(UploadTooLarge, match="ASSISTANT_MAX_UPLOAD_BYTES"):
        _add(admin_settings, big)
    (tmp_path / "lon.txt").write_bytes(big)
    with pytest.raises(UploadTooLarge):
        add_document_file(admin_settings, tmp_path / "lon.txt", number=NUMBER, title=TITLE, date=dt.date(2024, 3, 15))
    with pytest.raises(UploadRejected, match="không đọc được tệp"):
        add_document_file(admin_settings, tmp_path / "khong-co.txt", number=NUMBER, title=TITLE,
                          date=dt.date(2024, 3, 15))
    assert _snapshot(admin_settings.corpus_dir) == before


def test_a_broken_manifest_refuses_the_upload_and_stays_as_it_was(admin_settings: Settings) -> None:
    manifest = admin_settings.corpus_dir / MANIFEST_NAME
    manifest.write_text(manifest.read_text(encoding="utf-8") + "\n[[document]\n", encoding="utf-8")
    before = _snapshot(admin_settings.corpus_dir)
    with pytest.raises(CorpusError, match="cannot be read"):
        _add(admin_settings, PLAN.encode())
    assert _snapshot(admin_settings.corpus_dir) == before


def test_a_failed_rebuild_keeps_the_old_answerer_and_reports_why(answerer: Answerer, admin_settings: Settings) -> None:
    (admin_settings.corpus_dir / MANIFEST_NAME).write_text("[[document]]\nid = \"1/KH-UBND\"\n", encoding="utf-8")
    service = ChatService(answerer, MemorySessions(max_sessions=10, ttl_seconds=60))
    reindexer = Reindexer(admin_settings, service)
    assert reindexer.status().state == "idle"
    reindexer.start()
    status = reindexer.wait(timeout=60)
    assert status.state == "failed" and "lacks" in (status.error or "") and status.finished is not None
    assert service.answerer is answerer and status.documents == len(answerer.index.documents)
    assert not (admin_settings.index_dir / "current").exists()


# -- the HTTP routes -----------------------------------------------------------------------------------

def _form(**fields: str) -> dict[str, str]:
    return {"number": NUMBER, "title": TITLE, "date": "2024-03-15"} | fields


def _upload(client: TestClient, data: bytes, filename: str = "ke-hoach-95.txt", headers: dict | None = None,
            **fields: str) -> httpx.Response:
    return client.post("/api/admin/documents", files={"file": (filename, data, "application/octet-stream")},
                       data=_form(**fields), headers=AUTH if headers is None else headers)


@pytest.fixture
def client(admin_settings: Settings) -> TestClient:
    """The app without its lifespan: upload and auth need no index."""
    return TestClient(create_app(admin_settings))


def test_admin_routes_are_absent_when_no_key_is_set(admin_settings: Settings) -> None:
    client = TestClient(create_app(admin_settings.model_copy(update={"admin_key": None})))
    before = _snapshot(admin_settings.corpus_dir)
    for response in (_upload(client, PLAN.encode()), client.post("/api/admin/reindex", headers=AUTH),
                     client.get("/api/admin/reindex", headers=AUTH)):
        assert response.status_code == 404 and response.json() == {"detail": "Not Found"}
    assert _snapshot(admin_settings.corpus_dir) == before


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong-key"}, {"Authorization": KEY},
                                     {"Authorization": f"Basic {KEY}"}, {"Authorization": "Bearer khóa-sai".encode()}],
                         ids=["missing", "wrong", "no-scheme", "basic", "non-ascii"])
def test_admin_routes_need_the_key(client: TestClient, admin_settings: Settings, headers: dict) -> None:
    before = _snapshot(admin_settings.corpus_dir)
    responses = [_upload(client, PLAN.encode(), headers=headers), client.post("/api/admin/reindex", headers=headers),
                 client.get("/api/admin/reindex", headers=headers)]
    for response in responses:
        assert response.status_code == 401 and list(response.json()) == ["detail"]
        assert "ASSISTANT_ADMIN_KEY" in response.json()["detail"] and response.headers["www-authenticate"] == "Bearer"
    assert _snapshot(admin_settings.corpus_dir) == before


def test_upload_errors_are_one_json_shape(client: TestClient, admin_settings: Settings) -> None:
    before = _snapshot(admin_settings.corpus_dir)
    cases = [
        (_upload(client, b"\x89PNG\r\n\x1a\n" + bytes(64), "anh.pdf"), 422, "ảnh PNG"),
        (_upload(client, PLAN.encode(), number="83/KH-UBND"), 422, "đã có"),
        (_upload(client, PLAN.encode(), "../../etc/passwd"), 422, "tên tệp"),
        (_upload(client, PLAN.encode(), number="KH 12"), 422, "không đúng dạng"),
        (_upload(client, PLAN.encode() * 8), 413, "ASSISTANT_MAX_UPLOAD_BYTES"),  # under the 16 KiB body limit
        (_upload(client, PLAN.encode(), date="15/03/2024"), 422, "date"),
    ]
    for response, status, fragment in cases:
        assert response.status_code == status, response.text
        assert list(response.json()) == ["detail"] and fragment in response.json()["detail"]
    assert _snapshot(admin_settings.corpus_dir) == before
    accepted = _upload(client, PLAN.encode(), signer="KT. Chủ tịch")
    assert accepted.status_code == 201
    assert accepted.json() == {
        "id": NUMBER, "kind": "Kế hoạch", "title": TITLE, "issuer": "UBND tỉnh Quảng Ngãi", "date": "2024-03-15",
        "signer": "KT. Chủ tịch", "file": "95-KH-UBND.txt"}


# -- reindexing a live server under load ---------------------------------------------------------------

@pytest.fixture
def admin_server(admin_settings: Settings, settings: Settings, answerer: Answerer) -> Iterator[str]:
    """The real app over a tmp copy of the corpus and of the session's built index."""
    shutil.copytree(settings.index_dir, admin_settings.index_dir, symlinks=True)
    with serve(admin_settings) as url:
        yield url


def test_reindex_under_concurrent_questions(admin_server: str) -> None:
    http = httpx.Client(base_url=admin_server, timeout=60)
    health = http.get("/health").json()
    assert (health["documents"], health["documents_loaded"], health["tasks"]) == (5, 1, 27)
    assert http.get("/api/admin/reindex", headers=AUTH).json()["state"] == "idle"
    upload = http.post("/api/admin/documents", headers=AUTH, data=_form(),
                       files={"file": ("Kế hoạch 95.txt", PLAN.encode(), "text/plain")})
    assert upload.status_code == 201, upload.text
    assert NUMBER not in str(http.post("/api/ask", json={"question": QUESTION}).json()["citations"])

    stop = threading.Event()
    results: list[tuple[float, float, int, str]] = []
    questions = ["Sở nào chủ trì ứng dụng AI trong thương mại điện tử, thời hạn khi nào?", "so y te chu tri gi",
                 QUESTION, "Ai phối hợp xây dựng hệ thống cảnh báo sớm sạt lở đất?", "Kế hoạch 83 ban hành ngày nào?"]

    def ask_in_a_loop(offset: int) -> None:
        with httpx.Client(base_url=admin_server, timeout=60) as client:
            n = offset
            while not stop.is_set():
                started = time.monotonic()
                try:
                    response = client.post("/api/ask", json={"question": questions[n % len(questions)]})
                    results.append((started, time.monotonic(), response.status_code, response.text[:200]))
                except httpx.HTTPError as exc:
                    results.append((started, time.monotonic(), 0, repr(exc)))
                n += 1

    askers = [threading.Thread(target=ask_in_a_loop, args=(i,)) for i in range(4)]
    for asker in askers:
        asker.start()
    time.sleep(0.5)
    began = time.monotonic()
    first = http.post("/api/admin/reindex", headers=AUTH)
    again = http.post("/api/admin/reindex", headers=AUTH)
    assert first.status_code == again.status_code == 202
    assert first.json()["state"] == again.json()["state"] == "running"
    assert again.json()["started"] == first.json()["started"]  # the running job, not a second build
    deadline = time.monotonic() + 90
    while (status := http.get("/api/admin/reindex", headers=AUTH).json())["state"] == "running":
        assert time.monotonic() < deadline, status
        time.sleep(0.2)
    ended = time.monotonic()
    time.sleep(0.5)
    stop.set()
    for asker in askers:
        asker.join(timeout=60)

    assert status["state"] == "succeeded", status
    assert (status["documents"], status["tasks"], status["error"]) == (6, 28, None)
    assert status["messages"][-1].startswith("đã chuyển sang chỉ mục mới")
    failed = [r for r in results if r[2] != 200]
    assert not failed, failed[:3]
    during = [r for r in results if began <= r[0] and r[1] <= ended]
    assert len(during) >= 4, f"only {len(during)} questions were answered while the index was rebuilt"

    answer = http.post("/api/ask", json={"question": QUESTION}).json()
    assert answer["found"] and answer["intent"] == "lead"
    assert answer["tasks"][0]["doc_id"] == NUMBER and answer["tasks"][0]["lead"] == ["Sở Tài nguyên và Môi trường"]
    assert answer["citations"][0]["doc_id"] == NUMBER and answer["citations"][0]["section"] == "II.1.a"
    health = http.get("/health").json()
    assert (health["documents"], health["documents_loaded"], health["tasks"]) == (6, 2, 28)
    assert http.get("/documents/95-KH-UBND").status_code == 200
    http.close()
