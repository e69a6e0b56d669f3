"""Text in, claims out: clean, analyse and extract every article (resolution happens inside
extraction, ingest.resolve); one process or several. Writing them is the diplo side's job
(diplo.writer)."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from contextlib import contextmanager

from ingest.analyse import analyse
from ingest.clean import clean
from ingest.errors import RejectedArticle, SkippedArticle
from ingest.extract import extract, worth_parsing
from ingest.model import Article, Extraction, RawArticle

CHUNK = 16  # articles a worker analyses at a time


@contextmanager
def extract_all(articles: list[RawArticle], processes: int
                ) -> Iterator[Iterator[Extraction | RejectedArticle | SkippedArticle]]:
    """Clean, analyse and extract every article, in order. With several processes each worker
    runs these stages on chunks of articles and only the results come back to the writer."""
    chunks = [articles[i:i + CHUNK] for i in range(0, len(articles), CHUNK)]
    if processes <= 1:
        yield (result for chunk in chunks for result in _process_chunk(chunk))
        return
    pool = multiprocessing.get_context("fork").Pool(processes)
    try:
        yield (result for chunk in pool.imap(_process_chunk, chunks) for result in chunk)
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def _process_chunk(raws: list[RawArticle]) -> list[Extraction | RejectedArticle | SkippedArticle]:
    results: list[Extraction | RejectedArticle | SkippedArticle] = []
    cleaned: list[Article] = []
    for raw in raws:
        try:
            cleaned.append(clean(raw))
        except (RejectedArticle, SkippedArticle) as rejection:
            results.append(rejection)
    for article, sentences in analyse(cleaned, worth_parsing=worth_parsing):
        try:
            results.append(extract(article, sentences))
        except Exception as error:  # noqa: BLE001 - a defect met on one article must not cost the others
            results.append(RejectedArticle(article.source, f"extraction failed ({type(error).__name__}: {error}); "
                                                           "the other articles are ingested; please report this one"))
    return results
