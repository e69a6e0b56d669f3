"""Stage 1, read: files and folders become RawArticles; what is not an article is rejected.

A rejected input is yielded as a RejectedArticle (not raised) so that one bad file never stops
the others. A file inside a folder that is not an article by its type (an image, a PDF) is yielded
as a SkippedArticle: named in the run's summary, not an error. A bad metadata value, or a few
damaged bytes in the text, is a warning on the article (`RawArticle.warnings`), never a rejection.

Identity: an article is identified by its path relative to the argument it was found under,
without its extension (`x/same.txt` found under `corpus` is `x/same`; a file given as an argument
is its stem), and a JSON Lines record by its `id`. The same real file keeps its id across runs
(`known`, from the store); a different file whose id is already taken gets the next of these
qualified forms: with its argument's folder names in front, then with its extension. Two paths
are never one article, and a URL in the metadata never becomes the id.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import re
import stat
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from charset_normalizer import from_bytes

from ingest.errors import RejectedArticle, SkippedArticle
from ingest.model import PartialDate, RawArticle

ARTICLE_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".jsonl"}
MAX_BYTES = 10 * 1024 * 1024
MIN_LETTERS = 80  # fewer letters than this is a caption or a stub, not an article
METADATA_FIELDS = ("url", "title", "published", "language")
LANGUAGE_CODE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
YEARS = range(1800, 2101)  # a publication year outside these is a typing error, not a date
BINARY_PROBE = 8192  # a NUL among the first this many bytes means the file is not text
# byte order marks, longest first: the UTF-32 little-endian mark begins with the UTF-16 one
BYTE_ORDER_MARKS = ((b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe\x00\x00", "utf-32"),
                    (b"\xfe\xff", "utf-16"), (b"\xff\xfe", "utf-16"), (b"\xef\xbb\xbf", "utf-8-sig"))


class Identities:
    """Article ids, unique per real file: `known` maps the stored articles' locations to their ids."""

    def __init__(self, known: Mapping[str, str] | None = None) -> None:
        self.by_location = dict(known or {})
        self.taken = {doc_id: location for location, doc_id in self.by_location.items()}

    def assign(self, candidates: list[str], location: str) -> str:
        if location in self.by_location:
            return self.by_location[location]  # the same file again: it replaces itself
        free = next((c for c in candidates if self.taken.get(c, location) == location), None)
        doc_id = free or f"{candidates[0]}-{hashlib.sha1(location.encode()).hexdigest()[:8]}"
        self.by_location[location], self.taken[doc_id] = doc_id, location
        return doc_id


def read_inputs(paths: Iterable[str | Path], known: Mapping[str, str] | None = None
                ) -> Iterator[RawArticle | RejectedArticle | SkippedArticle]:
    """Every article under the given files and folders, in a stable order. `known` maps the
    locations of articles already stored to their ids (see the module's identity rule)."""
    identities = Identities(known)
    for path in map(Path, paths):
        try:
            mode = path.stat().st_mode  # stat, not open: opening a FIFO would wait for a writer
        except OSError as error:
            reason = "no such file or folder" if isinstance(error, FileNotFoundError) else \
                f"cannot be read ({error.strerror or error})"
            yield RejectedArticle(str(path), reason)
            continue
        if stat.S_ISDIR(mode):
            yield from _read_folder(path, identities)
        elif stat.S_ISREG(mode):
            yield from read_file(path, Path(path.name), identities)
        else:
            yield RejectedArticle(str(path), f"not a regular file ({_file_kind(mode)}); give files or folders")


