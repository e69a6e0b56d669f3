"""Synthetic stores for the benchmarks: claims between registry officials, run through the real
RDF mapping and merge stage, so that a store of any size has the project's own shapes without
parsing that many articles."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from diplo import rdf
from diplo.merging import rebuild_merged_graph
from diplo.namespaces import REGISTRY_GRAPH, article_graph
from diplo.store import Store
from ingest.model import Article, ContactClaim, Evidence, Extraction, PartialDate, PositionClaim
from ingest.registry import load_registry

KINDS = ["phone_call", "video_call", "meeting", "visit", "talks"]
STANCES = ["condemn", "offer", "deny", "demand", "support", "accuse", "warn", "assert"]
SENTENCE = "Le ministre s'est entretenu par téléphone avec son homologue au sujet de la situation régionale."


def synthetic_articles(count: int, seed: int = 7) -> list[Extraction]:
    random.seed(seed)
    registry = load_registry()
    people = [p.actor(None) for p in registry.people.values() if p.terms]
    named = [p.actor(None) for p in registry.people.values() if p.name in ("Sébastien Lecornu", "Sergei Shoigu",
                                                                            "Vladimir Putin", "Emmanuel Macron")]
    extractions = []
    for index in range(count):
        doc = f"synthetic-{index:06d}"
        day = dt.date(2019, 1, 1) + dt.timedelta(days=random.randrange(2500))
        text = " ".join([SENTENCE] * 6)
        article = Article(doc, doc, text, "fr", published=PartialDate(day.year, day.month, day.day))
        extraction = Extraction(article)
        for ordinal in range(4):
            pair = random.sample(named if random.random() < 0.02 else people, 2)
            precision = random.choice(["day", "day", "month", "year"])
            date = PartialDate(day.year, day.month if precision != "year" else None,
                               day.day if precision == "day" else None).with_weekday_checked()
            start = ordinal * (len(SENTENCE) + 1)
            extraction.contacts.append(ContactClaim(doc, random.choice(KINDS), pair, date,
                                                    [Evidence(SENTENCE, start, start + len(SENTENCE))],
                                                    duration_minutes=random.choice([None, 30, 60]), ordinal=ordinal))
        for ordinal in range(3):
            start = ordinal * (len(SENTENCE) + 1)
            extraction.positions.append(PositionClaim(doc, random.choice(people), random.choice(STANCES),
                                                      "la situation régionale", Evidence(SENTENCE, start,
                                                                                         start + len(SENTENCE)),
                                                      ordinal=ordinal))
        extractions.append(extraction)
    return extractions


def build_store(path: Path, target_triples: int = 0, articles: int = 0) -> tuple[Store, int]:
    """A store at `path` of about `target_triples` triples, or of `articles` synthetic articles;
    returns it open for writing, and its number of quads."""
    store = Store.open_for_writing(path)
    store.replace_graph(REGISTRY_GRAPH, rdf.registry_quads(load_registry()))
    now = dt.datetime.now(dt.timezone.utc)
    per_article = None
    written = 0
    batch = 0
    count = 0
    while (written < target_triples) if target_triples else (count < articles):
        remaining = (target_triples - written) // (per_article or 150) + 1 if target_triples else articles - count
        graphs = []
        for extraction in synthetic_articles(min(500, remaining), seed=batch):
            extraction.article.doc_id = f"b{batch}-{extraction.article.doc_id}"
            for claim in [*extraction.contacts, *extraction.positions]:
                claim.doc_id = extraction.article.doc_id
            quads, shared = rdf.article_quads(extraction, now)
            graphs.append((article_graph(extraction.article.doc_id), quads, shared))
            written += len(quads)
            per_article = len(quads)
            count += 1
        store.replace_graphs(graphs)
        batch += 1
    rebuild_merged_graph(store)
    total = sum(1 for _ in store.quads())
    print(f"  about {per_article} triples per synthetic article")
    return store, total


