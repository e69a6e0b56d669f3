"""The RDF mapping: the one place where extracted data becomes quads and quads become data.

docs/rdf-mapping.md describes the graph this module writes; ontology/diplo.ttl declares its
terms and ontology/shapes.ttl constrains it. Article text reaches the store only as Literals
inside Quads, never through SPARQL strings.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import itertools
from collections.abc import Iterable, Iterator

from pyoxigraph import Literal, NamedNode, Quad

from diplo import __version__
from diplo.namespaces import (DCTERMS, DK, DKR, FOAF, OA, ORG, OWL, PROV, RDF, RDFS, SCHEMA, SEM, SKOS, TIME, WD, XSD,
                              MERGED_GRAPH, REGISTRY_GRAPH, SHARED_GRAPH, article_graph, iri_safe)
from ingest.model import (Actor, ContactClaim, ContactEvent, ContextEventClaim, Evidence, Extraction,
                          PartialDate, PositionClaim)
from ingest.merge import contact_key, position_key
from ingest.registry import Registry, load_registry

KIND_CLASSES = {"phone_call": DK.PhoneCall, "video_call": DK.VideoCall, "meeting": DK.Meeting,
                "visit": DK.Visit, "talks": DK.Talks}
CLASS_KINDS = {node.value: kind for kind, node in KIND_CLASSES.items()}
UNITS = {"day": TIME.unitDay, "month": TIME.unitMonth, "year": TIME.unitYear}
WEEKDAYS = [TIME.Monday, TIME.Tuesday, TIME.Wednesday, TIME.Thursday, TIME.Friday, TIME.Saturday, TIME.Sunday]
AGENT = DKR[f"agent/diplo-kg-{__version__}"]


def article_iri(doc_id: str) -> NamedNode:
    return DKR[f"article/{iri_safe(doc_id)}"]


def actor_iri(actor: Actor) -> NamedNode:
    if actor.is_country:
        return DKR[f"country/{iri_safe(actor.country or actor.actor_id)}"]
    return DKR[f"actor/{iri_safe(actor.actor_id)}"]


def date_literal(date: PartialDate | None) -> Literal | None:
    iso = date.iso() if date else None
    if iso is None:
        return None
    datatype = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}[date.precision]
    return Literal(iso, datatype=datatype)


class QuadWriter:
    """Collects the triples of one named graph, and descriptions shared between graphs (places,
    people known from the text) which go once into the shared graph, not into every article's."""

    def __init__(self, graph: NamedNode) -> None:
        self.graph = graph
        self.quads: list[Quad] = []
        self.shared: list[Quad] = []

    def add(self, subject, predicate: NamedNode, obj) -> None:
        if obj is not None:
            self.quads.append(Quad(subject, predicate, obj, self.graph))

    def add_shared(self, subject, predicate: NamedNode, obj) -> None:
        if obj is not None:
            self.shared.append(Quad(subject, predicate, obj, SHARED_GRAPH))

    def text(self, subject, predicate: NamedNode, value: str | None, language: str | None = None) -> None:
        if value:
            self.add(subject, predicate, Literal(value, language=language) if language else Literal(value))

    def integer(self, subject, predicate: NamedNode, value: int | None, datatype=XSD.integer) -> None:
        if value is not None:
            self.add(subject, predicate, Literal(str(value), datatype=datatype))

    def date(self, subject: NamedNode, date: PartialDate | None) -> None:
        """OWL-Time description of what is known, plus a plain typed literal once complete."""
        if date is None or date.precision is None:
            return
        instant = NamedNode(subject.value + "/time")
        node = NamedNode(subject.value + "/date")
        self.add(subject, TIME.hasTime, instant)
        self.add(instant, RDF.type, TIME.Instant)
        self.add(instant, TIME.inDateTime, node)
        self.add(node, RDF.type, TIME.DateTimeDescription)
        self.add(node, TIME.unitType, UNITS[date.precision])
        if date.year is not None:
            self.add(node, TIME.year, Literal(f"{date.year:04d}", datatype=XSD.gYear))
        if date.month is not None:
            self.add(node, TIME.month, Literal(f"--{date.month:02d}", datatype=XSD.gMonth))
        if date.day is not None:
            self.add(node, TIME.day, Literal(f"---{date.day:02d}", datatype=XSD.gDay))
        if date.weekday is not None:
            self.add(node, TIME.dayOfWeek, WEEKDAYS[date.weekday])
        self.add(subject, DK.date, dk_date(date))

    def duration(self, subject: NamedNode, minutes: int | None) -> None:
        if minutes:
            node = NamedNode(subject.value + "/duration")
            self.add(subject, TIME.hasDuration, node)
            self.add(node, RDF.type, TIME.Duration)
            self.add(node, TIME.numericDuration, Literal(str(minutes), datatype=XSD.decimal))
            self.add(node, TIME.unitType, TIME.unitMinute)

    def evidence(self, subject: NamedNode, doc_id: str, evidence: Evidence) -> None:
        node = DKR[f"evidence/{iri_safe(doc_id)}/{evidence.start}-{evidence.end}"]
        selector = NamedNode(node.value + "/selector")
        self.add(subject, DK.evidence, node)
        self.add(node, RDF.type, OA.SpecificResource)
        self.add(node, OA.hasSource, article_iri(doc_id))
        self.add(node, OA.hasSelector, selector)
        self.add(selector, RDF.type, OA.TextPositionSelector)
        self.add(selector, RDF.type, OA.TextQuoteSelector)
        self.integer(selector, OA.start, evidence.start, XSD.nonNegativeInteger)
        self.integer(selector, OA.end, evidence.end, XSD.nonNegativeInteger)
        self.text(selector, OA.exact, evidence.sentence)

    def actor(self, actor: Actor) -> NamedNode:
        """Describe an actor first seen in the text (registry actors live in the registry graph)."""
        node = actor_iri(actor)
        if actor.known_from == "text" and not actor.is_country:
            self.add_shared(node, RDF.type, DK.Actor)
            self.add_shared(node, RDF.type, FOAF.Person)
            self.add_shared(node, RDFS.label, Literal(actor.label))
            for key in search_keys([actor.label, *country_names(load_registry(), actor.country)]):
                self.add_shared(node, DK.searchKey, Literal(key))
            for key in search_keys([actor.label]):
                self.add_shared(node, DK.nameKey, Literal(key))
            if actor.country:
                self.add_shared(node, DK.country, DKR[f"country/{actor.country}"])
            if actor.role and actor.role != "counterpart":
                self.add_shared(node, DK.officeKind, Literal(actor.role))
            self.add_shared(node, DK.knownFrom, DK.text)
        return node


