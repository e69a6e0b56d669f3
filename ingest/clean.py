"""Stage 2, clean: markup and boilerplate out, language and reference date in.

The reference date is what relative expressions ("mercredi", "le mois dernier") are read
against: the metadata's `published`, else a dateline in the text, else a copyright year.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import trafilatura

from ingest.errors import RejectedArticle, SkippedArticle
from ingest.dates import date_finder
from ingest.language import detect
from ingest.lexicon import alternation, available_languages, load_lexicon
from ingest.model import Article, PartialDate, RawArticle

MARKDOWN_PREFIX = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+)")
ISO_DATELINE = re.compile(r"^\s*(?:date\s*:?\s*)(?P<date>(?:19|20)\d{2}-\d{2}(?:-\d{2})?)\b", re.IGNORECASE)
COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright)\D{0,40}?(?P<year>(?:19|20)\d{2})", re.IGNORECASE)
DATELINE_ZONE = 400
# a dateline or byline sits in the first few hundred characters


def clean(raw: RawArticle) -> Article:
    """Plain text of the article, with its language and reference date."""
    text = html_to_text(raw.text, raw.source) if raw.is_html else raw.text
    text = unicodedata.normalize("NFC", text)  # "ï" as one character, as the lexicons spell it
    text = text.replace("\u2019", "'").replace("\u2018", "'")  # one apostrophe for the lexicons
    text = "\n".join(_clean_line(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    language = detect_language(text, raw.language, raw.source)
    lexicon = load_lexicon(language)
    boilerplate = lexicon.regex("boilerplate")
    lines = [line for line in text.split("\n") if not boilerplate.search(line.strip()) or len(line) > 300]
    published, published_from = _metadata_date(raw.published), "metadata"
    if published is None:
        published, published_from = find_dateline(text, language)
    cleaned = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return Article(doc_id=raw.doc_id, source=raw.source, text=cleaned, language=language, title=raw.title,
                   url=raw.url, published=published, published_from=published_from if published else None,
                   location=raw.location)


def html_to_text(html: str, source: str) -> str:
    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not text:
        raise RejectedArticle(source, "HTML page holds no article text")
    return text


def _clean_line(line: str) -> str:
    line = MARKDOWN_PREFIX.sub("", line)
    return line.replace("**", "").replace("__", "").rstrip()


def detect_language(text: str, declared: str | None, source: str = "") -> str:
    """The language given for the article (`diplo ingest --language`, else its metadata), else
    the one the detector (ingest.language) reads; an article in a language without a lexicon is
    skipped, named with the language it is in."""
    languages = available_languages()
    language = declared.lower()[:2] if declared else detect(text)
    if language is None:
        raise RejectedArticle(source, "its language could not be told; give it with --language or a "
                                      "'language' metadata field")
    if language not in languages:  # the run's summary says which languages are read (diplo.writer)
        raise SkippedArticle(source, f"language '{language}' is not supported")
    return language


@cache
def _dateline_context(language: str) -> tuple[re.Pattern, re.Pattern]:
    """What stands before a dateline's date (nothing, a city in capitals, "Publié le", "Updated",
    a byline) and after it ("(AFP)", " - ", "à 07h12", a time); lexicon `dateline_words`."""
    words = load_lexicon(language).data.get("dateline_words", {})
    published, at = alternation(words.get("published", [])), alternation(words.get("at_time", []))
    before = re.compile(rf"(?:^\W*$|^[A-ZÀ-Ý][A-ZÀ-Ý .'()-]+,\s*$|(?:{published})\b.*$|\|\s*$)", re.IGNORECASE)
    after = re.compile(rf"\s*(?:\(|-|–|—|(?:{at}) \d|,\s*\d|\d{{1,2}}[h:]|$)")
    return before, after


def _metadata_date(value: str | None) -> PartialDate | None:
    return PartialDate.parse_iso(value) if value else None


def find_dateline(text: str, language: str) -> tuple[PartialDate | None, str | None]:
    """A dateline ("MOSCOU, 5 juillet 2024 (AFP)", " date 2024-04", "Publié le 19/02/2025",
    a line holding only a date) in the first lines, else the year of a copyright line."""
    match = ISO_DATELINE.search(text[:DATELINE_ZONE])
    if match:
        return PartialDate.parse_iso(match.group("date")), "dateline"
    finder = date_finder(language)
    dateline_before, dateline_after = _dateline_context(language)
    for line in text[:DATELINE_ZONE].split("\n")[:6]:
        for mention in finder.find(line):
            if mention.kind != "absolute" or mention.year is None or mention.month is None:
                continue
            before, after = line[:mention.start], line[mention.end:]
            if dateline_before.search(before) and (len(after.strip()) < 40 or dateline_after.match(after)):
                return PartialDate(mention.year, mention.month, mention.day).with_weekday_checked(), "dateline"
    years = [int(m.group("year")) for m in COPYRIGHT.finditer(text)]
    if years:
        return PartialDate(max(years)), "copyright"
    return None, None
