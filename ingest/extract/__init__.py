"""Stage 4, extract: contacts, positions and context events from an article's sentences."""

from __future__ import annotations

from functools import cache

from ingest.analyse import Sentence
from ingest.extract.contacts import ContactExtractor
from ingest.extract.context import ContextEventExtractor
from ingest.extract.mentions import mention_finder
from ingest.extract.positions import PositionExtractor
from ingest.lexicon import load_lexicon
from ingest.model import Article, Extraction
from ingest.registry import load_registry
from ingest.resolve import DocumentActors


@cache
def _extractors(language: str) -> tuple[ContactExtractor, PositionExtractor, ContextEventExtractor]:
    lexicon = load_lexicon(language)
    mentions = mention_finder(language)
    return ContactExtractor(lexicon, mentions), PositionExtractor(lexicon, mentions), ContextEventExtractor(lexicon)


def worth_parsing(language: str, sentence: str) -> bool:
    """Whether an extractor will read this sentence closely (and so needs spaCy's analysis): a
    cue of the lexicon, or a word that may be a contact frame's trigger once lemmatised."""
    return _cues(language).search(sentence) is not None or _extractors(language)[0].frames.may_trigger(sentence)


@cache
def _cues(language: str):
    lexicon = load_lexicon(language)
    phrases = [p for key in ("contact_cues", "stances", "context_events") for ps in lexicon.data.get(key, {}).values()
               for p in ps] + lexicon.data.get("since_cues", [])
    return lexicon.regex_from(tuple(phrases))


def extract(article: Article, sentences: list[Sentence]) -> Extraction:
    contacts, positions, context = _extractors(article.language)
    actors = DocumentActors(load_registry(), article.published, article.language)
    mentions = [mention_finder(article.language).find(sentence) for sentence in sentences]
    extraction = Extraction(article)
    extraction.contacts = contacts.extract(article, sentences, mentions, actors)
    extraction.positions = positions.extract(article, sentences, mentions, actors)
    extraction.context_events = context.extract(article, sentences)
    return extraction
