"""Contact frames read from the dependency parse: a trigger, its roles, and its status.

A frame is what one contact verb or noun says, before anyone is resolved:

- **trigger**: a token whose lemma and part of speech the language's `frames` data lists
  (`verbs`, `nouns`), with the kind it reports ("rencontrer" a meeting, "call" a phone call);
- **agents**: the subject of the trigger and its conjuncts; for a trigger with no subject of its
  own (an infinitive, a second coordinated verb, "flew to Oslo to meet"), the subject of the
  verb that governs it; a relative pronoun stands for the noun its clause modifies; a
  possessive ("his meeting", "leur entretien") is the agent of a noun;
- **counterparts**: the object of a verb trigger, the obliques that the data's prepositions
  introduce ("avec", "with"; the passive agent "par", "by"; "entre", "between");
- **status**: `held`, or why not: a negation attached to the trigger or to a verb above it, an
  irrealis mood or tense (French conditional and future), a modal auxiliary ("will", "could"), a
  governing verb of plan, wish, proposal, refusal or denial ("wanted to meet", "a refusé de
  recevoir"), or a preposition that puts the contact ahead ("ahead of the summit").

Roles are character ranges of the sentence, so that the mentions found there (ingest.extract.
mentions) can be read into them; resolving those mentions to people is the resolver's job. The
status needs the cue to govern the trigger in the parse: a plan verb elsewhere in the sentence
does not cancel a held meeting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Token

from ingest.analyse import Sentence, verb_lemmatizer
from ingest.lexicon import Lexicon

HELD = "held"
WORD = re.compile(r"\w+(?:-\w+)*")
PHRASE_EXCLUDED_DEPS = {"acl", "acl:relcl", "relcl", "advcl", "ccomp", "conj", "cc", "punct", "parataxis", "xcomp",
                        "csubj", "mark"}
SUBCLAUSE_DEPS = {"advcl", "acl", "acl:relcl", "relcl", "ccomp", "xcomp"}
NOUN_CLAUSE_DEPS = {"acl:relcl", "relcl", "acl"}  # a clause that modifies a noun ("the envoy who met X")
PHRASE_ENDS = {":", ";", "—", "–"}  # punctuation that no "since" phrase runs across ("depuis X : fin mai, ...")
CONTENT_DEPS = {"ccomp", "xcomp", "parataxis", "obj", "dobj", "csubj"}  # what a verb of saying says
MAX_CLIMB = 3  # verbs above a trigger that may lend it a subject or govern its status


@dataclass
class ContactFrame:
    kind: str
    trigger_start: int  # offsets in the sentence
    trigger_end: int
    lemma: str
    agents: list[tuple[int, int]] = field(default_factory=list)  # character ranges of the sentence
    counterparts: list[tuple[int, int]] = field(default_factory=list)
    status: str = HELD
    clause: tuple[int, int] = (0, 0)  # the trigger's clause: where its own time expressions stand
    subclauses: list[tuple[int, int]] = field(default_factory=list)  # clauses inside it, with times of their own
    noun: bool = False  # a contact noun ("the call between A and B") needs no agent of its own
    # a contact noun in an adjunct that situates another event ("shortly after a call with X"):
    # told in passing, it does not become the pair the story is about
    background: bool = False
    owned_by_them: bool = False  # "leur entretien", "their meeting": the people the story is about
    # the verb's objects that are common nouns (phrase -> where the noun stands): a person only
    # if a mention of one begins there ("le ministre", "son homologue"; not "la lettre")
    noun_objects: dict[tuple[int, int], int] = field(default_factory=dict)
    reported: bool = False  # said by someone ("X said on Monday that ..."): the saying's time is not its own
    habitual: bool = False  # "se téléphonent souvent", "speak often": a series, not one contact
    in_adjunct: bool = False  # a contact noun a preposition introduces ("during talks with X", "lors d'un entretien")
    separate: bool = False  # "separate meetings with A and B": one contact with each counterpart
    # the clauses above the trigger's whose time it shares, nearest first, each as (extent,
    # subclauses): "On Monday she flew to Oslo to meet him" (the infinitive takes "Monday")
    governing: list[tuple[tuple[int, int], list[tuple[int, int]]]] = field(default_factory=list)
    # parts of its clause that tell other events, with times of their own: a conjoined verb ("held
    # talks on Monday and met X on Tuesday") and another contact noun ("the cancellation of the
    # visit of 2 June")
    other_events: list[tuple[int, int]] = field(default_factory=list)
    between: bool = False  # "talks between A and B": its roles name everyone, nobody else took part
    # the counterparts a passive verb's "by" introduces ("was signed by A and B"): its doers,
    # should its subject name no one ("the accord")
    passive_agents: list[tuple[int, int]] = field(default_factory=list)

    def time_scope(self, starts: list[int]) -> tuple[list[int], bool]:
        """Of the time expressions starting at `starts` (those that date a clause, `FrameReader.
        dates_clause`), those of the nearest clause that has any: the trigger's own (not a clause
        nested in it: "the first time they met since X took office in 2001" dates the taking of
        office), else those of the clauses that govern it; and whether they are the trigger's own."""
        for level, (extent, nested) in enumerate([(self.clause, self.subclauses), *self.governing]):
            found = [s for s in starts if _in_scope(s, extent, nested)]
            if found:
                return found, level == 0
        return [], False

    @property
    def held(self) -> bool:
        return self.status == HELD