def search_keys(names: list[str]) -> list[str]:
    """The dk:searchKey values of a resource: each name lower-cased, and its trailing words
    ("Jean-Yves Le Drian" gives "jean-yves le drian", "le drian" and "drian"), so that a
    researcher's "Le Drian" or "Lavrov" finds the actor by one indexed lookup. A person also
    gets the keys of the country they represent, so "Russia" finds every Russian official in
    that same lookup (a UNION or a property path there made the queries 5-15x slower)."""
    keys: set[str] = set()
    for name in names:
        words = name.lower().split()
        keys.update(" ".join(words[start:]) for start in range(len(words)))
    return sorted(keys)


def country_names(registry: Registry, code: str | None) -> list[str]:
    """A country's code and its names in every language the registry has."""
    if not code:
        return []
    country = registry.countries.get(code)
    return [code, *(country.names.values() if country else [])]


def _coarse_literal(date: PartialDate) -> Literal | None:
    """An incomplete date keeps what is certain: the year of 'mercredi' in a 2024 article."""
    if date.year is not None:
        return Literal(f"{date.year:04d}", datatype=XSD.gYear)
    return None


def article_quads(extraction: Extraction, ingested_at: dt.datetime) -> tuple[list[Quad], list[Quad]]:
    """The article's graph, and the shared descriptions (places, people) it adds to."""
    article = extraction.article
    out = QuadWriter(article_graph(article.doc_id))
    node = article_iri(article.doc_id)
    out.add(node, RDF.type, DK.Article)
    out.text(node, DCTERMS.identifier, article.doc_id)
    out.text(node, DCTERMS.title, article.title)
    out.text(node, DCTERMS.language, article.language)
    out.text(node, DCTERMS.source, article.location or article.source)
    if article.url:
        out.add(node, SCHEMA.url, Literal(article.url, datatype=XSD.anyURI))
    out.add(node, SCHEMA.datePublished, date_literal(article.published) if article.published else None)
    out.text(node, SCHEMA.text, article.text)
    out.add(node, PROV.generatedAtTime, Literal(ingested_at.isoformat(), datatype=XSD.dateTime))
    out.add(node, PROV.wasAttributedTo, AGENT)
    for claim in extraction.contacts:
        _contact_claim(out, claim)
    for position in extraction.positions:
        _position_claim(out, position)
    for event in extraction.context_events:
        _context_claim(out, event)
    return out.quads, out.shared


