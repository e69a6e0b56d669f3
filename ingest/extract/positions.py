"""Positions: who condemned, offered, denied, demanded ... what, in which sentence.

A stance cue (lexicon `stances`) makes a position when its holder can be found: the grammatical
subject of the cue's verb, else the speaker the sentence attributes it to, else the person or
state named first in the sentence, else the subject of the previous sentence (for "Il a aussi
insisté ...").
"""

from __future__ import annotations

import re

from ingest.analyse import Sentence
from ingest.extract.mentions import MentionFinder
from ingest.lexicon import Lexicon
from ingest.model import Actor, Article, Mention, PositionClaim
from ingest.registry import fold
from ingest.resolve import DocumentActors

QUOTE = re.compile(r"[«“\"]\s*([^»”\"]{3,300}?)\s*[»”\"]")
TOPIC_CHARS = 160


class PositionExtractor:
    def __init__(self, lexicon: Lexicon, mentions: MentionFinder) -> None:
        self.stances = lexicon.stances
        self.demonyms = mentions.demonym
        self.speaker_after = lexicon.regex("speaker_after")
        self.speaker_before = lexicon.regex("speaker_before")

    def extract(self, article: Article, sentences: list[Sentence], found: list[list[Mention]],
                actors: DocumentActors) -> list[PositionClaim]:
        positions: list[PositionClaim] = []
        previous_holder: Actor | None = None
        for sentence, mentions in zip(sentences, found):
            found_here: set[tuple[str, str]] = set()
            for stance, pattern in self.stances.items():
                for match in pattern.finditer(sentence.text):
                    holder = self._holder(sentence, match.start(), mentions, actors, article) or previous_holder
                    if holder is None or (holder.actor_id, stance) in found_here:
                        continue
                    found_here.add((holder.actor_id, stance))
                    quote = QUOTE.search(sentence.text[match.start():])
                    topic = sentence.text[match.end():match.end() + TOPIC_CHARS].strip(" ,.:;")
                    positions.append(PositionClaim(article.doc_id, holder, stance, topic or match.group(0),
                                                   sentence.evidence(), quote.group(1) if quote else None,
                                                   len(positions)))
            subject = self._subject(sentence, mentions, actors, article)
            if subject is not None:
                previous_holder = subject
        return positions

    def _holder(self, sentence: Sentence, cue: int, mentions: list[Mention], actors: DocumentActors,
                article: Article) -> Actor | None:
        token = sentence.token_at(cue)
        if token is not None:
            head = token if token.pos_ in ("VERB", "AUX", "NOUN") else token.head
            for candidate in (head, head.head):
                for child in candidate.children:
                    if child.dep_.startswith("nsubj"):
                        start = sentence.char(child.left_edge)
                        end = sentence.char(child.right_edge) + len(child.right_edge.text)
                        actor = self._actor_at(start, end, mentions, actors, article) \
                            or self._state_of(sentence.text[start:end], actors)
                        if actor is not None:
                            return actor
        speaker = self._speaker(sentence, mentions, actors, article)
        if speaker is not None:
            return speaker
        before = [m for m in mentions if m.start < cue]
        for mention in reversed(before):
            actor = self._resolve(mention, actors, article)
            if actor is not None:
                return actor
        return None

    def _state_of(self, subject: str, actors: DocumentActors) -> Actor | None:
        """"The German government said": a subject that names no one but a state speaks for it."""
        for match in self.demonyms.finditer(fold(subject)):
            code = actors.registry.country_for(match.group(0), actors.language)
            if code:
                return actors.country(code)
        return None

    def _speaker(self, sentence: Sentence, mentions: list[Mention], actors: DocumentActors,
                 article: Article) -> Actor | None:
        """The speaker the sentence attributes its words to: named after a speech verb (lexicon
        `speaker_after`: "..., a indiqué le ministère français", "..., said the Kremlin") or right
        before one (`speaker_before`: "the minister told reporters")."""
        match = self.speaker_after.search(sentence.text)
        if match:
            for mention in (m for m in mentions if m.start >= match.start()):
                actor = self._resolve(mention, actors, article)
                if actor is not None:
                    return actor
        for match in self.speaker_before.finditer(sentence.text):
            before = [m for m in mentions if m.end <= match.start() and not sentence.text[m.end:match.start()].strip()]
            for mention in before:
                actor = self._resolve(mention, actors, article)
                if actor is not None:
                    return actor
        return None

    def _subject(self, sentence: Sentence, mentions: list[Mention], actors: DocumentActors,
                 article: Article) -> Actor | None:
        first = [m for m in mentions if m.start < 60 and m.kind in ("person", "office", "country")]
        return self._resolve(first[0], actors, article) if first else None

    def _actor_at(self, start: int, end: int, mentions: list[Mention], actors: DocumentActors,
                  article: Article) -> Actor | None:
        # "the country's security council secretary John Smith said": the person, not the state
        inside = sorted((m for m in mentions if start <= m.start < end), key=lambda m: m.kind == "country")
        for mention in inside:
            actor = self._resolve(mention, actors, article)
            if actor is not None:
                return actor
        return None

    @staticmethod
    def _resolve(mention: Mention, actors: DocumentActors, article: Article) -> Actor | None:
        if mention.kind == "person":
            return actors.person(mention, article.published)
        if mention.kind == "office" and mention.countries:
            return actors.office(mention.office, mention.countries[0], article.published) \
                or actors.country(mention.countries[0])
        if mention.kind == "country" and mention.countries:
            return actors.country(mention.countries[0])
        if mention.kind == "pronoun":
            return actors.last_person()
        return None
