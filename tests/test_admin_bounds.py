"""An upload cannot make a public page enormous (text capped, long documents paginated), and a document
without a signature block is answered about, not a 500: through /api/admin upload → reindex → ask."""

import io
import shutil
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import dom, serve
from test_admin import AUTH, KEY, PLAN

from assistant.answer import Answerer
from assistant.settings import Settings

NUMBER = "41/KH-UBND"
TASKS = "\n\n".join(
    f"{n}. Giám sát nguy cơ sạt lở đất tại điểm quan trắc số {n}\n\n"
    + f"- Lắp đặt trạm đo mưa, đo độ ẩm đất và camera tại điểm quan trắc số {n}, truyền dữ liệu về trung tâm "
      "điều hành để mô hình trí tuệ nhân tạo phân tích, cảnh báo sớm cho người dân vùng có nguy cơ. " * 8
    for n in range(1, 46))
LONG_PLAN = PLAN.replace("95/KH-UBND", NUMBER).replace("III. TỔ CHỨC", f"III. ĐIỂM QUAN TRẮC\n\n{TASKS}\n\nIV. TỔ CHỨC")


def _upload(url: str, data: bytes, filename: str, number: str = NUMBER) -> httpx.Response:
    return httpx.post(f"{url}/api/admin/documents", headers=AUTH, timeout=120,
                      data={"number": number, "title": "Kế hoạch quan trắc sạt lở đất", "date": "2024-03-15"},
                      files={"file": (filename, data, "application/octet-stream")})


@pytest.fixture(scope="module")
def reindexed(tmp_path_factory: pytest.TempPathFactory, settings: Settings, answerer: Answerer) -> Iterator[str]:
    """A live server over a copy of the corpus and index, with the long, unsigned 41/KH-UBND added."""
    root = tmp_path_factory.mktemp("bounds")
    shutil.copytree(settings.corpus_dir, root / "corpus")
    shutil.copytree(settings.index_dir, root / "index", symlinks=True)
    admin = Settings(corpus_dir=root / "corpus", index_dir=root / "index", admin_key=KEY, rate_limit="10000/minute")
    with serve(admin) as url:
        assert "Kế hoạch" in LONG_PLAN and len(LONG_PLAN) > 65_000
        assert _upload(url, LONG_PLAN.encode(), "ke-hoach-41.txt").status_code == 201
        assert httpx.post(f"{url}/api/admin/reindex", headers=AUTH).status_code == 202
        deadline = time.monotonic() + 300
        while (status := httpx.get(f"{url}/api/admin/reindex", headers=AUTH).json())["state"] == "running":
            assert time.monotonic() < deadline
            time.sleep(0.5)
        assert status["state"] == "succeeded", status
        yield url


def test_who_signed_a_document_without_a_signer_is_answered(reindexed: str) -> None:
    """Issue 9: "Kế hoạch 41 do ai ký?" on an uploaded document without a signature block was a 500."""
    response = httpx.post(f"{reindexed}/api/ask", json={"question": "Kế hoạch 41 do ai ký?"}, timeout=60)
    assert response.status_code == 200, response.text
    assert response.json()["answer"]


def test_a_long_document_is_paginated(reindexed: str) -> None:
    first = httpx.get(f"{reindexed}/documents/41-KH-UBND", timeout=60)
    assert first.status_code == 200 and len(first.content) < 400_000
    page = dom(first)
    assert "Trang 1/2" in page.select_one("nav.pager").get_text()
    assert "điểm quan trắc số 45" not in first.text
    last = httpx.get(f"{reindexed}/documents/41-KH-UBND", params={"page": 2}, timeout=60)
    assert "điểm quan trắc số 45" in last.text and "Trang 2/2" in last.text
    quoted = httpx.get(f"{reindexed}/documents/41-KH-UBND", timeout=60, params={
        "quote": "45. Giám sát nguy cơ sạt lở đất tại điểm quan trắc số 45"})
    assert "Trang 2/2" in quoted.text and dom(quoted).select("mark")  # the page where the quote is


def _zip_bomb_docx(xml_bytes: int) -> bytes:
    """A .docx of ~100 kB whose word/document.xml unpacks to `xml_bytes`."""
    run = "<w:p><w:r><w:t>Sở Tài nguyên và Môi trường chủ trì cảnh báo sạt lở đất.</w:t></w:r></w:p>".encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", b"<w:document><w:body>" + run * (xml_bytes // len(run) + 1)
                         + b"</w:body></w:document>")
    return out.getvalue()


def test_text_over_the_limit_is_a_413_naming_it(settings: Settings, tmp_path: Path) -> None:
    """Issue 9: a 678 kB .docx unpacked to 190 MB of text and a 190 MB page."""
    corpus = tmp_path / "corpus"
    shutil.copytree(settings.corpus_dir, corpus)
    admin = Settings(corpus_dir=corpus, index_dir=tmp_path / "index", admin_key=KEY, rate_limit="10000/minute")
    before = sorted(p.name for p in corpus.iterdir())
    bomb = _zip_bomb_docx(40 * 1024 * 1024)
    assert len(bomb) < 1024 * 1024
    long_text = (PLAN * (admin.max_document_chars // len(PLAN) + 1)).encode()
    assert len(long_text) < admin.max_upload_bytes
    from fastapi.testclient import TestClient

    from api.main import create_app

    client = TestClient(create_app(admin))
    for data, name in ((bomb, "bom.docx"), (long_text, "dai.txt")):
        response = client.post("/api/admin/documents", headers=AUTH, files={"file": (name, data)},
                               data={"number": "42/KH-UBND", "title": "Kế hoạch dài", "date": "2024-03-15"})
        assert response.status_code == 413, response.text
        assert "ASSISTANT_MAX_DOCUMENT_CHARS" in response.json()["detail"]
        assert str(admin.max_document_chars) in response.json()["detail"]
    assert sorted(p.name for p in corpus.iterdir()) == before