def claim_iri(doc_id: str, suffix: str) -> NamedNode:
    return DKR[f"claim/{iri_safe(doc_id)}/{suffix}"]


def _contact_claim(out: QuadWriter, claim: ContactClaim) -> None:
    node = claim_iri(claim.doc_id, f"c{claim.ordinal}")
    out.add(node, RDF.type, DK.ContactClaim)
    # the kind as a value, not a type: a claim is one article's report, not an event, so that
    # "?e a dk:PhoneCall" counts events and never an article's copy of one
    out.add(node, DK.contactKind, KIND_CLASSES[claim.kind])
    out.add(node, DK.mergeKey, Literal(contact_key(claim.participant_ids)))
    for actor in claim.participants:
        out.add(node, SEM.hasActor, out.actor(actor))
    if claim.initiator is not None:
        out.add(node, DK.initiator, actor_iri(claim.initiator))
    out.date(node, claim.date)
    out.duration(node, claim.duration_minutes)
    _place(out, node, claim.place)
    for evidence in claim.evidence:
        out.evidence(node, claim.doc_id, evidence)
    out.add(node, PROV.wasDerivedFrom, article_iri(claim.doc_id))


def _place(out: QuadWriter, subject: NamedNode, place: str | None) -> None:
    if place:
        node = DKR[f"place/{iri_safe(place.lower().replace(' ', '_'))}"]
        out.add(subject, SEM.hasPlace, node)
        out.add_shared(node, RDF.type, SEM.Place)
        out.add_shared(node, RDFS.label, Literal(place))


def _position_claim(out: QuadWriter, position: PositionClaim) -> None:
    node = claim_iri(position.doc_id, f"p{position.ordinal}")
    out.add(node, RDF.type, DK.PositionClaim)
    out.add(node, DK.holder, out.actor(position.holder))
    out.add(node, DK.stance, DK[position.stance])
    out.add(node, DK.mergeKey, Literal(position_key(position)))
    out.text(node, DK.topic, position.topic)
    out.text(node, DK.quote, position.quote)
    out.evidence(node, position.doc_id, position.evidence)
    out.add(node, PROV.wasDerivedFrom, article_iri(position.doc_id))


def _context_claim(out: QuadWriter, event: ContextEventClaim) -> None:
    node = claim_iri(event.doc_id, f"x{event.ordinal}")
    out.add(node, RDF.type, DK.ContextEventClaim)
    out.text(node, RDFS.label, event.label)
    out.text(node, DK.contextKind, event.kind)
    out.date(node, event.date)
    _place(out, node, event.place)
    out.evidence(node, event.doc_id, event.evidence)
    out.add(node, PROV.wasDerivedFrom, article_iri(event.doc_id))


def event_iri(event: ContactEvent) -> NamedNode:
    return DKR[f"event/{event.event_id}"]


