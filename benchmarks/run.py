"""Measure dinaction against its peers, side by side in one run; print a table of medians and ratios.

    python3 -m pip install -e '.[bench]'
    python3 benchmarks/run.py                  # the Markdown table, on stdout
    python3 benchmarks/run.py --write-readme   # the same, into README.md's performance section

What is measured (each a median of ``--repeat`` runs, after one untimed warm-up):

1. ``dinaction lint`` over 10,000 action files, cold (``--no-cache``) and warm (the cache filled);
2. the peers on as many files of the same sizes: ``ruff check --no-cache`` (one-line Python
   files) and ``yamllint`` (one-line YAML files), each with its default rules;
3. the start-up of ``dinaction lint`` on one file, against ``python -c "import lark"``;
4. parse + lint throughput in one process (actions per second, a fresh process each time);
5. the language server: ``didChange`` → ``publishDiagnostics`` for a 1-line and a 5,000-line document;
6. scaling: ``dinaction lint`` on one file of 1,000 lines and one of 100,000 lines;
7. the peak memory of the 10,000-file run: the largest sum of the proportional set sizes
   (PSS; RSS where there is none) of ``dinaction`` and its worker processes, sampled every
   5 ms (psutil), and the largest resident set of one of them;
8. the network edge against hostile servers on loopback: the wall time of
   ``dinaction check-url --timeout 5`` against a server that trickles its headers a byte at a
   time (the deadline must hold), and the peak memory of ``check-url`` refusing gzip bombs
   (1 GiB of zeros behind ``Content-Encoding: gzip``, and behind ``gzip, gzip``) beside a plain
   check (``--only-network`` measures these alone);
9. ``dinaction serve examples/routes`` against a bare ASGI app answering a fixed line on the same
   uvicorn, with the same client: requests per second over 8 keep-alive connections, and the
   p50/p99 latency at a steady 200 requests per second on one connection; medians of 3 rounds
   taken in turns (``--serve-only`` measures this alone);
10. the language server's memory: its resident set after 30,000 keystrokes against after
    start-up, and its peak with a 20 MB document open, edited and asked for every feature;
11. a hostile file: ``dinaction lint`` on one line of 50 MB, its wall time, peak resident set
    and the bytes it prints, with the default ``max-file-size`` (read no further than 1 MiB)
    and with a limit above the file (read and linted whole, the finding's excerpt cut to a
    window) (``--only-hostile`` measures this alone).

Commands run as a user runs them: the console scripts beside this Python, with bytecode
caching on, output to /dev/null.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import hashlib
import importlib
import json
import math
import os
import platform
import queue
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(ROOT))

from benchmarks import corpus  # noqa: E402

SECTION = "performance"
DEFAULT_CORPUS = ROOT / "benchmarks" / "corpus"
#: the one-file start-up is measured on each of these; the table shows the slowest
#: keystrokes of the language server's memory measure
LSP_EDITS = 30_000
ONE_FILE = {
    "transfer": "transfer +81336042000 --caller=+819012345678\n",
    "say": 'say ja "お電話ありがとうございます。"\n',
    "playback": "playback https://example.com/welcome.mp3\n",
}


# --- pure functions (tested in tests/test_benchmarks.py) ----------------------------------------


def median(values: Sequence[float]) -> float:
    """The median; ValueError for no values (a measure that never ran has no median)."""
    if not values:
        raise ValueError("no values")
    return float(statistics.median(values))


def ratio(value: float, reference: float) -> float:
    """``value`` in units of ``reference`` (2.0: twice as long); inf when the reference is 0."""
    return value / reference if reference > 0 else float("inf")


def format_seconds(seconds: float) -> str:
    """Seconds in the unit a person reads best: ``850 µs``, ``12.3 ms``, ``1.25 s``."""
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"


def format_ratio(value: float) -> str:
    return f"{value:.1f}×" if value < 100 else f"{value:.0f}×"


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the table; ``met`` is None where there is no target."""

    measure: str
    result: str
    reference: str = ""
    ratio: str = ""
    target: str = ""
    met: bool | None = None


def markdown_table(rows: Sequence[Row]) -> str:
    """The rows as a GitHub Markdown table (``|`` in cells escaped)."""
    header = ("Measure", "dinaction", "Reference", "Ratio", "Target", "Met")
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        met = {True: "yes", False: "**no**", None: ""}[row.met]
        cells = (row.measure, row.result, row.reference, row.ratio, row.target, met)
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def replace_section(text: str, name: str, body: str) -> str:
    """``text`` with what stands between ``<!-- section:NAME -->`` and its closing marker replaced."""
    start, end = f"<!-- section:{name} -->", f"<!-- /section:{name} -->"
    head, found, rest = text.partition(start)
    if not found or end not in rest:
        raise ValueError(f"no {start} … {end} in the text")
    _, _, tail = rest.partition(end)
    return f"{head}{start}\n{body.strip()}\n{end}{tail}"


# --- running things ------------------------------------------------------------------------------


def tool(name: str) -> str | None:
    """The console script ``name`` beside this Python (the venv's), else on PATH."""
    here = Path(sys.executable).parent / name
    return str(here) if here.exists() else shutil.which(name)


