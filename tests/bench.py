"""Benchmark: prints the figures DESIGN.md sets targets for. Not a test (timings flake on busy machines).

    .venv/bin/python tests/bench.py [--load-seconds 60 --clients 32]

Figures: one query embedding, /api/ask-equivalent answer latency p50/p95 over the evaluation set, full
index build time, cold start (new process: open the built index, answer one question) and its peak RSS,
and optionally a load test of the real HTTP server on 127.0.0.1 (errors, RSS before/after).
"""

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.answer import open_answerer  # noqa: E402
from assistant.evaluation import load_questions  # noqa: E402
from assistant.index import build_index  # noqa: E402
from assistant.settings import get_settings  # noqa: E402

COLD_START = """
import time; t = time.perf_counter()
from assistant.answer import open_answerer
answerer = open_answerer()
answerer.answer("Sở nào chủ trì ứng dụng AI trong thương mại điện tử?")
print(f"{time.perf_counter() - t:.2f}")
"""


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--load-seconds", type=float, default=0, help="run the HTTP load test this long")
    parser.add_argument("--clients", type=int, default=32)
    args = parser.parse_args()
    settings = get_settings()

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        build_index(settings.model_copy(update={"index_dir": Path(tmp)}), quiet=True)
        print(f"index build (full corpus, model loaded):  {time.perf_counter() - started:6.2f} s")

    answerer = open_answerer(settings)
    embeddings = answerer.index.embeddings
    embeddings.embed_query("khởi động")
    timings = []
    for _ in range(50):
        started = time.perf_counter()
        embeddings.embed_query("Sở nào chủ trì ứng dụng trí tuệ nhân tạo trong thương mại điện tử?")
        timings.append((time.perf_counter() - started) * 1000)
    print(f"one query embedding (median of 50):       {statistics.median(timings):6.1f} ms")

    latencies = []
    for question in load_questions():
        started = time.perf_counter()
        answerer.answer(question.question)
        latencies.append((time.perf_counter() - started) * 1000)
    print(f"answer latency p50 / p95 ({len(latencies)} questions): "
          f"{percentile(latencies, 50):6.1f} / {percentile(latencies, 95):.1f} ms")

    started = time.perf_counter()
    inner = subprocess.run([sys.executable, "-c", COLD_START], cwd=ROOT, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"cold start to first answer:               {wall:6.2f} s (in-process {inner.stdout.strip()} s)")
    print(f"peak RSS of that process:                 {peak_mib:6.0f} MiB")

    if args.load_seconds:
        load_test(args.load_seconds, args.clients)


def load_test(seconds: float, clients: int) -> None:
    import httpx

    port = 8765
    server = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--port", str(port)], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        rss_before = _rss_mib(server.pid)
        questions = [q.question for q in load_questions()]
        counts = {"ok": 0, "error": 0}
        lock = threading.Lock()
        deadline = time.monotonic() + seconds

        def client(offset: int) -> None:
            with httpx.Client(base_url=url, timeout=30) as http:
                n = offset
                while time.monotonic() < deadline:
                    response = http.post("/api/ask", json={"question": questions[n % len(questions)]})
                    with lock:
                        counts["ok" if response.status_code == 200 else "error"] += 1
                    n += 1

        threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        total = counts["ok"] + counts["error"]
        print(f"load: {clients} clients × {seconds:.0f} s: {total} requests, {counts['error']} errors, "
              f"{total / seconds:.1f} req/s, server RSS {rss_before:.0f} → {_rss_mib(server.pid):.0f} MiB")
    finally:
        server.terminate()
        server.wait(timeout=30)


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


if __name__ == "__main__":
    main()
