"""Thread counts are chosen, not inherited: one thread per call for every runtime the engine path loads."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from assistant.process import THREAD_DEFAULTS
from assistant.settings import PROJECT_ROOT

PROBE = """
import json
from threadpoolctl import threadpool_info
from assistant.engine import shared_engine
shared_engine().embed_query("xin chào")
import os
print(json.dumps({"env": os.environ.get("OMP_NUM_THREADS"),
                  "pools": {i["internal_api"]: i["num_threads"] for i in threadpool_info()}}))
"""


def _run(**env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in THREAD_DEFAULTS}
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=PROJECT_ROOT, env={**clean, **env},
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_engine_path_runs_one_thread_per_call() -> None:
    pytest.importorskip("threadpoolctl")
    result = _run()
    assert result["env"] == "1"
    assert result["pools"].get("openmp") == 1 and result["pools"].get("openblas", 1) == 1, result


def test_an_operators_thread_count_wins() -> None:
    pytest.importorskip("threadpoolctl")
    result = _run(OMP_NUM_THREADS="2")
    assert result["env"] == "2" and result["pools"].get("openmp") == 2, result