def child_env() -> dict[str, str]:
    """The environment of measured commands: bytecode caches on, as on a user's machine."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def timed(command: Sequence[str], *, repeat: int, cwd: Path, ok: Sequence[int] = (0,)) -> list[float]:
    """Wall-clock seconds of ``repeat`` runs after one untimed warm-up; every exit code checked."""
    times = []
    for i in range(repeat + 1):
        start = time.perf_counter()
        done = subprocess.run(
            command, check=False, cwd=cwd, env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        elapsed = time.perf_counter() - start
        if done.returncode not in ok:
            raise RuntimeError(f"{' '.join(command)} exited {done.returncode}: {done.stderr.decode()[-500:]}")
        if i:
            times.append(elapsed)
    return times


def peak_memory(command: Sequence[str], cwd: Path) -> tuple[float, float]:
    """(largest total over the process tree, largest single process) in MiB, sampled every 5 ms.

    The total counts each process's proportional set size (PSS: pages shared
    by forked workers are split between them, not counted once per process)
    where the system reports it (Linux), else its resident set size.
    """
    psutil = importlib.import_module("psutil")  # the bench extra; no stubs needed
    process = subprocess.Popen(command, cwd=cwd, env=child_env(), stdout=subprocess.DEVNULL)
    parent = psutil.Process(process.pid)
    total = single = 0
    while process.poll() is None:
        with contextlib.suppress(psutil.Error):
            shares, sizes = [], []
            for p in [parent, *parent.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):  # a worker that just ended
                    info = p.memory_full_info()
                    shares.append(getattr(info, "pss", info.rss))
                    sizes.append(info.rss)
            total, single = max(total, sum(shares)), max(single, *sizes, 0)
        time.sleep(0.005)
    return total / 2**20, single / 2**20


THROUGHPUT = """
import sys, time
from pathlib import Path
from dinaction import lint
datas = [p.read_bytes() for p in sorted(Path(sys.argv[1]).rglob("*.din"))]
lines = sum(d.count(b"\\n") for d in datas)
lint('transfer +81336042000\\nsay fr "x"\\n')  # load phonenumbers and langcodes first: one-time costs
start = time.perf_counter()
for d in datas:
    lint(d)
print(lines / (time.perf_counter() - start))
"""


#: the two paths apart, in a fresh process: the fast path's time on the lines it serves (each call timed),
#: the share of the lines it serves, and the full path (parser and every rule) over every file
PATHS = """
import sys, time
from pathlib import Path
from dinaction import fastpath
from dinaction.linter import lint_source
from dinaction.settings import Settings
datas = [p.read_bytes() for p in sorted(Path(sys.argv[1]).rglob("*.din"))]
lines = sum(d.count(b"\\n") for d in datas)
settings = Settings()
lint_source('transfer +81336042000\\nsay fr "x"\\n', settings)  # phonenumbers, langcodes, the tables: one-time costs
known = fastpath.served(settings)
clock, clean_text = time.perf_counter, fastpath.clean_text
served = served_lines = 0
spent = 0.0
for d in datas:
    start = clock()
    text = clean_text(d, settings, known)
    took = clock() - start
    if text is not None:
        served += 1
        served_lines += d.count(b"\\n")
        spent += took
start = clock()
found = [lint_source(d, settings).diagnostics for d in datas]
full = clock() - start
clean_lines = sum(d.count(b"\\n") for d, f in zip(datas, found) if not f)
print(served_lines / spent, served_lines / lines, lines / full, clean_lines / lines)
"""


def paths(corpus_dir: Path, repeat: int) -> tuple[float, float, float, float]:
    """Medians of (fast path actions/s on what it serves, share of the lines it serves, full path actions/s,
    share of the lines in files without a finding)."""
    runs = []
    for _ in range(repeat):
        done = subprocess.run(
            [sys.executable, "-c", PATHS, str(corpus_dir)], env=child_env(), capture_output=True, text=True, check=True
        )
        runs.append([float(v) for v in done.stdout.split()])
    fast, share, full, clean = (median([r[i] for r in runs]) for i in range(4))
    return fast, share, full, clean


def throughput(corpus_dir: Path, repeat: int) -> list[float]:
    """Actions (lines) per second of ``dinaction.lint`` over the corpus, one fresh process per run.

    Fresh: every number and URL is new to the process, as in a real run.
    """
    rates = []
    for _ in range(repeat):
        done = subprocess.run(
            [sys.executable, "-c", THROUGHPUT, str(corpus_dir)],
            env=child_env(),
            capture_output=True,
            text=True,
            check=True,
        )
        rates.append(float(done.stdout.strip()))
    return rates


#: the tree sizes the parallel threshold is measured at
THRESHOLD_COUNTS = (400, 800, 1200, 1600, 2400, 3200)


def threshold(counts: Sequence[int], repeat: int, log: Callable[[str], None]) -> list[tuple[int, float, float]]:
    """(files, one process, two processes) medians of ``dinaction lint --no-cache`` on trees of each size.

    The trees are the corpus's first files; the runs take turns, so both see
    the same load. "Two processes" is the default run, which forks one worker
    from ``PARALLEL_THRESHOLD`` documents on (on two cores): below it the two
    columns run alike, above it they say whether the worker wins.
    """
    dinaction = tool("dinaction")
    if dinaction is None:
        raise RuntimeError("dinaction is not installed: python3 -m pip install -e '.[bench]'")
    out = []
    with tempfile.TemporaryDirectory() as workdir:
        for count in counts:
            tree = Path(workdir) / str(count)
            (tree / "din").mkdir(parents=True)
            (tree / "din" / "dinaction.toml").write_text("", encoding="utf-8")
            for f in corpus.generate(count):
                path = tree / "din" / f.path
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(f.data)
            log(f"parallel threshold: {count} files")
            serial: list[float] = []
            parallel: list[float] = []
            for _ in range(repeat):
                serial += timed(
                    [dinaction, "lint", "--no-cache", "-j", "1", "."], repeat=1, cwd=tree / "din", ok=(0, 1)
                )
                parallel += timed([dinaction, "lint", "--no-cache", "."], repeat=1, cwd=tree / "din", ok=(0, 1))
            out.append((count, median(serial), median(parallel)))
    return out


def threshold_table(measured: Sequence[tuple[int, float, float]]) -> str:
    """The threshold measure as a Markdown table."""
    header = "| files | one process | two processes | two against one |\n|---|---|---|---|\n"
    return header + "".join(
        f"| {count:,} | {format_seconds(one)} | {format_seconds(two)} | {ratio(two, one) * 100:.0f} % |\n"
        for count, one, two in measured
    )


# --- the language server ---------------------------------------------------------------------------


class LspClient:
    """Just enough JSON-RPC over stdio to time didChange → publishDiagnostics."""

    def __init__(self, command: Sequence[str], cwd: Path) -> None:
        self._process = subprocess.Popen(
            command, cwd=cwd, env=child_env(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        assert self._process.stdin is not None and self._process.stdout is not None
        self._in: IO[bytes] = self._process.stdin
        self._messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self._next_id = 0
        threading.Thread(target=self._read, args=(self._process.stdout,), daemon=True).start()

    def _read(self, stream: IO[bytes]) -> None:
        while True:
            length = 0
            while (line := stream.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if not line:
                return
            message = json.loads(stream.read(length))
            if "method" in message and "id" in message:  # a request from the server: answer it
                self._send({"jsonrpc": "2.0", "id": message["id"], "result": None})
                continue
            self._messages.put(message)

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps(message).encode("utf-8")
        self._in.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self._in.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params: dict[str, Any] | None, timeout: float = 30) -> Any:
        self._next_id += 1
        self._send({"jsonrpc": "2.0", "id": self._next_id, "method": method, "params": params})
        while True:
            message = self._messages.get(timeout=timeout)
            if message.get("id") == self._next_id:
                return message.get("result")

    def diagnostics(self, uri: str, version: int, timeout: float = 30) -> float:
        """Wait for the diagnostics of ``uri`` at ``version``; returns when they arrived."""
        while True:
            message = self._messages.get(timeout=timeout)
            params = message.get("params") or {}
            if (
                message.get("method") == "textDocument/publishDiagnostics"
                and params.get("uri") == uri
                and params.get("version") in (None, version)
            ):
                return time.perf_counter()

    def close(self) -> None:
        try:
            self.request("shutdown", None, timeout=5)
            self.notify("exit", {})
            self._process.wait(timeout=5)
        except (queue.Empty, OSError, subprocess.TimeoutExpired):
            self._process.kill()


def lsp_latency(dinaction: str, text: str, edits: int, workdir: Path) -> list[float]:
    """Seconds from each didChange (a whole-document edit of the last line) to its diagnostics."""
    client = LspClient([dinaction, "lsp"], workdir)
    uri = (workdir / "document.din").as_uri()
    try:
        client.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": workdir.as_uri(),
                "capabilities": {"textDocument": {"publishDiagnostics": {"versionSupport": True}}},
            },
        )
        client.notify("initialized", {})
        client.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "dinaction", "version": 1, "text": text}},
        )
        client.diagnostics(uri, 1)
        head, _, last = text.rstrip("\n").rpartition("\n")
        variants = [last, last.replace("transfer", "tranfer", 1) if "transfer" in last else "tranfer +81336042000"]
        latencies = []
        for i in range(edits + 1):
            version = i + 2
            changed = (head + "\n" if head else "") + variants[i % 2] + "\n"
            time.sleep(0.05)  # one edit at a time: no coalescing, no queue
            sent = time.perf_counter()
            client.notify(
                "textDocument/didChange",
                {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": changed}]},
            )
            arrived = client.diagnostics(uri, version)
            if i:  # the first is a warm-up
                latencies.append(arrived - sent)
        return latencies
    finally:
        client.close()


# --- the action server ------------------------------------------------------------------------------

#: a bare ASGI app on the same uvicorn, configured as `dinaction serve` configures it
BARE_APP = """
import sys
import uvicorn
from dinaction.serve.commands import bind

