"""Text in, claims out: clean, analyse and extract every article (resolution happens inside
extraction, ingest.resolve), in worker processes. Writing them is the diplo side's job
(diplo.writer).

Articles always run in worker processes, even with one worker, so that a pathological article
cannot hold up the others: a worker that passes its deadline is killed and replaced (a signal
would not interrupt spaCy's compiled loops, and a thread cannot be stopped at all). The workers
are forked: pipelines the calling process has already loaded are shared, not loaded again.
"""

from __future__ import annotations

import ctypes
import heapq
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess

from ingest.analyse import analyse, pipeline
from ingest.clean import clean
from ingest.errors import RejectedArticle, SkippedArticle
from ingest.extract import extract, worth_parsing
from ingest.model import ARTICLE_TIMEOUT_S, Article, Extraction, RawArticle

CHUNK = 16  # articles a worker analyses at a time (spaCy batches sentences across them)
CHUNK_CHARS = 200_000  # and at most this much text: a long article goes alone, with a deadline of its own

PR_SET_PDEATHSIG = 1  # linux/prctl.h

Result = Extraction | RejectedArticle | SkippedArticle
Key = tuple[int, ...]  # a task's place in the input order: (chunk,) or, once split, (chunk, article)


@contextmanager
def extract_all(articles: list[RawArticle], processes: int, timeout_s: float = ARTICLE_TIMEOUT_S
                ) -> Iterator[Iterator[Result]]:
    """Clean, analyse and extract every article, yielding the results in input order.

    A chunk of articles whose analysis passes `timeout_s` (counted once the worker has loaded the
    pipelines it needs), or whose worker dies, is tried again one article at a time; an article that
    fails alone is rejected by name and the run goes on."""
    chunks = _chunks(articles)
    workers = _Workers(min(max(1, processes), len(chunks)), timeout_s)
    try:
        yield workers.run(chunks)
    finally:
        workers.stop()


def _chunks(articles: list[RawArticle]) -> list[list[RawArticle]]:
    chunks: list[list[RawArticle]] = []
    size = CHUNK_CHARS  # forces a first chunk
    for article in articles:
        if size + len(article.text) > CHUNK_CHARS or len(chunks[-1]) >= CHUNK:
            chunks.append([])
            size = 0
        chunks[-1].append(article)
        size += len(article.text)
    return chunks


