"""Stage 3, analyse (after the parser): repairs of parses that news copy breaks in known ways.

Two spaCy pipeline components (`diplo_name_lists`, `diplo_split_names`, added last to the
pipeline by ingest.analyse). Written here because no spaCy component does it: the statistical
parser is right on short
coordinations but, past a comma, often hangs a long titled name somewhere else in the
sentence ("talks involving Kenyan President A, Ghanaian President B and Senegalese President
C": B made a modifier of the main verb, C its conjunct). Every stage after it (contact frames,
positions) reads roles from the tree, so the tree is mended once, here.

The repair is stated on the surface and the parse together: three or more proper-name
phrases (adjectives and titles, then a name) separated by commas, the last by a coordinating
conjunction, form one list; a member the parser attached by one of the language's
`list_repair_deps` (lexicon `parse_repair`, e.g. English `npadvmod`) becomes a conjunct of the
first member. A member that is a subject or an object of its own stays as it is ("A met B,
and C and D spoke": C is the subject of a clause of its own).

The second repair mends one proper-name phrase that the parser cut in two: its first word the
object of a preposition, the rest the subject of that preposition's own verb although it
follows the verb ("Talked with Minister Ana Ruiz today": "Minister" the object of "with", "Ana
Ruiz" made the subject of "Talked"). A subject after its verb with no inversion is no subject;
the phrase becomes the object, its head the name, the rest its compounds. The attachments it
reads as the mistake are the lexicon's `split_name_deps`.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

NAME_POS = {"PROPN", "ADJ"}  # "Chilean President Ana Ruiz": demonym, title, name
MIN_MEMBERS = 3  # "A and B" the parser coordinates well; the breaks come with longer lists


@Language.factory("diplo_name_lists", default_config={"deps": []})
def name_list_repair(nlp: Language, name: str, deps: list[str]) -> "NameListRepair":
    return NameListRepair(set(deps))


class NameListRepair:
    def __init__(self, deps: set[str]) -> None:
        self.deps = deps  # the attachments that, for a list member, are the parser's mistake

    def __call__(self, doc: Doc) -> Doc:
        if not self.deps or not doc.has_annotation("DEP"):
            return doc
        for members in name_lists(doc):
            first = members[0]
            for member in members[1:]:
                if member.dep_ in self.deps and member.head not in members and first not in member.subtree:
                    member.head = first
                    member.dep_ = "conj"
        return doc


def name_lists(doc: Doc) -> list[list[Token]]:
    """The heads of the members of each comma list of proper-name phrases in `doc`."""
    lists: list[list[Token]] = []
    members: list[Token] = []
    closed = False  # the list has had its conjunction: the next separator ends it
    i = 0
    while i < len(doc):
        phrase_end = _name_phrase_end(doc, i)
        if phrase_end == i:  # not a name: a list still open here was no list
            members, closed = [], False
            i += 1
            continue
        head = _phrase_head(doc, i, phrase_end)
        members.append(head)
        separator, after = _separator(doc, phrase_end)
        if separator is None or closed or head is None:
            _keep(lists, members, closed)
            members, closed = [], False
        elif separator == "conjunction":
            closed = True
        i = after if separator is not None else phrase_end
    _keep(lists, members, closed)
    return lists


def _keep(lists: list[list[Token]], members: list[Token | None], closed: bool) -> None:
    if closed and len(members) >= MIN_MEMBERS and all(m is not None for m in members):
        lists.append(list(members))


def _name_phrase_end(doc: Doc, start: int) -> int:
    """The end of the proper-name phrase starting at `start` (== start when there is none): a run
    of adjectives and proper nouns that ends on a proper noun."""
    end = start
    last_name = start
    while end < len(doc) and doc[end].pos_ in NAME_POS:
        end += 1
        if doc[end - 1].pos_ == "PROPN":
            last_name = end
    return last_name


def _phrase_head(doc: Doc, start: int, end: int) -> Token | None:
    """The one token of a phrase whose head lies outside it (None when the parser split it)."""
    outside = [t for t in doc[start:end] if not start <= t.head.i < end or t.head.i == t.i]
    return outside[0] if len(outside) == 1 else None


def _separator(doc: Doc, at: int) -> tuple[str | None, int]:
    """What separates a list member from the next: a comma, a conjunction (with or without a
    comma before it), or nothing that continues a list."""
    if at < len(doc) and doc[at].text == ",":
        if at + 1 < len(doc) and doc[at + 1].pos_ == "CCONJ":
            return "conjunction", at + 2
        return "comma", at + 1
    if at < len(doc) and doc[at].pos_ == "CCONJ":
        return "conjunction", at + 1
    return None, at


@Language.factory("diplo_split_names", default_config={"deps": []})
def split_name_repair(nlp: Language, name: str, deps: list[str]) -> "SplitNameRepair":
    return SplitNameRepair(set(deps))


class SplitNameRepair:
    def __init__(self, deps: set[str]) -> None:
        self.deps = deps  # the attachments (a subject) the name's second part wrongly took

    def __call__(self, doc: Doc) -> Doc:
        if not self.deps or not doc.has_annotation("DEP"):
            return doc
        for first in doc:
            rest = _split_name_rest(doc, first, self.deps)
            if rest is None:
                continue
            rest.head, rest.dep_ = first.head, first.dep_
            first.head, first.dep_ = rest, "compound"
        return doc


def _split_name_rest(doc: Doc, first: Token, deps: set[str]) -> Token | None:
    """The head of the proper-name run right after `first` when the parser cut one phrase there:
    `first`, a proper noun, is the object of a preposition of verb V, and the run (proper nouns
    only) hangs on V by one of `deps`, to its right."""
    if first.pos_ != "PROPN" or first.head.pos_ != "ADP" or first.head.head.pos_ not in ("VERB", "AUX"):
        return None
    verb = first.head.head
    end = first.i + 1
    while end < len(doc) and doc[end].pos_ == "PROPN":
        end += 1
    run = doc[first.i + 1:end]
    if not len(run):
        return None
    heads = [t for t in run if not run.start <= t.head.i < run.end]
    if len(heads) != 1 or heads[0].head.i != verb.i or heads[0].dep_ not in deps or verb.i > first.i:
        return None
    if any(c.dep_ in deps and c.i != heads[0].i for c in verb.children):
        return None  # the verb has a subject of its own: the run is something else
    return heads[0]
