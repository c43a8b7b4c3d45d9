"""Benchmark: the figures DESIGN.md and issue 9 set targets for. Not a test (timings flake on busy machines).

    .venv/bin/python tests/bench.py [--seconds 15] [--abuse-seconds 60] [--root CHECKOUT]

Every figure comes from fresh processes of the checkout under test (`--root`, default this one), on a
corpus copy and an index in a temporary folder; nothing in the repository or the model cache is written:

* index build time; a cold `assistant ask` (wall time, peak RSS);
* one query embedding and the answer latency over the evaluation set, in one process;
* a real `assistant serve` on a loopback port: time until it answers, peak RSS, /api/ask p50 against
  one query embedding, throughput and p95 at 1/8/32 concurrent clients;
* RSS after warm-up and after an abuse run (2,000 sessions, 32 clients for `--abuse-seconds`, hung-up SSE
  streams, 40 chart renders with varied filters, 5 reindexes through the admin API), with what the memory
  is made of (/proc/PID/smaps, grouped by mapping) before and after.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "Sở nào chủ trì ứng dụng AI trong thương mại điện tử, thời hạn khi nào?"
ADMIN_KEY = "bench-admin-key"
IN_PROCESS = """
import json, statistics, time
from assistant.answer import open_answerer
from assistant.evaluation import load_questions
answerer = open_answerer()
embed = answerer.index.embeddings.embed_query
embed("khởi động")
one = []
for _ in range(50):
    t = time.perf_counter()
    embed("Sở nào chủ trì ứng dụng trí tuệ nhân tạo trong thương mại điện tử?")
    one.append((time.perf_counter() - t) * 1000)
answers = []
for q in load_questions():
    t = time.perf_counter(); answerer.answer(q.question); answers.append((time.perf_counter() - t) * 1000)
print(json.dumps({"embed_ms": statistics.median(one), "answers_ms": answers}))
"""

BY_STAGE = """
import json, sys
def rss():
    return int(next(l for l in open("/proc/self/status") if l.startswith("VmRSS:")).split()[1]) / 1024
stages = [("interpreter", rss())]
import numpy, api.main
stages.append(("+ web stack and our modules (import api.main)", rss()))
from assistant.index import open_index
from assistant.settings import get_settings
index = open_index(get_settings())
stages.append(("+ index and query embedder opened", rss()))
from assistant.answer import open_answerer
answerer = open_answerer(index=index)
answerer.answer("Sở nào chủ trì thương mại điện tử?")
stages.append(("+ first answer (segmenter, lexicon)", rss()))
from assistant.timeline import timeline_png
timeline_png(answerer.index.tasks, answerer.successors)
stages.append(("+ one chart (matplotlib)", rss()))
heavy = sorted({"torch", "sentence_transformers", "transformers", "matplotlib"} & set(sys.modules))
print(json.dumps({"stages": stages, "heavy": heavy}))
"""


def pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def status_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def memory_map(pid: int, top: int = 7) -> str:
    """RSS by mapping (heap/anonymous vs each file): what the process memory is made of."""
    by_name: Counter[str] = Counter()
    name = "?"
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        parts = line.split()
        if len(parts) >= 5 and "-" in parts[0] and ":" in parts[3]:  # "start-end perms offset dev inode [path]"
            path = parts[5] if len(parts) > 5 else "[anon]"
            name = "[anon+heap]" if path in ("[anon]", "[heap]") else Path(path).name
        elif parts and parts[0] == "Rss:":
            by_name[name] += int(parts[1])
    rollup = {k.rstrip(":"): int(v) for k, v, *_ in (ln.split() for ln in
              Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:])}
    head = (f"Rss {rollup['Rss'] / 1024:.0f} MiB = anonymous {rollup['Anonymous'] / 1024:.0f} + "
            f"file-backed {(rollup['Rss'] - rollup['Anonymous']) / 1024:.0f}")
    return head + "; top: " + ", ".join(f"{n} {kib / 1024:.0f}" for n, kib in by_name.most_common(top))


class Server:
    """`assistant serve` of the checkout under test, in its own process on a loopback port."""

    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.started = time.perf_counter()
        self.process = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--port", str(self.port)],
                                        cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def first_answer(self) -> tuple[float, float]:
        """Seconds from start until /health answers, and until a first /api/ask answers."""
        ready = None
        while time.perf_counter() - self.started < 300:
            try:
                if ready is None and httpx.get(f"{self.url}/health", timeout=2).status_code == 200:
                    ready = time.perf_counter() - self.started
                if ready is not None:
                    httpx.post(f"{self.url}/api/ask", json={"question": QUESTION}, timeout=30).raise_for_status()
                    return ready, time.perf_counter() - self.started
            except httpx.HTTPError:
                time.sleep(0.05)
        raise RuntimeError("the server did not answer within 300 s")

    def rss(self) -> float:
        return status_kib(self.process.pid, "VmRSS") / 1024

    def peak(self) -> float:
        return status_kib(self.process.pid, "VmHWM") / 1024

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def drive(url: str, clients: int, seconds: float, questions: list[str]) -> tuple[list[float], int]:
    """`clients` threads asking in a loop for `seconds`: latencies (ms) and error count."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(offset: int) -> None:
        with httpx.Client(base_url=url, timeout=60) as http:
            n = offset
            while time.monotonic() < deadline:
                started = time.perf_counter()
                try:
                    ok = http.post("/api/ask", json={"question": questions[n % len(questions)]}).status_code == 200
                except httpx.HTTPError:
                    ok = False
                with lock:
                    latencies.append((time.perf_counter() - started) * 1000) if ok else None
                    errors[0] += not ok
                n += 7

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors[0]