BODY = b"transfer +81336042000\\n"
HEADERS = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(BODY)).encode())]


async def app(scope, receive, send):
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            await send({"type": message["type"] + ".complete"})
            if message["type"] == "lifespan.shutdown":
                return
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY})


sock = bind("127.0.0.1", 0)
sys.stderr.write(f"serving on http://127.0.0.1:{sock.getsockname()[1]}/\\n")
sys.stderr.flush()
config = uvicorn.Config(app, log_config=None, access_log=False, lifespan="on", server_header=False)
uvicorn.Server(config).run(sockets=[sock])
"""
#: the calls sent, in turn: a known caller, office hours or not, a withheld number, an unreadable one
SERVE_QUERIES = (
    "caller=%2B819012345678&recipient=%2B815012345678",
    "caller=%2B819011112222&recipient=%2B815012345678",
    "recipient=%2B815012345678",
    "caller=nobody&recipient=%2B815012345678",
)
SERVE_CONNECTIONS = 8
SERVE_REQUESTS = 20_000
SERVE_RATE = 200
SERVE_RATE_SECONDS = 10


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile: the smallest value with at least ``fraction`` of ``values`` at or below it."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


async def _exchange(reader: Any, writer: Any, request: bytes) -> None:
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    if not head.startswith(b"HTTP/1.1 200"):
        raise RuntimeError(f"unexpected answer: {head[:80]!r}")
    await reader.readexactly(length)


def _requests(port: int) -> list[bytes]:
    return [
        f"GET /?{q} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUser-Agent: bench\r\n\r\n".encode("ascii")
        for q in SERVE_QUERIES
    ]


async def _throughput(port: int, total: int, connections: int) -> float:
    """Requests per second over ``connections`` keep-alive connections, ``total`` requests in all."""
    import asyncio

    requests = _requests(port)

    async def worker(count: int) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        for i in range(count):
            await _exchange(reader, writer, requests[i % len(requests)])
        writer.close()

    share = total // connections
    start = time.perf_counter()
    await asyncio.gather(*(worker(share) for _ in range(connections)))
    return share * connections / (time.perf_counter() - start)


async def _latencies(port: int, rate: int, seconds: float) -> list[float]:
    """Seconds from each request to its whole answer, sent at a steady ``rate`` on one connection.

    A request is timed from when it was sent; when the previous answer came
    after this one was due, from when it was due (the server's slowness held
    it back: coordinated omission). The client's own timer lateness is not
    the server's, so it is left out.
    """
    import asyncio

    requests = _requests(port)
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    out = []
    start = time.perf_counter()
    previous = start
    for i in range(int(rate * seconds)):
        due = start + i / rate
        wait = due - time.perf_counter()
        if wait > 0:
            await asyncio.sleep(wait)
        sent = time.perf_counter()
        await _exchange(reader, writer, requests[i % len(requests)])
        done = time.perf_counter()
        out.append(done - (due if previous > due else sent))
        previous = done
    writer.close()
    return out


def _started(command: Sequence[str], log: Path) -> tuple[subprocess.Popen[bytes], int]:
    """Start a server whose first log line names its URL; (process, port)."""
    with log.open("wb") as sink:
        process = subprocess.Popen(command, env=child_env(), stdout=subprocess.DEVNULL, stderr=sink)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        first = log.read_text(encoding="utf-8", errors="replace").partition("\n")
        if first[1]:
            return process, int(first[0].rstrip("/").rsplit(":", 1)[1])
        if process.poll() is not None:
            break
        time.sleep(0.05)
    process.kill()
    raise RuntimeError(f"{' '.join(command)} did not start: {log.read_text(errors='replace')[-500:]}")


def serve_measure(command: Sequence[str], workdir: Path) -> tuple[float, float, float]:
    """(requests/s, p50, p99) of the server ``command`` starts: warm-up, throughput, then steady rate."""
    import asyncio

    process, port = _started(command, workdir / "server.log")
    try:
        asyncio.run(_throughput(port, 2_000, SERVE_CONNECTIONS))  # warm-up, untimed
        rate = asyncio.run(_throughput(port, SERVE_REQUESTS, SERVE_CONNECTIONS))
        latencies = asyncio.run(_latencies(port, SERVE_RATE, SERVE_RATE_SECONDS))
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return rate, percentile(latencies, 0.5), percentile(latencies, 0.99)


def serve_benchmark(results: Results, log: Callable[[str], None], rounds: int = 3) -> None:
    """`dinaction serve examples/routes` against the bare app, same client, in alternating rounds.

    Each figure is the median of ``rounds``: taking turns, both servers see the
    same spells of load from the rest of the machine.
    """
    dinaction = tool("dinaction")
    if dinaction is None:
        raise RuntimeError("dinaction is not installed: python3 -m pip install -e '.[bench]'")
    commands = {
        "bare": [sys.executable, "-c", BARE_APP],
        "serve": [dinaction, "serve", str(ROOT / "examples" / "routes"), "--port", "0"],
    }
    samples: dict[str, list[tuple[float, float, float]]] = {"bare": [], "serve": []}
    with tempfile.TemporaryDirectory() as workdir:
        for turn in range(rounds):
            for name, command in commands.items():
                log(f"action server, round {turn + 1} of {rounds}: {name}")
                samples[name].append(serve_measure(command, Path(workdir)))

    def medians(runs: list[tuple[float, float, float]]) -> tuple[float, float, float]:
        return (median([r[0] for r in runs]), median([r[1] for r in runs]), median([r[2] for r in runs]))

    results.bare = medians(samples["bare"])
    results.serve = medians(samples["serve"])


def serve_rows(r: Results) -> list[Row]:
    """The action server's lines of the table."""
    if r.serve is None or r.bare is None:
        return []
    share = ratio(r.serve[0], r.bare[0])
    return [
        Row(
            f"`dinaction serve`, requests/s ({SERVE_CONNECTIONS} connections)",
            f"{r.serve[0]:,.0f}/s",
            f"bare ASGI app {r.bare[0]:,.0f}/s",
            f"{share * 100:.0f} %",
            "≥ 70 %",
            share >= 0.7,
        ),
        Row(
            f"`dinaction serve` at {SERVE_RATE} requests/s, p50 / p99",
            f"{format_seconds(r.serve[1])} / {format_seconds(r.serve[2])}",
            f"bare {format_seconds(r.bare[1])} / {format_seconds(r.bare[2])}",
            "",
            "p99 ≤ 5 ms",
            r.serve[2] <= 0.005,
        ),
    ]