def merged_quads(events: list[ContactEvent], positions: list[tuple[str, list[PositionClaim]]],
                 disputes: list[tuple[PositionClaim, PositionClaim]] = ()) -> list[Quad]:
    out = QuadWriter(MERGED_GRAPH)
    for event in events:
        node = event_iri(event)
        out.add(node, RDF.type, DK.ContactEvent)
        out.add(node, RDF.type, KIND_CLASSES[event.kind])
        out.add(node, DK.mergeKey, Literal(contact_key(a.actor_id for a in event.participants)))
        for actor in event.participants:
            out.add(node, SEM.hasActor, actor_iri(actor))
        if event.initiator is not None:
            out.add(node, DK.initiator, actor_iri(event.initiator))
        out.date(node, event.date)
        out.duration(node, event.duration_minutes)
        _place(out, node, event.place)
        out.integer(node, DK.sourceCount, len({c.doc_id for c in event.claims}))
        for conflict in event.date_conflicts:
            out.text(node, DK.dateConflict, conflict)
        for claim in event.claims:
            out.add(node, PROV.wasDerivedFrom, claim_iri(claim.doc_id, f"c{claim.ordinal}"))
    out.quads.extend(Quad(q.subject, q.predicate, q.object, MERGED_GRAPH) for q in out.shared)
    for key, claims in positions:
        node = DKR[f"position/{key}"]
        first = claims[0]
        out.add(node, RDF.type, DK.Position)
        out.add(node, DK.holder, actor_iri(first.holder))
        out.add(node, DK.stance, DK[first.stance])
        out.text(node, DK.topic, first.topic)
        out.integer(node, DK.sourceCount, len({c.doc_id for c in claims}))
        for claim in claims:
            out.add(node, PROV.wasDerivedFrom, claim_iri(claim.doc_id, f"p{claim.ordinal}"))
    for denial, claim in disputes:
        node = DKR[f"dispute/{iri_safe(denial.doc_id)}/p{denial.ordinal}-p{claim.ordinal}"]
        out.add(node, RDF.type, DK.Dispute)
        out.add(node, DK.denial, claim_iri(denial.doc_id, f"p{denial.ordinal}"))
        out.add(node, DK.disputedClaim, claim_iri(claim.doc_id, f"p{claim.ordinal}"))
        for holder in {denial.holder.actor_id: denial.holder, claim.holder.actor_id: claim.holder}.values():
            out.add(node, SEM.hasActor, actor_iri(holder))
    return out.quads


# --- the pair index: each pair of sides (a person or a country) and its contacts, in date order ----

def contact_sides(actor: Actor) -> list[NamedNode]:
    """The sides a participant puts a contact on: the actor itself, and the country it represents
    (so that "Lecornu and Russia" and "France and Russia" are pairs as much as two people are)."""
    node = actor_iri(actor)
    if actor.is_country or not actor.country:
        return [node]
    return [node, DKR[f"country/{iri_safe(actor.country)}"]]


def side_pairs(participants: list[Actor]) -> set[tuple[NamedNode, NamedNode]]:
    """Every pair of sides that two different participants of one contact stand for, each pair in
    one canonical order (two French ministers meeting make the pair France-France)."""
    distinct = {actor_iri(a).value: a for a in participants}.values()
    return {(one, other) if one.value <= other.value else (other, one)
            for first, second in itertools.combinations(distinct, 2)
            for one in contact_sides(first) for other in contact_sides(second)}


def pair_iri(pair: tuple[NamedNode, NamedNode]) -> NamedNode:
    return DKR[f"pair/{hashlib.sha1(f'{pair[0].value} {pair[1].value}'.encode()).hexdigest()[:16]}"]


def dk_date(date: PartialDate | None) -> Literal | None:
    """The dk:date literal of a date: complete at its precision, or what is certain of it."""
    if date is None or date.precision is None:
        return None
    return date_literal(date) or _coarse_literal(date)


def contacts_by_pair(events: Iterable[ContactEvent]) -> dict[tuple[NamedNode, NamedNode], dict[NamedNode, Literal | None]]:
    """The contacts (event node: its date) of each pair of sides these events stand for."""
    found: dict[tuple[NamedNode, NamedNode], dict[NamedNode, Literal | None]] = {}
    for event in events:
        for pair in side_pairs(event.participants):
            found.setdefault(pair, {})[event_iri(event)] = dk_date(event.date)
    return found


def previous_dates(contacts: dict[NamedNode, Literal | None]) -> dict[NamedNode, Literal | None]:
    """Each contact's previous one in its pair: the date of the pair's latest contact before it.
    "Before" is read at the earlier contact's own precision, as the queries compare dates:
    2024-03 is before 2024-04-02, 2024-04 is not (it may be that day). SPARQL 1.1 has no window
    function, so a query that wanted the previous contact paired every contact with every other
    of the pair (quadratic: 1.3 s for 777 contacts); the merge computes it once."""
    by_length: dict[int, list[str]] = {}
    typed = {d.value: d for d in contacts.values() if d is not None}
    for date in typed:
        by_length.setdefault(len(date), []).append(date)
    for dates in by_length.values():
        dates.sort()
    previous: dict[NamedNode, Literal | None] = {}
    for event, date in contacts.items():
        earlier = []
        for length, dates in by_length.items():
            below = bisect.bisect_left(dates, date.value[:length]) if date is not None else 0
            if below:
                earlier.append(dates[below - 1])
        previous[event] = typed[max(earlier)] if earlier else None
    return previous


