"""`diplo ingest`: articles in (ingest.pipeline), graphs out, written to the store a batch of articles
at a time.

`ingest()` is the library function behind the command; it prints nothing but the progress bar
and returns an IngestReport for the caller to show. Extraction (ingest/) knows nothing of the
store; this module is where its claims become RDF and are written.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from diplo import rdf
from diplo.errors import RejectedArticle, SkippedArticle
from diplo.merging import MergedGraph
from diplo.namespaces import REGISTRY_GRAPH, article_graph
from diplo.store import CHECKPOINT_INTERVAL_S, writing
from ingest.analyse import missing_model_note
from ingest.lexicon import available_languages
from ingest.model import ARTICLE_TIMEOUT_S, Extraction, RawArticle
from ingest.pipeline import extract_all
from ingest.read import read_inputs
from ingest.registry import load_registry

PARALLEL_FROM = 40  # articles; below this, a second process costs more than it saves
# articles written in one transaction, and the merged graph brought up to date with them: this
# many, or fewer once the first of them has waited this long for the next to arrive
BATCH_ARTICLES = 32
BATCH_SECONDS = 2.0
# the writer closes and reopens the database after this many articles: RocksDB keeps the index
# and filter blocks of every table file it has read, and its memory tables, until it is closed,
# so a long run's resident memory grew with the store (351 to 497 MiB over 10,000 articles);
# reopening costs about 20 ms
REOPEN_ARTICLES = 128


@dataclass
class IngestReport:
    articles: int = 0
    rejected: list[RejectedArticle] = field(default_factory=list)
    skipped: list[SkippedArticle] = field(default_factory=list)  # left aside on purpose (a language not read)
    skipped_files: list[str] = field(default_factory=list)  # files in a folder that are not articles by type
    warnings: list[str] = field(default_factory=list)  # metadata values ignored, one line each
    undated: list[str] = field(default_factory=list)  # articles with a contact that nothing dates
    undated_contacts: int = 0
    contacts: int = 0
    positions: int = 0
    seconds: float = 0.0
    languages: dict[str, int] = field(default_factory=dict)  # articles ingested per language
    notes: list[str] = field(default_factory=list)  # said once per run, whatever the number of workers

    def summary(self) -> str:
        notes = "".join(f"note: {note}\n" for note in self.notes)
        languages = ", ".join(f"{language} {count}" for language, count in sorted(self.languages.items()))
        undated = ""
        if self.undated:
            # a contact nothing dates stays its article's claim: on no timeline, exported only with --include-undated
            names = _first_named(self.undated)
            undated = f"{self.undated_contacts} contact{'s' if self.undated_contacts != 1 else ''} without a date" \
                      f" in {len(self.undated)} article{'s' if len(self.undated) != 1 else ''}: {names}\n"
        files = ""
        if self.skipped_files:
            count = len(self.skipped_files)
            files = f"{count} file{'s' if count != 1 else ''} skipped: {_first_named(self.skipped_files)}\n"
        return notes + undated + files + (
            f"{self.articles} articles ingested, {len(self.rejected)} rejected"
            + (f", {len(self.skipped)} skipped" if self.skipped else "") + f": {self.contacts} contact "
            f"events, {self.positions} positions in {self.seconds:.1f} s"
            + (f" (articles by language: {languages})" if languages else ""))


def _first_named(names: list[str], shown: int = 10) -> str:
    """ "a, b, c", or the first `shown` and "and N more"."""
    return ", ".join(names[:shown]) + (f" and {len(names) - shown} more" if len(names) > shown else "")


def ingest(paths: Iterable[str | Path], store_path: Path, *, processes: int | None = None,
           progress: bool | None = None, language: str | None = None,
           article_timeout_s: float = ARTICLE_TIMEOUT_S) -> IngestReport:
    """Ingest articles into the store at `store_path`; one article's graph is written atomically.
    `language` overrides every article's own (metadata or detected). An article whose analysis
    takes longer than `article_timeout_s` is rejected, and the others go on."""
    started = time.monotonic()
    report = IngestReport()
    articles: list[RawArticle] = []
    for item in read_inputs(paths, known=stored_locations(store_path)):
        if isinstance(item, RejectedArticle):
            report.rejected.append(item)
        elif isinstance(item, SkippedArticle):
            report.skipped_files.append(item.source)
        else:
            report.warnings.extend(item.warnings)
            item.language = language or item.language
            articles.append(item)
    if processes is None:
        processes = min(2, os.cpu_count() or 1) if len(articles) >= PARALLEL_FROM else 1
    with ExitStack() as stack:
        # workers start before the store opens, so that they inherit no database handle
        extractions = stack.enter_context(extract_all(articles, processes, article_timeout_s))
        store = stack.enter_context(writing(store_path))
        registry = load_registry()
        if store.registry_digest() != registry.digest:  # thousands of people: written when they change
            store.replace_graph(REGISTRY_GRAPH, rdf.registry_quads(registry))
        merged = MergedGraph(store)
        now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        bar = tqdm(total=len(articles), unit="article", disable=not progress if progress is not None else None,
                   desc="ingest", leave=False)
        batch: list[Extraction] = []
        batch_started = time.monotonic()
        since_reopen = 0

        def write_batch() -> None:
            nonlocal since_reopen
            if batch:
                merged.write([(e.article.doc_id, article_graph(e.article.doc_id), *rdf.article_quads(e, now))
                              for e in batch])
                store.publish_checkpoint(at_most_every_s=CHECKPOINT_INTERVAL_S)  # what readers see
                since_reopen += len(batch)
                if since_reopen >= REOPEN_ARTICLES:
                    store.reopen()
                    since_reopen = 0
            batch.clear()

        try:
            for extraction in extractions:
                bar.update()
                if isinstance(extraction, RejectedArticle):
                    report.rejected.append(extraction)
                    continue
                if isinstance(extraction, SkippedArticle):
                    report.skipped.append(extraction)
                    continue
                if not batch:
                    batch_started = time.monotonic()
                batch.append(extraction)
                if len(batch) >= BATCH_ARTICLES or time.monotonic() - batch_started >= BATCH_SECONDS:
                    write_batch()
                report.articles += 1
                undated = [c for c in extraction.contacts if c.date is None or c.date.year is None]
                if undated:
                    report.undated.append(extraction.article.source)
                    report.undated_contacts += len(undated)
                language = extraction.article.language
                report.languages[language] = report.languages.get(language, 0) + 1
            write_batch()
        except KeyboardInterrupt:
            write_batch()  # Ctrl-C keeps what was analysed: the articles received so far are written
            raise
        finally:
            bar.close()
        report.contacts, report.positions = merged.counts()
    report.notes = [note for note in map(missing_model_note, sorted(report.languages)) if note]
    if report.skipped:
        report.notes.append(f"diplo-kg reads {' and '.join(available_languages())}; an article's language is "
                            "the --language option, else its 'language' metadata, else what the detector reads")
    report.seconds = time.monotonic() - started
    return report


def remove(documents: Iterable[str], store_path: Path) -> tuple[list[str], list[str]]:
    """Remove these articles (by id, as exports name them in `sources[].document`) and what the
    merged graph held of them, in one run; returns (removed, not in the store)."""
    wanted = list(dict.fromkeys(documents))
    with writing(store_path) as store:
        merged = MergedGraph(store)
        present = [d for d in wanted if store.has_graph(article_graph(d))]
        if present:
            merged.remove(present)
            store.publish_checkpoint()
    return present, [d for d in wanted if d not in present]


def stored_locations(store_path: Path) -> dict[str, str]:
    """Where each article already in the store was read from, mapped to its id (ingest.read's
    identity rule). Read under the writers' lock, released before the workers start."""
    if not (store_path / "oxigraph").is_dir():
        return {}
    with writing(store_path) as store:
        rows = store.select_named("article-locations")
    # a store written before locations were resolved holds the paths as given: not comparable
    return {row["location"]: row["document"] for row in rows if Path(row["location"].split("#")[0]).is_absolute()}
