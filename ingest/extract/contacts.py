"""Contacts: which sentences report a held call, meeting or visit, between whom, and when.

Per clause: a contact cue (lexicon `contact_cues`), no negation, modality or plan cue
(`not_contact_cues`), at least two people. "Première depuis octobre 2022" and "pour la
dernière fois en ..." report the *previous* contact, dated by that expression. Sentences that
refer back to a contact ("Cette conversation d'une heure s'est tenue à l'initiative de Paris")
add duration and initiator to it instead of creating another.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ingest.analyse import Sentence
from ingest.dates import DateFinder, DateMention, in_dateline, resolve
from ingest.extract.frames import ContactFrame, FrameReader
from ingest.extract.mentions import DESCRIBED_WITHIN, MentionFinder
from ingest.kinds import KINDS, kinds_compatible, more_specific_kind
from ingest.lexicon import Lexicon, alternation
from ingest.model import Actor, Article, ContactClaim, Mention, PartialDate
from ingest.registry import fold
from ingest.resolve import DocumentActors

NAMING_KINDS = ("person", "office", "counterpart", "described")  # mentions that say who, not only refer back
KIND_ORDER = KINDS  # the first cue found, in this order, names the clause's kind
MODALITY_WINDOW = (70, 50)  # characters before and after a contact cue where a negation or plan cue counts


@dataclass
class Clause:
    start: int
    end: int
    text: str


@dataclass
class FramedClaim:
    """A claim read from a contact frame, with what the merge with the clause reading needs."""
    claim: ContactClaim
    names_both: bool  # its roles name both sides themselves (no pronoun, no group)
    dated_by_clause: bool  # a time expression of its own clause dates it
    told: bool  # its date is one the text tells (its clauses' or the narrative's), not the publication day
    foreign_dates: list[PartialDate]  # the sentence's dates that are other clauses' (not its time)
    in_series: bool = False  # one of the contacts of a clause that lists several times (`_date_series`)
    background: bool = False  # told in passing (`ContactFrame.background`): not the story's current pair
    separate: bool = False  # one of "separate meetings with A and B": a contact with each, not one with all
    reported: bool = False  # in what a verb of saying reports: the sentence's other times are the saying's
    # "a trip to Oslo by A, B and C": travellers together and no host, no contact among them
    hostless: bool = False
    habitual: bool = False  # a series of contacts ("se téléphonent souvent"): no single day


class ContactExtractor:
    def __init__(self, lexicon: Lexicon, mentions: MentionFinder) -> None:
        self.lexicon = lexicon
        self.mentions = mentions
        self.dates = DateFinder(lexicon)
        self.frames = FrameReader(lexicon)
        self.cues = lexicon.contact_cues
        self.not_contact = lexicon.regex("not_contact_cues")
        self.not_contact_before = lexicon.regex("not_contact_cues_before")
        self.since = lexicon.regex("since_cues")
        self.first_since = lexicon.regex("first_since_only")
        self.recall_with_narrated = lexicon.regex("recall_with_narrated")
        self.event_anaphora = lexicon.regex("event_anaphora")
        self.initiator = [re.compile(p, re.IGNORECASE) for p in lexicon.data.get("initiator_patterns", [])]
        self.durations = [re.compile(p, re.IGNORECASE) for p in lexicon.data.get("duration_patterns", [])]
        self.numbers = lexicon.data.get("number_words", {})
        self.hour_words = tuple(lexicon.data.get("hour_words", []))  # the duration's unit: hours, else minutes
        self.clause_breaks = clause_breaks(lexicon)
        self.days_after = re.compile(rf"^[\s,]*(?:{lexicon.alternation('days_after')})", re.IGNORECASE)
        self.temporal_relative = re.compile(rf"^[\s,]*(?:{lexicon.alternation('temporal_relatives')})\b", re.IGNORECASE)
        # the cue must end the match: "after Thursday evening's " + "talks"
        self.event_reference = re.compile(rf"(?:{lexicon.alternation('event_reference')})\s*$", re.IGNORECASE)
        self.coordinated = re.compile(rf"^\s*(?:{lexicon.alternation('coordinators')})\b", re.IGNORECASE)
        self.place_before = re.compile(rf"\b(?:{lexicon.alternation('place_prepositions')})\s$", re.IGNORECASE)
        # "most recently", "la dernière fois": the time after it is that of the latest contact counted
        recency = lexicon.data.get("frames", {}).get("recency_phrases", [])
        self.recency = re.compile(rf"\b(?:{alternation(recency)})\b", re.IGNORECASE) if recency else re.compile("(?!)")
        markers = lexicon.data.get("frames", {}).get("possessor_markers", [])
        self.possessor = re.compile(rf"\b(?:{alternation(markers)})\s*$", re.IGNORECASE) if markers else re.compile("(?!)")
        self.coordinator_word = re.compile(rf"\b(?:{lexicon.alternation('coordinators')})\b", re.IGNORECASE)
        between = lexicon.data.get("frames", {}).get("between_prepositions", [])
        self.range_start = re.compile(rf"\b(?:{alternation(between)})\s+$", re.IGNORECASE) if between else None

    def extract(self, article: Article, sentences: list[Sentence], found: list[list[Mention]],
                actors: DocumentActors) -> list[ContactClaim]:
        claims: list[ContactClaim] = []
        pending: list[ContactClaim] = []  # "C'était une première depuis ..." before its contact is named
        last: ContactClaim | None = None  # the contact the article is talking about
        held: dict[int, list[ContactClaim]] = {}  # per sentence, the held contacts the parse reads there
        time_anchor: PartialDate | None = None  # the narrative's time so far (`_narrative_time`)
        background: set[int] = set()  # claims told in passing ("juste après un échange avec X")
        for mentions in found:
            actors.note_named(mentions)
        for sentence, mentions in zip(sentences, found):
            new_claims: list[ContactClaim] = []
            # a dateline dates the report, not what it reports
            sentence_dates = [d for d in self.dates.find(sentence.text) if not in_dateline(sentence.text, d)]
            frames = self.frames.read(sentence) if sentence.parsed else []
            for clause in split_clauses(sentence.text, self._has_cue, self.clause_breaks, verb_coordinations(sentence)):
                for claim in self._clause_claims(article, sentence, clause, frames, mentions, sentence_dates, actors,
                                                 new_claims[-1] if new_claims else last, bool(new_claims)):
                    if not claim.participants:
                        if last is None:
                            pending.append(claim)
                            continue
                        claim.participants = list(last.participants)
                        claim.kind = _kind_or(claim.kind, last.kind)
                    new_claims.append(claim)
            headline = sentence.index == 0 and bool(article.title) and sentence.text.strip() == article.title.strip()
            framed = self._frame_claims(article, sentence, frames, mentions, sentence_dates, actors, last,
                                        None if headline else time_anchor, headline)
            if last is not None and not last.recalled and sentence.parsed and self.frames.joins_a_contact(sentence):
                # "X was joined at the talks by A, B and C": they are the current contact's people too
                joining = self._role_people(sentence.text, [(0, len(sentence.text))], mentions, actors, last.date,
                                            [], last)
                if any(p in last.participants for p in joining):
                    last.participants += [p for p in joining if p not in last.participants]
                    if sentence.evidence() not in last.evidence:
                        last.evidence.append(sentence.evidence())
                    new_claims, framed = [], []
            travellers = [f.claim.participant_ids for f in framed if f.hostless]
            framed = [f for f in framed if not f.hostless]
            new_claims = [c for c in new_claims if c.recalled or c.participant_ids not in travellers]
            held[sentence.start] = [f.claim for f in framed]
            planned = self._unheld_times(article, frames, sentence_dates, time_anchor or (last.date if last else None))
            for claim in new_claims:
                if claim.date is not None and not claim.recalled and claim.date in planned:
                    # "during the call, X proposed to meet Y on Friday": Friday is the plan's time
                    claim.date = None
            series = [f.claim for f in framed if f.in_series]
            if series:
                # the clause reading gives such a clause one contact at one of its times
                new_claims = [c for c in new_claims if c.recalled or not any(_same_people(c, s) for s in series)]
                new_claims += series
            framed_claims = [f.claim for f in framed]
            # the clause reading put together people whom the parse gives separate contacts ("called X
            # on Monday and saw Y on Friday"; not both in one): they did not meet each other
            new_claims = [c for c in new_claims if c in framed_claims or c.recalled
                          or not _split_by_frames(c, framed_claims)]
            # nor does it know "separate": a contact of that kind and time with any of the same
            # people is one of those the parse reads one by one
            separately = [f.claim for f in framed if f.separate]
            new_claims = [c for c in new_claims if c in framed_claims or c.recalled or not any(
                c.kind == s.kind and c.date == s.date and c.participant_ids & s.participant_ids for s in separately)]
            for framed_claim in framed:
                if framed_claim.in_series:
                    continue
                claim, both_named = framed_claim.claim, framed_claim.names_both
                # the same contact read twice: the same people, kinds that can name one contact
                overlapping = [c for c in new_claims if _same_people(claim, c) and kinds_compatible(claim.kind, c.kind)]
                if framed_claim.background:
                    background.update(id(c) for c in [claim, *overlapping])
                for other in overlapping:
                    if framed_claim.habitual and not other.recalled:
                        other.date = claim.date  # the clause reading took one day of the series
                    elif not other.recalled and claim.date is not None and (
                            framed_claim.dated_by_clause or (other.date is None and framed_claim.told)
                            or other.date in framed_claim.foreign_dates):
                        # the parse says which clause's time is the contact's ("X, arrived the day
                        # before, met Y": not the arrival's); the clause reading takes the nearest date
                        other.date = claim.date
                    elif not other.recalled and claim.date is None and framed_claim.reported \
                            and other.date in framed_claim.foreign_dates:
                        # "X said on Monday that A had met B": Monday is when it was said
                        other.date = None
                # the parse says who took part where the clause reading drew in someone the
                # frame's roles leave out ("the first visit by a Kenyan leader", "X, adviser to
                # the president"; only when those roles name both sides) or left out someone they
                # name ("the three leaders were received by X")
                differing = [c for c in overlapping if not c.recalled and c.participant_ids != claim.participant_ids]
                narrower = [c for c in overlapping if not c.recalled and c.participant_ids < claim.participant_ids]
                # "separate meetings with A and B" read as one meeting of all three
                wider = [c for c in overlapping if not c.recalled and c.participant_ids > claim.participant_ids] \
                    if framed_claim.separate else []
                for replaced in (differing if both_named else [], narrower, wider):
                    if replaced and len(replaced) == len(overlapping):
                        claim.date = claim.date or replaced[0].date
                        new_claims = [c for c in new_claims if c not in replaced]
                        overlapping = []
                if not overlapping:
                    new_claims.append(claim)
            if not new_claims and last is not None and self.event_anaphora.search(sentence.text) \
                    and not self.not_contact.search(sentence.text):
                self._add_details(last, sentence, actors)
                if sentence.evidence() not in last.evidence:
                    last.evidence.append(sentence.evidence())
            for claim in new_claims:
                # "Cette conversation d'une heure est la première depuis ...": the details describe
                # the contact being reported, not the earlier one
                current = last if claim.recalled and last is not None and not last.recalled else claim
                self._add_details(current, sentence, actors)
                claims.append(claim)
                # the article's current contact: a dated, narrated one (an undated mention in a
                # quote is too weak an anchor for "le lendemain" or "plus tôt dans la journée")
                if last is None or (not claim.recalled and claim.date is not None and id(claim) not in background):
                    last = claim
                for waiting in pending:
                    waiting.participants = list(claim.participants)
                    waiting.kind = _kind_or(waiting.kind, claim.kind)
                    claims.append(waiting)
                pending = []
            narrated = [c.date for c in new_claims if c.date is not None and not c.recalled]
            if narrated:
                time_anchor = narrated[-1]
            elif not headline:
                # the story's time is the last date it told; once a contact is dated, only a later
                # date moves it on ("Wednesday, X criticised ..."): an earlier one is a flashback
                # ("took office in June"), and "the day before" still counts from the contact
                told = self._narrative_time(article, sentence, sentence_dates, time_anchor)
                dated_contact = any(c.date is not None and not c.recalled for c in claims)
                if not dated_contact or _later(told, time_anchor):
                    time_anchor = told
            subject = self._sentence_subject(sentence, mentions, actors, None, [])
            actors.saw(mentions)
            if subject is not None and not subject.is_country:
                actors.subject = subject
        claims = date_from_narrative(merge_within_article(claims), held)
        for claim in claims:
            if claim.kind == "talks" and claim.place:
                claim.kind = "meeting"  # talks held somewhere, "à Genève", "at the hotel": in person
        return claims

    def _frame_claims(self, article: Article, sentence: Sentence, frames: list[ContactFrame], mentions: list[Mention],
                      sentence_dates: list[DateMention], actors: DocumentActors, last: ContactClaim | None,
                      time_anchor: PartialDate | None, headline: bool) -> list[FramedClaim]:
        """Held contacts that the parse gives roles for (ingest.extract.frames): a subject and an
        object or "with" oblique of a contact verb or noun, wherever the clause stands (relative,
        participial, infinitive). A contact that no time expression of its clauses dates takes
        the narrative's time."""
        claims: list[FramedClaim] = []
        anchor = time_anchor or (last.date if last else None)
        clause_dates = [d.start for d in sentence_dates if d.listed_before is None
                        and self.frames.dates_clause(sentence, d.start, d.end)]
        # a listed day dates what the date it shares a month with dates, wherever the parser hangs it
        clause_dates += [d.start for d in sentence_dates if d.listed_before in clause_dates]
        recent_times = [d for d in sentence_dates if self.recency.search(
            sentence.text[:d.start].rsplit(",", 1)[-1])]
        for frame in frames:
            if not frame.held:
                continue
            in_scope, own_clause = frame.time_scope(clause_dates)
            latest = [d.start for d in recent_times if d.start > frame.trigger_end]
            if latest:
                # "has seen X three times this year, most recently in Y in March": the
                # latest of the contacts it counts, wherever the parser hangs its time
                in_scope, own_clause = latest[:1], True
            scoped = self._date([d for d in sentence_dates if d.start in in_scope], article.published, anchor,
                                frame.trigger_start, sentence_dates)
            # nothing dates it, nothing told before: a report in the news present ("X and Y spoke
            # by phone") is of the day the article came out
            date = scoped or time_anchor or (article.published if not headline and not frame.noun else None)
            if frame.habitual and not scoped and date is not None and date.year is not None:
                # "X and Y speak regularly by phone": contacts over a span, known to the year at best
                date = PartialDate(year=date.year)
            foreign = [resolve(d, article.published, anchor) for d in sentence_dates if d.start not in in_scope]
            pair = next((m for m in mentions if m.kind == "group" and m.size
                         and any(a <= m.start < b for a, b in frame.agents + frame.counterparts)), None)
            if pair is not None:
                # "the two men met", "les trois dirigeants ont été reçus": exactly those people,
                # and whoever the other role names ("the two men were welcomed by their host, X")
                other = frame.counterparts if any(a <= pair.start < b for a, b in frame.agents) else frame.agents
                counterparts = self._role_people(sentence.text, [r for r in other if not r[0] <= pair.start < r[1]],
                                                 mentions, actors, date, [], last)
                # named further on in the sentence ("with both leaders ...; A and B agreed"), else
                # the people the story has been about
                agents = self._named_after(sentence.text, pair, mentions, actors, date, counterparts, last) or list(
                    actors.group(pair.group_offices, date, last.participants if last else None, pair.size, counterparts,
                                 pair.countries))
                if len(agents) != pair.size:
                    continue
                people = agents + [p for p in counterparts if p not in agents]
            elif frame.owned_by_them and not self._names(frame.agents + frame.counterparts, mentions):
                agents, counterparts = self._their_people(sentence, frame, mentions, actors, date, last), []
                people = list(agents)
            else:
                if not self._names(frame.agents + frame.counterparts, mentions):
                    continue  # "they met": who "they" are is the discourse's to say, not this frame's
                agents = self._role_people(sentence.text, frame.agents, mentions, actors, date, [], last)
                if not agents and frame.passive_agents:
                    # "the accord was signed by A, B and C": a subject that is no one; they did it
                    agents = self._role_people(sentence.text, frame.passive_agents, mentions, actors, date, [], last)
                persons = [r for r in frame.counterparts if r not in frame.noun_objects or any(
                    m.start <= frame.noun_objects[r] < m.end + 1 and m.kind in (*NAMING_KINDS, "group")
                    for m in mentions)]
                counterparts = self._role_people(sentence.text, persons, mentions, actors, date, agents, last)
                if not agents and frame.in_adjunct and (len(counterparts) == 1 or frame.separate):
                    # "X raised the plan, which later became law, in separate talks with A and
                    # B": a contact noun in an adjunct that names one side only ("talks between A
                    # and B" names both), its owner nowhere near it, is the contact of the person
                    # the sentence is about
                    subject = self._sentence_subject(sentence, mentions, actors, date, [])
                    agents = [subject] if subject is not None and subject not in counterparts else []
                people = list(agents) + [p for p in counterparts if p not in agents]
            if len(people) < 2 or not (agents or frame.noun):
                continue  # a verb needs its subject; "the call between A and B" does not
            hostless = frame.kind == "visit" and not counterparts and pair is None
            both = pair is None and bool(counterparts) and (frame.between or self._names(frame.agents, mentions)) \
                and self._names(frame.counterparts, mentions)
            # "separate meetings with A and B": a contact with each
            one_side, other_side = (agents, counterparts) if len(agents) == 1 else (counterparts, agents)
            groups = [[*one_side, other] for other in other_side] if frame.separate and len(one_side) == 1 \
                and len(other_side) > 1 else [people]
            place = self._place(Clause(*frame.clause, sentence.text[frame.clause[0]:frame.clause[1]]), sentence, None)
            dated_groups = [(group, date) for group in groups]
            series = self._date_series(sentence.text, [d for d in sentence_dates if d.start in in_scope and not any(
                a <= d.start < b for a, b in frame.other_events)]) if own_clause else []
            if len(series) > 1:
                # "met on 3 May and on 9 May", "met X on Sunday and Y on Monday": a contact per time
                dates = [resolve(d, article.published, anchor) for d in series]
                sides = self._paired_counterparts(sentence.text, frame, series, mentions, actors, dates, agents, last)
                dated_groups = [(list(agents) + sides[i] if sides else people, when)
                                for i, when in enumerate(dates)]
            for group, date in dated_groups:
                claim = ContactClaim(article.doc_id, frame.kind, group, date, [sentence.evidence()], place=place)
                if any(_same_people(claim, c.claim) and c.claim.date == claim.date for c in claims):
                    continue  # two triggers of one contact ("met ... for talks")
                claims.append(FramedClaim(
                    claim, names_both=both, dated_by_clause=scoped is not None and own_clause,
                    told=(scoped or time_anchor) is not None, foreign_dates=[d for d in foreign if d is not None],
                    in_series=len(dated_groups) > len(groups), background=frame.background,
                    separate=len(groups) > 1, reported=frame.reported, hostless=hostless,
                    habitual=frame.habitual and scoped is None))
        return claims

    def _named_after(self, text: str, group: Mention, mentions: list[Mention], actors: DocumentActors,
                     date: PartialDate | None, other_side: list[Actor], last: ContactClaim | None) -> list[Actor]:
        """The people a group names ahead of them in its own sentence, when nothing before it
        says who they are ("raised it with both leaders in separate calls; A and B agreed"):
        exactly as many as the group counts, of its offices, none of the other side."""
        later = [m for m in mentions if m.kind == "person" and m.start >= group.end]
        # exactly that many names, and one list of them ("Putin and Zelensky"), nothing else named
        if len(later) != group.size or any(not self.mentions.name_joiner.fullmatch(text[a.end:b.start])
                                           for a, b in zip(later, later[1:])):
            return []
        people = [p for p in self._role_people(text, [(m.start, m.end) for m in later], mentions, actors, date, [],
                                               last) if p not in other_side]
        if len(people) != group.size or (group.group_offices and not all(
                (p.known_from == "text" and p.role is None)  # whose office the text does not say
                or any(actors.holds(p, office, date) for office in group.group_offices) for p in people)):
            return []
        return people

    def _their_people(self, sentence: Sentence, frame: ContactFrame, mentions: list[Mention], actors: DocumentActors,
                      date: PartialDate | None, last: ContactClaim | None) -> list[Actor]:
        """Whose contact "their call", "leur entretien" is: the two people the sentence names before
        it ("X briefed Y on their call"); with no one named before it ("lors de leur dernier
        tête-à-tête"), the people of the contact the story is about."""
        named = [m for m in mentions if m.kind in NAMING_KINDS and m.start < frame.trigger_start]
        if named:
            people = self._role_people(sentence.text, [(0, frame.trigger_start)], mentions, actors, date, [], last)
            # more than two, or a group: whose contact it is is not for recency to say
            return people if len(people) == 2 and not any(m.kind == "group" for m in named) else []
        return list(last.participants) if last is not None and not last.recalled else []

    def _date_series(self, text: str, dates: list[DateMention]) -> list[DateMention]:
        """The time expressions of one clause that a coordinator joins into a list of distinct
        times ("on Sunday ... and on Monday", "le 3 et le 9 mai"), not a range ("between 3 and
        9 May"); empty when the clause has fewer than two."""
        dates = sorted(dates, key=lambda d: d.start)
        if len(dates) < 2 or len({(d.year, d.month, d.day, d.weekday, d.kind, d.text.lower()) for d in dates}) < len(dates):
            return []
        if self.range_start is not None and self.range_start.search(text[:dates[0].start]):
            return []
        if all(self.coordinator_word.search(text[a.end:b.start]) for a, b in zip(dates, dates[1:])):
            return dates
        return []

    def _paired_counterparts(self, text: str, frame: ContactFrame, series: list[DateMention], mentions: list[Mention],
                             actors: DocumentActors, dates: list[PartialDate | None], agents: list[Actor],
                             last: ContactClaim | None) -> list[list[Actor]]:
        """Each time's own counterpart when the clause gives one before each time ("met X on
        Sunday and Y on Monday"), else nothing (all of them met at each time)."""
        roles = sorted(r for r in frame.counterparts if self._names([r], mentions))
        if len(roles) != len(series):
            return []
        bounds = [r[0] for r in roles[1:]] + [frame.clause[1]]
        if not all(role[0] < time.start < bound for role, time, bound in zip(roles, series, bounds)):
            return []
        sides = [self._role_people(text, [role], mentions, actors, when, agents, last) for role, when in zip(roles, dates)]
        return sides if all(sides) else []

    @staticmethod
    def _unheld_times(article: Article, frames: list[ContactFrame], sentence_dates: list[DateMention],
                      anchor: PartialDate | None) -> list[PartialDate]:
        """The dates that the own clauses of planned, proposed or negated contacts give (their
        time, never a held contact's), less those a held contact's clause gives too."""
        starts = [d.start for d in sentence_dates]
        unheld, held = set(), set()
        for frame in frames:
            own, is_own = frame.time_scope(starts)
            if is_own:
                (held if frame.held else unheld).update(own)
        return [date for d in sentence_dates if d.start in unheld - held
                for date in (resolve(d, article.published, anchor),) if date is not None]

    def _narrative_time(self, article: Article, sentence: Sentence, dates: list[DateMention],
                        anchor: PartialDate | None) -> PartialDate | None:
        """The time the narrative reaches with this sentence: its first date that dates a clause's
        event (`FrameReader.dates_clause`; `dates` holds no dateline); in a sentence left
        unparsed, its first date that no "since" introduces."""
        if sentence.parsed:
            dates = [d for d in dates if self.frames.dates_clause(sentence, d.start, d.end)]
        else:
            dates = [d for d in dates if not self.frames.after_since(sentence.text[:d.start])]
        return (resolve(dates[0], article.published, anchor) if dates else None) or anchor

    @staticmethod
    def _names(ranges: list[tuple[int, int]], mentions: list[Mention]) -> bool:
        return any(m.kind in NAMING_KINDS and any(a <= m.start < b for a, b in ranges) for m in mentions)

    def _role_people(self, sentence_text: str, ranges: list[tuple[int, int]], mentions: list[Mention], actors: DocumentActors,
                     date: PartialDate | None, other_side: list[Actor], last: ContactClaim | None) -> list[Actor]:
        """The people that the mentions inside a frame's role ranges stand for."""
        people: list[Actor] = []
        for start, end in ranges:
            in_role = [m for m in mentions if start <= m.start < end]
            for mention in in_role:
                if mention.kind in ("office", "counterpart") and _describes_a_name(mention, in_role):
                    continue  # "son homologue kényan Paul Ndungu": the title describes the name after it
                if mention.kind == "office" and self.possessor.search(sentence_text[start:mention.start]) \
                        and any(m.kind == "person" and m.start < mention.start for m in in_role):
                    continue  # "Jane Doe, adviser to the president": the president is whose adviser she is
                candidates = actors.stands_for(mention, mentions, date, (start, end), people, other_side,
                                               last.participants if last else None)
                for actor in candidates:
                    if actor is not None and not actor.is_country and actor not in people and actor not in other_side:
                        people.append(actor)
        return people

    def _has_cue(self, text: str) -> bool:
        return self._cue(text) is not None or self.since.search(text) is not None

    @staticmethod
    def _frame_on(frames: list[ContactFrame], start: int) -> ContactFrame | None:
        """The held frame whose trigger is the word at `start` of the sentence."""
        return next((f for f in frames if f.held and f.trigger_start <= start < f.trigger_end), None)

    @staticmethod
    def _parse_says_not_held(clause: Clause, cue: re.Match, frames: list[ContactFrame]) -> bool:
        """Whether the contact word the clause reading would report (`cue`) is one whose frame the
        parse reads as negated, planned or hypothetical ("a meeting with X was not ruled out")."""
        start, end = clause.start + cue.start(), clause.start + cue.end()
        on_cue = [f for f in frames if f.trigger_start < end and start < f.trigger_end]
        return bool(on_cue) and not any(f.held for f in on_cue)

    def _clause_claims(self, article: Article, sentence: Sentence, clause: Clause, frames: list[ContactFrame],
                       mentions: list[Mention], sentence_dates: list[DateMention], actors: DocumentActors,
                       recent: ContactClaim | None, recent_in_sentence: bool = False) -> list[ContactClaim]:
        """The contacts one clause reports: the one it narrates, and the earlier one that
        "la première depuis ..." or "pour la dernière fois en ..." points back to; none when the
        parse reads its contact word as not held."""
        cue = self._cue(clause.text)
        since = self.since.search(clause.text)
        if cue is None and since is None:
            return []
        if since is None and (self._parse_says_not_held(clause, cue[1], frames) or (
                sentence.parsed and self.frames.names_something(sentence, clause.start + cue[1].start()))):
            return []
        if cue is None and sentence.parsed and self.frames.first_of_another_thing(sentence, clause.start + since.start()):
            return []  # "son premier discours depuis sa réélection": a first of something else
        kind = cue[0] if cue else "talks"
        clause_mentions = [m for m in mentions if clause.start <= m.start < clause.end]
        clause_dates = [d for d in sentence_dates if clause.start <= d.start < clause.end]
        anchor = recent.date if recent else None
        narrated_dates, recalled_dates = clause_dates, []
        if since:
            split_at = clause.start + since.start()
            recalled_dates = [d for d in clause_dates if d.start >= split_at]
            narrated_dates = [d for d in clause_dates if d.start < split_at]
            since_another_event = bool(recalled_dates) and self._dates_another_event(
                sentence, clause, since.end(), recalled_dates[0].start, clause_mentions)
            if since_another_event:
                recalled_dates = []  # "the first head of state received since the inauguration, on 15 May"
            first = self.first_since.search(clause.text)
            recalled = _most_precise(recalled_dates) if recalled_dates else None
            only_year = recalled is not None and recalled.year is not None and recalled.month is None \
                and recalled.weekday is None
            if only_year and first and not any(
                    m.kind in ("person", "group", "pronoun") and first.start() <= m.start - clause.start < first.end()
                    for m in clause_mentions):
                # "the first visit to Norway since 2009": a year says how long it has been, not
                # whose contact it was; "the first talks between X and Y since 2018" says both
                recalled_dates = []
            # any contact cue before "first ... since" narrates a contact of its own ("met ... on
            # Monday, the first visit ... since"), whichever kind the clause is filed under
            cue_before = any(m is not None and m.start() < since.start()
                             for m in (pattern.search(clause.text) for pattern in self.cues.values()))
            if cue_before and narrated_dates and recalled_dates \
                    and not self.recall_with_narrated.search(clause.text[:since.end()]):
                recalled_dates = []  # "une première depuis 2012": a first of its kind, not a contact
            elif not (cue_before and narrated_dates) and not (since_another_event and narrated_dates):
                # "la dernière fois en octobre 2022": the only date is the earlier contact's (while in
                # "his first trip to Ukraine since the invasion" nothing dated is recalled)
                recalled_dates = recalled_dates or narrated_dates
                narrated_dates = []
            if not recalled_dates and not narrated_dates:
                return []
        elif self._negated(clause.text, cue[1]):
            return []
        claims = []
        cue_at = clause.start + (cue[1].start() if cue else since.start())
        if narrated_dates or not since:
            # a date that opens the sentence ("Mardi, le dirigeant ... et s'est rendu à Kiev")
            # governs its later clauses; one inside another clause belongs to that clause
            opening = [d for d in sentence_dates if d.end <= min(clause.start, self._first_cue_at(sentence.text))]
            if self.temporal_relative.match(clause.text):
                # "..., dates from May 2019, when the president flew to Tokyo": the date just before
                opening = [d for d in sentence_dates if d.end <= clause.start][-1:]
            on_cue = self._frame_on(frames, clause.start + cue[1].start()) if cue else None
            if on_cue is not None:
                # the parse says which clauses govern the contact's: not a verb of saying's ("rejected
                # the claims on Monday, adding that aides had joined her talks with X")
                in_scope, _ = on_cue.time_scope([d.start for d in opening])
                opening = [d for d in opening if d.start in in_scope]
            date = self._date(narrated_dates or (clause_dates if since else clause_dates or opening),
                              article.published, anchor, cue_at)
            if date is None and self.coordinated.match(clause.text):
                # "..., when the president flew to Tokyo and held talks with the prime minister": coordinated verbs share a time
                date = self._earlier_date(article, clause, sentence_dates, recent, recent_in_sentence, anchor)
            earlier = self._days_after(clause.text) if not clause_dates else None
            if earlier is not None:
                # "X met Y on Friday, a day after talks with Z": Z's contact is the day before the
                # sentence's first one (or, when that names no pair, the day before its date)
                date = _days_before(self._earlier_date(article, clause, sentence_dates, recent, recent_in_sentence,
                                                       anchor), earlier)
            people = self._narrated_people(sentence, clause, cue, clause_mentions, mentions, actors, date, recent,
                                           recent_in_sentence, earlier is not None)
            if len(people) >= 2:
                claims.append(ContactClaim(article.doc_id, kind, people, date, [sentence.evidence()],
                                           place=self._place(clause, sentence, cue[1] if cue else None)))
        if recalled_dates:
            date = resolve(_most_precise(recalled_dates), article.published, anchor)
            people = claims[0].participants if claims else \
                self._participants(clause_mentions, mentions, actors, date, recent)
            if len(people) >= 2 or not people:
                reference = claims[0] if claims else recent
                recalled_kind = _kind_or(kind, reference.kind) if reference and self.first_since.search(clause.text) else kind
                claims.append(ContactClaim(article.doc_id, recalled_kind, list(people), date, [sentence.evidence()],
                                           recalled=True))
        return claims

    def _dates_another_event(self, sentence: Sentence, clause: Clause, since_end: int, date_start: int,
                             mentions: list[Mention]) -> bool:
        """Whether a noun or verb between "since" and the date names the event the date belongs to
        ("the first since the minister took office in May", "depuis l'investiture du président, le
        3 mai"), rather than a contact ("since their talks in May"), which a trigger word shows.
        The people named there and the words of a since cue ("dating back to") name no event."""
        cue_words = [(clause.start + m.start(), clause.start + m.end()) for m in self.since.finditer(clause.text)]
        start = clause.start + since_end
        words = [t for t in sentence.span if start <= sentence.char(t) < date_start and t.pos_ in ("NOUN", "VERB", "PROPN")
                 and not any(m.start <= sentence.char(t) < m.end for m in mentions)
                 and not any(a <= sentence.char(t) < b for a, b in cue_words)]
        return bool(words) and not any(self.frames.may_trigger(t.text) or t.lemma_.lower() in self.frames.mode_words
                                       for t in words)

    def _cue(self, text: str) -> tuple[str, re.Match] | None:
        for kind in KIND_ORDER:
            pattern = self.cues.get(kind)
            match = pattern.search(text) if pattern is not None else None
            if match:
                return kind, match
        return None

    @staticmethod
    def _earlier_date(article: Article, clause: Clause, sentence_dates: list[DateMention],
                      recent: ContactClaim | None, recent_in_sentence: bool,
                      anchor: PartialDate | None) -> PartialDate | None:
        """The time of the sentence before this clause: its contact's, else its last date's."""
        if recent_in_sentence:
            return recent.date
        before = [d for d in sentence_dates if d.end <= clause.start]
        return resolve(before[-1], article.published, anchor) if before else None

    def _narrated_people(self, sentence: Sentence, clause: Clause, cue: tuple[str, re.Match] | None,
                         clause_mentions: list[Mention], mentions: list[Mention], actors: DocumentActors,
                         date: PartialDate | None, recent: ContactClaim | None, recent_in_sentence: bool,
                         day_after: bool) -> list[Actor]:
        """The people of the contact a clause narrates, with what the sentence's earlier contact
        (`recent`) lends a clause that names one side or none."""
        # a clause whose subject it names itself ("when the president flew to Tokyo") borrows no other side
        borrow = not recent_in_sentence and not _names_its_subject(sentence, clause_mentions)
        people = self._participants(clause_mentions, mentions, actors, date, recent, borrow)
        if recent_in_sentence and len(people) == 1:
            # "X met Y on Friday, after talks with Z" / "..., a day after his talks with Z": the other
            # side is the sentence's subject, not the nearest name (Y)
            subject = self._sentence_subject(sentence, mentions, actors, date, people) or recent.participants[0]
            if subject not in people:
                people.append(subject)
        if not people and recent_in_sentence and (self.coordinated.match(clause.text) or day_after):
            # "X a tenté, lors d'appels avec Poutine, ... et s'est rendu à Moscou": the same pair
            people = list(recent.participants)
        if len(people) == 1 and cue and self._refers_back(clause.text[:cue[1].start()], people[0], recent):
            # "the minister told reporters after Monday's talks": the talks of the pair just reported
            people = list(recent.participants)
        return people

    def _sentence_subject(self, sentence: Sentence, mentions: list[Mention], actors: DocumentActors,
                          date: PartialDate | None, people: list[Actor]) -> Actor | None:
        """The person the parse gives as the subject of the sentence's main verb; in a sentence
        left unparsed, the first person it names (news sentences put their subject first)."""
        if not sentence.parsed:
            first = next((m for m in mentions if m.kind == "person"), None)
            return self._subject(first, actors, date, people) if first is not None else None
        for token in sentence.span:
            if token.dep_.startswith("nsubj") and token.head.dep_ == "ROOT":
                # the subject's phrase: "le président Jean Martin" is the name its title describes
                start = sentence.char(token.left_edge)
                end = sentence.char(token.right_edge) + len(token.right_edge.text)
                in_phrase = [m for m in mentions if start <= m.start < end]
                for kind in ("person", "office", "pronoun"):  # a name before the title that describes it
                    mention = next((m for m in in_phrase if m.kind == kind), None)
                    if mention is not None:
                        return self._subject(mention, actors, date, people)
        return None

    def _refers_back(self, before_cue: str, person: Actor, recent: ContactClaim | None) -> bool:
        """A definite contact noun ("the talks", "Thursday's call") naming one side of the pair
        whose contact the article has just reported."""
        return recent is not None and len(recent.participants) == 2 and person in recent.participants \
            and self.event_reference.search(before_cue) is not None

    def _days_after(self, text: str) -> int | None:
        """How many days after the contact this clause recalls the sentence's contact came."""
        match = self.days_after.match(text)
        if not match:
            return None
        count = match.group("n").lower()
        return int(count) if count.isdigit() else self.numbers.get(count)

    def _first_cue_at(self, text: str) -> int:
        """Where the sentence's first contact cue starts: a date before it opens the sentence."""
        found = [m.start() for m in (p.search(text) for p in (*self.cues.values(), self.since)) if m]
        return min(found, default=len(text))

    def _negated(self, text: str, cue: re.Match) -> bool:
        """A negation or plan cue near the contact cue; some ("agreed to meet") only before it, as
        after it they are what the contact decided ("spoke by phone and agreed to keep in touch")."""
        before, after = MODALITY_WINDOW
        window = text[max(0, cue.start() - before):cue.end() + after]
        return bool(self.not_contact.search(window) or self.not_contact_before.search(text[max(0, cue.start() - before):
                                                                                             cue.end()]))

    def _date(self, mentions: list[DateMention], reference: PartialDate | None,
              anchor: PartialDate | None, cue_at: int, sentence_dates: list[DateMention] = ()) -> PartialDate | None:
        """The date expression that belongs to the contact cue: the nearest, then the most precise."""
        if not mentions:
            return None
        nearest = min(mentions, key=lambda m: (max(0, abs(m.start - cue_at) - 40) // 40, -_precision_rank(m)))
        earlier = [d for d in sentence_dates if d.end <= nearest.start and not d.kind.startswith("relative")]
        if nearest.kind.startswith("relative") and earlier:
            # "X called Y in April, and Z spoke with W the month before": the time just told
            anchor = resolve(earlier[-1], reference, anchor) or anchor
        return resolve(nearest, reference, anchor)

    def _participants(self, clause: list[Mention], sentence: list[Mention], actors: DocumentActors,
                      date: PartialDate | None, recent: ContactClaim | None,
                      subject_before: bool = True) -> list[Actor]:
        """The people of a contact: named or described in the clause; "les deux présidents" or "ils"
        for a pair met before; "il" or the sentence's subject for a clause that names one side."""
        people: list[Actor] = []

        def add(actor: Actor | None) -> None:
            if actor is not None and not actor.is_country and actor not in people:
                people.append(actor)

        group = next((m for m in clause if m.kind == "group"), None)
        if group is not None and group.group_offices:
            # "les deux chefs d'État": exactly that pair, whoever else the clause names
            pair = actors.group(group.group_offices, date, recent.participants if recent else None, group.size,
                                countries=group.countries)
            if pair:
                return pair
        for mention in clause:
            if mention.kind == "person":
                add(actors.person(mention, date))
        for mention in clause:
            if mention.kind == "office" and not _describes_a_name(mention, clause):
                for country in mention.countries:
                    add(actors.office(mention.office, country, date))
        if len(people) < 2 and group is not None:
            for actor in actors.group([], date, recent.participants if recent else None, group.size,
                                      countries=group.countries):
                add(actor)
        if len(people) == 1:
            for mention in clause:
                if mention.kind == "counterpart" and mention.countries and people[0].role:
                    add(actors.office(people[0].role, mention.countries[0], date, {a.actor_id for a in people}))
        if len(people) == 1 and subject_before:
            # the subject stands in another clause ("Le dirigeant français a tenté ... et s'est
            # rendu à Moscou") or is a pronoun ("Il a aussi insisté ..."): the nearest one before
            first = clause[0].start if clause else 10**6
            earlier = [m for m in sentence if m.kind in ("person", "office", "pronoun") and m.start <= first]
            for mention in reversed(earlier):
                actor = self._subject(mention, actors, date, people)
                if actor is not None and actor not in people:
                    add(actor)
                    break
        return people

    @staticmethod
    def _subject(mention: Mention, actors: DocumentActors, date: PartialDate | None,
                 people: list[Actor]) -> Actor | None:
        if mention.kind == "pronoun":
            if mention.start >= 12:
                return None
            if actors.subject is not None and actors.subject not in people:
                return actors.subject  # the previous sentence's subject, as for frames
            previous = [a for a in actors.recent if a not in people and not a.is_country]
            return previous[-1] if previous else None
        if mention.kind == "person":
            return actors.person(mention, date)
        return next((actors.office(mention.office, c, date, {a.actor_id for a in people})
                     for c in mention.countries), None)

    def _add_details(self, claim: ContactClaim, sentence: Sentence, actors: DocumentActors) -> None:
        text = sentence.text
        if claim.duration_minutes is None:
            claim.duration_minutes = self._duration(text)
        if claim.initiator is None:
            for pattern in self.initiator:
                match = pattern.search(text)
                if not match:
                    continue
                who = match.groupdict().get("who")
                if who:
                    code = _country_of_phrase(who, actors)
                    claim.initiator = next((p for p in claim.participants if p.country == code), None) if code else None
                elif match.groupdict().get("who_object") is not None:
                    claim.initiator = claim.participants[0] if claim.participants else None
                if claim.initiator:
                    break

    def _duration(self, text: str) -> int | None:
        for pattern in self.durations:
            match = pattern.search(text)
            if not match:
                continue
            groups = match.groupdict()
            if not groups.get("n"):
                return 60
            raw = groups["n"].lower()
            number = int(raw) if raw.isdigit() else self.numbers.get(raw)
            if number is None:
                continue
            return number * 60 if groups.get("unit", "").lower().startswith(self.hour_words) else number
        return None

    def _place(self, clause: Clause, sentence: Sentence, cue: re.Match | None) -> str | None:
        """A city named right after the contact cue ("s'est rendu à Moscou", "reçu au Kremlin")."""
        for entity in sentence.entities:
            if cue is not None and not -20 < entity.start - (clause.start + cue.end()) < 60:
                continue
            if entity.label not in ("LOC", "GPE", "FAC") or not entity.text[:1].isupper():
                continue
            if self.mentions.country_name.fullmatch(fold(entity.text)) and not self._is_capital(entity.text):
                continue
            if not clause.start <= entity.start < clause.end:
                continue
            before = sentence.text[max(0, entity.start - 5):entity.start]
            if self.place_before.search(before):
                return entity.text
        return None


    def _is_capital(self, name: str) -> bool:
        return any(name in forms for c in self.mentions.registry.countries.values()
                   for forms in c.forms.get("capitals", {}).values())


def verb_coordinations(sentence: Sentence) -> list[int]:
    """Where "et"/"and" joins two verbs ("reçoit le ministre et attend le président"): a clause break
    the parser sees that punctuation does not show."""
    breaks = []
    for token in sentence.span:
        if token.dep_ == "cc" and token.head.pos_ in ("VERB", "AUX") and token.head.i > token.i \
                and token.head.dep_ in ("conj", "ROOT") and token.i > 0:
            breaks.append(sentence.char(token))
    return breaks


def clause_breaks(lexicon: Lexicon) -> re.Pattern:
    """Where a clause ends: ";", ": ", a comma before a clause opener ("et", "when", "adding"), and
    the language's own breaks (lexicon `clause_openers`, `clause_breaks`)."""
    breaks = [r";", r":\s", rf",\s+(?=(?:{lexicon.alternation('clause_openers')})\b)",
              *lexicon.data.get("clause_breaks", [])]
    return re.compile("|".join(breaks), re.IGNORECASE)


def split_clauses(text: str, has_cue, breaks: re.Pattern, extra_breaks: list[int] = ()) -> list[Clause]:
    """Clauses at coordinating breaks; a clause without a contact cue joins the next one, so that
    "X, et Y, ont eu une conversation" keeps both subjects with their verb."""
    cuts = sorted({(m.start(), m.end()) for m in breaks.finditer(text)} | {(b, b) for b in extra_breaks})
    pieces = []
    start = 0
    for cut_start, cut_end in cuts:
        if cut_start > start:
            pieces.append((start, cut_start))
            start = cut_end
    pieces.append((start, len(text)))
    clauses: list[Clause] = []
    open_start: int | None = None
    for index, (begin, end) in enumerate(pieces):
        begin = begin if open_start is None else open_start
        if has_cue(text[begin:end]) or index == len(pieces) - 1:
            clauses.append(Clause(begin, end, text[begin:end]))
            open_start = None
        else:
            open_start = begin
    return clauses


def _names_its_subject(sentence: Sentence, mentions: list[Mention]) -> bool:
    """Whether a person or office the clause names is a grammatical subject (False unparsed)."""
    return any(token.dep_.startswith("nsubj") and any(m.start <= sentence.char(token) < m.end for m in mentions
                                                      if m.kind in ("person", "office"))
               for token in sentence.span)


def _later(date: PartialDate | None, than: PartialDate | None) -> bool:
    """Whether `date` is surely after `than`, compared at the precision both have."""
    if date is None or (than is not None and (date.year is None or than.year is None)):
        return False
    if than is None:
        return True
    fields = ["year"]
    if date.month and than.month:
        fields += ["month", "day"] if date.day and than.day else ["month"]
    return tuple(getattr(date, f) for f in fields) > tuple(getattr(than, f) for f in fields)


def _days_before(anchor: PartialDate | None, days: int) -> PartialDate | None:
    day = anchor.as_date() if anchor else None
    if day is None:
        return None
    day -= dt.timedelta(days=days)
    return PartialDate(day.year, day.month, day.day, day.weekday())


def _describes_a_name(title: Mention, mentions: list[Mention]) -> bool:
    """Whether an office or counterpart mention stands right before a name, which it describes
    ("Kenya's new prime minister, Jane Wanjiru"; "son homologue kényan Paul Ndungu")."""
    return any(m.kind == "person" and 0 <= m.start - title.end <= DESCRIBED_WITHIN for m in mentions)


def _kind_or(kind: str, fallback: str) -> str:
    return fallback if kind == "talks" else kind


def _precision_rank(mention: DateMention) -> int:
    return sum(v is not None for v in (mention.year, mention.month, mention.day, mention.weekday)) * 2 \
        + (1 if mention.kind.startswith("relative") else 0)


def _most_precise(mentions: list[DateMention]) -> DateMention:
    return max(mentions, key=lambda m: (_precision_rank(m), -m.start))


def _country_of_phrase(phrase: str, actors: DocumentActors) -> str | None:
    for word in reversed(phrase.split()):
        code = actors.registry.country_for(word.strip(" ,.'"), actors.language)
        if code:
            return code
    return None


def _split_by_frames(claim: ContactClaim, framed: list[ContactClaim]) -> bool:
    """Whether held frames of the sentence place each of the claim's people, none two together,
    or share them out among contacts of their own ("the accord was signed by A and B after talks
    involving C and D": two contacts, not one of four)."""
    ids = claim.participant_ids
    holding = [f.participant_ids & ids for f in framed if f.participant_ids & ids]
    if len(holding) < 2 or frozenset().union(*holding) != ids:
        return False
    return all(len(h) == 1 for h in holding) or sum(map(len, holding)) == len(ids)


def _same_people(a: ContactClaim, b: ContactClaim) -> bool:
    """Two claims about the same contact: they share at least two participants."""
    return len(a.participant_ids & b.participant_ids) >= 2


def date_from_narrative(claims: list[ContactClaim], held: dict[int, list[ContactClaim]]) -> list[ContactClaim]:
    """A contact whose own clause gives no date takes the narrative's time: the date of the
    contact reported before it, else (a headline, a lead before its dateline) of the first one
    reported after it. Only where the parse reads a held contact of the same people in its
    sentence (`held`, from the frames), so that an undated plan or wish stays undated."""
    dated = [c for c in claims if c.date is not None and c.date.year is not None and not c.recalled]
    for claim in claims:
        if claim.date is not None or claim.recalled or not any(
                _same_people(claim, f) for e in claim.evidence for f in held.get(e.start, [])):
            continue
        before = [c for c in dated if c.evidence[0].start <= claim.evidence[0].start]
        after = [c for c in dated if c.evidence[0].start > claim.evidence[0].start]
        source = before[-1] if before else after[0] if after else None
        if source is not None:
            claim.date = source.date
    return merge_within_article(claims)


def merge_within_article(claims: list[ContactClaim]) -> list[ContactClaim]:
    """One article often reports the same contact several times (lead, body, recap)."""
    merged: list[ContactClaim] = []
    for claim in claims:
        for existing in merged:
            if existing.participant_ids != claim.participant_ids:
                continue
            if claim.date is None and not existing.recalled:
                absorb(existing, claim)  # an undated re-mention ("La rencontre entre les deux ministres")
                break
            if not kinds_compatible(existing.kind, claim.kind):
                continue
            if (existing.date is None and claim.recalled) or (claim.date is None and existing.recalled):
                continue
            if existing.date is None or claim.date is None or existing.date.compatible(claim.date):
                if claim.date is not None and existing.date is not None and claim.date.precision != existing.date.precision \
                        and not (claim.date.refines(existing.date) or existing.date.refines(claim.date)):
                    continue
                absorb(existing, claim)
                break
        else:
            merged.append(claim)
    for ordinal, claim in enumerate(merged):
        claim.ordinal = ordinal
    return merged


def absorb(target: ContactClaim, other: ContactClaim) -> None:
    if other.date is not None:
        target.date = other.date if target.date is None else target.date.combine(other.date)
    if other.date is not None or target.date is None or (target.kind == "talks" and other.kind != "visit"):
        # "the president described the call as ...": an undated re-mention still says which mode "talks" were
        # (not "his second visit to China": a trip holds several contacts)
        target.kind = more_specific_kind(target.kind, other.kind)
    target.recalled = target.recalled and other.recalled
    target.duration_minutes = target.duration_minutes or other.duration_minutes
    target.initiator = target.initiator or other.initiator
    target.place = target.place or other.place
    for evidence in other.evidence:
        if evidence not in target.evidence:
            target.evidence.append(evidence)