def reindex(url: str) -> bool:
    """One rebuild through the admin API, waited for; True when it succeeded."""
    with httpx.Client(base_url=url, timeout=60, headers={"Authorization": f"Bearer {ADMIN_KEY}"}) as http:
        if http.post("/api/admin/reindex").status_code != 202:
            return False
        while (state := http.get("/api/admin/reindex").json()["state"]) == "running":
            time.sleep(0.5)
        return state == "succeeded"


def warm_up(url: str) -> None:
    """Every code path once (lazy imports such as matplotlib, a rebuild), so growth after it is growth."""
    with httpx.Client(base_url=url, timeout=120) as http:
        for path in ("/api/timeline.svg", "/api/timeline.png"):
            http.get(path).raise_for_status()
        with http.stream("POST", "/api/chat", json={"question": QUESTION}) as response:
            response.read()
    if not reindex(url):
        raise RuntimeError("the warm-up reindex failed")


def abuse(url: str, seconds: float, questions: list[str]) -> str:
    """2,000 sessions, 32 clients, hung-up SSE streams, 40 charts, 5 reindexes; returns a summary line."""
    errors: Counter[str] = Counter()

    def sessions() -> None:
        with httpx.Client(base_url=url, timeout=60) as http:
            for n in range(2000):
                r = http.post("/api/ask", json={"question": questions[n % len(questions)]})
                errors["session"] += r.status_code != 200

    def hang_ups() -> None:
        for n in range(200):
            try:
                with httpx.stream("POST", f"{url}/api/chat", json={"question": questions[n % len(questions)]},
                                  timeout=30) as r:
                    next(r.iter_bytes())  # first event, then hang up mid-stream
            except (httpx.HTTPError, StopIteration):
                errors["sse"] += 1

    def charts() -> None:
        agencies = ["Sở Y tế", "Sở Công Thương", "Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ", ""]
        with httpx.Client(base_url=url, timeout=120) as http:
            for n in range(40):
                params = {"year": str(2021 + n % 10), **({"agency": agencies[n % 5]} if agencies[n % 5] else {})}
                r = http.get(f"/api/timeline.{'png' if n % 2 else 'svg'}", params=params)
                errors["chart"] += r.status_code != 200

    def reindexes() -> None:
        errors["reindex"] += sum(not reindex(url) for _ in range(5))

    workers = [threading.Thread(target=f) for f in (sessions, hang_ups, charts, reindexes)]
    for worker in workers:
        worker.start()
    latencies, load_errors = drive(url, 32, seconds, questions)
    for worker in workers:
        worker.join()
    errors["ask"] = load_errors
    return (f"{len(latencies)} asks under load (p95 {pct(latencies, 95):.0f} ms), errors: "
            + ", ".join(f"{k} {v}" for k, v in sorted(errors.items())))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout to measure (default: this one)")
    parser.add_argument("--seconds", type=float, default=15, help="length of each 1/8/32-client run")
    parser.add_argument("--abuse-seconds", type=float, default=60)
    args = parser.parse_args()
    root = args.root.resolve()
    sys.path.insert(0, str(root))
    from assistant.evaluation import load_questions

    questions = [q.question for q in load_questions(root / "tests" / "eval" / "questions.jsonl")]
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        corpus = Path(shutil.copytree(root / "corpus", Path(tmp) / "corpus"))
        env = {**os.environ, "PYTHONPATH": str(root), "ASSISTANT_CORPUS_DIR": str(corpus),
               "ASSISTANT_INDEX_DIR": str(Path(tmp) / "index"), "ASSISTANT_RATE_LIMIT": "1000000/minute",
               "ASSISTANT_ADMIN_KEY": ADMIN_KEY, "ASSISTANT_AUTO_BUILD": "false"}
        def run(*arguments: str) -> tuple[float, float, str]:
            """A fresh process of the checkout: wall seconds, its own peak RSS (MiB), its stdout."""
            with tempfile.TemporaryFile("w+") as out:
                started = time.perf_counter()
                child = subprocess.Popen([sys.executable, *arguments], cwd=root, env=env, stdout=out,
                                         stderr=subprocess.DEVNULL)
                _, code, usage = os.wait4(child.pid, 0)
                child.returncode = code
                if code:
                    raise RuntimeError(f"{arguments} failed with status {code}")
                out.seek(0)
                return time.perf_counter() - started, usage.ru_maxrss / 1024, out.read()

        seconds, peak, _ = run("-m", "assistant.cli", "build")
        print(f"index build (new process, full corpus):    {seconds:7.2f} s, peak RSS {peak:.0f} MiB")
        seconds, peak, _ = run("-m", "assistant.cli", "ask", QUESTION)
        print(f"cold `assistant ask` to its answer:        {seconds:7.2f} s, peak RSS {peak:.0f} MiB")
        stages = json.loads(run("-c", BY_STAGE)[2].strip().splitlines()[-1])
        print("RSS by stage, one process (MiB): " + "; ".join(f"{n} {v:.0f}" for n, v in stages["stages"])
              + f"; loaded: {', '.join(stages['heavy'])}")
        inner = json.loads(run("-c", IN_PROCESS)[2].strip().splitlines()[-1])
        embed_ms = inner["embed_ms"]
        print(f"one query embedding (median of 50):        {embed_ms:7.1f} ms")
        print(f"answer latency in-process p50 / p95 ({len(inner['answers_ms'])} q):"
              f" {pct(inner['answers_ms'], 50):.1f} / {pct(inner['answers_ms'], 95):.1f} ms")

        server = Server(env, root)
        try:
            ready, first = server.first_answer()
            print(f"server: /health after {ready:.2f} s, first /api/ask answered {first:.2f} s after start")
            sequential, _ = drive(server.url, 1, args.seconds, questions)
            p50 = pct(sequential, 50)
            print(f"/api/ask p50 (1 client): {p50:.1f} ms = {p50 / embed_ms:.1f}× one query embedding")
            for clients in (1, 8, 32):
                latencies, errors = drive(server.url, clients, args.seconds, questions)
                print(f"  {clients:2d} clients: {len(latencies) / args.seconds:6.1f} req/s, "
                      f"p50 {pct(latencies, 50):6.0f} ms, p95 {pct(latencies, 95):6.0f} ms, errors {errors}")
            warm_up(server.url)
            warm = server.rss()
            print(f"RSS after warm-up (the runs above, 2 charts, a chat stream, 1 reindex): {warm:.0f} MiB, "
                  f"peak so far {server.peak():.0f} MiB")
            print(f"  memory: {memory_map(server.process.pid)}")
            print(f"abuse: {abuse(server.url, args.abuse_seconds, questions)}")
            after = server.rss()
            print(f"RSS after abuse: {after:.0f} MiB ({(after / warm - 1) * 100:+.0f} % vs warm-up), "
                  f"peak RSS of the server {server.peak():.0f} MiB")
            print(f"  memory: {memory_map(server.process.pid)}")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
