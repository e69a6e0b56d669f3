"""Stage 6, merge: the claims of every article become one event per real-world contact.

Claims merge when they have the same participants, compatible kinds (a call is never a
meeting; "talks" says no mode) and dates that can name the same day. The merged date is the
most precise one consistent with every source: "mercredi" in an undated 2024 article joins a
"3 avril" without year and a "2024-04-03" into 2024-04-03. Two claims from one article never
merge (an article that reports two calls between the same people means two calls).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from ingest.kinds import kinds_compatible, more_specific_kind
from ingest.model import ContactClaim, ContactEvent, PartialDate, PositionClaim


def merge_contacts(claims: list[ContactClaim]) -> list[ContactEvent]:
    ordered = sorted(claims, key=lambda c: (-(c.date.specificity() if c.date else 0), c.doc_id, c.ordinal))
    events: list[ContactEvent] = []
    by_pair: dict[frozenset[str], list[ContactEvent]] = {}  # only the same people can be the same event
    for claim in ordered:
        same_people = by_pair.setdefault(claim.participant_ids, [])
        candidates = [e for e in same_people if _can_join(e, claim)]
        if candidates:
            best = max(candidates, key=lambda e: (_agreement(e.date, claim.date), len(e.claims)))
            _join(best, claim)
        else:
            event = ContactEvent("", claim.kind, list(claim.participants), claim.date, [claim],
                                 claim.duration_minutes, claim.initiator, claim.place)
            events.append(event)
            same_people.append(event)
    # A contact nothing dates, which no dated report of the same people completes, is too vague
    # to place on a timeline: it stays a claim in its article's graph, not an event.
    events = _join_disputed_days([e for e in events if e.date is not None and e.date.year is not None])
    for event in events:
        event.claims.sort(key=lambda c: (c.doc_id, c.ordinal))
        first = event.claims[0]
        key = "|".join(sorted(a.actor_id for a in event.participants)) + f"|{first.doc_id}|{first.ordinal}"
        event.event_id = hashlib.sha1(key.encode()).hexdigest()[:16]
        event.participants.sort(key=lambda a: a.label)
    events.sort(key=lambda e: (e.date.iso() or "" if e.date else "", e.event_id))
    return events


def _join_disputed_days(events: list[ContactEvent]) -> list[ContactEvent]:
    """Sources one day apart on the same contact (time zones, a late-night call, an error) are
    one event: it keeps the day most sources give and records the other as a conflict."""
    kept: list[ContactEvent] = []
    by_pair: dict[frozenset[str], list[ContactEvent]] = {}
    for event in sorted(events, key=lambda e: -len(e.claims)):
        day = event.date.as_date()
        same_people = by_pair.setdefault(frozenset(a.actor_id for a in event.participants), [])
        twin = None
        if day is not None:
            twin = next((k for k in same_people if k.date.as_date() is not None
                         and abs((k.date.as_date() - day).days) == 1 and k.kind == event.kind
                         and not {c.doc_id for c in k.claims} & {c.doc_id for c in event.claims}), None)
        if twin is None:
            kept.append(event)
            same_people.append(event)
            continue
        documents = ", ".join(sorted({c.doc_id for c in event.claims}))
        twin.date_conflicts.append(f"{documents} date it {event.date.iso()}; "
                                   f"{len({c.doc_id for c in twin.claims})} other source(s) {twin.date.iso()}")
        twin.claims.extend(event.claims)
    return kept


def _can_join(event: ContactEvent, claim: ContactClaim) -> bool:
    if {a.actor_id for a in event.participants} != claim.participant_ids:
        return False
    if not kinds_compatible(event.kind, claim.kind):
        return False
    if any(c.doc_id == claim.doc_id for c in event.claims):
        return False
    if claim.date is None:
        return event.date is not None
    if event.date is None:
        return False
    return event.date.compatible(claim.date)


def _agreement(a: PartialDate | None, b: PartialDate | None) -> int:
    if a is None or b is None:
        return 0
    return sum(getattr(a, n) is not None and getattr(a, n) == getattr(b, n) for n in ("year", "month", "day", "weekday"))


def _join(event: ContactEvent, claim: ContactClaim) -> None:
    event.claims.append(claim)
    if claim.date is not None:
        event.date = claim.date if event.date is None else event.date.combine(claim.date)
    event.kind = more_specific_kind(event.kind, claim.kind)
    event.duration_minutes = event.duration_minutes or claim.duration_minutes
    if event.initiator is None and claim.initiator is not None:
        event.initiator = next((a for a in event.participants if a.actor_id == claim.initiator.actor_id), None)
    event.place = event.place or claim.place


def merge_positions(positions: list[PositionClaim]) -> list[tuple[str, list[PositionClaim]]]:
    """Positions of the same holder and stance on the same occasion: grouped by holder, stance and
    topic words, so that five reports of one condemnation are one position with five sources."""
    groups: dict[str, list[PositionClaim]] = {}
    for position in positions:
        groups.setdefault(position_key(position), []).append(position)
    return sorted(groups.items())


def contact_key(participant_ids: Iterable[str]) -> str:
    """The participant set a contact claim or event belongs to: only claims with the same key
    can be one event."""
    return hashlib.sha1("|".join(sorted(participant_ids)).encode()).hexdigest()[:16]


def position_key(position: PositionClaim) -> str:
    """The merged position a claim belongs to: its holder, stance and first topic words."""
    topic = " ".join(sorted(_topic_words(position.topic))[:6])
    return hashlib.sha1(f"{position.holder.actor_id}|{position.stance}|{topic}".encode()).hexdigest()[:16]


DISPUTABLE_STANCES = {"assert", "offer", "accuse"}
DISPUTE_REACH = 3  # position sentences on either side of a denial that it may answer


def find_disputes(positions: list[PositionClaim]) -> list[tuple[PositionClaim, PositionClaim]]:
    """(denial, disputed claim) pairs: in one article, a holder of one country denies and a holder
    of another asserted, offered or accused, in one of the DISPUTE_REACH sentences with positions
    before or after the denial. A denial answers what was reported next to it ("X accused Y of
    the strike. Y denied any part in it."), not every claim of a long article: that bound keeps
    the disputes linear in the article's length. Found here once per ingest rather than by a
    query, which would join every article's claims with each other. A sentence read with two
    stances ("admitted ... while accusing ...") is one claim disputed once, not two."""
    by_article: dict[str, list[PositionClaim]] = {}
    for position in positions:
        by_article.setdefault(position.doc_id, []).append(position)
    disputes = []
    for claims in by_article.values():
        # rank the article's position sentences in reading order: distance is counted in them
        rank = {start: index for index, start in enumerate(sorted({c.evidence.start for c in claims}))}
        disputable: dict[int, dict[str, PositionClaim]] = {}
        for claim in claims:
            if claim.stance in DISPUTABLE_STANCES:
                disputable.setdefault(rank[claim.evidence.start], {}).setdefault(claim.holder.actor_id, claim)
        for denial in sorted((c for c in claims if c.stance == "deny"), key=lambda c: c.ordinal):
            here = rank[denial.evidence.start]
            for near in range(here - DISPUTE_REACH, here + DISPUTE_REACH + 1):
                disputes.extend((denial, claim) for claim in disputable.get(near, {}).values()
                                if claim.holder.country != denial.holder.country)
    return disputes


def _topic_words(topic: str) -> set[str]:
    return {w for w in topic.lower().split() if len(w) > 5}
