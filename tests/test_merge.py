"""Merging claims across articles: one real-world contact is one event."""

from __future__ import annotations

import pytest
from pyoxigraph import Literal

from diplo import rdf
from diplo.namespaces import DK, DKR, XSD
from ingest.merge import find_disputes, merge_contacts
from ingest.model import Actor, ContactClaim, Evidence, PartialDate, PositionClaim

PAIR = [Actor("a", "A", "FR"), Actor("b", "B", "RU")]
EVIDENCE = [Evidence("s", 0, 1)]


def claim(doc: str, date: PartialDate | None, kind: str = "phone_call") -> ContactClaim:
    return ContactClaim(doc, kind, list(PAIR), date, list(EVIDENCE))


def test_partial_dates_from_several_articles_complete_each_other():
    claims = [claim("undated-2024", PartialDate(year=2024, weekday=2)), claim("no-year", PartialDate(month=4, day=3)),
              claim("full", PartialDate.parse_iso("2024-04-03"))]
    [event] = merge_contacts(claims)
    assert event.date.iso() == "2024-04-03" and len(event.claims) == 3


def test_a_call_and_a_meeting_the_same_day_stay_two_events():
    day = PartialDate.parse_iso("2025-04-01")
    assert len(merge_contacts([claim("x", day), claim("y", day, "meeting")])) == 2


def test_two_contacts_reported_by_one_article_stay_two():
    assert len(merge_contacts([claim("x", PartialDate.parse_iso("2025-07")),
                               ContactClaim("x", "phone_call", list(PAIR), PartialDate.parse_iso("2025-07-10"),
                                            list(EVIDENCE), ordinal=1)])) == 2


def test_an_undated_report_never_becomes_an_event_of_its_own():
    assert merge_contacts([claim("x", None)]) == []


def test_sources_a_day_apart_make_one_event_with_the_conflict_recorded():
    claims = [claim(doc, PartialDate.parse_iso(day)) for doc, day in (("d1", "2024-04-03"), ("d2", "2024-04-03"), ("d3", "2024-04-04"))]
    [event] = merge_contacts(claims)
    assert event.date.iso() == "2024-04-03" and len(event.claims) == 3
    assert event.date_conflicts == ["d3 date it 2024-04-04; 2 other source(s) 2024-04-03"]


def test_a_denial_disputes_each_claim_of_another_country_once():
    kremlin = Actor("country/RU", "Russia", "RU", None, "registry", is_country=True)
    paris = Actor("country/FR", "France", "FR", None, "registry", is_country=True)
    minister = Actor("jean_dupont", "Jean Dupont", "FR", "foreign_minister", "text")
    admitted = Evidence("Moscow admitted the attack was planned abroad, while accusing Paris of a role in it.", 0, 83)
    denied = Evidence("Paris denied any role.", 84, 106)
    own = Evidence("The minister offered to share what France knows.", 107, 156)
    claims = [PositionClaim("d", kremlin, "assert", "the attack", admitted, ordinal=0),
              PositionClaim("d", kremlin, "accuse", "a role in it", admitted, ordinal=1),
              PositionClaim("d", paris, "deny", "any role", denied, ordinal=2),
              PositionClaim("d", minister, "offer", "to share", own, ordinal=3),
              PositionClaim("other", kremlin, "assert", "the attack", admitted, ordinal=0)]
    assert [(d.ordinal, c.ordinal, c.doc_id) for d, c in find_disputes(claims)] == [(2, 0, "d")]


def test_a_denial_answers_the_claims_reported_near_it_not_every_claim_of_a_long_article():
    capital = Actor("country/RU", "Russia", "RU", None, "registry", is_country=True)
    minister = Actor("jean_dupont", "Jean Dupont", "FR", "foreign_minister", "text")
    sentence = "The minister said the convoy had crossed the border."
    claims = [PositionClaim("d", minister, "assert", f"claim {index}",
                            Evidence(sentence, index * 100, index * 100 + len(sentence)), ordinal=index)
              for index in range(12)]
    denial = PositionClaim("d", capital, "deny", "any convoy", Evidence("Moscow denied it.", 1200, 1217), ordinal=12)
    disputed = [claim.ordinal for _, claim in find_disputes([*claims, denial])]
    assert disputed == [9, 10, 11]