def pair_node_quads(pair: tuple[NamedNode, NamedNode]) -> list[Quad]:
    node = pair_iri(pair)
    return [Quad(node, RDF.type, DK.ContactPair, MERGED_GRAPH),
            *(Quad(node, DK.side, side, MERGED_GRAPH) for side in dict.fromkeys(pair))]


def pair_contact_iri(pair: tuple[NamedNode, NamedNode], event: NamedNode) -> NamedNode:
    """dkr:pair/{pair hash}/{event hash}: its event can be read back from it."""
    return NamedNode(f"{pair_iri(pair).value}/{event.value.rsplit('/', 1)[-1]}")


def event_of_pair_contact(link: NamedNode) -> NamedNode:
    return DKR[f"event/{link.value.rsplit('/', 1)[-1]}"]


def pair_contact_quads(pair: tuple[NamedNode, NamedNode], event: NamedNode, previous: Literal | None) -> list[Quad]:
    link = pair_contact_iri(pair, event)
    quads = [Quad(link, DK.pair, pair_iri(pair), MERGED_GRAPH), Quad(link, DK.contact, event, MERGED_GRAPH)]
    if previous is not None:
        quads.append(Quad(link, DK.previousDate, previous, MERGED_GRAPH))
    return quads


def pair_quads(pair: tuple[NamedNode, NamedNode], contacts: dict[NamedNode, Literal | None]) -> list[Quad]:
    """One pair's index: the pair and its sides, and one dk:PairContact per contact with the date
    of the pair's previous contact (`previous_dates`)."""
    return pair_changes(pair, {}, contacts)[1]


def pair_changes(pair: tuple[NamedNode, NamedNode], before: dict[NamedNode, Literal | None],
                 after: dict[NamedNode, Literal | None]) -> tuple[list[Quad], list[Quad]]:
    """The quads to remove and to add when a pair's contacts go from `before` to `after`: a
    contact that arrives changes the previous date of the one after it, not the whole pair's."""
    was, now = previous_dates(before), previous_dates(after)
    gone: list[Quad] = []
    new: list[Quad] = []
    for event in was.keys() | now.keys():
        if event not in now:
            gone += pair_contact_quads(pair, event, was[event])
        elif event not in was:
            new += pair_contact_quads(pair, event, now[event])
        elif was[event] != now[event]:  # only its previous date changes
            gone += [q for q in pair_contact_quads(pair, event, was[event]) if q.predicate == DK.previousDate]
            new += [q for q in pair_contact_quads(pair, event, now[event]) if q.predicate == DK.previousDate]
    if before and not after:
        gone += pair_node_quads(pair)
    elif after and not before:
        new += pair_node_quads(pair)
    return gone, new


