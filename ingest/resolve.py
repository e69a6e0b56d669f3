"""Stage 5, resolve: mentions become actors.

Named people resolve through the registry (any spelling) or become text-known actors; an office
("le ministre russe de la Défense") resolves to a person named in the same article who holds it,
else to the registry's holder at the date; "son homologue russe" to the holder of the other
participant's office in that country; "les deux hommes" to the participants of the previous
contact; "il" to the last sentence's subject, else the last person named; "ce dernier" to the
last person named before it. `DocumentActors.stands_for` is that rule for each kind of mention.
"""

from __future__ import annotations

import re

from ingest.model import Actor, Mention, PartialDate
from ingest.registry import Registry, fold


class DocumentActors:
    """Actors met so far in one article, to resolve later mentions against."""

    def __init__(self, registry: Registry, reference: PartialDate | None, language: str) -> None:
        self.registry = registry
        self.reference = reference
        self.language = language
        self.known: dict[str, Actor] = {}
        self.recent: list[Actor] = []  # people in order of mention, newest last
        # the subject of the last sentence that had a person for subject: who "he", "il" most
        # likely is in the next one (subjects stay the topic more than objects do)
        self.subject: Actor | None = None
        self.named_in_article: dict[str, Actor] = {}  # registry people named anywhere in the article
        # office -> the people the article has introduced with its title ("le prince héritier X"):
        # whom the bare title names later ("le prince héritier", once X is the only one)
        self.titled: dict[str, list[Actor]] = {}

    def note_named(self, mentions: list[Mention]) -> None:
        """Registry people the article names anywhere, so that an office mentioned before the name
        ("Les ministres de la Défense kényan et ougandais ..." then "Paul Ndungu") finds them."""
        for mention in mentions:
            if mention.kind == "person" and mention.person_id:
                person = self.registry.people[mention.person_id]
                self.named_in_article.setdefault(person.actor_id, person.actor(self.reference))

    def saw(self, mentions: list[Mention], date: PartialDate | None = None) -> None:
        """Every person a sentence names becomes the most recent, for "les deux présidents" later."""
        for mention in mentions:
            if mention.kind == "person":
                actor = self.person(mention, date)
                if actor is not None and mention.office:
                    titled = self.titled.setdefault(mention.office, [])
                    if actor not in titled:
                        titled.append(actor)

    def person(self, mention: Mention, date: PartialDate | None) -> Actor | None:
        if mention.person_id:
            person = self.registry.people[mention.person_id]
            actor = person.actor(date or self.reference)
            if actor.role is None and mention.office:
                actor.role = mention.office
            return self._remember(actor)
        label = mention.label or mention.text
        surname = fold(label.split()[-1])
        for actor in self.known.values():
            if not actor.is_country and fold(actor.label.split()[-1]) == surname:
                return self._remember(actor)
        if len(label.split()) < 2:
            if mention.after_title:
                given = [a for a in self.known.values() if not a.is_country and fold(a.label.split()[0]) == surname]
                if len(given) == 1:
                    # "Prince Karim", "Sheikh Omar": a title before a given name, for someone the
                    # article has named in full
                    return self._remember(given[0])
            # "President Barrow" in 2019: of the people the surname may name, the one who held the
            # office the title names then
            when = date or self.reference
            if when is None or not mention.office:
                return None
            in_office = [p for p in self.registry.people_with_surname(label)
                         if (held := p.office_at(when)) and office_matches(held, mention.office)]
            return self._remember(in_office[0].actor(when)) if len(in_office) == 1 else None
        actor = Actor(f"person/{slug(label)}", label, mention.country, mention.office, "text", (label.split()[-1],))
        return self._remember(actor)

    def office(self, office: str, country: str | None, date: PartialDate | None,
               exclude: set[str] | None = None) -> Actor | None:
        if not country or office == "counterpart":
            return None
        exclude = exclude or set()
        when = date if date is not None and date.year is not None else self.reference
        # people just mentioned first, then anyone the article names, then the registry
        candidates = [*reversed(self.recent), *self.named_in_article.values()]
        for actor in candidates:
            if actor.actor_id in exclude or actor.country != country or actor.is_country:
                continue
            if self.holds(actor, office, when):
                return self._remember(actor)
        if office == GENERIC_MINISTER:
            return None  # "le ministre français": only someone the article names
        if office == LEADER:
            office = self.registry.countries[country].leader_office if country in self.registry.countries \
                else "head_of_state"
        holders = self.registry.holders(office, country, when) if when is not None else []
        if not holders and when is None:
            holders = [p for p in self.registry.holders(office, country, None) if p.actor_id in self.known]
        holders = [h for h in holders if h.actor_id not in exclude]
        if len(holders) == 1:
            return self._remember(holders[0].actor(when))
        return None

    def described_before(self, office: str, date: PartialDate | None, exclude: list[Actor]) -> Actor | None:
        """The person an office with no country stands for: the story's subject (the last
        sentence's), else the one person the article introduced with that title, if they held it
        at the date. Not any person named before who held it: "the Queen" is no pope, though
        both are heads of state."""
        when = date if date is not None and date.year is not None else self.reference
        actor = self.subject
        if actor is not None and not actor.is_country and actor not in exclude and self.holds(actor, office, when):
            return actor
        # the one person the article introduced with that title ("le prince héritier X", later
        # "le prince héritier"), if they held it then
        titled = self.titled.get(office, [])
        if len(titled) == 1 and titled[0] not in exclude and self.holds(titled[0], office, when):
            return titled[0]
        return None

    def holds(self, actor: Actor, office: str, when: PartialDate | None) -> bool:
        """Did the actor hold this kind of office at the date (ever, when undated)?"""
        person = self.registry.people.get(actor.actor_id)
        offices = [t.office for t in person.terms if when is None or t.covers(when)] if person else [actor.role]
        return any(office_matches(held, office) for held in offices if held)

    def group(self, offices: list[str], date: PartialDate | None, last: list[Actor] | None,
              size: int | None = None, exclude: list[Actor] = (), countries: list[str] = ()) -> list[Actor]:
        """"Les deux présidents", "the three leaders": the previous contact's people when they are
        that many (a previous contact of three is not "the two leaders"), else the last that many
        such people named; "ils" (no number): the previous contact's people, else the last two.
        Never one of `exclude` (the other side: "the three leaders were received by X"). A group
        that says its countries ("les deux hommes d'État, russe et hongrois") is one person of each."""
        if last and (len(last) == size if size else len(last) >= 2) and not any(a in exclude for a in last) \
                and (not offices or all(any(self.holds(a, o, date) for o in offices) for a in last)) \
                and (not countries or sorted(a.country or "" for a in last) == sorted(countries)):
            return list(last)
        wanted = len(countries) or size or 2
        candidates = [a for a in reversed(self.recent) if not a.is_country and a not in exclude
                      and (not offices or any(self.holds(a, o, date) for o in offices))]
        if countries:
            candidates = [next((a for a in candidates if a.country == c), None) for c in countries]
            return candidates if all(candidates) else []
        return candidates[:wanted] if len(candidates) >= wanted else []

    def stands_for(self, mention: Mention, sentence: list[Mention], date: PartialDate | None, role: tuple[int, int],
                   taken: list[Actor], other_side: list[Actor], last_contact: list[Actor] | None) -> list[Actor | None]:
        """Who a mention in a contact's role (characters `role` of its sentence) stands for:
        `taken` are the people the role already has, `other_side` those of the other role,
        `last_contact` the people of the contact the story is about."""
        if mention.kind == "person":
            return [self.person(mention, date)]
        if mention.kind == "described":
            # the role holds the description, the parser hung the name elsewhere ("X recevait le
            # directeur de l'OMS, Jane Doe")
            return [self.person(m, date) for m in sentence
                    if m.kind == "person" and m.start in mention.described and not role[0] <= m.start < role[1]]
        if mention.kind == "office":
            if not mention.countries and not mention.plural:
                # "le dirigeant nationaliste", "the prime minister": a definite description of
                # someone the story has named (its subject first), who held that office then
                return [self.described_before(mention.office, date, [*taken, *other_side])]
            return [self.office(mention.office, c, date) for c in mention.countries]
        if mention.kind == "counterpart":
            # "son homologue russe": whoever holds the other side's office in that country
            if mention.countries and other_side and other_side[0].role:
                return [self.office(other_side[0].role, mention.countries[0], date, {a.actor_id for a in other_side})]
            return []
        if mention.kind == "pronoun":
            # "il", "he": the last sentence's subject, else the last person named
            if self.subject is not None and self.subject not in taken and self.subject not in other_side:
                return [self.subject]
            return [a for a in self.recent if a not in taken and a not in other_side and not a.is_country][-1:]
        if mention.kind == "latter":
            # "ce dernier", "the latter": the last person named before it
            named = [m for m in sentence if m.kind == "person" and m.end <= mention.start]
            later = [fold(m.text) for m in sentence if m.kind == "person" and m.start > mention.start]
            if named:
                return [self.person(named[-1], date)]
            return [a for a in self.recent if not a.is_country and a not in other_side
                    and not any(fold(a.label.split()[-1]) in text for text in later)][-1:]
        if mention.kind == "group":
            return list(self.group(mention.group_offices, date, last_contact, mention.size, countries=mention.countries))
        return []

    def country(self, code: str) -> Actor:
        country = self.registry.countries.get(code)
        if country:
            return country.actor(self.language)
        return Actor(f"country/{code}", code, code, None, "registry", is_country=True)

    def last_person(self) -> Actor | None:
        return self.recent[-1] if self.recent else None

    def _remember(self, actor: Actor) -> Actor:
        actor = self.known.setdefault(actor.actor_id, actor)
        # `recent` holds the instances of `known` only: compare by identity, not field by field
        for index, seen in enumerate(self.recent):
            if seen is actor:
                del self.recent[index]
                break
        self.recent.append(actor)
        return actor


GENERIC_MINISTER = "minister_any"
LEADER = "leader"  # "the Indian leader", "le dirigeant chinois": whoever leads the executive


def office_matches(held: str, wanted: str) -> bool:
    """'*_minister' and 'minister_any' stand for any ministry, 'leader' for either head."""
    if wanted in ("*_minister", GENERIC_MINISTER):
        return held.endswith("_minister")
    if wanted == LEADER:  # (someone the news calls a leader, and the registry does not know, is one)
        return held in (LEADER, "head_of_state", "head_of_government")
    return held == wanted


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold(text)).strip("_")
