"""Context events: the attacks, invasions, agreements and summits that articles refer to."""

from __future__ import annotations

from ingest.analyse import Sentence
from ingest.dates import DateFinder, resolve
from ingest.lexicon import Lexicon
from ingest.model import Article, ContextEventClaim

LABEL_CHARS = 80


class ContextEventExtractor:
    def __init__(self, lexicon: Lexicon) -> None:
        self.cues = lexicon.regex_map("context_events")
        self.dates = DateFinder(lexicon)

    def extract(self, article: Article, sentences: list[Sentence]) -> list[ContextEventClaim]:
        events: list[ContextEventClaim] = []
        seen: set[str] = set()
        for sentence in sentences:
            for kind, pattern in self.cues.items():
                match = pattern.search(sentence.text)
                if not match or kind in seen:
                    continue
                dates = [d for d in self.dates.find(sentence.text) if d.kind == "absolute"]
                date = resolve(dates[0], article.published, None) if dates else None
                place = next((e.text for e in sentence.entities if e.label in ("LOC", "GPE")
                              and abs(e.start - match.end()) < 40), None)
                label = sentence.text[match.start():match.start() + LABEL_CHARS].split(",")[0].strip()
                events.append(ContextEventClaim(article.doc_id, kind, label, sentence.evidence(), date, place,
                                                len(events)))
                seen.add(kind)
        return events
