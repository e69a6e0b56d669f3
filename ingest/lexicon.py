"""Per-language lexicons (ingest/data/lexicon/LANG.json), loaded once.

Adding a language is adding a file: months, weekdays, contact cues, negation and modality cues,
office titles, stance verbs and boilerplate lines, all as regular expressions.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache, cached_property
from importlib import resources


class Lexicon:
    def __init__(self, data: dict) -> None:
        self.data = data
        self.language: str = data["language"]
        self.months: dict[str, int] = data["months"]
        self.weekdays: dict[str, int] = data["weekdays"]

    def alternation(self, key: str) -> str:
        """The phrases listed under `key` as one alternation, to build a larger expression from."""
        return alternation(self.data.get(key, []))

    def regex(self, key: str) -> re.Pattern:
        """One compiled alternation of the phrases listed under `key`."""
        return _compile(tuple(self.data.get(key, [])))

    @staticmethod
    def regex_from(phrases: tuple[str, ...]) -> re.Pattern:
        return _compile(phrases)

    def regex_map(self, key: str) -> dict[str, re.Pattern]:
        return {name: _compile(tuple(phrases)) for name, phrases in self.data.get(key, {}).items()}

    @cached_property
    def contact_cues(self) -> dict[str, re.Pattern]:
        return self.regex_map("contact_cues")

    @cached_property
    def stances(self) -> dict[str, re.Pattern]:
        return self.regex_map("stances")

    @cached_property
    def offices(self) -> dict[str, re.Pattern]:
        # titles are whole words: "roi" is not the end of "trois"
        return {name: _compile(tuple(rf"(?<![\w-]){p}(?![\w-])" for p in phrases))
                for name, phrases in self.data.get("offices", {}).items()}


def alternation(phrases: Iterable[str]) -> str:
    """Phrases (regular expressions) as one alternation: a space in a phrase matches any run of
    white space (line breaks, double spaces); no phrases give an expression that never matches."""
    return "|".join(phrase.replace(" ", r"\s+") for phrase in phrases) or r"(?!x)x"


@cache
def _compile(phrases: tuple[str, ...]) -> re.Pattern:
    if not phrases:
        return re.compile(r"(?!x)x")
    # a space in a phrase matches any run of white space (line breaks, double spaces)
    # a cue starts at a word's start ("entretien", not "maintien"); it may end inside one (a stem)
    # (one lookbehind before the whole alternation, not one per phrase: the same matches, found
    # several times faster, as the engine no longer tries each phrase's assertion at every position)
    flexible = (phrase.replace(" ", r"\s+") for phrase in phrases)
    return re.compile("(?<![\\w])(?:" + "|".join(f"(?:{p})" for p in flexible) + ")", re.IGNORECASE)


@cache
def load_lexicon(language: str) -> Lexicon:
    path = resources.files("ingest") / "data" / "lexicon" / f"{language}.json"
    return Lexicon(json.loads(path.read_text(encoding="utf-8")))


def available_languages() -> list[str]:
    folder = resources.files("ingest") / "data" / "lexicon"
    return sorted(p.name.removesuffix(".json") for p in folder.iterdir() if p.name.endswith(".json"))
