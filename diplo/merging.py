"""The store's merged graph, kept in step with its articles' claims as a run writes them.

The merge (ingest.merge) is local: only claims with the same participants can be one contact
event, only positions with the same holder, stance and topic words one position, and disputes
are found within one article. So the merged graph is a union of parts, one per participant
set, per position key and per article, and a batch of new or re-ingested articles changes only
the parts that their old and new claims belong to. `MergedGraph.write` recomputes those parts
from the claims the store holds for them (looked up, never all read) and writes the quads that
changed: its cost and memory follow the batch, not the store. The result is always the graph a
full rebuild (`rebuild_merged_graph`) writes, which a test checks.

The articles and the merged graph are two transactions; a marker written with the articles and
removed with the merged graph's update tells the next run that a crash came between them, and
that run rebuilds the merged graph whole before it writes anything.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import unquote

import pyoxigraph as ox

from diplo import rdf
from diplo.namespaces import DK, DKR, MERGED_GRAPH, RDF, SEM, XSD, article_graph
from diplo.store import Store
from ingest.merge import contact_key, find_disputes, merge_contacts, merge_positions, position_key
from ingest.model import ContactClaim, ContactEvent, PositionClaim

PENDING_GRAPH = DKR["graph/merge-pending"]  # the articles of a batch, until their merge is written
TRUE = ox.Literal("true", datatype=XSD.boolean)
EVENT_NODES = ("time", "date", "duration")  # an event's own nodes (diplo.rdf.QuadWriter)
CACHED_CLAIMS = 5_000  # contact claims, and as many position claims, kept between batches: about 20 MB each
CACHED_PAIR_CONTACTS = 50_000  # contacts of the pair index kept between batches: about 10 MB


@dataclass
class _Claims:
    """What one article's graph holds that the merge reads."""

    contacts: list[ContactClaim] = field(default_factory=list)
    positions: list[PositionClaim] = field(default_factory=list)


