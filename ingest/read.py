"""Stage 1, read: files and folders become RawArticles; what is not an article is rejected.

A rejected input is yielded as a RejectedArticle (not raised) so that one bad file never stops
the others.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from charset_normalizer import from_bytes

from diplo.errors import RejectedArticle
from ingest.model import RawArticle

ARTICLE_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".jsonl"}
MAX_BYTES = 10 * 1024 * 1024
MIN_LETTERS = 80  # fewer letters than this is a caption or a stub, not an article
METADATA_FIELDS = ("url", "title", "published", "language")


def read_inputs(paths: Iterable[str | Path]) -> Iterator[RawArticle | RejectedArticle]:
    """Every article under the given files and folders, in a stable order."""
    for path in map(Path, paths):
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and _is_article_file(p))
            if not files:
                yield RejectedArticle(str(path), "folder holds no .txt, .md, .html or .jsonl file")
            for file in files:
                yield from read_file(file)
        elif path.exists():
            yield from read_file(path)
        else:
            yield RejectedArticle(str(path), "no such file or folder")


def _is_article_file(path: Path) -> bool:
    return path.suffix.lower() in ARTICLE_SUFFIXES and not path.name.startswith(".")


def read_file(path: Path) -> Iterator[RawArticle | RejectedArticle]:
    source = str(path)
    suffix = path.suffix.lower()
    if suffix not in ARTICLE_SUFFIXES:
        yield RejectedArticle(source, f"unsupported file type '{suffix or 'none'}' "
                                      "(expected .txt, .md, .html or .jsonl)")
        return
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            yield RejectedArticle(source, f"file is {size / 1e6:.1f} MB, over the 10 MB limit")
            return
        data = path.read_bytes()
    except OSError as error:
        yield RejectedArticle(source, f"cannot be read ({error.strerror or error})")
        return
    try:
        text = decode(data, source)
    except RejectedArticle as rejection:
        yield rejection
        return
    if suffix == ".jsonl":
        yield from _read_json_lines(text, source, path.stem)
        return
    metadata = _sidecar_metadata(path)
    if isinstance(metadata, RejectedArticle):
        yield metadata
        return
    article = RawArticle(doc_id=path.stem, source=source, text=text, is_html=suffix in {".html", ".htm"},
                         **metadata)
    rejection = check_article_text(article.text, source)
    yield rejection or article


def decode(data: bytes, source: str) -> str:
    """Bytes to text: UTF-8 when valid, else the encoding charset-normalizer detects."""
    if not data.strip():
        raise RejectedArticle(source, "file is empty")
    if b"\x00" in data[:8192]:
        raise RejectedArticle(source, "binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if error.start >= len(data) - 3 and error.reason == "unexpected end of data":
            raise RejectedArticle(source, "truncated: the file ends inside a UTF-8 character") from None
    best = from_bytes(data).best()
    if best is None:
        raise RejectedArticle(source, "not text in any encoding charset-normalizer recognises")
    return str(best)


def check_article_text(text: str, source: str) -> RejectedArticle | None:
    """Reject what cannot be an article: too short, or mostly not letters (binary noise)."""
    letters = sum(c.isalpha() for c in text)
    if letters < MIN_LETTERS:
        return RejectedArticle(source, f"too short to be an article ({letters} letters)")
    printable = sum(c.isprintable() or c in "\n\r\t" for c in text)
    if printable / len(text) < 0.95 or letters / len(text) < 0.4:
        return RejectedArticle(source, "not prose: mostly symbols or control characters")
    return None


def _sidecar_metadata(path: Path) -> dict | RejectedArticle:
    """NAME.json beside NAME.txt holds the article's metadata (url, title, published, language)."""
    sidecar = path.with_suffix(".json")
    if not sidecar.exists():
        return {}
    try:
        record = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return RejectedArticle(str(sidecar), f"metadata is not valid JSON ({error})")
    if not isinstance(record, dict):
        return RejectedArticle(str(sidecar), "metadata must be a JSON object")
    return {name: _text_or_none(record.get(name)) for name in METADATA_FIELDS}


def _text_or_none(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


def _read_json_lines(text: str, source: str, stem: str) -> Iterator[RawArticle | RejectedArticle]:
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            record = json.loads(line)
        except ValueError as error:
            yield RejectedArticle(where, f"not a JSON object ({error.msg})")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield RejectedArticle(where, "a JSON Lines article needs a 'text' string")
            continue
        doc_id = str(record.get("id") or f"{stem}-{number}")
        if doc_id in seen:
            yield RejectedArticle(where, f"id '{doc_id}' appears twice in this file")
            continue
        seen.add(doc_id)
        if len(record["text"].encode("utf-8")) > MAX_BYTES:
            yield RejectedArticle(where, "article text is over the 10 MB limit")
            continue
        article = RawArticle(doc_id=doc_id, source=where, text=record["text"],
                             is_html=bool(record.get("html")) or record["text"].lstrip().startswith("<"),
                             **{name: _text_or_none(record.get(name)) for name in METADATA_FIELDS})
        yield check_article_text(article.text, where) or article