@pytest.mark.parametrize("batch, cached", [(32, 100_000), (1, 100_000), (1, 3)])
def test_the_merged_graph_kept_in_step_is_the_graph_a_full_rebuild_writes(tmp_path, monkeypatch, batch, cached):
    """Articles arrive in three runs, in a shuffled order, and two come back changed, then one is
    removed: after each step the merged graph the writer kept in step holds exactly the quads of a
    rebuild from every stored claim; whether a run writes its articles in one batch or one by one
    (the claims of a key, and the contacts of a pair, kept between batches and dropped when more
    than `cached` are kept)."""
    import random
    import shutil

    import diplo.merging
    import diplo.writer

    monkeypatch.setattr(diplo.writer, "BATCH_ARTICLES", batch)
    monkeypatch.setattr(diplo.merging, "CACHED_CLAIMS", cached)
    monkeypatch.setattr(diplo.merging, "CACHED_PAIR_CONTACTS", cached)
    monkeypatch.setattr(diplo.writer, "REOPEN_ARTICLES", 2)  # the database reopened under a run's feet

    from diplo.merging import rebuild_merged_graph
    from diplo.namespaces import MERGED_GRAPH
    from diplo.store import writing
    from diplo.writer import ingest, remove
    from tests.conftest import SAMPLES

    texts = {
        "a.txt": "PARIS, 4 mars 2024 - Le président français Emmanuel Macron s'est entretenu lundi au téléphone avec "
                 "Vladimir Poutine. Il a condamné les frappes sur Odessa.",
        "b.txt": "MOSCOU, 5 mars 2024 - Vladimir Poutine et Emmanuel Macron se sont parlé lundi par téléphone, a indiqué "
                 "le Kremlin, qui a démenti toute frappe sur des civils.",
        "c.txt": "BERLIN, 12 March 2024 - Chancellor Olaf Scholz met Emmanuel Macron in Berlin on Monday. The two "
                 "leaders discussed support for Ukraine and the European budget.",
        "d.txt": "ROME, 13 March 2024 - Olaf Scholz held talks with Emmanuel Macron on Monday, officials said. "
                 "They discussed support for Ukraine.",
        "e.txt": "KYIV, 5 March 2024 - Ukraine's foreign minister Dmytro Kuleba accused Russia of striking the port "
                 "of Odesa on Monday. Kremlin spokesman Dmitry Peskov denied that Russian forces had struck the port.",
        # one position in two words: the first article by id gives its topic, whichever came first
        "f.txt": "PARIS, 6 March 2024 - French President Emmanuel Macron on Wednesday condemned the strikes on the "
                 "harbour of Odesa. Twelve people were killed overnight in the port city.",
        "g.txt": "LONDON, 6 March 2024 - French President Emmanuel Macron on Wednesday condemned strikes on harbour of "
                 "Odesa. Rescue teams worked through the night in the port city.",
    }
    folder = tmp_path / "articles"
    folder.mkdir()
    names = sorted(p.name for p in SAMPLES.iterdir() if p.suffix == ".txt")
    for name in names:
        shutil.copy(SAMPLES / name, folder / name)
        sidecar = (SAMPLES / name).with_suffix(".json")
        if sidecar.exists():
            shutil.copy(sidecar, folder / sidecar.name)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    paths = sorted(folder.glob("*.txt"))
    random.Random(9).shuffle(paths)
    store = tmp_path / "store"
    runs = [paths[:3], paths[3:], [folder / "c.txt", folder / "e.txt"]]
    for index, run in enumerate(runs):
        if index == 2:  # the same articles, changed: their old claims, place and dispute leave the merged graph
            (folder / "c.txt").write_text("BERLIN, 12 March 2024 - Chancellor Olaf Scholz met Giorgia Meloni in Rome on "
                                          "Monday. The two leaders discussed migration and the European budget.",
                                          encoding="utf-8")
            (folder / "e.txt").write_text("KYIV, 5 March 2024 - Ukraine's foreign minister Dmytro Kuleba accused Russia "
                                          "of striking the port of Odesa on Monday. The port was closed for the day.",
                                          encoding="utf-8")
        report = ingest(run, store, processes=1, progress=False)
        assert report.articles == len(run) and not report.rejected
        with writing(store) as written:
            kept = set(written.quads(MERGED_GRAPH))
            rebuild_merged_graph(written)
            rebuilt = set(written.quads(MERGED_GRAPH))
        assert kept and kept == rebuilt
        disputes = [q for q in kept if q.subject.value.endswith("/dispute/e/p1-p0")]
        places = [q for q in kept if q.object.value.endswith("/place/berlin")]
        if index:  # every article is in after the second run, and the third takes the dispute and place away
            assert (bool(disputes), bool(places)) == ((True, True) if index == 1 else (False, False)), index
    # an article removed takes its claims' share of the merged graph with it
    assert [q for q in kept if q.object.value.endswith("/claim/d/c0")]
    assert remove(["d", "not-stored"], store) == (["d"], ["not-stored"])
    with writing(store) as written:
        kept = set(written.quads(MERGED_GRAPH))
        rebuild_merged_graph(written)
        assert kept == set(written.quads(MERGED_GRAPH))
    assert not [q for q in kept if q.object.value.endswith("/claim/d/c0")]