class MergedGraph:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.contacts = _KeyedClaims(lambda keys: self._read_keyed(keys, self._contacts_of, "c"), contact_key_of)
        self.positions = _KeyedClaims(lambda keys: self._read_keyed(keys, self._positions_of, "p"), position_key,
                                      order=_listing_order)
        self.pair_contacts = _Kept(CACHED_PAIR_CONTACTS)
        if store.match(graph=PENDING_GRAPH):
            rebuild_merged_graph(store)  # a run was killed between its articles and their merge
            store.drop_graph(PENDING_GRAPH)

    def write(self, graphs: list[tuple[str, ox.NamedNode, list[ox.Quad], list[ox.Quad]]]) -> None:
        """Write a batch of articles' graphs (document, graph, quads, shared quads) in one
        transaction, then bring the merged graph up to date with them in another."""
        self._change([document for document, *_ in graphs],
                     lambda: self.store.replace_graphs([(graph, quads, shared) for _, graph, quads, shared in graphs]))

    def remove(self, documents: list[str]) -> None:
        """Remove these articles' graphs, then what the merged graph held of them."""
        self._change(documents, lambda: self.store.drop_graphs([article_graph(d) for d in documents]))

    def _change(self, documents: list[str], change: Callable[[], None]) -> None:
        before = self._claims_of(documents)
        self.store.replace_graph(PENDING_GRAPH, [ox.Quad(rdf.article_iri(d), DK.mergePending, TRUE, PENDING_GRAPH)
                                                 for d in documents])
        change()
        after = self._claims_of(documents)
        articles = [*before.values(), *after.values()]
        gone: set[ox.Quad] = set()
        new: set[ox.Quad] = set()
        contact_keys = {contact_key(c.participant_ids) for claims in articles for c in claims.contacts}
        touched_events = set()
        for key in contact_keys:
            for event in self._keyed(key, MERGED_GRAPH):
                touched_events.add(event)
                for node in (event, *(ox.NamedNode(f"{event.value}/{part}") for part in EVENT_NODES)):
                    gone.update(self.store.match(node, graph=MERGED_GRAPH))
        written = set(documents)
        now_contacts = [c for claims in after.values() for c in claims.contacts]
        events = []
        for claims in self.contacts.current(contact_keys, written, now_contacts).values():
            events += merge_contacts(claims)
        new.update(rdf.merged_quads(events, []))
        pairs = {pair for claims in articles for c in claims.contacts for pair in rdf.side_pairs(c.participants)}
        self._reindex_pairs(pairs, touched_events, events, gone, new)
        position_keys = {position_key(p) for claims in articles for p in claims.positions}
        for key in position_keys:
            gone.update(self.store.match(DKR[f"position/{key}"], graph=MERGED_GRAPH))
        now_positions = [p for claims in after.values() for p in claims.positions]
        for positions in self.positions.current(position_keys, written, now_positions).values():
            new.update(rdf.merged_quads([], merge_positions(positions)))
        for document in documents:
            for denial in before[document].positions:
                for quad in self.store.match(None, DK.denial, rdf.claim_iri(document, f"p{denial.ordinal}"), MERGED_GRAPH):
                    gone.update(self.store.match(quad.subject, graph=MERGED_GRAPH))
            new.update(rdf.merged_quads([], [], find_disputes(after[document].positions)))
        # a place that no event stands at any more leaves with its description
        left = {q.object for q in gone - new if q.predicate == SEM.hasPlace}
        still = {q.object for q in new if q.predicate == SEM.hasPlace}
        for place in left - still:
            users = {q.subject for q in self.store.match(None, SEM.hasPlace, place, MERGED_GRAPH)}
            if not users - {q.subject for q in gone}:
                gone.update(q for q in self.store.match(place, graph=MERGED_GRAPH))
        self.store.update_graph(MERGED_GRAPH, gone - new, new - gone)
        self.store.drop_graph(PENDING_GRAPH)

    def _reindex_pairs(self, pairs: set, touched: set[ox.NamedNode], events: list[ContactEvent],
                       gone: set[ox.Quad], new: set[ox.Quad]) -> None:
        """Bring the pair index (diplo.rdf.pair_quads) of these pairs up to date: their contacts
        less the `touched` events (those of the participant sets the batch recomputed), plus the
        recomputed `events`. A pair's contacts cross participant sets (Lecornu-Shoigu and
        Lecornu-Putin are both Lecornu-Russia), so they are kept between batches like claims, and
        only the links whose previous contact changed are rewritten."""
        recomputed = rdf.contacts_by_pair(events)
        for pair in pairs:
            before = self.pair_contacts.get(pair)
            if before is None:
                before = self._stored_pair_contacts(pair)
            after = {event: date for event, date in before.items() if event not in touched}
            after.update(recomputed.get(pair, {}))
            removed, added = rdf.pair_changes(pair, before, after)
            gone.update(removed)
            new.update(added)
            self.pair_contacts.keep(pair, after)

    def _stored_pair_contacts(self, pair: tuple[ox.NamedNode, ox.NamedNode]) -> dict:
        """The contacts (event: its date) the store's pair index holds for this pair."""
        contacts = {}
        for link in self.store.match(None, DK.pair, rdf.pair_iri(pair), MERGED_GRAPH):
            event = rdf.event_of_pair_contact(link.subject)
            dated = self.store.match(event, DK.date, None, MERGED_GRAPH)
            contacts[event] = dated[0].object if dated else None
        return contacts

    def counts(self) -> tuple[int, int]:
        """(contact events, positions) in the merged graph."""
        return (len(self.store.match(None, RDF.type, DK.ContactEvent, MERGED_GRAPH)),
                len(self.store.match(None, RDF.type, DK.Position, MERGED_GRAPH)))

    def _claims_of(self, documents: list[str]) -> dict[str, _Claims]:
        """The claims these articles' graphs hold now."""
        found = {document: _Claims() for document in documents}
        for claim in self._contacts_of(documents):
            found[claim.doc_id].contacts.append(claim)
        for position in self._positions_of(documents):
            found[position.doc_id].positions.append(position)
        return found

    def _contacts_of(self, documents: Iterable[str]) -> list[ContactClaim]:
        identifiers = [ox.Literal(document) for document in documents]
        return rdf.contact_claims_from_rows(self.store.select_named_for("claim-contacts", "document", identifiers),
                                            self.store.select_named_for("claim-evidence", "document", identifiers))

    def _positions_of(self, documents: Iterable[str]) -> list[PositionClaim]:
        identifiers = [ox.Literal(document) for document in documents]
        return rdf.position_claims_from_rows(self.store.select_named_for("claim-positions", "document", identifiers))

    def _keyed(self, key: str, graph: ox.NamedNode | None = None) -> list[ox.NamedNode]:
        """What carries this merge key: in the merged graph its events, elsewhere the claims."""
        found = (q for q in self.store.match(None, DK.mergeKey, ox.Literal(key), graph)
                 if graph is not None or q.graph_name != MERGED_GRAPH)
        return list(dict.fromkeys(q.subject for q in found))

    def _read_keyed(self, keys: set[str], read: Callable, marker: str) -> list:
        """The stored claims of these merge keys, read through their articles by `read` (claim
        IRIs end in `marker` and the ordinal: "c" contacts, "p" positions)."""
        claims = self._claims_keyed(keys)
        if not claims:
            return []
        return [c for c in read(_documents_of(claims)) if rdf.claim_iri(c.doc_id, f"{marker}{c.ordinal}").value in claims]

    def _claims_keyed(self, keys: set[str]) -> set[str]:
        """The IRIs of the stored claims of these merge keys."""
        return {iri.value for key in keys for iri in self._keyed(key)}