class FrameReader:
    def __init__(self, lexicon: Lexicon) -> None:
        data = lexicon.data.get("frames", {})
        self.verb_lemma = verb_lemmatizer(lexicon.language)
        self.verbs: dict[str, str] = data.get("verbs", {})
        self.nouns: dict[str, str] = data.get("nouns", {})
        self.mode_words: dict[str, str] = data.get("mode_words", {})
        self.counterpart_preps = set(data.get("counterpart_prepositions", []))
        self.agent_preps = set(data.get("agent_prepositions", []))
        self.between_preps = set(data.get("between_prepositions", []))
        # "with", "avec": whom one does something with, who can share a contact noun's roles
        self.comitative_preps = set(data.get("comitative_prepositions", []))
        self.negation = set(data.get("negation_words", []))
        self.modals = set(data.get("modal_auxiliaries", []))
        self.irrealis_moods = set(data.get("irrealis_moods", []))
        self.irrealis_tenses = set(data.get("irrealis_tenses", []))
        self.irrealis_endings = tuple(data.get("irrealis_endings", []))
        self.future_stems: dict[str, str] = data.get("future_stems", {})
        self.not_held_governors = set(data.get("governing_not_held", []))
        self.noun_not_held_governors = set(data.get("noun_governing_not_held", []))
        # heads that put a contact ahead or in the mind ("ahead of", "ready to", "prêt à", "en vue de")
        self.not_held_heads = set(data.get("not_held_heads", []))
        # those of them that only order two events ("before", "avant"): a verb under one, hanging
        # on a clause in a finite past, is narrated as past too ("X met Y before flying to Z")
        self.sequence_heads = set(data.get("sequence_heads", []))
        # modifiers of a contact noun that make it hypothetical ("a possible meeting", "un éventuel sommet")
        self.not_held_modifiers = set(data.get("not_held_modifiers", []))
        # a headline's bare infinitive ("Minister to meet counterpart") announces a contact
        self.headline_infinitive = set(data.get("headline_infinitive_markers", []))
        self.subject_deps = set(data.get("subject_deps", []))
        self.passive_subject_deps = set(data.get("passive_subject_deps", []))
        self.object_deps = set(data.get("object_deps", []))
        self.relative_pronouns = set(data.get("relative_pronouns", []))
        self.subject_pronouns = {w.lower() for w in lexicon.data.get("subject_pronouns", [])}
        self.plural_pronouns = set(data.get("plural_subject_pronouns", []))
        self.first_person = set(data.get("first_person_pronouns", []))  # a quote's "I": its speaker
        self.control_deps = set(data.get("control_deps", []))
        # how the parser may hang a clause on the next one it is coordinated with ("X met A, then saw B")
        self.sequence_deps = set(data.get("sequence_deps", []))
        # how a quote hangs on its verb of saying (the parser may make it the verb's subject)
        self.quote_deps = set(data.get("quote_deps", []))
        # a copula's noun predicate ("it would have been the first meeting"): the copula's mood is its
        self.predicate_deps = set(data.get("predicate_deps", []))
        self.compound_nouns: dict[str, str] = data.get("compound_nouns", {})
        self.compound_ends = [(p.split()[0], p.split()[-1]) for p in self.compound_nouns]  # for `may_trigger`
        self.compound_words = {word for phrase in self.compound_nouns for word in phrase.split()}
        self.governing_deps = set(data.get("governing_deps", []))
        self.possessive_deps = set(data.get("possessive_deps", []))
        self.possessive_determiners = set(data.get("possessive_determiners", []))
        self.separate_words = set(data.get("separate_words", []))
        self.since_preps = set(data.get("since_prepositions", []))
        self.genitive_markers = set(data.get("genitive_markers", []))
        self.purpose_preps = set(data.get("purpose_prepositions", []))
        self.presupposing_preps = set(data.get("presupposing_prepositions", []))
        self.background_preps = set(data.get("background_prepositions", []))
        self.plural_possessives = set(data.get("plural_possessives", []))
        self.habitual_words = set(data.get("habitual_words", []))  # "régulièrement", "à plusieurs reprises"
        self.first_of_contact_nouns = set(data.get("first_of_contact_nouns", []))  # "la première fois depuis"
        self.speech_verbs = set(data.get("speech_verbs", []))  # "said", "a démenti": a report's own time
        # "come together", "sit down": a verb and its particle that report a contact together
        self.phrasal_verbs: dict[str, str] = data.get("phrasal_verbs", {})
        # a verb that brings its objects together ("brought A together with B"): its object and
        # the "with" oblique are the participants, its subject (a summit, a mediator) is not; the
        # particle may follow the object, or the parser may hang it on the oblique
        self.gathering_verbs: dict[str, str] = data.get("gathering_verbs", {})
        # "the envoys convened", "les ministres se sont réunis": with no object but a reflexive
        # pronoun, a meeting among the subject's members
        self.reciprocal_verbs = set(data.get("reciprocal_verbs", []))
        self.particles = {key.split(" ", 1)[1] for key in (*self.phrasal_verbs, *self.gathering_verbs)}
        self.phrasal_heads = {key.split(" ", 1)[0] for key in (*self.phrasal_verbs, *self.gathering_verbs)}
        # a verb and its object noun that report a contact together ("shake hands", "serrer la
        # main"): whose hand it is, or the verb's "with", is the other side; not the hand
        self.object_idioms: dict[str, str] = data.get("object_idioms", {})
        self.idiom_heads = {key.split(" ", 1)[0] for key in self.object_idioms}
        # every lemma a verb trigger can have: other verbs are answered before their dependents are read
        self.verb_trigger_lemmas = set(self.verbs) | self.reciprocal_verbs | self.phrasal_heads | self.idiom_heads
        # verbs whose objects take part in the contact noun they qualify ("talks involving A and B",
        # "un sommet réunissant A et B"), and verbs whose agent and "with" do ("a meeting hosted by A with B")
        self.participant_verbs = set(data.get("participant_verbs", []))
        self.hosting_verbs = set(data.get("hosting_verbs", []))
        self.joining_verbs = set(data.get("joining_verbs", []))
        self.definite_determiners = set(data.get("definite_determiners", []))
        self.naming_deps = set(data.get("naming_deps", []))
        self.time_nouns = set(data.get("time_nouns", []))  # "Sunday morning": the date's own noun
        # words that only ever name a time: a noun the parser hangs on one is no part of the time
        self.calendar_words = {w.lower() for w in (*lexicon.months, *lexicon.weekdays)} | self.time_nouns

    def read(self, sentence: Sentence) -> list[ContactFrame]:
        frames = []
        for token in sentence.span:
            kind = self._trigger_kind(token)
            if kind is None:
                continue
            start = sentence.char(token)
            frame = ContactFrame(self._mode(token, kind), start, start + len(token.text), token.lemma_.lower())
            agents, counterparts = self._agents(token), self._counterparts(token)
            if self._is_verb(token) and self._gathering_kind(token) is not None:
                # who is brought together is the frame's people; who brings them is not one of them
                agents = self._with_conjuncts([c for c in token.children if c.dep_ in self.object_deps])
                counterparts = [t for t in counterparts if t not in agents]
            if not self._is_verb(token):
                # "a visit to Kyiv by A and B": the noun's passive agent is who made the visit
                by = [t for t in counterparts if self._introduced_by(t, self.agent_preps)]
                agents += [t for t in by if t not in agents]
                counterparts = [t for t in counterparts if t not in by]
            frame.agents = [self._phrase(sentence, t) for t in agents]
            frame.counterparts = [self._phrase(sentence, t) for t in counterparts]
            if self._is_verb(token) and any(c.dep_ in self.passive_subject_deps for c in token.children):
                frame.passive_agents = [self._phrase(sentence, t) for t in counterparts
                                        if self._introduced_by(t, self.agent_preps)]
            # "talks between A and B": the noun names every side itself (unless a contact verb
            # takes it: who "hosted talks between A and B" was at them)
            frame.between = not agents and len(counterparts) >= 2 and all(
                self._introduced_by(t, self.between_preps) for t in counterparts) and not (
                token.dep_ in self.object_deps and self._trigger_kind(token.head) is not None)
            # "a salué la décision de X", "received a letter from X": the
            # object of a verb is what it takes; a common noun there may be a thing, not a person
            frame.noun_objects = {self._phrase(sentence, t): sentence.char(t) for t in counterparts
                                  if self._is_verb(token) and t.head.i == token.i and t.dep_ in self.object_deps
                                  and t.pos_ == "NOUN" and not any(  # "M. Dupont", "le ministre Jean Dupont"
                                      c.pos_ == "PROPN" and c.dep_ in ("flat:name", "flat", "appos", "compound")
                                      for c in t.children)}
            frame.status = self._status(token)
            frame.noun = not self._is_verb(token)
            frame.in_adjunct = frame.noun and bool(_markers(token, ("case",), ("ADP",)))
            frame.habitual = any(c.lemma_.lower() in self.habitual_words or c.lower_ in self.habitual_words
                                 for c in token.subtree if c.head.i == token.i or c.head.head.i == token.i)
            frame.owned_by_them = frame.noun and any(t.lower_ in self.plural_possessives for t in token.children)
            frame.background = frame.noun and any(m.lower_ in self.background_preps
                                                  for m in _markers(token, ("case",), ("ADP", "SCONJ")))
            frame.separate = any(w.lemma_.lower() in self.separate_words or w.lower_ in self.separate_words
                                 for w in token.children if w.dep_ in ("amod", "advmod"))
            clause_head = token if self._is_verb(token) else self._verb_above(token) or token
            frame.clause, frame.subclauses = self._scope(sentence, clause_head, token)
            frame.governing = [self._scope(sentence, verb, clause_head) for verb in self._time_governors(clause_head)]
            frame.reported = any(self._says(verb, clause_head) for verb in clause_head.ancestors)
            above = {a.i for a in token.ancestors}
            frame.other_events = [self._extent(sentence, c) for c in clause_head.subtree
                                  if c.i != token.i and c.i not in above and (
                                      (c.dep_ == "conj" and c.head.i == clause_head.i and c.pos_ == "VERB")
                                      or (not self._is_verb(c) and self._trigger_kind(c) is not None))]
            frames.append(frame)
        return frames

    def names_something(self, sentence: Sentence, start: int) -> bool:
        """Whether the word at `start` is a contact verb used as a verb of naming ("a step that she
        called historic"): it reports no contact."""
        token = sentence.token_at(start)
        return token is not None and token.pos_ == "VERB" and token.lemma_.lower() in self.verbs \
            and self._trigger_kind(token) is None

    def first_of_another_thing(self, sentence: Sentence, start: int) -> bool:
        """Whether "premier"/"first" at `start` qualifies a noun that is neither a contact nor a
        time ("son premier discours depuis", "the first trip abroad since"): it recalls no contact."""
        token = sentence.token_at(start)
        if token is None or token.head.i == token.i or token.head.pos_ not in ("NOUN", "PROPN"):
            return False
        noun = token.head.lemma_.lower()
        return self._trigger_kind(token.head) is None and noun not in self.first_of_contact_nouns

    def joins_a_contact(self, sentence: Sentence) -> bool:
        """Whether the sentence has people join a contact already told: a verb of joining
        (`joining_verbs`) over a definite contact noun ("X was joined at the talks by Y", "Y
        s'est joint aux entretiens")."""
        for token in sentence.span:
            if token.pos_ != "VERB" or token.lemma_.lower() not in self.joining_verbs:
                continue
            for noun in token.subtree:
                if noun.i != token.i and self._trigger_kind(noun) is not None and not self._is_verb(noun) \
                        and noun.head.i != token.i and noun.head.head.i == token.i \
                        and any(c.dep_ == "det" and c.lower_ in self.definite_determiners for c in noun.children):
                    return True
        return False

    def _scope(self, sentence: Sentence, head: Token, inner: Token) -> tuple[tuple[int, int], list[tuple[int, int]]]:
        """A clause's extent and the clauses nested in it (but not the one holding `inner`)."""
        nested = [self._extent(sentence, c) for c in head.subtree
                  if c.i != head.i and c.dep_ in SUBCLAUSE_DEPS and c.pos_ in ("VERB", "AUX")
                  and c.i != inner.i and c not in inner.ancestors]
        return self._extent(sentence, head), nested

    def _time_governors(self, clause_head: Token) -> list[Token]:
        """The verbs above a clause, nearest first: a clause that no time expression of its own
        dates shares the time of the one it depends on ("On Monday she flew to Oslo to meet
        him", "in October, when he came to Rome and met her"); not across a verb of saying, whose
        time is when it was said ("said on Friday that X had joined the talks")."""
        finite = _has_auxiliary(clause_head) or "Fin" in clause_head.morph.get("VerbForm")
        governors = []
        for verb in clause_head.ancestors:
            if self._says(verb, clause_head):
                break
            # a bare participle ("X, arrived the day before, met Y") never governs a finite
            # clause: the parser has them upside down, and its time is the arrival's
            if verb.pos_ in ("VERB", "AUX") and not (finite and "Part" in verb.morph.get("VerbForm")
                                                     and not _has_auxiliary(verb)):
                governors.append(verb)
        return governors

    def _says(self, verb: Token, clause_head: Token) -> bool:
        """Whether `verb` is a verb of saying whose content the clause stands in ("said that A had
        met B"; not "spoke after chairing talks", an adjunct of the saying)."""
        if verb.lemma_.lower() not in self.speech_verbs:
            return False
        below = next(t for t in [clause_head, *clause_head.ancestors] if t.head.i == verb.i)
        return below.dep_ in CONTENT_DEPS

    def dates_clause(self, sentence: Sentence, start: int, end: int) -> bool:
        """Whether the time expression at characters [start, end) dates its clause's event: not when
        names the time of a noun of another event ("l'invasion du 24 février", "the May 3 election") or
        measures from a point ("since May", `since_prepositions`)."""
        tokens = [t for t in sentence.span if start <= sentence.char(t) < end]
        if not tokens:
            return True
        inside = {t.i for t in tokens}
        for before in reversed(sentence.span[:tokens[0].i - sentence.span.start]):
            # "depuis le début de l'offensive, le 24 février": no verb since "since", its phrase still
            if before.pos_ in ("VERB", "AUX") or before.text in PHRASE_ENDS:
                break
            if before.lower_ in self.since_preps:
                return False
        heads = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
        for head in heads:
            words = [c for c in (*head.children, *tokens) if c.dep_ in ("case", "prep", "mark", "advmod")]
            if any(w.lower_ in self.since_preps for w in words) or self._in_since_phrase(head):
                return False
            governor = head.head
            if governor.i == head.i:
                continue
            if governor.pos_ == "ADP" and governor.lower_ in self.since_preps:
                return False
            genitive = head.dep_ in ("compound", "poss", "nmod:poss", "appos") or any(
                w.lower_ in self.genitive_markers for w in words)
            if governor.pos_ == "ADP" and governor.head.i != governor.i:
                genitive = genitive or governor.lower_ in self.genitive_markers
                governor = governor.head  # English: the preposition heads the date
            if genitive and governor.pos_ in ("NOUN", "PROPN") and self._trigger_kind(governor) is None \
                    and governor.lemma_.lower() not in {*self.mode_words, *self.time_nouns}:
                return False
        return True

    def after_since(self, text: str) -> bool:
        """Without a parse: whether the end of `text` stands in a "since" phrase (a since
        preposition among its last words, no comma between)."""
        words = WORD.findall(text.lower().rsplit(",", 1)[-1])[-6:]
        return any(w in self.since_preps for w in words)

    def _in_since_phrase(self, token: Token) -> bool:
        """Whether a token stands in a phrase that "since" introduces, below its clause's verb
        ("depuis le début de l'offensive, le 24 février")."""
        for ancestor in token.ancestors:
            if ancestor.pos_ in ("VERB", "AUX"):
                return False
            if ancestor.lower_ in self.since_preps or any(
                    c.dep_ in ("case", "prep") and c.lower_ in self.since_preps for c in ancestor.children):
                return True
        return False

    def may_trigger(self, text: str) -> bool:
        """Before any parse: whether a word of `text` could be a trigger (its form, or its lemma
        as a verb by the pipeline's lemmatizer tables, is listed), so that sentences without
        one need not be parsed."""
        lowered = text.lower()
        words = WORD.findall(lowered)
        if any(self._may_trigger_word(word) for word in words):
            return True
        if any(first in lowered and last in lowered for first, last in self.compound_ends):
            return True  # "news conference": both its words are there
        # a phrasal trigger needs its particle too ("came together"; not every "came")
        present = set(words)
        return any(f"{self.verb_lemma(word) or word} {particle}" in self.phrasal_verbs
                   or f"{self.verb_lemma(word) or word} {particle}" in self.gathering_verbs
                   for word in words for particle in present & self.particles)

    @lru_cache(maxsize=200_000)
    def _may_trigger_word(self, word: str) -> bool:
        if word in self.nouns or word in self.verbs or word.rstrip("sx") in self.nouns:
            return True
        lemma = self.verb_lemma(word) or ""
        return lemma in self.verbs or lemma in self.reciprocal_verbs or lemma in self.idiom_heads

    @staticmethod
    def _extent(sentence: Sentence, head: Token) -> tuple[int, int]:
        return sentence.char(head.left_edge), sentence.char(head.right_edge) + len(head.right_edge.text)

    # --- triggers ---

    def _trigger_kind(self, token: Token) -> str | None:
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB":
            if lemma not in self.verb_trigger_lemmas:
                return None
            objects = [c for c in token.children if c.dep_ in self.object_deps]
            idiom = next((kind for c in objects if (kind := self._idiom_kind(token, c)) is not None), None)
            if idiom is not None:
                return idiom
            if lemma in self.reciprocal_verbs:
                # (a noun with its own preposition before it is an oblique, whatever its label:
                # "huddled behind closed doors")
                taken = [c for c in objects if not _reflexive(c)
                         and not any(g.pos_ == "ADP" and g.i < c.i for g in c.children)]
                return None if taken else "meeting"
            if any(c.dep_ in self.naming_deps for c in token.children) or (
                    any("Rel" in c.morph.get("PronType") for c in objects)
                    and any(c.pos_ == "NOUN" and not self._calendar_word(c) for c in objects)):
                # "called him a liar", "talks that she called a turning point": a verb of naming,
                # with a predicate for its object (which the parser may take for a second object)
                return None
            # the particle right after its verb: "came together on Monday", not "came to Oslo together"
            particles = [c.lower_ for c in token.children if c.dep_ in ("prt", "compound:prt", "advmod")
                         and c.i == token.i + 1]
            phrasal = next((self.phrasal_verbs[f"{lemma} {p}"] for p in particles if f"{lemma} {p}" in self.phrasal_verbs),
                           None)
            return phrasal or self._gathering_kind(token) or self.verbs.get(lemma)
        if token.pos_ in ("NOUN", "PROPN", "ADJ"):
            noun = self.nouns.get(lemma) or self.nouns.get(token.text.lower()) or self._compound_kind(token)
            if noun:
                return noun
            verb = self.verbs.get(self.verb_lemma(token.text) or "")
            return verb if verb is not None and self._is_participle(token) else None
        return None

    def _compound_kind(self, noun: Token) -> str | None:
        """The kind of a noun that is a contact only with its modifier (`compound_nouns`: "news
        conference", "conférence de presse": held with someone, it is a meeting; "conference"
        alone is a gathering that many attend)."""
        if noun.lemma_.lower() not in self.compound_words:
            return None
        for modifier in noun.children:
            if modifier.dep_ not in ("compound", "nmod", "amod"):
                continue
            words = noun.doc[min(modifier.i, noun.i):max(modifier.i, noun.i) + 1]
            phrase = " ".join(noun.lemma_.lower() if t.i == noun.i else t.lower_ for t in words)
            if phrase in self.compound_nouns:
                return self.compound_nouns[phrase]
        return None

    def _gathering_kind(self, verb: Token) -> str | None:
        """The kind a gathering verb reports when its particle stands among its dependents or those
        of its prepositions ("brought A together with B", "together" read as the oblique's)."""
        near = [c for c in verb.children if c.i > verb.i]
        near += [g for c in near if c.pos_ == "ADP" for g in c.children]
        return next((self.gathering_verbs[f"{verb.lemma_.lower()} {w.lower_}"] for w in near
                     if f"{verb.lemma_.lower()} {w.lower_}" in self.gathering_verbs), None)

    @staticmethod
    def _is_participle(token: Token) -> bool:
        """A word the tagger read as a noun or adjective but that stands with an auxiliary, as a
        past participle does ("il avait téléphoné", "ils se sont parlé")."""
        return token.head.pos_ == "AUX" and token.head.i != token.i or any(
            c.pos_ == "AUX" and c.dep_.startswith("aux") for c in token.children)

    def _is_verb(self, token: Token) -> bool:
        return token.pos_ == "VERB" or (token.pos_ in ("NOUN", "PROPN", "ADJ") and self._is_participle(token)
                                         and not self.nouns.get(token.lemma_.lower()))

    def _mode(self, token: Token, kind: str) -> str:
        """A mode word attached to the trigger ("par téléphone", "by phone", "leur entretien
        téléphonique") says how the contact was held."""
        # its own dependents, and the object of its prepositions ("spoke by phone"), not what hangs
        # on another noun ("an hour-long meeting, days after a phone exchange")
        for near in [*token.children, *(g for c in token.children if c.pos_ == "ADP" for g in c.children)]:
            mode = self.mode_words.get(near.lemma_.lower()) or self.mode_words.get(near.text.lower())
            if mode:
                return mode
        return kind

    # --- roles ---

    def _agents(self, trigger: Token) -> list[Token]:
        if not self._is_verb(trigger):
            # "his visit", "un entretien de X avec Y", "the visit of X to Y": whose contact it is
            owners = [c for c in trigger.children if c.lower_ in self.possessive_determiners
                      and c.dep_ not in self.possessive_deps] + self._owners(trigger)
            if trigger.dep_ in self.object_deps and trigger.head.pos_ in ("VERB", "AUX") \
                    and self._trigger_kind(trigger.head) is None:
                owners += self._subjects(trigger.head)  # a light verb: "held talks with", "a eu un entretien avec"
            verb = self._verb_above(trigger)
            if not owners and verb is not None and self._trigger_kind(verb) is None and (
                    self._purpose(trigger) or self._adjunct_host_obliques(trigger) or self._attended(trigger)):
                # "flew to Oslo for talks with", "a atterri à Lahore pour une visite à": the
                # traveller's own contact, as during one ("raised it in separate talks with")
                owners += self._subjects(verb)
            return self._with_conjuncts(owners)
        return self._with_conjuncts(self._subjects(trigger))

    def _genitive(self, token: Token) -> bool:
        """A nominal whose `case` dependent is a genitive marker (French "de X")."""
        return any(c.dep_ == "case" and c.lower_ in self.genitive_markers for c in token.children)

    def _presupposed(self, noun: Token) -> bool:
        """Whether a contact noun stands in a time adjunct that takes it as past ("after a call
        with X", "après une conversation avec X"; `presupposing_prepositions`)."""
        return any(m.lower_ in self.presupposing_preps for m in _markers(noun, ("case",), ("ADP", "SCONJ")))

    def _purpose(self, noun: Token) -> bool:
        """Whether a noun is introduced by a preposition of purpose or time span (`purpose_prepositions`)."""
        return any(m.lower_ in self.purpose_preps for m in _markers(noun, ("case", "mark"), ("ADP",)))

    def _subjects(self, verb: Token) -> list[Token]:
        current = verb
        for _ in range(MAX_CLIMB + 1):
            subjects = [c for c in current.children if c.dep_ in self.subject_deps] or self._bare_subject(current)
            if subjects:
                resolved = []
                for subject in subjects:
                    if subject.lower_ in self.relative_pronouns and current.dep_ in NOUN_CLAUSE_DEPS:
                        resolved.append(current.head)  # "le ministre, qui a reçu ...": the minister
                    elif subject.lower_ in self.subject_pronouns:
                        resolved.append(self._bound_subject(current) or subject)
                    elif subject.lower_ in self.plural_pronouns:
                        resolved += self._bound_subjects(current) or [subject]
                    elif subject.lower_ in self.first_person:
                        resolved += self._speakers(current) or [subject]
                    else:
                        resolved.append(subject)
                return resolved
            if current.dep_ in NOUN_CLAUSE_DEPS and current.head.pos_ in ("NOUN", "PROPN") \
                    and current.head.lemma_.lower() not in self.mode_words:
                return [current.head]
            if current.head.pos_ == "AUX" and current.head.i != current.i:
                current = current.head  # a participle read as the auxiliary's object: its subject is the auxiliary's
                continue
            if current.dep_ == "pcomp" and current.head.head.pos_ in ("VERB", "AUX") and current.head.head.i != current.head.i:
                current = current.head.head  # "X left before meeting Y", "after calling Y": the gerund's subject is the clause's
                continue
            if "Fin" in current.morph.get("VerbForm"):
                # "X held talks with A, then saw B": the parser may hang the first clause on the
                # second; a finite verb without a subject shares that of the clause before it
                before = [c for c in current.lefts if c.pos_ == "VERB" and c.dep_ in self.sequence_deps
                          and any(g.dep_ in self.subject_deps for g in c.children)]
                if before:
                    current = before[-1]
                    continue
            if current.dep_ == "conj" and current.head.pos_ in ("NOUN", "PROPN"):
                # "X a inspecté l'usine qui produit les turbines et serré la main de Y": the parser
                # coordinates the second verb with the noun before it; it shares the subject of
                # the verb that noun depends on (not of a relative clause inside the noun phrase)
                verb = next((a for a in current.head.ancestors if a.pos_ in ("VERB", "AUX")
                             and a.dep_ not in NOUN_CLAUSE_DEPS), None)
                if verb is not None:
                    current = verb
                    continue
            if current.dep_ in self.quote_deps and current.head.lemma_.lower() in self.speech_verbs \
                    and "Fin" in current.morph.get("VerbForm"):
                # a quoted post that drops its "I" ('"Spoke to X today," Y wrote'): its writer
                return self._speakers(current)
            if current.dep_ not in self.control_deps or current.head.i == current.i:
                return []
            current = current.head
        return []

    @staticmethod
    def _object_pronoun(token: Token) -> bool:
        """A third-person personal pronoun ("him", "l'", "la")."""
        kinds = token.morph.get("PronType")
        return token.pos_ == "PRON" and "3" in token.morph.get("Person") and (not kinds or "Prs" in kinds)

    def _bound_subject(self, verb: Token) -> Token | None:
        """The antecedent a subject pronoun has in its own sentence: the named subject of the
        clause its clause depends on ("Before leaving, X stopped in Oslo, where he met Y"; "X said
        he had called Y"). None in a main clause: the discourse says who it is."""
        for above in verb.ancestors:
            if above.pos_ not in ("VERB", "AUX"):
                continue
            for subject in self._subjects(above):
                if subject.pos_ == "PROPN" or any(c.dep_ in ("appos", "flat:name") and c.pos_ == "PROPN"
                                                  for c in subject.children):
                    return subject  # a name, or a title with its name ("M. Dupont", "the minister, Jane Doe")
            return None
        return None

    def _speakers(self, verb: Token) -> list[Token]:
        """Who "I", "je" is in a quote: the subject of the verb of saying or posting the quote
        hangs on ("'I spoke today with X,' Y wrote", "« Je me suis entretenu avec X », a écrit Y")."""
        for above in verb.ancestors:
            if above.lemma_.lower() in self.speech_verbs:
                return [c for c in above.children if c.dep_ in self.subject_deps
                        and c.lower_ not in self.first_person and c.pos_ not in ("PRON", "VERB", "AUX")]
        return []

    def _bound_subjects(self, verb: Token) -> list[Token]:
        """The antecedents "they", "ils" has in its own sentence: the coordinated subject of the
        clause its clause depends on ("X and Y agreed, when they met, that ..."), one of them named."""
        verbs = [a for a in verb.ancestors if a.pos_ in ("VERB", "AUX")][:MAX_CLIMB]
        for above in verbs:  # the parser may hang the clause on a verb the coordinated subject governs
            subjects = self._with_conjuncts([c for c in above.children if c.dep_ in self.subject_deps])
            if len(subjects) >= 2 and any(s.pos_ == "PROPN" for s in subjects):
                # "X said that he and Y had decided, when they spoke, ...": "he" is X
                return [(self._bound_subject(above) or s) if s.lower_ in self.subject_pronouns else s
                        for s in subjects]
        return []

    @staticmethod
    def _bare_subject(verb: Token) -> list[Token]:
        """A clause's subject that the parser attached elsewhere ("..., et Martin s'est entretenu
        avec ...", Martin read as a conjunct of the first verb): the name that stands alone
        between the clause's coordinator or comma and the verb's own words."""
        doc = verb.doc
        for i in range(verb.left_edge.i - 1, max(verb.sent.start, verb.left_edge.i - 4) - 1, -1):
            token = doc[i]
            if token.dep_ in ("cc", "punct") or token.pos_ in ("VERB", "AUX", "ADP", "SCONJ"):
                return []
            if token.pos_ in ("PROPN", "NOUN", "PRON") and token.dep_ == "conj" \
                    and not any(c.dep_ == "case" for c in token.children):
                return [token]
        # "On Monday, before flying to Oslo, A, B and C were received by X": the list right before
        # the verb's auxiliaries, read as conjuncts of the phrase before it; its first member
        i = verb.i - 1
        while i > verb.sent.start and doc[i].head.i == verb.i and doc[i].dep_.startswith("aux"):
            i -= 1
        token = doc[i]
        if i == verb.i - 1 or token.dep_ != "conj" or token.pos_ != "PROPN":
            return []
        while token.head.dep_ == "conj" and token.head.pos_ == "PROPN" and token.head.i < token.i:
            token = token.head
        return [token] if token.head.pos_ in ("PROPN", "NOUN") and token.head.i < token.i else []

    def _counterparts(self, trigger: Token) -> list[Token]:
        found: list[Token] = []
        if self._is_verb(trigger):
            for child in trigger.children:
                if child.dep_ in self.object_deps and self._idiom_kind(trigger, child) is not None:
                    # "shook the president's hand", "a serré la main du président": its owner
                    found += self._owners(child)
                elif child.dep_ in self.object_deps:
                    # "X, who had received him the day before": an object pronoun names the
                    # subject the clause depends on; in a main clause the discourse says who
                    bound = self._bound_subject(trigger) if self._object_pronoun(child) else None
                    found.append(bound if bound is not None and bound not in self._subjects(trigger) else child)
            if not found:
                found += self._objects_under_a_time(trigger)
        found += self._obliques(trigger)
        if not self._is_verb(trigger):
            found += self._qualifying_participants(trigger)
        if not self._is_verb(trigger) and trigger.head.i > trigger.i and self._introduced(trigger.head) \
                and trigger.dep_ in ("nmod", "compound"):
            # "un entretien de X avec Y" parsed upside down, the contact noun hanging on "avec Y":
            # what "with" introduces after a contact noun is its counterpart
            found.append(trigger.head)
        if not self._is_verb(trigger) and trigger.dep_ in self.object_deps and trigger.head.pos_ in ("VERB", "AUX") \
                and self._trigger_kind(trigger.head) is None:
            found += self._obliques(trigger.head)  # a light verb's "with": "held talks on Monday with X"
            return self._with_conjuncts(found)
        if not found:
            found = self._adjunct_host_obliques(trigger)
        return self._with_conjuncts(found + self._gapped(trigger))

    def _idiom_kind(self, verb: Token, noun: Token) -> str | None:
        """The kind a verb and its object report together (`object_idioms`), if they do."""
        return self.object_idioms.get(f"{verb.lemma_.lower()} {noun.lemma_.lower()}")

    def _owners(self, noun: Token) -> list[Token]:
        """Whose `noun` is: its possessor ("X's hand"), its genitive ("la main du président"), or
        what an English "of" after it heads ("the hand of X")."""
        return [c for c in noun.children if c.dep_ in self.possessive_deps] \
            + [c for c in noun.children if c.dep_ == "nmod" and self._genitive(c)] \
            + [g for c in noun.children if c.dep_ == "prep" and c.lower_ in self.genitive_markers
               for g in c.children if g.dep_ == "pobj"]

    def _attended(self, noun: Token) -> bool:
        """A contact noun in an adjunct of its clause's verb that names its other side with
        "with" ("appeared at a news conference with X", "a pris la parole lors d'un entretien avec
        X"): the verb's subject was there. Not one that names both sides ("between A and B")."""
        if not _markers(noun, ("case",), ("ADP",)):
            return False
        obliques = [c for c in noun.children if c.lemma_.lower() in self.comitative_preps
                    or self._introduced_by(c, self.comitative_preps)]
        between = [c for c in noun.children if c.lemma_.lower() in self.between_preps
                   or self._introduced_by(c, self.between_preps)]
        return bool(obliques) and not between

    def _adjunct_host_obliques(self, noun: Token) -> list[Token]:
        """The "with" phrase of the verb a contact noun is an adjunct of, when the noun names no
        one itself ("discussed the plan with X during a call", "a évoqué le projet avec X lors
        d'un entretien"): the verb's other side is the contact's."""
        if self._is_verb(noun) or not _markers(noun, ("case",), ("ADP",)):
            return []
        verb = self._verb_above(noun)
        if verb is None or self._trigger_kind(verb) is not None:
            return []
        found: list[Token] = []
        # the parser may hang the "with" on the verb's object ("raised [the plan with X]")
        objects = [c for c in verb.children if c.dep_ in self.object_deps and c.i != noun.i]
        for child in [*verb.children, *(g for o in objects for g in o.children)]:
            if child.pos_ == "ADP" and child.lemma_.lower() in self.comitative_preps:
                found += [g for g in child.children if g.dep_ in ("pobj", "obj", "nmod")]  # English: "with" heads X
            elif child.pos_ != "ADP" and child.dep_ != "conj" and self._introduced_by(child, self.comitative_preps):
                found.append(child)  # French: X carries its "avec"
        return [g for g in found if g.lemma_.lower() not in self.mode_words and not self._calendar_word(g)]

    def _qualifying_participants(self, noun: Token) -> list[Token]:
        """Participants that a verb qualifying a contact noun names: the objects of "involving",
        "réunissant" ("talks involving A, B and C"), the agent and the "with" of "hosted by"
        ("a meeting hosted by A with B")."""
        found: list[Token] = []
        for verb in noun.children:
            if verb.dep_ not in ("acl", "relcl", "acl:relcl") or verb.pos_ != "VERB":
                continue
            lemma = verb.lemma_.lower()
            if lemma in self.participant_verbs:
                found += [c for c in verb.children if c.dep_ in self.object_deps]
                found += self._obliques(verb)
            elif lemma in self.hosting_verbs:
                found += self._obliques(verb)
        return found

    def _objects_under_a_time(self, verb: Token) -> list[Token]:
        """The object the parser hung on the verb's time modifier ("a reçu samedi matin son
        homologue": "homologue" made a modifier of "soir"): a bare noun below a calendar word is
        no part of the time, it is what the verb takes."""
        found = []
        for time in verb.children:
            if time.lemma_.lower() not in self.calendar_words or time.dep_ in self.object_deps:
                continue
            for word in time.subtree:
                if word.i != time.i and word.pos_ in ("NOUN", "PROPN") and word.head.lemma_.lower() in self.calendar_words \
                        and word.lemma_.lower() not in self.calendar_words and word.dep_ in ("nmod", "appos", "obj") \
                        and not any(c.dep_ in ("case", "prep", "nummod") for c in word.children):
                    found.append(word)
        return found

    @staticmethod
    def _gapped(verb: Token) -> list[Token]:
        """The objects of a gapped conjunct, which repeats the verb's object and adjuncts but not
        the verb ("met X in Oslo on Monday and Y in Bergen on Tuesday"): the parser hangs Y on
        the verb as a nominal conjunct, or on the object of the adjunct before it."""
        found = [c for c in verb.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")
                 and not any(g.dep_ in ("case", "mark") or g.pos_ in ("VERB", "AUX") for g in c.children)]
        for adjunct in verb.children:
            if adjunct.dep_ in ("prep", "npadvmod") or (adjunct.dep_ == "obl" and adjunct.pos_ != "ADP"):
                objects = [g for g in adjunct.children if g.dep_ == "pobj"] if adjunct.dep_ == "prep" else [adjunct]
                found += [c for o in objects for c in o.children if c.dep_ == "conj" and c.pos_ == "PROPN"
                          and not any(g.dep_ in ("case", "mark", "prep") for g in c.children)]
        return found

    def _obliques(self, head: Token) -> list[Token]:
        """The counterparts that prepositions introduce under `head`."""
        found: list[Token] = []
        for child in head.children:
            # English: a preposition heads its object ("with" -> pobj); French: the case marker hangs on the noun
            if child.pos_ == "ADP" or child.dep_ in ("prep", "agent"):
                if child.lemma_.lower() in self.counterpart_preps | self.agent_preps | self.between_preps:
                    found += [g for g in child.children if g.dep_ in ("pobj", "obj", "nmod")
                              and g.lemma_.lower() not in self.mode_words and not self._calendar_word(g)]
                continue
            if child.lemma_.lower() in self.mode_words:
                # "au téléphone", "by video": the channel, not a participant; but "par téléphone
                # avec X" may hang X on it
                found += [g for g in child.children if self._introduced(g)]
                continue
            if self._introduced(child):
                found.append(child)
        return found

    def _introduced(self, token: Token) -> bool:
        """A nominal that a counterpart, agent or "between" preposition introduces (French: the
        preposition is the nominal's `case` dependent)."""
        cases = {w for g in token.children if g.dep_ == "case" for w in (g.lemma_.lower(), g.lower_)}
        return bool(cases & (self.counterpart_preps | self.agent_preps | self.between_preps)) and \
            token.pos_ in ("NOUN", "PROPN", "PRON") and token.lemma_.lower() not in self.mode_words \
            and not self._calendar_word(token)

    @staticmethod
    def _introduced_by(token: Token, prepositions: set[str]) -> bool:
        """A nominal that one of `prepositions` introduces (its case marker, or the preposition
        it is the object of), or a conjunct of one."""
        while token.dep_ == "conj" and token.head.i != token.i:
            token = token.head
        return any(m.lower_ in prepositions for m in _markers(token, ("case",), ("ADP",)))

    def _calendar_word(self, token: Token) -> bool:
        """A month, a weekday or a part of the day ("à la mi-octobre", "au matin"): a time, not a person."""
        return token.lemma_.lower().rsplit("-", 1)[-1] in self.calendar_words or token.lower_ in self.calendar_words

    @staticmethod
    def _with_conjuncts(tokens: list[Token]) -> list[Token]:
        result: list[Token] = []
        stack = list(tokens)
        while stack:
            token = stack.pop(0)
            if token in result:
                continue
            result.append(token)
            stack += [c for c in token.children if c.dep_ == "conj" and c.pos_ not in ("VERB", "AUX")]
            # "the minister, Jane Doe, and the envoy John Roe": the parser may coordinate the
            # next member with the apposition that names this one, or with an apposition of that
            # apposition ("the ministers, A of Chile, B of Peru and C of Bolivia")
            appositions = [a for a in token.children if a.dep_ == "appos" and a.pos_ == "PROPN"]
            while appositions:
                apposition = appositions.pop()
                stack += [c for c in apposition.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")]
                appositions += [a for a in apposition.children if a.dep_ == "appos" and a.pos_ == "PROPN"]
        return result

    def _phrase(self, sentence: Sentence, token: Token) -> tuple[int, int]:
        """The characters of a role's noun phrase: the token and what hangs on it, less the
        clauses, the conjuncts (each conjunct is a role of its own) and any contact noun in it
        ("met X, the first visit by ...": the visit is another frame's)."""
        tokens = [token]
        stack = [token]
        while stack:
            for child in stack.pop().children:
                if child.dep_ not in PHRASE_EXCLUDED_DEPS and not (child.pos_ == "NOUN" and self._trigger_kind(child)):
                    tokens.append(child)
                    stack.append(child)
        first = min(tokens, key=lambda t: t.i)
        last = max(tokens, key=lambda t: t.i)
        return sentence.char(first), sentence.char(last) + len(last.text)

    @staticmethod
    def _verb_above(token: Token) -> Token | None:
        current = token
        for _ in range(MAX_CLIMB + 1):
            if current.head.i == current.i:
                return None
            current = current.head
            if current.pos_ in ("VERB", "AUX"):
                return current
        return None

    # --- status ---

    def _status(self, trigger: Token) -> str:
        if self._negated(trigger):
            return "negated"
        if self._irrealis(trigger):
            return "irrealis"
        if self._verb_above(trigger) is None and any(c.dep_ == "aux" and c.lower_ in self.headline_infinitive
                                                     for c in trigger.children):
            return "announced"
        presupposed = not self._is_verb(trigger) and self._presupposed(trigger)
        if not self._is_verb(trigger) and self._verb_above(trigger) is None and not presupposed:
            return "unasserted"  # "Summit between A and B": a noun names a contact, no verb says it was held
        for child in trigger.children:
            lemma = child.lemma_.lower()
            if lemma in self.sequence_heads and self._narrated_in_sequence(trigger, trigger.head):
                continue  # "a vu X avant de s'entretenir avec Y"
            if (child.dep_ in ("case", "mark") and lemma in self.not_held_heads) or \
                    (child.dep_ == "amod" and lemma in self.not_held_modifiers):
                return f"{lemma} {trigger.lemma_}"
        if presupposed:
            return HELD  # "agreed to lift the tariffs after a call with X": whatever was agreed, the call was held
        # up the tree: a governing verb of plan or wish, a head that puts the contact ahead, or a
        # verb above whose own negation or mood extends to the trigger ("will travel to meet")
        current = trigger
        adverbial = False
        for _ in range(MAX_CLIMB):
            if current.head.i == current.i:
                break
            dep, head = current.dep_, current.head
            lemma = head.lemma_.lower()
            # a verb of plan or wish governs its complements ("wanted to meet", "proposed talks"),
            # not an adverbial ("during the call, she proposed to meet again")
            # (an adverbial clause or a conjoined verb is no complement: "X, come to talk with
            # Y, had prepared the ground" does not plan the talks)
            complement = dep in self.object_deps | self.governing_deps | self.subject_deps | {"xcomp"}
            verb = head.pos_ in ("VERB", "AUX")
            if verb and (complement or current.lower_ in self.purpose_preps) and any(
                    c.dep_ in ("acomp", "attr") and c.lemma_.lower() in self.not_held_heads for c in head.children):
                return f"{lemma} {trigger.lemma_}"  # "is due in Moscow for talks": the copula's predicate
            if current.i == trigger.i and lemma in self.sequence_heads \
                    and self._narrated_in_sequence(trigger, head.head):
                break  # "saw X before sitting down with Y": as past as the clause it follows
            if (lemma in self.not_held_heads and (complement or not verb)) or (
                    lemma in self.not_held_governors and verb and complement and not adverbial):
                return f"{lemma} {trigger.lemma_}"
            # past an adverbial clause ("when they met"), a plan verb higher up plans something else
            adverbial = adverbial or dep == "advcl"
            if current.i == trigger.i and not self._is_verb(trigger) and lemma in self.noun_not_held_governors \
                    and dep in self.object_deps | {"obl", "obl:mod", "obl:arg", "nmod", "dobj"}:
                return f"{lemma} {trigger.lemma_}"  # "a annoncé un sommet": one to come
            # a contact noun takes the mood of the verb it is the subject or object of ("a meeting
            # would take place", "la rencontre n'a pas eu lieu", "proposed talks")
            if dep in self.governing_deps or dep in self.control_deps or dep.split(":")[0] in ("pobj", "prep", "obl", "nmod") \
                    or (not self._is_verb(trigger) and dep in self.object_deps | self.subject_deps | self.predicate_deps):
                if head.pos_ in ("VERB", "AUX") and (self._negated(head) or self._irrealis(head)) \
                        and not _finite_past(trigger):
                    # ("when they met last month, they agreed that talks would resume": a verb in
                    # a past tense of its own asserts its event, whatever the clause it hangs on)
                    return "negated" if self._negated(head) else "irrealis"
            else:
                break
            current = head
        return HELD

    def _narrated_in_sequence(self, trigger: Token, anchor: Token) -> bool:
        """Whether a verbal trigger under "before" follows `anchor`, the clause it hangs on, in a
        past narration: the anchor is a finite past, neither negated nor irrealis. A noun keeps
        "before" as ahead ("before the talks, X said"): it names the next thing on an agenda."""
        return self._is_verb(trigger) and anchor.i != trigger.i and _finite_past(anchor) \
            and not self._negated(anchor) and not self._irrealis(anchor)

    def _future_form(self, word: Token) -> bool:
        """A future or conditional by its form: the future stem then an ending ("parler-ait",
        "recevr-ont"), which tells "parlerait" from the imperfect "parlait"."""
        if not self.irrealis_endings or word.pos_ not in ("VERB", "AUX"):
            return False
        lemma, form = word.lemma_.lower(), word.lower_
        stem = self.future_stems.get(lemma) or (lemma[:-1] if lemma.endswith("re") else lemma)
        return form.startswith(stem) and form[len(stem):] in {e[1:] if stem.endswith("r") else e
                                                             for e in self.irrealis_endings}

    def _negated(self, token: Token) -> bool:
        for child in token.children:
            if child.dep_ == "neg" or (child.lemma_.lower() in self.negation and child.dep_ in ("advmod", "det", "mark",
                                                                                                 "case", "neg", "cc")):
                return True
            # "Neither X nor Y had met ...", "Ni X ni Y n'ont ...": a subject that negation introduces
            if child.dep_ in self.subject_deps and any(g.lemma_.lower() in self.negation and g.dep_ in (
                    "preconj", "cc:preconj", "cc", "advmod", "det") and g.i < child.i for g in child.children):
                return True
        return False

    def _irrealis(self, token: Token) -> bool:
        # a verb's auxiliaries carry its mood; so does any verb hanging on a contact noun (the
        # parser may attach "aurait lieu" to "une rencontre" rather than the other way round)
        helpers = [c for c in token.children if c.dep_.startswith("aux")
                   or (token.pos_ in ("NOUN", "PROPN") and c.pos_ in ("AUX", "VERB"))]
        for word in [token, *helpers]:
            if set(word.morph.get("Mood")) & self.irrealis_moods or set(word.morph.get("Tense")) & self.irrealis_tenses:
                return True
            if self._future_form(word):
                return True
            if word.i != token.i and word.lemma_.lower() in self.modals:
                return True
        return False


def _markers(noun: Token, child_deps: tuple[str, ...], head_pos: tuple[str, ...]) -> list[Token]:
    """The words that introduce a noun: its case markers (French), or the preposition it is the
    object of (English)."""
    markers = [c for c in noun.children if c.dep_ in child_deps]
    if noun.dep_ == "pobj" and noun.head.pos_ in head_pos:
        markers.append(noun.head)
    return markers


def _reflexive(pronoun: Token) -> bool:
    """A reflexive pronoun ("se", "themselves"), by its morphology or, where the tagger gives none,
    as the clitic the French parser marks `expl`."""
    return "Yes" in pronoun.morph.get("Reflex") or pronoun.dep_.startswith("expl")


def _in_scope(start: int, extent: tuple[int, int], nested: list[tuple[int, int]]) -> bool:
    return extent[0] <= start < extent[1] and not any(a <= start < b for a, b in nested)


def _finite_past(verb: Token) -> bool:
    """A verb in a finite past: its own form or its auxiliary's ("met", "had met"), or a past
    participle after an auxiliary in the present ("has met", "a rencontré"); not an infinitive."""
    auxiliaries = [c for c in verb.children if c.dep_.startswith("aux")]
    if verb.pos_ != "VERB":
        return False
    if any("Past" in w.morph.get("Tense") and "Fin" in w.morph.get("VerbForm") for w in [verb, *auxiliaries]):
        return True
    return "Part" in verb.morph.get("VerbForm") and "Past" in verb.morph.get("Tense") and any(
        "Pres" in a.morph.get("Tense") and "Fin" in a.morph.get("VerbForm") for a in auxiliaries)


def _has_auxiliary(verb: Token) -> bool:
    return any(c.dep_.startswith("aux") for c in verb.children)
