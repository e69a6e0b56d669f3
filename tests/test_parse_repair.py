"""Parse repairs (ingest/parse_repair.py), on parses built by hand: each repair is run on the
exact mistake it mends, whatever the statistical parser happens to do with a sentence today."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

import ingest.parse_repair  # noqa: F401 - registers the factories
from ingest.parse_repair import SplitNameRepair


def parsed(words: list[str], heads: list[int], deps: list[str], pos: list[str]) -> Doc:
    return Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, pos=pos)


def test_a_name_cut_after_a_prepositions_object_is_made_whole():
    # "Spoke to PM Ana Ruiz": "PM" the object of "to", "Ana Ruiz" made the subject of "Spoke"
    doc = parsed(["Spoke", "to", "PM", "Ana", "Ruiz", "today"], [0, 0, 1, 4, 0, 0],
                 ["ROOT", "prep", "pobj", "compound", "nsubj", "npadvmod"],
                 ["VERB", "ADP", "PROPN", "PROPN", "PROPN", "NOUN"])
    SplitNameRepair({"nsubj"})(doc)
    assert (doc[4].dep_, doc[4].head.i) == ("pobj", 1)
    assert (doc[2].dep_, doc[2].head.i) == ("compound", 4)
    assert not [t for t in doc if t.dep_ == "nsubj"]


def test_a_subject_of_its_own_is_left_alone():
    # "Ana Ruiz spoke to PM Karl": the subject stands before its verb
    doc = parsed(["Ana", "Ruiz", "spoke", "to", "PM", "Karl"], [1, 2, 2, 2, 3, 2],
                 ["compound", "nsubj", "ROOT", "prep", "pobj", "npadvmod"],
                 ["PROPN", "PROPN", "VERB", "ADP", "PROPN", "PROPN"])
    SplitNameRepair({"nsubj"})(doc)
    assert (doc[1].dep_, doc[4].dep_, doc[5].dep_) == ("nsubj", "pobj", "npadvmod")
