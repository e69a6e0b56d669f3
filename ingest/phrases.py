"""Fast lookup of many fixed phrases (names, demonyms, country names) in folded text.

A regular expression with thousands of alternatives is slow to scan; looking word n-grams up in
a dict is not. Matches mimic `re.Match` (start, end, group) so callers treat both alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

WORD = re.compile(r"\w+(?:[-.]\w+)*")  # "jean-yves", "u.s"; an apostrophe separates ("d'etat")


@dataclass(frozen=True)
class PhraseMatch:
    begin: int
    finish: int
    text: str

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.finish

    def group(self, _: int = 0) -> str:
        return self.text


def words_of(text: str) -> list[str]:
    return WORD.findall(text)


class PhraseTable:
    """Phrases (already folded) found whole-word in folded text, longest first."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self.keys = {" ".join(words_of(p)) for p in phrases if words_of(p)}
        self.sizes: dict[str, list[int]] = {}  # first word -> phrase lengths in words, longest first
        for key in self.keys:
            parts = key.split(" ")
            self.sizes.setdefault(parts[0], []).append(len(parts))
        for sizes in self.sizes.values():
            sizes.sort(reverse=True)

    def finditer(self, folded: str) -> Iterator[PhraseMatch]:
        words = list(WORD.finditer(folded))
        texts = [w.group(0) for w in words]
        index = 0
        while index < len(words):
            for size in self.sizes.get(texts[index], ()):
                if index + size > len(words):
                    continue
                key = " ".join(texts[index:index + size])
                if key in self.keys:
                    begin, finish = words[index].start(), words[index + size - 1].end()
                    yield PhraseMatch(begin, finish, folded[begin:finish])
                    index += size
                    break
            else:
                index += 1

    def fullmatch(self, folded: str) -> bool:
        return " ".join(words_of(folded)) in self.keys and bool(folded.strip())

    def match_at_start(self, folded: str) -> str | None:
        """The phrase that `folded` starts with, if any."""
        first = next(self.finditer(folded), None)
        return first.group(0) if first is not None and not folded[:first.start()].strip() else None

    def match_at_end(self, folded: str) -> str | None:
        """The phrase that `folded` ends with, if any."""
        return next((m.group(0) for m in self.finditer(folded) if not folded[m.end():].strip()), None)
