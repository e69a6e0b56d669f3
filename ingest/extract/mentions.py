"""Who a sentence talks about: named people, offices, counterparts, groups, pronouns, states.

A mention is a span of the sentence with what the text says of it (a registry person, an
office and country, "son homologue russe", "les deux hommes"). Turning office and anaphoric
mentions into people is the resolve stage's job (`ingest.resolve`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache

from ingest.analyse import Entity, Sentence
from ingest.lexicon import Lexicon, alternation
from ingest.model import Mention
from ingest.phrases import PhraseTable, words_of
from ingest.registry import Registry, fold

NAME_TOKEN = re.compile(r"^[A-ZÀ-ÖØ-Þ][\w'’.-]+$")
DESCRIBED_WITHIN = 25  # characters between a title and the name it describes ("président kényan ")
MAX_NAME_WORDS = 7  # "Salem bin Rashid bin Saif Al Harthy"; longer is a list, not a name


@cache
def _stop_words(language: str) -> frozenset[str]:
    """spaCy's stop words of the language (empty when spaCy has no such language)."""
    import spacy

    try:
        return frozenset(spacy.util.get_lang_class(language).Defaults.stop_words)
    except ImportError:
        return frozenset()


class MentionFinder:
    def __init__(self, lexicon: Lexicon, registry: Registry) -> None:
        self.lexicon = lexicon
        self.registry = registry
        self.language = lexicon.language
        self.aliases = PhraseTable(registry.by_alias)
        # surnames that are not aliases on their own ("Austin" is also a city): a person only once
        # the article has named them in full (resolved by `DocumentActors.person`)
        # nor is a surname that is also a function word of the language ("Les", "Said", "Du") or
        # the name of a place ("Norway", "Paris"): those read as what they usually are
        function_words = {fold(w) for w in _stop_words(self.language)} | \
            {" ".join(words_of(fold(f))) for f in registry.country_forms(self.language)}
        self.surnames = PhraseTable(s for s in (fold(p.name).split()[-1] for p in registry.people.values() if p.name.split())
                                    if s not in registry.by_alias and s not in function_words and len(s) > 2)
        self.demonym = PhraseTable(registry.demonym_forms(self.language))
        # an acronym that spells a function word ("UN" and the article "un", "US" and "us") is
        # that country only in capitals
        stop_words = {fold(w) for w in _stop_words(self.language)}
        self.acronyms = {f for f in registry.demonym_forms(self.language) if fold(f) in stop_words}
        self.country_name = PhraseTable(registry.country_forms(self.language))
        self.offices = lexicon.offices
        self.implies = [(re.compile(p, re.IGNORECASE), code) for p, code in lexicon.data.get("office_implies_country", {}).items()]
        self.counterpart = lexicon.regex("counterpart")
        self.group = lexicon.regex("group_anaphora")
        self.pair = lexicon.regex("pair_words")
        self.numbers = {w.lower(): n for w, n in lexicon.data.get("number_words", {}).items()}
        self.group_offices = [(re.compile(p, re.IGNORECASE), kinds)
                              for p, kinds in lexicon.data.get("group_offices", {}).items()]
        # subject pronouns, and the object pronouns that spell no other word ("him"; not "her", a determiner too)
        pronouns = [*lexicon.data.get("subject_pronouns", []), *lexicon.data.get("object_pronouns", [])]
        self.latter = lexicon.regex("latter_anaphora")  # "ce dernier", "the latter": the last person named
        self.pronouns = re.compile(r"\b(?:" + "|".join(pronouns) + r")\b", re.IGNORECASE)
        titles = alternation([*lexicon.data.get("title_prefixes", []), *lexicon.data.get("name_titles", [])])
        self.particles = {p.lower() for p in lexicon.data.get("name_particles", [])}
        self.title_prefix = re.compile(rf"^(?:{titles})\s+", re.IGNORECASE)
        self.title_before = re.compile(rf"(?<![\w-])(?:{titles})\s+$", re.IGNORECASE)
        # the title in any case, the name capitalised, particles inside it in any case: "M. Dupont",
        # "Foreign Minister Jane Doe", "cheikh Ali ben Salem Al Amri"
        particle = alternation(self.particles) or "(?!)"
        word = rf"(?:(?i:{particle})-)?[A-ZÀ-ÖØ-Þ][\w'’-]+"  # "al-Rashidi": a particle may hang on its word
        self.titled_name = re.compile(
            rf"(?<![\w-])(?i:{titles})\s+({word}(?:\s+(?:(?i:{particle})\s+)*{word}){{0,3}})")
        self.particle_word = re.compile(rf"^(?:{particle})-[A-ZÀ-ÖØ-Þ][\w'’.-]+$", re.IGNORECASE)
        words = alternation([*lexicon.data.get("apposition_words", []), *lexicon.data.get("title_prefixes", []),
                             *lexicon.data.get("name_titles", [])])  # "le prince héritier, cheikh X"
        self.apposition_gap = re.compile(rf"^[\s,]*(?:(?:{words})\s+)?$", re.IGNORECASE)
        # "les ministres Ndungu et Sow": names listed after one plural office
        self.name_joiner = re.compile(rf"\s*(?:,|(?:,\s*)?(?:{lexicon.alternation('coordinators')}))\s*", re.IGNORECASE)
        self.calendar_words = {fold(w) for w in (*lexicon.months, *lexicon.weekdays)}
        self.apposition_words = tuple(lexicon.data.get("apposition_words", []))
        # "les ministres", "the two presidents": an office mention naming several people
        self.plural_markers = re.compile(rf"\b(?:{lexicon.alternation('plural_markers')})\b", re.IGNORECASE)
        # "les ministres de la Défense russe et français", "the Russian and Chinese leaders"
        self.demonym_joiners = tuple(lexicon.data.get("demonym_joiners", []))
        self.office_of = sorted(lexicon.data.get("office_of_prepositions", []), key=len, reverse=True)
        self.owner_suffixes = tuple(lexicon.data.get("office_owner_suffixes", []))

    def find(self, sentence: Sentence) -> list[Mention]:
        text = sentence.text
        folded = fold(text)
        mentions: list[Mention] = []
        people_entities = [e for e in sentence.entities if e.label in ("PER", "PERSON")]
        for match in self.aliases.finditer(folded):
            if not text[match.start()].isupper():
                continue  # a common word that happens to spell a surname
            if self._inside_longer_name(match, people_entities):
                continue  # "Anna" of the registry inside "Anna Lindqvist", someone else
            people = self.registry.people_named(match.group(0))
            if len(people) == 1:
                mentions.append(Mention(match.start(), match.end(), text[match.start():match.end()], "person",
                                        person_id=people[0].actor_id))
        for entity in sentence.entities:
            if entity.label not in ("PER", "PERSON"):
                continue
            start, end = entity.start, entity.end
            if any(m.start < end and start < m.end for m in mentions):
                continue
            name = _without_possessive(self.title_prefix.sub("", entity.text).strip(" ,.;:«»\""))
            tokens = name.split()
            # one word is a surname: the person it names is someone named in full before
            # (ingest.resolve), or no one
            if not 1 <= len(tokens) <= MAX_NAME_WORDS or not self._name_words(tokens):
                continue
            if len(tokens) == 1 and self.title_prefix.match(entity.text):
                continue  # "King Harald": the title and its name are read below, with the title's office
            if self._is_office_word(name) or self.title_prefix.fullmatch(name + " "):
                continue  # "Crown Prince" alone is a title, not a name
            if name.isupper():
                continue  # "PORT LOUIS, Mauritius (Reuters) -": a dateline's place; copy capitalises no name whole
            after_title = len(tokens) == 1 and self.title_before.search(text[:start]) is not None
            mentions.append(Mention(start, end, entity.text, "person", label=name, after_title=after_title))
        # a surname alone after the entities: "Paul Ndungu" is one person, not the surname "Ndungu";
        # nor is a word of a country's name ("Arabia" of "Saudi Arabia")
        country_matches = list(self.country_name.finditer(folded))
        countries = [(m.start(), m.end()) for m in country_matches]
        for match in self.surnames.finditer(folded):
            if any(a <= match.start() < b for a, b in countries):
                continue
            if text[match.start()].isupper() and not any(m.start < match.end() and match.start() < m.end for m in mentions) \
                    and not self.title_prefix.match(text[match.start():]):  # "King Salem": a title, not the surname King
                mentions.append(Mention(match.start(), match.end(), text[match.start():match.end()], "person",
                                        label=text[match.start():match.end()]))
        mentions.extend(self._unknown_titled_people(text, mentions))
        masked = self._mask_demonyms(text)
        for office, pattern in self.offices.items():
            for match in pattern.finditer(masked):
                if any(m.start <= match.start() < m.end for m in mentions):
                    continue
                mentions.append(self._office_mention(text, match, office))
        for match in self.counterpart.finditer(text):
            # "son homologue malien", "his Japanese counterpart": the demonym after, else right before
            countries = self._demonyms_near(text, match.end(), 12) or self._demonym_before(text, match.start())
            mentions.append(Mention(match.start(), match.end(), match.group(0), "counterpart", countries=countries,
                                    plural=match.group(0).lower().endswith("s")))
        for match in self.group.finditer(text):
            if not any(m.start <= match.start() < m.end and m.kind == "person" for m in mentions):
                kinds = next((k for p, k in self.group_offices if p.search(match.group(0))), [])
                # "les deux hommes d'État, russe et hongrois", "the Japanese and Korean ministers"
                countries = self._demonyms_in(text, match.start(), match.end()) or \
                    self._demonyms_near(text, match.end(), 14, coordinated=True)
                size = self._group_size(match.group(0))
                mentions.append(Mention(match.start(), match.end(), match.group(0), "group", plural=True,
                                        group_offices=list(kinds), size=size,
                                        countries=countries if len(countries) >= 2 and size in (None, len(countries))
                                        else []))
        for match in self.pronouns.finditer(text):
            mentions.append(Mention(match.start(), match.end(), match.group(0), "pronoun"))
        for match in self.latter.finditer(text):
            mentions.append(Mention(match.start(), match.end(), match.group(0), "latter"))
        for match in country_matches:
            if text[match.start()].isupper() and not any(m.start < match.end() and match.start() < m.end for m in mentions):
                code = self.registry.country_for(match.group(0), self.language)
                if code:
                    mentions.append(Mention(match.start(), match.end(), text[match.start():match.end()], "country",
                                            countries=[code]))
        mentions.extend(self._named_in_apposition(sentence, mentions))
        mentions = _drop_overlaps(mentions)
        _bind_appositions(text, mentions, self.apposition_gap, self.name_joiner, self._without_demonym)
        return sorted(mentions, key=lambda m: m.start)

    def _inside_longer_name(self, match: re.Match, people_entities: list[Entity]) -> bool:
        """Whether a one-word alias is the given name of a longer name the parser found: "Anna"
        (a registry alias) opening "Anna Lindqvist" names someone the registry does not know."""
        if " " in match.group(0).strip():
            return False
        for entity in people_entities:
            if entity.start == match.start() and entity.end > match.end():
                rest = entity.text[match.end() - entity.start:].split()
                if rest and self._name_words(rest) and fold(rest[0]) not in self.calendar_words:
                    return True
        return False

    def _name_words(self, tokens: list[str]) -> bool:
        """Whether words spell a name: capitalised, or a particle between two capitalised words
        ("Salem bin Rashid Al Harthy", "Anna van der Berg")."""
        return all(NAME_TOKEN.match(t) or (i > 0 and self.particle_word.match(t))
                   or (0 < i < len(tokens) - 1 and t.lower() in self.particles)
                   for i, t in enumerate(tokens)) and sum(1 for t in tokens if NAME_TOKEN.match(t)) <= 4

    def _group_size(self, text: str) -> int | None:
        """How many people a group mention names: its number word ("les trois dirigeants"), 2 for a
        pair word without one ("both leaders"), None when it does not say ("ils", "they")."""
        counts = [self.numbers[w] for w in re.findall(r"\w+", text.lower()) if self.numbers.get(w, 0) >= 2]
        return counts[0] if counts else 2 if self.pair.search(text) else None

    def _unknown_titled_people(self, text: str, known: list[Mention]) -> list[Mention]:
        """'M. Dupont', 'le général Jean Martin', 'Foreign Minister Jane Doe': a title (lexicon
        `title_prefixes`, `name_titles`) then capitalised words is a person."""
        found = []
        for match in self.titled_name.finditer(text):
            start = match.start(1)
            name = _without_possessive(match.group(1).strip())
            end = start + len(name)
            if any(m.start < end and start < m.end for m in known):
                continue
            if self._is_office_word(name) or fold(name.split()[0]) in self.calendar_words:
                continue  # "the minister Tuesday", "President Russia"
            found.append(Mention(start, end, name, "person", label=name, after_title=True))
        return found

    def _named_in_apposition(self, sentence: Sentence, known: list[Mention]) -> list[Mention]:
        """A name the tagger took for an organisation or a place, set off by commas right after a
        singular office ("her foreign minister, Tomas Varga, said"): an office's apposition
        names its holder, whatever the label."""
        text, found = sentence.text, []
        offices = [m for m in known if m.kind == "office" and not m.plural]
        for entity in sentence.entities:
            if entity.label in ("PER", "PERSON") or any(m.start <= entity.start and entity.end <= m.end for m in known):
                continue  # (a word of it may have matched a surname alone: the whole name wins)
            if not any(text[m.end:entity.start].strip() == "," for m in offices):
                continue
            if not re.match(r"\s*(?:,|\bwho\b|\bqui\b|$)", text[entity.end:]):
                continue  # the apposition ends there: a comma, a relative pronoun, the sentence's end
            name = entity.text.strip()
            tokens = name.split()
            if 2 <= len(tokens) <= MAX_NAME_WORDS and self._name_words(tokens) and not self._is_office_word(name) \
                    and not self.registry.country_for(name, self.language):
                found.append(Mention(entity.start, entity.end, entity.text, "person", label=name))
        return found

    def _is_office_word(self, text: str) -> bool:
        return any(p.fullmatch(text) for p in self.offices.values()) or bool(self.country_name.fullmatch(fold(text)))

    def _mask_demonyms(self, text: str) -> str:
        """Blank out demonyms so "ministre français des Armées" matches "ministre des Armées"."""
        chars = list(text)
        for match in self._demonym_finditer(text):
            for i in range(match.start(), match.end()):
                chars[i] = " "
        return "".join(chars)

    def _without_demonym(self, gap: str) -> str:
        """The words between two mentions, less a demonym that opens them (a title and its name:
        "la présidente kényane Amina Ndungu") or closes them (a name and the office set off after
        it: "Amina Ndungu, the Kenyan president")."""
        for match in self._demonym_finditer(gap):
            if not gap[:match.start()].strip(" ,") or not gap[match.end():].strip():
                return gap[:match.start()] + gap[match.end():]
        return gap

    def _office_mention(self, text: str, match: re.Match, office: str) -> Mention:
        start, end = match.start(), match.end()
        # "Les ministres de la Défense russe et français": several countries after the title
        countries = self._demonyms_in(text, start, end) or self._demonyms_near(text, end, 14, coordinated=True)
        if not countries:
            before = text[max(0, start - 25):start]
            near = list(self._demonym_finditer(before))
            if near and before[near[-1].end():].strip() in ("", *self.apposition_words):
                countries = [self.registry.country_for(near[-1].group(0), self.language)]
        countries = countries or self._country_named_around(text, start, end)
        for pattern, code in self.implies:
            if pattern.fullmatch(match.group(0).strip()) or pattern.match(text[start:end]):
                countries = countries or [code]
        countries = [c for c in countries if c]
        plural = bool(self.plural_markers.search(text[max(0, start - 5):end])) or len(countries) > 1
        return Mention(start, end, text[start:end], "office", office=office, countries=countries, plural=plural)

    def _country_named_around(self, text: str, start: int, end: int) -> list[str]:
        """The state or organisation an office belongs to by name: after it ("le secrétaire général
        de l'ONU", "the king of Jordan", `office_of_prepositions`) or as its owner before it
        ("Chile's president", `office_owner_suffixes`)."""
        tail = text[end:end + 80]
        for preposition in self.office_of:
            if tail.lower().startswith(" " + preposition.lower()):
                rest = fold(tail[1 + len(preposition):])
                found = self.country_name.match_at_start(rest)
                if found:
                    codes = self._code_of(found)
                    # "the foreign ministers of Kenya and Rwanda": each country a coordinator adds
                    while codes and (joined := self.name_joiner.match(rest, rest.index(found) + len(found))):
                        rest = rest[joined.end():]
                        rest = rest[len(next((p for p in self.office_of if rest.startswith(fold(p))), "")):]
                        more = self.country_name.match_at_start(rest)
                        if not more or not self._code_of(more):
                            break
                        codes += self._code_of(more)
                        found = more
                    return codes
        head = text[max(0, start - 40):start].rstrip()
        for suffix in self.owner_suffixes:
            if head.endswith(suffix):
                owner = fold(head[:-len(suffix)])
                found = self.country_name.match_at_end(owner)
                if found:
                    return self._code_of(found)
        return []

    def _code_of(self, country_name: str) -> list[str]:
        code = self.registry.country_for(country_name, self.language)
        return [code] if code else []

    def _demonym_finditer(self, text: str) -> Iterator[re.Match]:
        """The demonyms in `text` (matched folded; offsets are the text's)."""
        for match in self.demonym.finditer(fold(text)):
            if match.group(0) not in self.acronyms or text[match.start():match.end()].isupper():
                yield match

    def _demonyms_in(self, text: str, start: int, end: int) -> list[str]:
        return [c for c in (self.registry.country_for(m.group(0), self.language)
                            for m in self._demonym_finditer(text[start:end])) if c]

    def _demonym_before(self, text: str, start: int) -> list[str]:
        """The country of a demonym that ends just before `start` (one space between)."""
        head = fold(text[max(0, start - 30):start])
        for match in self._demonym_finditer(text[max(0, start - 30):start]):
            if head[match.end():].strip() == "":
                code = self.registry.country_for(match.group(0), self.language)
                return [code] if code else []
        return []

    def _demonyms_near(self, text: str, end: int, window: int, coordinated: bool = False) -> list[str]:
        tail = fold(text[end:end + window + (40 if coordinated else 0)])
        codes = []
        position = 0
        for match in self._demonym_finditer(text[end:end + window + (40 if coordinated else 0)]):
            gap = tail[position:match.start()].strip(" ,")
            if gap not in ("", *self.demonym_joiners):
                break
            code = self.registry.country_for(match.group(0), self.language)
            if code:
                codes.append(code)
            position = match.end()
            if not coordinated:
                break
        return codes