def _read_folder(folder: Path, identities: Identities) -> Iterator[RawArticle | RejectedArticle | SkippedArticle]:
    """The articles in a folder and its subfolders. Hidden files and folders (.git, .DS_Store) are
    passed over in silence, and so are metadata sidecars; any other file that is not an article
    by its type is a skip, named in the summary."""
    modes = {p: _mode(p) for p in sorted(folder.rglob("*")) if not _hidden(p.relative_to(folder))}
    files = {p: mode for p, mode in modes.items() if not stat.S_ISDIR(mode)}
    articles = {p for p, mode in files.items() if stat.S_ISREG(mode) and p.suffix.lower() in ARTICLE_SUFFIXES}
    if not articles:
        yield RejectedArticle(str(folder), "folder holds no .txt, .md, .html or .jsonl file")
    stems = {p.with_suffix("") for p in articles}
    for file, mode in files.items():
        if file in articles:
            yield from read_file(file, file.relative_to(folder), identities)
        elif not stat.S_ISREG(mode):
            yield SkippedArticle(str(file), f"not a regular file ({_file_kind(mode)})")
        elif not (file.suffix.lower() == ".json" and file.with_suffix("") in stems):
            yield SkippedArticle(str(file), f"file type '{file.suffix.lower() or 'none'}' is not an article")


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def _mode(path: Path) -> int:
    """The file's type and mode, through a link; a link to nothing is the link itself."""
    try:
        return path.stat().st_mode
    except OSError:
        return path.lstat().st_mode


def _file_kind(mode: int) -> str:
    for test, kind in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISLNK, "a broken link")):
        if test(mode):
            return kind
    return "not a file"


def id_candidates(relative: Path, location: Path) -> list[str]:
    """The ids a file may take, plainest first: relative path without extension, then with more
    and more of the folders above it, then with its extension."""
    plain = relative.with_suffix("").as_posix()
    above = location.parent.parts[:len(location.parent.parts) - (len(relative.parts) - 1)]
    return [plain, *("/".join([*above[-depth:], plain]) for depth in range(1, len(above))), relative.as_posix()]


def read_file(path: Path, relative: Path | None = None, identities: Identities | None = None
              ) -> Iterator[RawArticle | RejectedArticle]:
    source = str(path)
    relative = relative or Path(path.name)
    identities = identities or Identities()
    location = path.resolve()
    suffix = path.suffix.lower()
    if suffix not in ARTICLE_SUFFIXES:
        yield RejectedArticle(source, f"unsupported file type '{suffix or 'none'}' "
                                      "(expected .txt, .md, .html or .jsonl)")
        return
    try:
        status = path.stat()
        mode, size = status.st_mode, status.st_size
        if not stat.S_ISREG(mode):
            yield RejectedArticle(source, f"not a regular file ({_file_kind(mode)})")
            return
        if size > MAX_BYTES:
            yield RejectedArticle(source, f"file is {size / 1e6:.1f} MB, over the 10 MB limit")
            return
        data = path.read_bytes()
    except OSError as error:
        yield RejectedArticle(source, f"cannot be read ({error.strerror or error})")
        return
    try:
        text, damage = decode(data, source)
    except RejectedArticle as rejection:
        yield rejection
        return
    if suffix == ".jsonl":
        yield from _read_json_lines(text, source, relative, location, identities, damage)
        return
    metadata, warnings = _sidecar_metadata(path)
    warnings = damage + warnings
    rejection = check_article_text(text, source)
    if rejection:
        yield rejection
        return
    doc_id = identities.assign(id_candidates(relative, location), str(location))
    article = RawArticle(doc_id=doc_id, source=source, text=text, is_html=suffix in {".html", ".htm"},
                         location=str(location), warnings=warnings, **metadata)
    yield article


