"""The command line as a user runs it: exit statuses, one-line errors, output formats."""

from __future__ import annotations

import csv
import io
import json

from tests.conftest import SAMPLES, run_diplo, write_article


def test_demo_prints_the_timeline(tmp_path):
    result = run_diplo("demo", "--store", str(tmp_path / "store"))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("2024-04-03") and "phone_call" in line and "Lecornu" in line
               and "5 sources" in line for line in lines)
    assert "5 articles ingested, 0 rejected" in result.stderr


def test_store_defaults_to_the_environment_variable(tmp_path):
    env = {"DIPLO_STORE": str(tmp_path / "env-store")}
    assert run_diplo("ingest", str(SAMPLES / "001_bfcc9a164cfeb27e.txt"), env=env).returncode == 0
    assert (tmp_path / "env-store" / "oxigraph").is_dir()


def test_bad_files_are_named_the_others_ingested_and_the_status_says_so(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text((SAMPLES / "000_d5955d1b45ef4db1.txt").read_text(encoding="utf-8"))
    write_article(folder, "empty.txt", "")
    (folder / "binary.html").write_bytes(b"\x00\x01\x02" * 100)
    result = run_diplo("ingest", str(folder), "--store", str(tmp_path / "store"))
    assert result.returncode == 3
    rejected = [line for line in result.stderr.splitlines() if line.startswith("rejected:")]
    assert len(rejected) == 2
    assert any("empty.txt: file is empty" in line for line in rejected)
    assert any("binary.html: binary file" in line for line in rejected)
    assert "1 articles ingested, 2 rejected" in result.stderr
    exported = run_diplo("export", "contacts", "--store", str(tmp_path / "store"))
    assert any(json.loads(line)["date"] == "2022-10-23" for line in exported.stdout.splitlines())


def test_export_contacts_jsonl_and_csv(sample_store):
    jsonl = run_diplo("export", "contacts", "--store", str(sample_store), "--format", "jsonl")
    records = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert records and set(records[0]) >= {"id", "kind", "date", "date_precision", "participants", "initiator",
                                           "duration_minutes", "place", "sources"}
    assert set(records[0]["participants"][0]) >= {"label", "country", "role"}
    assert set(records[0]["sources"][0]) == {"document", "sentence", "start", "end"}
    table = run_diplo("export", "contacts", "--store", str(sample_store), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(table.stdout)))
    assert [r["date"] for r in rows] == [r["date"] or "" for r in records]


def test_export_positions_and_graph(sample_store):
    positions = run_diplo("export", "positions", "--store", str(sample_store))
    first = json.loads(positions.stdout.splitlines()[0])
    assert set(first) >= {"holder", "stance", "topic", "sources"}
    for fmt, marker in (("trig", "@prefix"), ("nq", "<https://w3id.org/diplo-kg/resource/graph/"),
                        ("ttl", "dk:ContactEvent")):
        result = run_diplo("export", "graph", "--store", str(sample_store), "--format", fmt)
        assert result.returncode == 0 and marker in result.stdout, fmt


def test_missing_store_is_one_clear_line(tmp_path):
    result = run_diplo("export", "contacts", "--store", str(tmp_path / "nothing"))
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert result.stderr.startswith("Error: no diplo-kg store at") and "diplo ingest" in result.stderr


def test_query_file_runs_every_query_form(sample_store, tmp_path):
    from tests.conftest import run_diplo

    def run(text: str, *extra: str):
        path = tmp_path / "q.rq"
        path.write_text(text, encoding="utf-8")
        return run_diplo("query", "--file", str(path), "--store", str(sample_store), *extra)

    ask = run("ASK { ?e a dk:ContactEvent }")
    assert (ask.returncode, ask.stdout, ask.stderr) == (0, "true\n", "")
    construct = run("CONSTRUCT { ?e a dk:ContactEvent } WHERE { ?e a dk:ContactEvent }")
    assert construct.returncode == 0 and construct.stderr == ""
    assert construct.stdout.count("a dk:ContactEvent") == 6 and "rows)" not in construct.stdout
    described = run("DESCRIBE <https://w3id.org/diplo-kg/resource/actor/sergei_shoigu>", "--format", "nt")
    assert described.returncode == 0 and '<https://w3id.org/diplo-kg/ontology#searchKey> "shoigu" .' in described.stdout
    as_jsonld = run("CONSTRUCT { ?e a dk:ContactEvent } WHERE { ?e a dk:ContactEvent }", "--format", "jsonld")
    assert len(json.loads(as_jsonld.stdout)) == 6
    select_as_turtle = run("SELECT ?e WHERE { ?e a dk:ContactEvent }", "--format", "ttl")
    assert select_as_turtle.returncode == 2 and "CONSTRUCT and DESCRIBE" in select_as_turtle.stderr