class _KeyedClaims:
    """The claims of each merge key that a run has touched, kept between batches (`_Kept`, up to
    CACHED_CLAIMS claims, so memory stays bounded). Only
    this run writes the store, so a kept list stays what the store holds, once the batch's
    articles have replaced their earlier claims in it."""

    def __init__(self, read: Callable, key_of: Callable, order: Callable | None = None) -> None:
        self.read = read
        self.key_of = key_of
        self.order = order
        self.kept = _Kept(CACHED_CLAIMS)

    def current(self, keys: set[str], written: set[str], now: list) -> dict[str, list]:
        """The claims of these keys once the articles `written` hold the claims `now`."""
        found: dict[str, list] = {}
        arrived: dict[str, list] = {}
        for claim in now:
            arrived.setdefault(self.key_of(claim), []).append(claim)
        for key in keys:
            kept = self.kept.get(key)
            if kept is not None:
                found[key] = [c for c in kept if c.doc_id not in written] + arrived.get(key, [])
        missing = keys - found.keys()
        for claim in self.read(missing) if missing else []:
            found.setdefault(self.key_of(claim), []).append(claim)
        for key in keys:
            claims = found.setdefault(key, [])
            if self.order is not None:
                claims.sort(key=self.order)
            self.kept.keep(key, claims)
        return {key: claims for key, claims in found.items() if claims}


class _Kept:
    """Lists or maps by key, the least recently kept leaving once they hold more than `bound`
    items in all (the last one kept always stays): what a run keeps between batches, so that a
    key every batch touches (two leaders who meet often, France-Russia) is not read again from
    the store each time."""

    def __init__(self, bound: int) -> None:
        self.bound = bound
        self.kept: OrderedDict = OrderedDict()
        self.size = 0

    def get(self, key):
        return self.kept.get(key)

    def keep(self, key, items) -> None:
        self.size += len(items) - len(self.kept.pop(key, ()))
        self.kept[key] = items
        while self.size > self.bound and len(self.kept) > 1:
            _, dropped = self.kept.popitem(last=False)
            self.size -= len(dropped)


def _listing_order(position: PositionClaim) -> tuple[str, str]:
    """Where the claim-positions listing puts a claim (by article, then claim IRI): the first of
    a key names its merged position."""
    return position.doc_id, rdf.claim_iri(position.doc_id, f"p{position.ordinal}").value


def contact_key_of(claim: ContactClaim) -> str:
    return contact_key(claim.participant_ids)


def _documents_of(claims: set[str]) -> list[str]:
    """The articles these claim IRIs (dkr:claim/{doc}/{n}) belong to."""
    return sorted({unquote(claim.rsplit("/", 2)[-2]) for claim in claims})


def rebuild_merged_graph(store: Store) -> tuple[int, int]:
    """Merge the claims of every stored article anew; returns (contact events, positions)."""
    claims = rdf.contact_claims_from_rows(store.select_named("claim-contacts"), store.select_named("claim-evidence"))
    events = merge_contacts(claims)
    position_claims = rdf.position_claims_from_rows(store.select_named("claim-positions"))
    positions = merge_positions(position_claims)
    quads = rdf.merged_quads(events, positions, find_disputes(position_claims))
    for pair, contacts in rdf.contacts_by_pair(events).items():
        quads += rdf.pair_quads(pair, contacts)
    store.replace_graph(MERGED_GRAPH, quads)
    return len(events), len(positions)