def decode(data: bytes, source: str) -> tuple[str, list[str]]:
    """Bytes to text, and warnings about what had to be repaired on the way.

    A byte order mark decides the encoding (UTF-8, UTF-16 or UTF-32). Without one, UTF-8 is tried;
    a file whose UTF-8 characters outnumber its invalid bytes is UTF-8 with a little damage (the bad
    bytes become U+FFFD, counted in a warning), else it is in a legacy encoding that
    charset-normalizer detects (cp1252, latin-1 ...). A NUL among the first 8 KB means a binary
    file; a NUL further on is stripped, counted."""
    if not data.strip():
        raise RejectedArticle(source, "file is empty")
    warnings: list[str] = []
    codec = next((name for mark, name in BYTE_ORDER_MARKS if data.startswith(mark)), None)
    if codec is not None:
        text, replaced = _decode_replacing(data, codec)
        if replaced:
            warnings.append(_replacement_warning(source, codec, replaced))
        if "\x00" in text[:BINARY_PROBE]:
            raise RejectedArticle(source, "binary file (contains NUL characters), not text")
    else:
        if b"\x00" in data[:BINARY_PROBE]:
            raise RejectedArticle(source, "binary file (contains NUL bytes), not text")
        text = _utf8_or_legacy(data, source, warnings)
    return strip_nuls(text, source, warnings), warnings


def _utf8_or_legacy(data: bytes, source: str, warnings: list[str]) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start >= len(data) - 3 and error.reason == "unexpected end of data":
            raise RejectedArticle(source, "truncated: the file ends inside a UTF-8 character") from None
    replaced_text, invalid = _decode_replacing(data, "utf-8")
    multibyte = sum(ord(c) > 127 for c in replaced_text) - invalid
    if multibyte > invalid:
        warnings.append(_replacement_warning(source, "utf-8", invalid))
        return replaced_text
    best = from_bytes(data).best()
    if best is None:
        raise RejectedArticle(source, "not text in any encoding charset-normalizer recognises")
    return str(best)


def _decode_replacing(data: bytes, codec: str) -> tuple[str, int]:
    """`data` decoded with each invalid sequence replaced by U+FFFD, and how many were replaced."""
    text = data.decode(codec, errors="replace")
    if "\ufffd" not in text:
        return text, 0
    # a U+FFFD may have been in the text all along
    return text, text.count("\ufffd") - data.decode(codec, errors="ignore").count("\ufffd")


def _replacement_warning(source: str, codec: str, replaced: int) -> str:
    name = "UTF-8 byte" if codec.startswith("utf-8") else codec.upper()
    return f"{source}: {replaced} invalid {name} sequence{'s' if replaced != 1 else ''} replaced with U+FFFD"


def strip_nuls(text: str, source: str, warnings: list[str]) -> str:
    """NUL characters are never stored (RDF literals and most tools stop at them)."""
    nuls = text.count("\x00")
    if nuls:
        warnings.append(f"{source}: {nuls} NUL character{'s' if nuls != 1 else ''} removed")
        text = text.replace("\x00", "")
    return text


def check_article_text(text: str, source: str) -> RejectedArticle | None:
    """Reject what cannot be an article: too short, or mostly not letters (binary noise)."""
    letters = sum(c.isalpha() for c in text)
    if letters < MIN_LETTERS:
        return RejectedArticle(source, f"too short to be an article ({letters} letters)")
    printable = sum(c.isprintable() or c in "\n\r\t" for c in text)
    if printable / len(text) < 0.95 or letters / len(text) < 0.4:
        return RejectedArticle(source, "not prose: mostly symbols or control characters")
    return None


def _sidecar_metadata(path: Path) -> tuple[dict, list[str]]:
    """NAME.json beside NAME.txt holds the article's metadata (url, title, published, language).
    A sidecar that cannot be used loses only the metadata, with a warning."""
    sidecar = path.with_suffix(".json")
    if not sidecar.exists():
        return {}, []
    try:
        record = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        reason = error.strerror if isinstance(error, OSError) else f"not valid JSON ({error})"
        return {}, [f"{sidecar}: {reason}; the article is read without metadata"]
    if not isinstance(record, dict):
        return {}, [f"{sidecar}: metadata must be a JSON object; the article is read without metadata"]
    return checked_metadata(record, str(sidecar))


