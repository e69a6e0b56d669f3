"""Which language an article is in: the user's word, then the article's metadata, then a detector.

The detector is lingua (lingua-language-detector), whose models ship inside its wheel: nothing
is downloaded at run time. It knows many more languages than the tool reads, so that an article
in German or Arabic is named as such and set aside, rather than read as French. Low-accuracy
mode is enough for whole articles (it uses trigrams only) and keeps its memory small.
"""

from __future__ import annotations

from functools import cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

# the languages most of the world's news is written in: enough to recognise what we do not read
DETECTED = (
    "ARABIC", "BENGALI", "CHINESE", "CZECH", "DANISH", "DUTCH", "ENGLISH", "FINNISH", "FRENCH", "GERMAN", "GREEK",
    "HEBREW", "HINDI", "HUNGARIAN", "INDONESIAN", "ITALIAN", "JAPANESE", "KOREAN", "MALAY", "PERSIAN", "POLISH",
    "PORTUGUESE", "ROMANIAN", "RUSSIAN", "SPANISH", "SWAHILI", "SWEDISH", "TAGALOG", "THAI", "TURKISH",
    "UKRAINIAN", "URDU", "VIETNAMESE",
)
SAMPLE_CHARS = 5000  # the start of an article says its language as well as the whole does


@cache
def detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*(getattr(Language, name) for name in DETECTED)).with_low_accuracy_mode().build()


def detect(text: str) -> str | None:
    """The ISO 639-1 code of the language `text` is written in, or None when it cannot tell."""
    found = detector().detect_language_of(text[:SAMPLE_CHARS])
    return found.iso_code_639_1.name.lower() if found is not None else None