def test_ingest_names_the_articles_whose_contacts_nothing_dates(tmp_path):
    from tests.conftest import run_diplo, write_article

    write_article(tmp_path, "undated.txt", "Le président Jean Martin s'est entretenu avec la chancelière Anna Holm. "
                                           "Les deux dirigeants ont évoqué la sécurité régionale et le commerce.")
    done = run_diplo("ingest", str(tmp_path / "undated.txt"), "--store", str(tmp_path / "store"))
    assert done.returncode == 0
    assert f"1 contact without a date in 1 article: {tmp_path / 'undated.txt'}" in done.stderr
    assert run_diplo("export", "contacts", "--store", str(tmp_path / "store")).stdout == ""  # on no timeline


def test_contacts_nothing_dates_are_exported_only_when_asked(tmp_path):
    # no metadata, no dateline, no time in the text: the call stays its article's claim
    write_article(tmp_path, "call.txt", "Kenyatta and Kagame speak\n\nKenyan President Uhuru Kenyatta spoke by "
                                        "telephone with his Rwandan counterpart Paul Kagame about regional trade, "
                                        "the presidency said in a statement.\n")
    store = str(tmp_path / "store")
    assert run_diplo("ingest", str(tmp_path / "call.txt"), "--store", store).returncode == 0
    assert run_diplo("export", "contacts", "--store", store).stdout == ""
    lines = run_diplo("export", "contacts", "--store", store, "--include-undated").stdout.splitlines()
    [record] = [json.loads(line) for line in lines]
    assert record["date"] is None and record["undated"] is True
    assert sorted(p["label"] for p in record["participants"]) == ["Paul Kagame", "Uhuru Kenyatta"]
    assert record["sources"][0]["document"] == "call"
    table = run_diplo("export", "contacts", "--store", store, "--include-undated", "--format", "csv").stdout
    [row] = list(csv.DictReader(io.StringIO(table)))
    assert row["undated"] == "True" and row["date"] == ""


def test_query_list_shows_each_purpose_whole_and_the_required_parameters():
    listing = run_diplo("query", "--list")
    assert listing.returncode == 0 and listing.stderr == ""
    lines = listing.stdout.splitlines()
    between = lines.index("contacts-between")
    assert lines[between + 1].strip().startswith("Contacts between two actors")
    assert lines[between + 2].strip() == "parameters: required: actor1, actor2; optional: from, to"
    # a purpose that its .rq header spreads over several lines is shown whole, not cut at the first
    gaps = lines.index("contact-gaps")
    assert lines[gaps + 1].strip().endswith("between the same pair.")


def test_remove_takes_an_article_and_what_only_it_supported_and_names_unknown_ids(sample_store, tmp_path):
    import shutil

    store = tmp_path / "store"
    shutil.copytree(sample_store, store)
    before = [json.loads(line) for line in run_diplo("export", "contacts", "--store", str(store)).stdout.splitlines()]
    single = next(r for r in before if len({s["document"] for s in r["sources"]}) == 1)
    document = single["sources"][0]["document"]
    done = run_diplo("remove", document, "no-such-article", "--store", str(store))
    assert done.returncode == 3
    assert "not in the store: no-such-article" in done.stderr and "1 article removed" in done.stderr
    after = [json.loads(line) for line in run_diplo("export", "contacts", "--store", str(store)).stdout.splitlines()]
    assert single["id"] not in {r["id"] for r in after}
    assert not any(s["document"] == document for r in after for s in r["sources"])


def test_import_graph_builds_a_new_store_from_an_export_and_never_replaces_one(sample_store, tmp_path):
    export = tmp_path / "graph.nq"
    export.write_text(run_diplo("export", "graph", "--store", str(sample_store), "--format", "nq").stdout,
                      encoding="utf-8")
    done = run_diplo("import", "graph", str(export), "--store", str(tmp_path / "copy"))
    assert done.returncode == 0, done.stderr
    original = run_diplo("export", "contacts", "--store", str(sample_store)).stdout
    assert original and run_diplo("export", "contacts", "--store", str(tmp_path / "copy")).stdout == original
    again = run_diplo("import", "graph", str(export), "--store", str(tmp_path / "copy"))
    assert again.returncode != 0 and "never replaces" in again.stderr.strip().splitlines()[-1]
    broken = write_article(tmp_path, "broken.nq", "<a> <b> .\n")
    failed = run_diplo("import", "graph", str(broken), "--store", str(tmp_path / "other"))
    assert failed.returncode != 0 and "broken.nq" in failed.stderr and not (tmp_path / "other").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no half-built store left