class _Workers:
    """A fixed number of forked worker processes, each fed one task at a time over its own pipe."""

    def __init__(self, count: int, timeout_s: float) -> None:
        self.count = count
        self.timeout_s = timeout_s
        # started now, before the caller opens its store: a worker forked later (to replace one that
        # was stopped) inherits the store's files, and dies with its parent so as not to keep them
        self.idle: list[tuple[BaseProcess, Connection]] = []
        self.busy: dict[Connection, tuple[BaseProcess, Key, list[RawArticle], float]] = {}  # ... deadline
        for _ in range(count):
            self.idle.append(_spawn(self._connections()))

    def run(self, chunks: list[list[RawArticle]]) -> Iterator[Result]:
        queue: deque[tuple[Key, list[RawArticle]]] = deque(((index,), chunk) for index, chunk in enumerate(chunks))
        order: list[Key] = [key for key, _ in queue]  # a heap of every key not yet yielded
        finished: dict[Key, list[Result]] = {}
        split: set[Key] = set()
        while queue or self.busy:
            while queue and len(self.busy) < self.count:
                self._start(*queue.popleft())
            for key, raws, outcome in self._next_events():
                if isinstance(outcome, list):
                    finished[key] = outcome
                elif len(raws) > 1:  # find the one article at fault: each alone, in order, first
                    split.add(key)
                    singles = [(key + (index,), [raw]) for index, raw in enumerate(raws)]
                    queue.extendleft(reversed(singles))
                    for single, _ in singles:
                        heapq.heappush(order, single)
                else:
                    finished[key] = [RejectedArticle(raws[0].source, outcome)]
            while order and (order[0] in finished or order[0] in split):
                key = heapq.heappop(order)
                if key in split:
                    split.discard(key)
                else:
                    yield from finished.pop(key)

    def _start(self, key: Key, raws: list[RawArticle]) -> None:
        process, connection = self.idle.pop() if self.idle else _spawn(self._connections())
        connection.send(raws)
        self.busy[connection] = (process, key, raws, time.monotonic() + self.timeout_s)

    def _next_events(self) -> Iterator[tuple[Key, list[RawArticle], list[Result] | str]]:
        """Wait for the next message or deadline; yields (key, articles, results or why they failed)."""
        nearest = min(deadline for *_, deadline in self.busy.values())
        for connection in wait(list(self.busy), timeout=max(0.0, nearest - time.monotonic())):
            process, key, raws, deadline = self.busy[connection]
            try:
                message, payload = connection.recv()
            except (EOFError, OSError):
                self._discard(connection)
                code = process.exitcode or 0
                yield key, raws, ("the worker process analysing it died ("
                                  + (f"signal {-code})" if code < 0 else f"exit status {code})"))
                continue
            if message == "ready":  # pipelines loaded: the deadline counts the article's own work
                self.busy[connection] = (process, key, raws, time.monotonic() + self.timeout_s)
            elif message == "failed":
                self.busy.pop(connection)
                self.idle.append((process, connection))
                yield key, raws, f"analysis failed ({payload}); the other articles are ingested; please report this one"
            else:
                self.busy.pop(connection)
                self.idle.append((process, connection))
                yield key, raws, payload
        now = time.monotonic()
        for connection, (process, key, raws, deadline) in list(self.busy.items()):
            if deadline <= now:
                self._discard(connection)
                yield key, raws, (f"its analysis took longer than {self.timeout_s:g} s (--article-timeout-s); "
                                  "stopped so that the other articles go on")

    def _connections(self) -> list[Connection]:
        return [connection for _, connection in self.idle] + list(self.busy)

    def _discard(self, connection: Connection) -> None:
        process, *_ = self.busy.pop(connection)
        process.kill()
        process.join()
        connection.close()

    def stop(self) -> None:
        for process, connection in self.idle:
            connection.close()  # the worker reads end-of-file and returns
        for process, _ in self.idle:
            process.join(timeout=5)
        for connection in list(self.busy):
            self._discard(connection)
        for process, _ in self.idle:
            if process.is_alive():
                process.kill()
                process.join()
        self.idle.clear()


def _spawn(others: list[Connection]) -> tuple[BaseProcess, Connection]:
    """A worker and the parent's end of its pipe; `others` are the parent's ends of the other
    workers' pipes, which the fork copies and the new worker closes at once: a copy kept open
    would hide the end-of-file that tells an older worker to stop."""
    ours, theirs = multiprocessing.get_context("fork").Pipe()
    process = multiprocessing.get_context("fork").Process(target=_serve, args=(theirs, [ours, *others], os.getpid()),
                                                          daemon=True)
    process.start()
    theirs.close()
    return process, ours


def _serve(connection: Connection, parents_ends: list[Connection], parent: int) -> None:
    """A worker's loop: a chunk of articles in, ("results", list) out, until end-of-file."""
    for end in parents_ends:
        end.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the workers
    _die_with_parent(parent)
    while True:
        try:
            raws = connection.recv()
        except (EOFError, OSError):
            return
        try:
            results = _process_chunk(raws, ready=lambda: connection.send(("ready", None)))
        except Exception as error:  # noqa: BLE001 - reported per article by the parent
            connection.send(("failed", f"{type(error).__name__}: {error}"))
        else:
            connection.send(("results", results))


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when its parent dies (prctl PR_SET_PDEATHSIG): a worker busy
    on a long article would otherwise outlive a killed `diplo ingest`. Elsewhere the worker
    still ends at its next read, on end-of-file."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def _process_chunk(raws: list[RawArticle], ready: Callable[[], None] = lambda: None) -> list[Result]:
    results: list[Result] = []
    cleaned: list[Article] = []
    for raw in raws:
        try:
            cleaned.append(clean(raw))
        except (RejectedArticle, SkippedArticle) as rejection:
            results.append(rejection)
    for language in sorted({article.language for article in cleaned}):
        pipeline(language)  # loading a pipeline is not the article's time
    ready()
    for article, sentences in analyse(cleaned, worth_parsing=worth_parsing):
        try:
            results.append(extract(article, sentences))
        except Exception as error:  # noqa: BLE001 - a defect met on one article must not cost the others
            results.append(RejectedArticle(article.source, f"extraction failed ({type(error).__name__}: {error}); "
                                                           "the other articles are ingested; please report this one"))
    return results
