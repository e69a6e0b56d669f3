"""`diplo serve` beside a plain `oxigraph serve-read-only` on the same store, on loopback.

    .venv/bin/python bench/endpoint.py [--store DIR] [--requests 2000] [--clients 8] [--simultaneous 200]
                                       [--phase-budget-s 30] [--timeout-s 3] [--after-s 5] [--workers N]

Without --store, the bundled samples (diplo/samples) are ingested into a temporary store with
`diplo ingest`. Both servers open the store's latest checkpoint (`diplo.store.latest_checkpoint`);
the plain one with `--union-default-graph --timeout-s`, as `diplo serve` ran it before its pool.
For each server, a client on 127.0.0.1 (threads, http.client, one kept-alive connection per
client) measures: --requests queries one after another, then --requests queries from --clients
clients (each phase stops early past --phase-budget-s): requests/s, p50, p99; then
--simultaneous clients, each on its own new connection, released together with one query each:
how many were answered (200) within 60 s, and their p99. Every query text is distinct (a FILTER
constant varies), so nothing can answer from a cache. Last, a runaway query (a cross product of
the store's triples) is sent with the limit --timeout-s: the CPU-seconds the serving processes
(the server and its children) use in the --after-s seconds after the client is answered.

Goals (issue 10): with 8 clients at least 0.5x the plain server's throughput; all 200
simultaneous clients answered with p99 under 2 s; no CPU burnt after the limit. Figures are
ratios against the plain server measured in the same run: these machines are shared.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from importlib import resources
from pathlib import Path

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from diplo.endpoint import free_port, oxigraph_command  # noqa: E402
from diplo.store import latest_checkpoint  # noqa: E402

QUERY = ("PREFIX dk: <https://w3id.org/diplo-kg/ontology#> SELECT ?event ?date WHERE {{ ?event a dk:ContactEvent ; "
         "dk:date ?date . FILTER(STR(?date) != \"{}\") }} ORDER BY ?date LIMIT 10")
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TICKS_PER_S = os.sysconf("SC_CLK_TCK")
distinct_texts = (QUERY.format(n) for n in itertools.count())  # shared by every phase: no text twice
texts_lock = threading.Lock()


def next_text() -> str:
    with texts_lock:
        return next(distinct_texts)


def ask(connection: http.client.HTTPConnection, text: str) -> int:
    connection.request("POST", "/query", text.encode(), {"Content-Type": "application/sparql-query",
                                                         "Accept": "application/sparql-results+json"})
    response = connection.getresponse()
    response.read()
    return response.status


def percentile(latencies: list[float], fraction: float) -> float:
    ordered = sorted(latencies)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


def load(port: int, requests: int, clients: int, budget_s: float) -> dict:
    """`requests` queries from `clients` kept-alive connections: requests/s, p50, p99 (s)."""
    latencies: list[float] = []
    failures = [0]
    remaining = iter(range(requests))
    lock = threading.Lock()
    deadline = time.monotonic() + budget_s

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.monotonic() < deadline:
            with lock:
                if next(remaining, None) is None:
                    break
            started = time.perf_counter()
            try:
                ok = ask(connection, next_text()) == 200
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            with lock:
                latencies.append(time.perf_counter() - started)
                failures[0] += not ok
        connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {"rps": len(latencies) / elapsed, "p50": percentile(latencies, 0.5), "p99": percentile(latencies, 0.99),
            "count": len(latencies), "failed": failures[0]}


def simultaneous(port: int, clients: int, wait_s: float = 60) -> dict:
    """`clients` new connections released together, one query each: answered (200), p99 (s)."""
    latencies: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(clients)

    def client() -> None:
        text = next_text()
        barrier.wait()
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=wait_s)
        try:
            if ask(connection, text) == 200:
                with lock:
                    latencies.append(time.perf_counter() - started)
        except (OSError, http.client.HTTPException):
            pass
        finally:
            connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"answered": len(latencies), "p99": percentile(latencies, 0.99)}


def tree_cpu_s(root: int) -> float:
    """CPU-seconds of a process and its descendants, those it has reaped included."""
    parents: dict[int, int] = {}
    stats: dict[int, list[str]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)], stats[int(entry.name)] = int(fields[1]), fields
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        children = [child for child, parent in parents.items() if parent == pid]
        tree.update(children)
        frontier += children
    # utime, stime, and the children's cutime, cstime: a child killed and reaped moves its CPU
    # into its parent's, so the sum never drops when an engine is replaced
    return sum(sum(int(value) for value in stats[pid][11:15]) for pid in tree if pid in stats) / TICKS_PER_S


def runaway_cpu(port: int, root: int, timeout_s: int, after_s: float) -> dict:
    """Send the runaway query; once answered, the CPU-seconds the server uses in `after_s` s."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout_s + 30)
    started = time.perf_counter()
    try:
        status = ask(connection, RUNAWAY)
    except (OSError, http.client.HTTPException) as error:
        status = type(error).__name__
    answered_s = time.perf_counter() - started
    connection.close()
    before = tree_cpu_s(root)
    time.sleep(after_s)
    return {"status": status, "answered_s": answered_s, "cpu_s": tree_cpu_s(root) - before}