class _WatchedLspClient(LspClient):
    """The benchmark's client, with the server's memory in view (resident set, and its peak on Linux)."""

    def rss(self) -> float:
        """The server's resident set size now, in MiB."""
        psutil = importlib.import_module("psutil")
        return float(psutil.Process(self._process.pid).memory_info().rss) / 2**20

    def peak_rss(self) -> float | None:
        """The largest resident set the server has had (``VmHWM``), in MiB; None where the system keeps none."""
        try:
            status = Path(f"/proc/{self._process.pid}/status").read_text(encoding="ascii")
        except OSError:
            return None
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return None


def _lsp_session(dinaction: str, workdir: Path) -> _WatchedLspClient:
    client = _WatchedLspClient([dinaction, "lsp"], workdir)
    client.request(
        "initialize",
        {
            "processId": os.getpid(),
            "rootUri": workdir.as_uri(),
            "capabilities": {"textDocument": {"publishDiagnostics": {"versionSupport": True}}},
        },
    )
    client.notify("initialized", {})
    return client


def lsp_memory_after_edits(dinaction: str, edits: int, workdir: Path, batch: int = 100) -> tuple[float, float]:
    """(RSS after start-up and a first lint, RSS after ``edits`` keystrokes) of the server, in MiB.

    Typing as an editor sends it: one-character incremental changes (a
    character typed, then taken back), in bursts of ``batch`` after which the
    client waits for the diagnostics of the last version, so that every
    message has been handled when the resident set is read.
    """
    client = _lsp_session(dinaction, workdir)
    uri = (workdir / "typing.din").as_uri()
    line = "transfer +81336042000 --caller=+819012345678"
    try:
        client.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "dinaction", "version": 1, "text": line + "\n"}},
        )
        client.diagnostics(uri, 1)
        at = {"line": 0, "character": len(line)}
        after = {"line": 0, "character": len(line) + 1}
        typed = {"range": {"start": at, "end": at}, "text": "0"}
        erased = {"range": {"start": at, "end": after}, "text": ""}
        start = client.rss()
        version = 1
        for i in range(edits):
            version += 1
            change = typed if i % 2 == 0 else erased
            client.notify(
                "textDocument/didChange",
                {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]},
            )
            if (i + 1) % batch == 0 or i + 1 == edits:
                client.diagnostics(uri, version)
        return start, client.rss()
    finally:
        client.close()


