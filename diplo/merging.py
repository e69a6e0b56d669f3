"""The store's merged graph, kept in step with its articles' claims as a run writes them.

The merge (ingest.merge) is local: only claims with the same participants can be one contact
event, only positions with the same holder, stance and topic words one position, and disputes
are found within one article. So the merged graph is a union of parts, one per participant
set, per position key and per article, and a new or re-ingested article changes only the parts
its old and new claims belong to. `MergedGraph` reads every claim once when a run starts, then
recomputes the parts an article touches and writes only the quads that changed; the result is
always the graph a full rebuild (`rebuild_merged_graph`) writes, which a test checks.
"""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox

from diplo import rdf
from diplo.namespaces import MERGED_GRAPH
from diplo.store import Store
from ingest.merge import find_disputes, merge_contacts, merge_positions, position_key
from ingest.model import ContactClaim, PositionClaim

Part = tuple[str, object]  # ("contacts", participant ids) | ("position", key) | ("disputes", document)


class MergedGraph:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.contacts: dict[frozenset[str], list[ContactClaim]] = {}
        self.positions: dict[str, list[PositionClaim]] = {}  # by position key
        self.positions_of: dict[str, list[PositionClaim]] = {}  # by article
        self.contacts_of: dict[str, list[ContactClaim]] = {}  # by article
        self.part_quads: dict[Part, set[ox.Quad]] = {}
        self.events: dict[frozenset[str], int] = {}  # contact events per participant set
        self.uses: Counter[ox.Quad] = Counter()  # parts holding each quad (places are shared)
        self.dirty: set[Part] = set()
        contacts = rdf.contact_claims_from_rows(store.select_named("claim-contacts"),
                                                store.select_named("claim-evidence"))
        self._add(contacts, rdf.position_claims_from_rows(store.select_named("claim-positions")))
        self._recompute()
        # what the store holds may lag behind its claims (a run killed between two merges):
        # the first write makes the merged graph whole, whatever it held
        store.replace_graph(MERGED_GRAPH, list(self.uses))

    @property
    def counts(self) -> tuple[int, int]:
        """(contact events, positions) in the merged graph."""
        return sum(self.events.values()), len(self.positions)

    def article_written(self, document: str) -> None:
        """Take in the claims the store now holds for one article, in place of its earlier ones."""
        identifier = ox.Literal(document)
        contacts = rdf.contact_claims_from_rows(self.store.select_named_for("claim-contacts", "document", identifier),
                                                self.store.select_named_for("claim-evidence", "document", identifier))
        positions = rdf.position_claims_from_rows(self.store.select_named_for("claim-positions", "document",
                                                                              identifier))
        for claim in self.contacts_of.pop(document, []):
            self.contacts[claim.participant_ids].remove(claim)
            self.dirty.add(("contacts", claim.participant_ids))
        for position in self.positions_of.pop(document, []):
            self.positions[position_key(position)].remove(position)
            self.dirty.add(("position", position_key(position)))
        self.dirty.add(("disputes", document))
        self._add(contacts, positions)

    def flush(self) -> None:
        """Write what the articles taken in since the last flush changed, in one transaction."""
        gone, new = self._recompute()
        if gone or new:
            self.store.update_graph(MERGED_GRAPH, gone, new)

    def _add(self, contacts: list[ContactClaim], positions: list[PositionClaim]) -> None:
        for claim in contacts:
            self.contacts.setdefault(claim.participant_ids, []).append(claim)
            self.contacts_of.setdefault(claim.doc_id, []).append(claim)
            self.dirty.add(("contacts", claim.participant_ids))
        for position in positions:
            key = position_key(position)
            # in the order the store lists them (by claim IRI), as the first of a key is its label
            self.positions.setdefault(key, []).append(position)
            self.positions[key].sort(key=_listing_order)
            self.positions_of.setdefault(position.doc_id, []).append(position)
            self.positions_of[position.doc_id].sort(key=_listing_order)
            self.dirty.add(("position", key))
            self.dirty.add(("disputes", position.doc_id))

    def _recompute(self) -> tuple[set[ox.Quad], set[ox.Quad]]:
        """Recompute the dirty parts; returns the quads that left the graph and those that entered it."""
        gone: set[ox.Quad] = set()
        new: set[ox.Quad] = set()
        for part in self.dirty:
            quads = set(self._part_quads(part))
            before = self.part_quads.pop(part, set())
            if quads:
                self.part_quads[part] = quads
            for quad in before - quads:
                self.uses[quad] -= 1
                if not self.uses[quad]:
                    del self.uses[quad]
                    gone.add(quad)
            for quad in quads - before:
                self.uses[quad] += 1
                if self.uses[quad] == 1:
                    new.add(quad)
        self.dirty = set()
        return gone - new, new - gone

    def _part_quads(self, part: Part) -> list[ox.Quad]:
        kind, key = part
        if kind == "contacts":
            claims = self.contacts.get(key) or []
            if not claims:
                self.contacts.pop(key, None)
            events = merge_contacts(claims)
            self.events[key] = len(events)
            return rdf.merged_quads(events, [])
        if kind == "position":
            positions = self.positions.get(key) or []
            if not positions:
                self.positions.pop(key, None)
                return []
            return rdf.merged_quads([], merge_positions(positions))
        return rdf.merged_quads([], [], find_disputes(self.positions_of.get(key, [])))


def _listing_order(position: PositionClaim) -> tuple[str, str]:
    return position.doc_id, rdf.claim_iri(position.doc_id, f"p{position.ordinal}").value


def rebuild_merged_graph(store: Store) -> tuple[int, int]:
    """Merge the claims of every stored article anew; returns (contact events, positions)."""
    claims = rdf.contact_claims_from_rows(store.select_named("claim-contacts"), store.select_named("claim-evidence"))
    events = merge_contacts(claims)
    position_claims = rdf.position_claims_from_rows(store.select_named("claim-positions"))
    positions = merge_positions(position_claims)
    store.replace_graph(MERGED_GRAPH, rdf.merged_quads(events, positions, find_disputes(position_claims)))
    return len(events), len(positions)