def registry_quads(registry: Registry) -> Iterator[Quad]:
    out = QuadWriter(REGISTRY_GRAPH)
    out.text(REGISTRY_GRAPH, DK.registryDigest, registry.digest)
    offices: set[tuple[str, str]] = set()
    for person in registry.people.values():
        node = DKR[f"actor/{iri_safe(person.actor_id)}"]
        out.add(node, RDF.type, DK.Actor)
        out.add(node, RDF.type, FOAF.Person)
        out.text(node, RDFS.label, person.name)
        for alias in sorted(set(person.aliases) - {person.name}):
            out.text(node, SKOS.altLabel, alias)
        wikidata = [person.wikidata] if person.wikidata else []  # `--param actor=Q7747` finds the person
        for key in search_keys([person.name, *person.aliases, *wikidata, *country_names(registry, person.country)]):
            out.text(node, DK.searchKey, key)
        for key in search_keys([person.name, *person.aliases, *wikidata]):
            out.text(node, DK.nameKey, key)
        out.add(node, DK.country, DKR[f"country/{person.country}"])
        out.add(node, DK.knownFrom, DK.registry)
        if person.wikidata:
            out.add(node, OWL.sameAs, WD[person.wikidata])
        for index, term in enumerate(person.terms):
            office = DKR[f"office/{person.country}/{term.office}"]
            offices.add((person.country, term.office))
            term_node = DKR[f"term/{iri_safe(person.actor_id)}/{index}"]
            out.add(term_node, RDF.type, DK.OfficeTerm)
            out.add(term_node, ORG.member, node)
            out.add(term_node, DK.office, office)
            if term.start:
                out.add(term_node, SCHEMA.startDate, Literal(term.start.isoformat(), datatype=XSD.date))
            if term.end:
                out.add(term_node, SCHEMA.endDate, Literal(term.end.isoformat(), datatype=XSD.date))
    for country, office in sorted(offices):
        node = DKR[f"office/{country}/{office}"]
        out.add(node, RDF.type, DK.Office)
        out.text(node, RDFS.label, f"{office.replace('_', ' ')} ({country})")
        out.text(node, DK.officeKind, office)
        out.add(node, DK.country, DKR[f"country/{country}"])
    codes = set(registry.countries) | {p.country for p in registry.people.values()}
    for code in sorted(codes):
        node = DKR[f"country/{code}"]
        out.add(node, RDF.type, DK.Country)
        out.text(node, SKOS.notation, code)
        country = registry.countries.get(code)
        for language, name in (country.names.items() if country else []):
            out.text(node, RDFS.label, name, language)
        for key in search_keys(country_names(registry, code)):
            out.text(node, DK.searchKey, key)
            out.text(node, DK.nameKey, key)
    yield from out.quads



# --- reading back: query rows (queries/claim-*.rq) to the pipeline's dataclasses -----------------

WEEKDAY_INDEX = {node.value: index for index, node in enumerate(WEEKDAYS)}


def _actor_from_row(iri: str, row: dict) -> Actor:
    local = iri.rsplit("/resource/", 1)[-1]
    if local.startswith("country/"):
        code = local.removeprefix("country/")
        return Actor(local, row.get("label") or code, code, None, "registry", is_country=True)
    actor_id = _unquote(local.removeprefix("actor/"))
    known = "text" if (row.get("knownFrom") or "").endswith("#text") else "registry"
    return Actor(actor_id, row.get("label") or actor_id, row.get("country"), row.get("role"), known)


def _unquote(text: str) -> str:
    from urllib.parse import unquote

    return unquote(text)


def contact_claims_from_rows(rows: list[dict], evidence_rows: list[dict]) -> list[ContactClaim]:
    evidence: dict[str, list[Evidence]] = {}
    for row in evidence_rows:
        evidence.setdefault(row["claim"], []).append(Evidence(row["sentence"], row["start"], row["end"]))
    claims: dict[str, ContactClaim] = {}
    for row in rows:
        iri = row["claim"]
        claim = claims.get(iri)
        if claim is None:
            date = PartialDate(
                int(row["year"]) if row.get("year") else None,
                int(row["month"].lstrip("-")) if row.get("month") else None,
                int(row["day"].lstrip("-")) if row.get("day") else None,
                WEEKDAY_INDEX.get(row.get("weekday") or ""),
            )
            claim = ContactClaim(row["document"], CLASS_KINDS[row["kindClass"]], [],
                                 date if date.precision else None, evidence.get(iri, []),
                                 duration_minutes=int(float(row["duration"])) if row.get("duration") else None,
                                 place=row.get("place"), ordinal=int(iri.rsplit("/c", 1)[-1]))
            claim.initiator_iri = row.get("initiator")  # type: ignore[attr-defined]
            claims[iri] = claim
        actor = _actor_from_row(row["actor"], row)
        if all(a.actor_id != actor.actor_id for a in claim.participants):
            claim.participants.append(actor)
            if row.get("initiator") == row["actor"]:
                claim.initiator = actor
    return list(claims.values())


def position_claims_from_rows(rows: list[dict]) -> list[PositionClaim]:
    positions = []
    for row in rows:
        holder = _actor_from_row(row["holder"], row)
        positions.append(PositionClaim(row["document"], holder, row["stance"], row.get("topic") or "",
                                       Evidence(row["sentence"], row["start"], row["end"]), row.get("quote"),
                                       int(row["claim"].rsplit("/p", 1)[-1])))
    return positions