def lsp_peak_memory_large_document(dinaction: str, megabytes: int, workdir: Path) -> tuple[float, float]:
    """(RSS after start-up, peak RSS) of the server, in MiB, around a document of ``megabytes`` MB.

    Lines of 10 bytes (100,000 per MB): whatever indexes a document's lines pays
    for each. The document is opened, edited once, and asked for everything an editor
    asks of an open document (pulled diagnostics aside: this client reads
    pushes): symbols, semantic tokens, hover, formatting and code actions.
    The peak is the kernel's high-water mark where there is one (Linux),
    else the largest of samples taken every 5 ms.
    """
    client = _lsp_session(dinaction, workdir)
    uri = (workdir / "large.din").as_uri()
    text = "x" * 9 + "\n"
    text *= megabytes * 100_000
    samples: list[float] = []
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            with contextlib.suppress(Exception):
                samples.append(client.rss())
            time.sleep(0.005)

    try:
        start = client.rss()
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        client.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "dinaction", "version": 1, "text": text}},
        )
        client.diagnostics(uri, 1, timeout=120)
        first = {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}
        client.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"range": first, "text": " "}]},
        )
        client.diagnostics(uri, 2, timeout=120)
        document = {"textDocument": {"uri": uri}}
        position = {**document, "position": {"line": 0, "character": 3}}
        client.request("textDocument/documentSymbol", document, timeout=120)
        client.request("textDocument/semanticTokens/full", document, timeout=120)
        client.request("textDocument/hover", position, timeout=120)
        client.request("textDocument/formatting", {**document, "options": {"tabSize": 4, "insertSpaces": True}}, 120)
        actions = {**document, "range": first, "context": {"diagnostics": []}}
        client.request("textDocument/codeAction", actions, timeout=120)
        done.set()
        sampler.join()
        peak = client.peak_rss()
        return start, peak if peak is not None else max([start, *samples])
    finally:
        done.set()
        client.close()


# --- the run ---------------------------------------------------------------------------------------


@dataclass
class Results:
    """Medians in seconds (rates in actions/s, memory in MiB); None where a measure could not run."""

    cold: float | None = None
    warm: float | None = None
    ruff: float | None = None
    yamllint: float | None = None
    lark_floor: float | None = None
    one_file: dict[str, float] | None = None
    rate: float | None = None
    #: (fast path actions/s on the lines it serves, the share of lines it serves, full path actions/s,
    #: the share of lines in files without a finding)
    paths: tuple[float, float, float, float] | None = None
    lsp_1: float | None = None
    lsp_5000: float | None = None
    #: `dinaction serve` and the bare app: (requests/s, p50 s, p99 s at 200 requests/s)
    serve: tuple[float, float, float] | None = None
    bare: tuple[float, float, float] | None = None
    lines_1k: float | None = None
    lines_100k: float | None = None
    memory: tuple[float, float] | None = None
    #: wall time of check-url --timeout 5 against a server trickling its headers
    trickle: float | None = None
    #: peak memory (MiB, largest process) of check-url: a plain check, a gzip bomb, a gzip-gzip bomb
    bombs: tuple[float, float, float] | None = None
    #: the language server's RSS (MiB) after start-up and after 30,000 edits
    lsp_edits: tuple[float, float] | None = None
    #: the language server's RSS (MiB) after start-up and its peak around a 20 MB document
    lsp_large: tuple[float, float] | None = None
    #: `lint` of one 50 MB line: (seconds, peak MiB, bytes printed), by default and read whole
    huge_line: tuple[float, float, int] | None = None
    huge_line_whole: tuple[float, float, int] | None = None
    count: int = corpus.DEFAULT_COUNT
    #: the 1-minute load average before and after: other work on the machine shows here
    load: tuple[float, float] = (0.0, 0.0)


def prepare(corpus_dir: Path, count: int, seed: int) -> None:
    """Write the corpus unless the same one (count, seed, digest) is already there."""
    files = corpus.generate(count, seed)
    stamp = corpus_dir / "corpus.json"
    generator = hashlib.sha256(Path(corpus.__file__).read_bytes()).hexdigest()  # peers, long files: all its output
    wanted = {"count": count, "seed": seed, "digest": corpus.digest(files), "generator": generator}
    if stamp.is_file() and json.loads(stamp.read_text(encoding="utf-8")) == wanted:
        return
    corpus.write(corpus_dir, files)
    (corpus_dir / "long").mkdir()
    for lines in (1_000, 100_000):
        (corpus_dir / "long" / f"lines-{lines}.din").write_bytes(corpus.long_file(lines))
    (corpus_dir / "long" / "dinaction.toml").write_text("", encoding="utf-8")
    (corpus_dir / "one").mkdir()
    (corpus_dir / "one" / "dinaction.toml").write_text("", encoding="utf-8")
    for name, text in ONE_FILE.items():
        (corpus_dir / "one" / f"{name}.din").write_text(text, encoding="utf-8")
    stamp.write_text(json.dumps(wanted), encoding="utf-8")


def verify(corpus_dir: Path, count: int) -> None:
    """Each tool sees all ``count`` files of its tree (a tool that skips them is fast for nothing)."""
    checks = [
        ("dinaction", ["lint", "--no-cache", "."], "din", lambda out: f" in {count} files" in out),
        ("ruff", ["check", "--no-cache", "--show-files", "."], "py", lambda out: _count(out, ".py") == count),
        ("yamllint", ["--list-files", "."], "yaml", lambda out: _count(out, ".yaml") == count),
    ]
    for name, args, tree, sees_all in checks:
        path = tool(name)
        if path is None:
            continue
        done = subprocess.run(
            [path, *args], check=False, cwd=corpus_dir / tree, env=child_env(), capture_output=True, text=True
        )
        if not sees_all(done.stdout):
            raise RuntimeError(f"{name} does not see the {count} files of {corpus_dir / tree}: {done.stdout[-300:]}")


def _count(listing: str, suffix: str) -> int:
    return sum(line.endswith(suffix) for line in listing.splitlines())