def wait_for(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    """Until the server answers a query (diplo serve listens before its engines are up)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited: {process.stderr.read().decode(errors='replace')}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            if ask(connection, "ASK { ?s ?p ?o }") == 200:
                connection.close()
                return
        except (OSError, http.client.HTTPException):
            time.sleep(0.1)
    raise SystemExit(f"nothing answers on port {port} after {seconds:.0f} s")


def measure(name: str, port: int, process: subprocess.Popen, args: argparse.Namespace) -> dict:
    wait_for(port, process)
    load(port, 50, 1, args.phase_budget_s)  # warm-up: the engines' caches, the interpreter's imports
    figures = {"sequential": load(port, args.requests, 1, args.phase_budget_s),
               "clients": load(port, args.requests, args.clients, args.phase_budget_s),
               "simultaneous": simultaneous(port, args.simultaneous)}
    print(f"  {name}: measured", file=sys.stderr)
    return figures


def ingest_samples(into: Path) -> None:
    samples = Path(str(resources.files("diplo") / "samples"))
    subprocess.run([sys.executable, "-m", "diplo.cli", "ingest", str(samples), "--store", str(into)],
                   check=True, stdout=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="a store to serve (default: the samples, ingested)")
    parser.add_argument("--requests", type=int, default=2000, help="queries per load phase")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--simultaneous", type=int, default=200)
    parser.add_argument("--phase-budget-s", type=float, default=30, help="a load phase stops after this")
    parser.add_argument("--timeout-s", type=int, default=3, help="both servers' query limit")
    parser.add_argument("--after-s", type=float, default=5, help="CPU is measured this long after the limit")
    parser.add_argument("--workers", type=int, help="diplo serve --workers (default: its own)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-endpoint-") as temp:
        store = args.store
        if store is None:
            store = Path(temp) / "store"
            print("ingesting the samples ...", file=sys.stderr)
            ingest_samples(store)
        checkpoint = latest_checkpoint(store)
        if checkpoint is None:
            raise SystemExit(f"the store at {store} has no checkpoint: ingest into it first")
        diplo_port, plain_port = free_port(), free_port()
        workers = ["--workers", str(args.workers)] if args.workers else []
        diplo = subprocess.Popen([sys.executable, "-m", "diplo.cli", "serve", "--store", str(store), "--port",
                                  str(diplo_port), "--timeout-s", str(args.timeout_s), *workers],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        plain = subprocess.Popen([oxigraph_command(), "serve-read-only", "--location", str(checkpoint), "--bind",
                                  f"127.0.0.1:{plain_port}", "--union-default-graph", "--timeout-s",
                                  str(args.timeout_s)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            figures = {"diplo serve": measure("diplo serve", diplo_port, diplo, args),
                       "plain oxigraph": measure("plain oxigraph", plain_port, plain, args)}
            # last, diplo's first: the plain server's runaway may burn CPU until it is stopped
            figures["diplo serve"]["runaway"] = runaway_cpu(diplo_port, diplo.pid, args.timeout_s, args.after_s)
            figures["plain oxigraph"]["runaway"] = runaway_cpu(plain_port, plain.pid, args.timeout_s, args.after_s)
        finally:
            for process in (diplo, plain):
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
    report(figures, args)


def report(figures: dict, args: argparse.Namespace) -> None:
    ours, plain = figures["diplo serve"], figures["plain oxigraph"]
    distinct = 50 * 2 + sum(f[p]["count"] for f in figures.values() for p in ("sequential", "clients")) \
        + 2 * args.simultaneous
    print(f"{distinct} distinct query texts; limit {args.timeout_s} s; "
          f"{os.cpu_count()} CPUs (client and servers share them)")
    print(f"{'':24}{'diplo serve':>16}{'plain oxigraph':>16}{'diplo/plain':>13}")
    for phase, label in (("sequential", "sequential"), ("clients", f"{args.clients} clients")):
        for key, unit in (("rps", "req/s"), ("p50", "p50 ms"), ("p99", "p99 ms")):
            scale = 1 if key == "rps" else 1000
            mine, theirs = ours[phase][key] * scale, plain[phase][key] * scale
            print(f"{label + ' ' + unit:24}{mine:16.1f}{theirs:16.1f}{mine / theirs:12.2f}x")
        failed = ours[phase]["failed"], plain[phase]["failed"]
        if any(failed):
            print(f"{label + ' failed':24}{failed[0]:16}{failed[1]:16}")
    label = f"{args.simultaneous} at once"
    mine, theirs = ours["simultaneous"], plain["simultaneous"]
    print(f"{label + ' answered':24}{mine['answered']:16}{theirs['answered']:16}"
          f"{mine['answered'] / max(1, theirs['answered']):12.2f}x")
    print(f"{label + ' p99 ms':24}{mine['p99'] * 1000:16.1f}{theirs['p99'] * 1000:16.1f}"
          f"{mine['p99'] / theirs['p99']:12.2f}x")
    mine, theirs = ours["runaway"], plain["runaway"]
    print(f"{'runaway: answered':24}{str(mine['status']) + ' in %.1f s' % mine['answered_s']:>16}"
          f" {str(theirs['status']) + ' in %.1f s' % theirs['answered_s']:>15}")
    print(f"{'CPU-s in %g s after' % args.after_s:24}{mine['cpu_s']:16.2f}{theirs['cpu_s']:16.2f}")
    throughput = ours["clients"]["rps"] / plain["clients"]["rps"]
    print(f"goals: {args.clients} clients >= 0.5x plain: {throughput:.2f}x "
          f"({'met' if throughput >= 0.5 else 'NOT met'}); {args.simultaneous} all answered with p99 < 2 s: "
          f"{'met' if ours['simultaneous']['answered'] == args.simultaneous and ours['simultaneous']['p99'] < 2 else 'NOT met'}")


if __name__ == "__main__":
    main()