def checked_metadata(record: Mapping, where: str) -> tuple[dict, list[str]]:
    """The metadata fields of a record, each a string or None; a value that cannot be one is
    dropped with a warning naming `where` and the value. `published` becomes an ISO date."""
    metadata: dict[str, str | None] = {}
    warnings: list[str] = []
    for name in METADATA_FIELDS:
        value = record.get(name)
        if value in (None, ""):
            metadata[name] = None
        elif not isinstance(value, (str, int, float)) or isinstance(value, bool):
            warnings.append(f"{where}: {name} {json.dumps(value)[:60]} is not a string; ignored")
            metadata[name] = None
        else:
            metadata[name] = str(value).strip() or None
    if metadata["language"] and not LANGUAGE_CODE.match(metadata["language"]):
        warnings.append(f"{where}: language '{metadata['language'][:40]}' is not a language code; ignored")
        metadata["language"] = None
    if metadata["published"]:
        published = publication_date(metadata["published"], metadata["language"])
        if published is None:
            warnings.append(f"{where}: published '{metadata['published'][:60]}' is not a date; ignored")
        metadata["published"] = published.iso() if published else None
    return metadata, warnings


def publication_date(value: str, language: str | None = None) -> PartialDate | None:
    """A publication date as metadata writes it: ISO 8601 ('2025-07-02', '2025-07-02T18:42:00Z',
    '2025-07', '2025'), RFC 2822 as in RSS ('Wed, 02 Jul 2025 18:42:00 +0200'), or a written date
    in the article's language ('2 juillet 2025', 'July 2, 2025', '02/07/2025': day first, except
    month first in English, as US outlets write it). Years outside 1800-2100 are not dates."""
    import dateparser

    value = value.strip()
    date = PartialDate.parse_iso(value) if re.match(r"^\d{4}(?:-\d{2}){0,2}(?:[T ].*)?$", value) else None
    if date is None:
        try:
            parsed = email.utils.parsedate_to_datetime(value)
            date = PartialDate(parsed.year, parsed.month, parsed.day)
        except (TypeError, ValueError, IndexError):
            date = None
    if date is None:
        order = "MDY" if (language or "").lower().startswith("en") else "DMY"
        languages = [language.lower()[:2]] if language else None
        for parts in (["day", "month", "year"], ["month", "year"]):
            try:
                parsed = dateparser.parse(value, languages=languages, settings={
                    "DATE_ORDER": order, "REQUIRE_PARTS": parts, "PREFER_DAY_OF_MONTH": "first"})
            except Exception:  # dateparser raises several kinds on odd input; any means "not a date"
                parsed = None
            if parsed is not None:
                date = PartialDate(parsed.year, parsed.month, parsed.day if "day" in parts else None)
                break
    if date is None or date.year not in YEARS:
        return None
    return date


def _read_json_lines(text: str, source: str, relative: Path, location: Path, identities: Identities,
                     damage: list[str]) -> Iterator[RawArticle | RejectedArticle]:
    """One article per line; its id is the record's `id` (else the file's name and line number),
    qualified by the file's relative path when another file took it."""
    seen: set[str] = set()
    stem = relative.with_suffix("").as_posix()
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
        record_id = str(record.get("id") or f"{relative.stem}-{number}")
        if record_id in seen:
            yield RejectedArticle(where, f"id '{record_id}' appears twice in this file")
            continue
        seen.add(record_id)
        if len(record["text"].encode("utf-8")) > MAX_BYTES:
            yield RejectedArticle(where, "article text is over the 10 MB limit")
            continue
        record_warnings: list[str] = []
        record_text = strip_nuls(record["text"], where, record_warnings)
        rejection = check_article_text(record_text, where)
        if rejection:
            yield rejection
            continue
        metadata, warnings = checked_metadata(record, where)
        warnings = damage + record_warnings + warnings
        damage = []  # the file's repairs are said once, with its first article
        record_location = f"{location}#{record_id}"
        doc_id = identities.assign([record_id, f"{stem}/{record_id}"], record_location)
        yield RawArticle(doc_id=doc_id, source=where, text=record_text, location=record_location,
                         is_html=bool(record.get("html")) or record_text.lstrip().startswith("<"),
                         warnings=warnings, **metadata)