def _drop_overlaps(mentions: list[Mention]) -> list[Mention]:
    priority = {"person": 0, "group": 1, "office": 2, "counterpart": 3, "country": 4, "pronoun": 5, "latter": 5}
    kept: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: (priority[m.kind], -(m.end - m.start))):
        if all(mention.end <= k.start or mention.start >= k.end for k in kept):
            kept.append(mention)
    return kept


def _without_possessive(name: str) -> str:
    return re.sub(r"['’]s?$", "", name)


def _bind_appositions(text: str, mentions: list[Mention], gap_pattern: re.Pattern, joiner: re.Pattern,
                      without_demonym: Callable[[str], str] = lambda gap: gap) -> None:
    """An office or counterpart right before a name describes that name ("la présidente
    kényane Amina Ndungu": a demonym may stand between): the name takes its office and country,
    and the description stops counting as a separate person."""
    ordered = sorted(mentions, key=lambda m: m.start)
    for i, mention in enumerate(ordered):
        if mention.kind not in ("office", "counterpart"):
            continue
        people = []
        j = i + 1
        position = mention.end
        while j < len(ordered) and ordered[j].kind == "person":
            gap = text[position:ordered[j].start]
            if not people:
                gap = without_demonym(gap)
            connector = people and joiner.fullmatch(gap)
            if not people and not (gap_pattern.match(gap) and len(gap) <= 14):
                break
            if people and not connector:
                break
            people.append(ordered[j])
            position = ordered[j].end
            j += 1
            if not mention.plural:
                break
        if not people:
            continue
        countries = mention.countries if len(mention.countries) == len(people) else mention.countries[:1] * len(people)
        for person, country in zip(people, countries or [None] * len(people)):
            person.office = person.office or mention.office
            if country and not person.countries:
                person.countries = [country]
            if mention.kind == "counterpart" and not person.office:
                person.office = "counterpart"
        mention.kind = "described"  # the description belongs to the name after it
        mention.described = [person.start for person in people]
    # "Jean Dupont, conseiller du président, ...": an office set off after a name is that name
    # again, wherever the parser hangs the role
    ordered = sorted(mentions, key=lambda m: m.start)
    for person, office, after in zip(ordered, ordered[1:], [*ordered[2:], None]):
        gap = without_demonym(text[person.end:office.start])
        names_the_next = after is not None and after.kind == "person" and "," not in text[office.end:after.start] \
            and after.start - office.end <= DESCRIBED_WITHIN  # "..., le président kényan Jean Dupont"
        if person.kind == "person" and office.kind == "office" and gap.lstrip().startswith(",") \
                and len(gap) <= 8 and gap_pattern.match(gap.replace(",", " ", 1)) and not names_the_next:
            if not person.office:
                person.office = office.office
            if office.countries and not person.countries:
                person.countries = list(office.countries)
            office.kind, office.person_id, office.label = "person", person.person_id, person.label or person.text
            office.office, office.countries = person.office, list(person.countries)


@cache
def mention_finder(language: str) -> MentionFinder:
    from ingest.lexicon import load_lexicon
    from ingest.registry import load_registry

    return MentionFinder(load_lexicon(language), load_registry())