def measure_lsp(dinaction: str, repeat: int, results: Results, log: Callable[[str], None]) -> None:
    """The language server's rows: latency for one line and 5,000 lines, memory over edits and a 20 MB document."""
    if not _has_lsp(dinaction):
        return
    with tempfile.TemporaryDirectory() as workdir:
        (Path(workdir) / "dinaction.toml").write_text("", encoding="utf-8")
        log("language server, 1 line")
        results.lsp_1 = median(lsp_latency(dinaction, ONE_FILE["transfer"], repeat * 4, Path(workdir)))
        log("language server, 5,000 lines")
        text = corpus.long_file(5_000).decode("utf-8")
        results.lsp_5000 = median(lsp_latency(dinaction, text, repeat * 2, Path(workdir)))
        try:
            log("language server, memory after 30,000 edits")
            results.lsp_edits = lsp_memory_after_edits(dinaction, LSP_EDITS, Path(workdir))
            log("language server, peak memory with a 20 MB document")
            results.lsp_large = lsp_peak_memory_large_document(dinaction, 20, Path(workdir))
        except ImportError:
            log("  psutil is not installed: python3 -m pip install -e '.[bench]'")


def measure(corpus_dir: Path, count: int, repeat: int, log: Callable[[str], None]) -> Results:
    results = Results(count=count, load=(_load(), 0.0))
    dinaction = tool("dinaction")
    if dinaction is None:
        raise RuntimeError("dinaction is not installed: python3 -m pip install -e '.[bench]'")
    lint = [dinaction, "lint"]
    din = corpus_dir / "din"
    verify(corpus_dir, count)

    log(f"dinaction lint, {count:,} files, cold")
    results.cold = median(timed([*lint, "--no-cache", "."], repeat=repeat, cwd=din, ok=(1,)))
    log(f"dinaction lint, {count:,} files, warm")
    shutil.rmtree(din / ".dinaction_cache", ignore_errors=True)
    results.warm = median(timed([*lint, "."], repeat=repeat, cwd=din, ok=(1,)))
    if (ruff := tool("ruff")) is not None:
        log(f"ruff check --no-cache, {count:,} files")
        results.ruff = median(timed([ruff, "check", "--no-cache", "."], repeat=repeat, cwd=corpus_dir / "py"))
    if (yamllint := tool("yamllint")) is not None:
        log(f"yamllint, {count:,} files")
        results.yamllint = median(timed([yamllint, "."], repeat=repeat, cwd=corpus_dir / "yaml"))

    log("one-file start-up")
    one = corpus_dir / "one"
    results.lark_floor = median(timed([sys.executable, "-c", "import lark"], repeat=repeat * 4, cwd=one))
    results.one_file = {
        name: median(timed([*lint, "--no-cache", f"{name}.din"], repeat=repeat * 4, cwd=one)) for name in ONE_FILE
    }

    log("in-process throughput")
    results.rate = median(throughput(din, repeat))
    log("the fast path and the full path apart")
    results.paths = paths(din, repeat)

    log("scaling: 1,000 and 100,000 lines")
    long = corpus_dir / "long"
    # read whole: the 100,000-line file (6.5 MB) is over the default `max-file-size`, which would stop at 1 MiB
    whole = [*lint, "--no-cache", "--config", SCALING_LIMIT]
    results.lines_1k = median(timed([*whole, "lines-1000.din"], repeat=repeat, cwd=long, ok=(1,)))
    results.lines_100k = median(timed([*whole, "lines-100000.din"], repeat=repeat, cwd=long, ok=(1,)))

    try:
        log(f"peak memory, {count:,} files")
        samples = [peak_memory([*lint, "--no-cache", "."], din) for _ in range(repeat)]
        results.memory = (median([s[0] for s in samples]), median([s[1] for s in samples]))
    except ImportError:
        log("  psutil is not installed: python3 -m pip install -e '.[bench]'")

    try:
        results.huge_line, results.huge_line_whole = huge_line(dinaction, repeat, log)
    except ImportError:
        log("  psutil is not installed: python3 -m pip install -e '.[bench]'")
    measure_lsp(dinaction, repeat, results, log)
    try:
        results.trickle, results.bombs = network(dinaction, repeat, log)
    except ImportError:
        log("  psutil is not installed: python3 -m pip install -e '.[bench]'")
    serve_benchmark(results, log)
    results.load = (results.load[0], _load())
    return results


# --- a hostile file -----------------------------------------------------------------------------------

#: the scaling files linted whole (the default `max-file-size`, 1 MiB, would stop inside the 100,000 lines)
SCALING_LIMIT = "max-file-size = 16000000"

#: the one line of the hostile file, and a `max-file-size` above it (the file read and linted whole)
HUGE_LINE = 50_000_000
READ_WHOLE = "max-file-size = 60000000"


def huge_line(
    dinaction: str, repeat: int, log: Callable[[str], None]
) -> tuple[tuple[float, float, int], tuple[float, float, int]]:
    """`dinaction lint` on a 50 MB line: (median seconds, median peak MiB, bytes printed), twice.

    First with the default ``max-file-size`` (one DA022 finding: reading stops past the
    limit), then with a limit above the file (read, parsed and reported whole: the
    message-length finding's excerpt is a window, not a copy of the line).
    """
    out = []
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        (workdir / "dinaction.toml").write_text("", encoding="utf-8")
        (workdir / "huge.din").write_bytes(b'say en "' + b"a" * HUGE_LINE + b'"\n')
        for extra in ([], ["--config", READ_WHOLE]):
            command = [dinaction, "lint", "--no-cache", *extra, "huge.din"]
            log(f"one {HUGE_LINE / 1e6:.0f} MB line{' read whole' if extra else ''}")
            seconds = median(timed(command, repeat=repeat, cwd=workdir, ok=(1,)))
            peak = median([peak_memory(command, workdir)[1] for _ in range(repeat)])
            printed = subprocess.run(command, check=False, cwd=workdir, env=child_env(), capture_output=True).stdout
            out.append((seconds, peak, len(printed)))
    return out[0], out[1]


def huge_line_rows(r: Results) -> list[Row]:
    """The 50 MB line's rows: the target holds for the default limit; read whole is the user's choice."""
    out: list[Row] = []
    for label, measured, bounded in (
        ("", r.huge_line, True),
        (f" read whole (`--config '{READ_WHOLE}'`)", r.huge_line_whole, False),
    ):
        if measured is None:
            continue
        seconds, peak, printed = measured
        megabytes = _megabytes(peak)
        out.append(
            Row(
                f"one {HUGE_LINE / 1e6:.0f} MB line{label}: peak RSS",
                f"{megabytes:.0f} MB",
                f"{format_seconds(seconds)}, {printed:,} bytes printed",
                "",
                "≤ 200 MB" if bounded else "",
                megabytes <= 200 if bounded else None,
            )
        )
    return out