def test_a_run_stopped_between_its_articles_and_their_merge_leaves_the_next_run_to_mend_it(tmp_path, monkeypatch):
    from diplo.merging import rebuild_merged_graph
    from diplo.namespaces import MERGED_GRAPH
    from diplo.store import Store, writing
    from diplo.writer import ingest

    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text("BERLIN, 12 March 2024 - Chancellor Olaf Scholz met Emmanuel Macron in Berlin on Monday. The two "
                     "leaders discussed support for Ukraine and the European budget.", encoding="utf-8")
    second.write_text("ROME, 14 March 2024 - Giorgia Meloni held talks with Olaf Scholz in Rome on Wednesday. The two "
                      "leaders discussed migration and the European budget.", encoding="utf-8")
    store = tmp_path / "store"

    def stopped(*_):
        raise RuntimeError("stopped")

    with monkeypatch.context() as patch:
        patch.setattr(Store, "update_graph", stopped)  # the articles are written, their merge is not
        with pytest.raises(RuntimeError):
            ingest([first], store, processes=1, progress=False)
    ingest([second], store, processes=1, progress=False)
    with writing(store) as written:
        kept = set(written.quads(MERGED_GRAPH))
        rebuild_merged_graph(written)
        assert kept == set(written.quads(MERGED_GRAPH))
    assert len([q for q in kept if q.object.value.endswith("#ContactEvent")]) == 2


def test_the_pair_index_takes_each_contacts_previous_one_at_the_earlier_ones_precision():
    pair = (DKR["actor/one"], DKR["country/XX"])
    dated = {"march": Literal("2024-03", datatype=XSD.gYearMonth), "april": Literal("2024-04", datatype=XSD.gYearMonth),
             "april-2": Literal("2024-04-02", datatype=XSD.date), "april-9": Literal("2024-04-09", datatype=XSD.date),
             "year": Literal("2025", datatype=XSD.gYear), "undated": None}
    quads = rdf.pair_quads(pair, {DKR[f"event/{name}"]: date for name, date in dated.items()})
    links = {q.object.value.rsplit("/", 1)[-1]: q.subject for q in quads if q.predicate == DK.contact}
    previous = {name: next((q.object.value for q in quads if q.subject == link and q.predicate == DK.previousDate), None)
                for name, link in links.items()}
    # April is not before the 2nd of April (it may be that day), March is; a day is before a later day of its month
    assert previous == {"march": None, "april": "2024-03", "april-2": "2024-03", "april-9": "2024-04-02",
                        "year": "2024-04-09", "undated": None}