# --- the network edge: hostile servers on loopback --------------------------------------------------

#: what the trickling server's check may take: its deadline, and a second for the process around it
TRICKLE_TIMEOUT = 5.0


def _bomb(size: int, times: int) -> bytes:
    """``size`` bytes of zeros, gzipped ``times`` times (1 GiB once: about 1 MB; twice: a few KB)."""
    squeeze = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1 << 20)
    data = b"".join([*(squeeze.compress(zeros) for _ in range(size >> 20)), squeeze.flush()])
    for _ in range(times - 1):
        again = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        data = again.compress(data) + again.flush()
    return data


def network(dinaction: str, repeat: int, log: Callable[[str], None]) -> tuple[float, tuple[float, float, float]]:
    """(median seconds of the trickle check, (plain, gzip, gzip-gzip) peak MiB of the largest process).

    The servers are the tests' own (tests/xoxzo_fake.py), in this process; their bodies are
    finite, so each stops by itself.
    """
    from tests.xoxzo_fake import ActionServer

    check = [dinaction, "check-url", "--allow-private", "--skip-media"]
    with ActionServer.running() as server:
        log(f"check-url --timeout {TRICKLE_TIMEOUT:g} against a server trickling its headers")
        slow = server.serve("/slow", 'say en "late"\n', trickle=0.5)  # about a minute of headers
        trickle = median(
            timed([*check, "--timeout", str(TRICKLE_TIMEOUT), slow], repeat=max(1, repeat // 2), cwd=ROOT, ok=(1,))
        )
        log("peak memory of check-url refusing gzip bombs")
        plain = server.serve("/plain", 'say en "hello"\n')
        single = server.serve("/bomb", _bomb(1 << 30, 1), headers={"Content-Encoding": "gzip"})
        double = server.serve("/bomb2", _bomb(1 << 30, 2), headers={"Content-Encoding": "gzip, gzip"})
        peaks = tuple(
            median([peak_memory([*check, url], ROOT)[1] for _ in range(repeat)]) for url in (plain, single, double)
        )
    return trickle, (peaks[0], peaks[1], peaks[2])


def _load() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:  # pragma: no cover - not on this platform
        return float("nan")


def _has_lsp(dinaction: str) -> bool:
    done = subprocess.run([dinaction, "lsp", "--help"], check=False, capture_output=True, env=child_env())
    return done.returncode == 0


def rows(r: Results) -> list[Row]:
    """The table: each result beside its reference and target (see the issue's targets)."""
    out: list[Row] = []
    files = f"{r.count:,} files"
    if r.cold is not None:
        if r.ruff is not None:
            x = ratio(r.cold, r.ruff)
            out.append(
                Row(
                    f"{files}, cold (`--no-cache`)",
                    format_seconds(r.cold),
                    f"ruff {format_seconds(r.ruff)}",
                    f"{format_ratio(x)} ruff",
                    "≤ 5× ruff",
                    x <= 5,
                )
            )
        if r.yamllint is not None:
            x = ratio(r.yamllint, r.cold)
            out.append(
                Row(
                    f"{files}, cold, against yamllint",
                    format_seconds(r.cold),
                    f"yamllint {format_seconds(r.yamllint)}",
                    f"{format_ratio(x)} faster",
                    "≥ 10× faster",
                    x >= 10,
                )
            )
    if r.warm is not None and r.ruff is not None:
        x = ratio(r.warm, r.ruff)
        out.append(
            Row(
                f"{files}, warm (cache)",
                format_seconds(r.warm),
                f"ruff {format_seconds(r.ruff)}",
                f"{format_ratio(x)} ruff",
                "≤ 2× ruff",
                x <= 2,
            )
        )
    if r.one_file is not None and r.lark_floor is not None:
        name, slowest = max(r.one_file.items(), key=lambda item: item[1])
        x = ratio(slowest, r.lark_floor)
        others = "".join(f"; {n} {format_seconds(t)}" for n, t in r.one_file.items() if n != name)
        out.append(
            Row(
                f"one file, start to finish (`{name}`{others})",
                format_seconds(slowest),
                f"`import lark` {format_seconds(r.lark_floor)}",
                format_ratio(x),
                "≤ 1.5×",
                x <= 1.5,
            )
        )
    if r.rate is not None:
        out.append(Row("`dinaction.lint` in one process (the fast path first)", f"{r.rate:,.0f} actions/s", "", "", ""))
    if r.paths is not None:
        fast, share, full, clean = r.paths
        out.append(Row("parse + lint in one process (the full path: parser and every rule)", f"{full:,.0f} actions/s"))
        out.append(
            Row(
                "the fast path alone, on the lines it serves",
                f"{fast:,.0f} actions/s",
                "",
                f"{ratio(fast, full):.0f}× the full path",
            )
        )
        out.append(
            Row(
                "corpus lines the fast path serves",
                f"{share * 100:.1f} %",
                f"lines of clean files {clean * 100:.1f} %",
                "",
                "",
            )
        )
    if r.lsp_1 is not None:
        out.append(
            Row(
                "language server, didChange → diagnostics, 1 line",
                format_seconds(r.lsp_1),
                "",
                "",
                "≤ 5 ms",
                r.lsp_1 <= 0.005,
            )
        )
    if r.lsp_5000 is not None:
        out.append(
            Row(
                "language server, didChange → diagnostics, 5,000 lines",
                format_seconds(r.lsp_5000),
                "",
                "",
                "≤ 100 ms",
                r.lsp_5000 <= 0.1,
            )
        )
    out.extend(_lsp_memory_rows(r))
    if r.lines_1k is not None and r.lines_100k is not None:
        x = ratio(r.lines_100k, r.lines_1k)
        out.append(
            Row(
                "one file of 100,000 lines",
                format_seconds(r.lines_100k),
                f"1,000 lines {format_seconds(r.lines_1k)}",
                format_ratio(x),
                "≤ 130×",
                x <= 130,
            )
        )
    if r.memory is not None:
        total, single = r.memory
        out.append(
            Row(
                f"peak memory, {files} (PSS of all processes)",
                f"{total * 2**20 / 1e6:.0f} MB",
                f"largest process (RSS) {single * 2**20 / 1e6:.0f} MB",
                "",
                "≤ 100 MB",
                total * 2**20 <= 100e6,
            )
        )
    if r.trickle is not None:
        out.append(
            Row(
                f"`check-url --timeout {TRICKLE_TIMEOUT:g}`, a server trickling its headers",
                format_seconds(r.trickle),
                "",
                "",
                f"≤ {TRICKLE_TIMEOUT + 1:g} s",
                r.trickle <= TRICKLE_TIMEOUT + 1,
            )
        )
    if r.bombs is not None:
        plain, single, double = (mib * 2**20 / 1e6 for mib in r.bombs)
        out.append(
            Row(
                "peak memory of `check-url` refusing a 1 GiB gzip bomb (`gzip`; `gzip, gzip`)",
                f"{single:.0f} MB; {double:.0f} MB",
                f"a plain check {plain:.0f} MB",
                "",
                "",
            )
        )
    out.extend(huge_line_rows(r))
    out.extend(serve_rows(r))
    return out


def _megabytes(mebibytes: float) -> float:
    return mebibytes * 2**20 / 1e6


def _lsp_memory_rows(r: Results) -> list[Row]:
    out: list[Row] = []
    if r.lsp_edits is not None:
        start, after = (_megabytes(m) for m in r.lsp_edits)
        out.append(
            Row(
                f"language server, RSS after {LSP_EDITS:,} edits",
                f"{after - start:+.1f} MB",
                f"after start-up {start:.0f} MB",
                "",
                "≤ +5 MB",
                after - start <= 5,
            )
        )
    if r.lsp_large is not None:
        start, peak = (_megabytes(m) for m in r.lsp_large)
        out.append(
            Row(
                "language server, peak RSS, a 20 MB document (2,000,000 lines)",
                f"{peak:.0f} MB",
                f"after start-up {start:.0f} MB",
                "",
                "≤ 200 MB",
                peak <= 200,
            )
        )
    return out


def machine() -> str:
    """One line: CPU, cores, OS, Python and the tools' versions."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.partition(":")[2].strip()
                break
    except OSError:
        pass
    versions = []
    for name in ("dinaction", "ruff", "yamllint"):
        path = tool(name)
        if path is not None:
            done = subprocess.run([path, "--version"], check=False, capture_output=True, text=True, env=child_env())
            words = (done.stdout or done.stderr).split()
            versions.append(f"{name} {words[-1] if done.returncode == 0 and words else '?'}")
    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}; " + ", ".join(versions)
    )


def report(results: Results, repeat: int) -> str:
    today = datetime.date.today().isoformat()
    return (
        "## Performance\n\n"
        f"Measured {today} on {machine()} (load average {results.load[0]:.1f} before, {results.load[1]:.1f} after): "
        f"medians of {repeat} runs (start-up: {repeat * 4}), "
        "each after an untimed warm-up, by `python3 benchmarks/run.py` "
        "(see [benchmarks/README.md](benchmarks/README.md) for what each line measures).\n\n"
        + markdown_table(rows(results))
        + "\nRatios compare numbers of the same run only. Where a target is missed, "
        "[benchmarks/README.md](benchmarks/README.md#what-bounds-the-gaps) says what bounds the gap.\n"
        "\nReproduce it (about two minutes):\n\n"
        "```sh\npython3 -m pip install -e '.[bench]'\npython3 benchmarks/run.py            # add --write-readme to update this section\n```\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per measure (default 5)")
    parser.add_argument("--count", type=int, default=corpus.DEFAULT_COUNT, help="action files (default 10,000)")
    parser.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="where the corpus is written")
    parser.add_argument("--write-readme", action="store_true", help="put the table into README.md")
    parser.add_argument("--only-network", action="store_true", help="measure only the network edge (8.)")
    parser.add_argument("--serve-only", action="store_true", help="measure the action server alone, print its rows")
    parser.add_argument(
        "--threshold", action="store_true", help="measure one process against two on trees of growing size"
    )
    parser.add_argument("--only-hostile", action="store_true", help="measure the 50 MB line alone (11.)")
    args = parser.parse_args(argv)

    def log(message: str) -> None:
        sys.stderr.write(f"[{time.strftime('%H:%M:%S')}] {message}\n")

    if args.only_network:
        dinaction = tool("dinaction")
        if dinaction is None:
            raise RuntimeError("dinaction is not installed: python3 -m pip install -e '.[bench]'")
        only = Results(load=(_load(), 0.0))
        only.trickle, only.bombs = network(dinaction, args.repeat, log)
        sys.stdout.write(markdown_table(rows(only)))
        return 0
    if args.threshold:
        sys.stdout.write(
            f"load average {_load():.1f}\n\n" + threshold_table(threshold(THRESHOLD_COUNTS, args.repeat, log))
        )
        return 0
    if args.only_hostile:
        dinaction = tool("dinaction")
        if dinaction is None:
            raise RuntimeError("dinaction is not installed: python3 -m pip install -e '.[bench]'")
        alone = Results()
        alone.huge_line, alone.huge_line_whole = huge_line(dinaction, args.repeat, log)
        sys.stdout.write(markdown_table(huge_line_rows(alone)))
        return 0
    if args.serve_only:
        alone = Results()
        serve_benchmark(alone, log)
        sys.stdout.write(markdown_table(serve_rows(alone)))
        return 0

    log(f"corpus: {args.count} files in {args.corpus}")
    prepare(args.corpus, args.count, args.seed)
    results = measure(args.corpus, args.count, args.repeat, log)
    text = report(results, args.repeat)
    sys.stdout.write(text)
    if args.write_readme:
        readme = ROOT / "README.md"
        readme.write_text(replace_section(readme.read_text(encoding="utf-8"), SECTION, text), encoding="utf-8")
        log(f"wrote the table into {readme}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
