"""The `diplo` command line: parse arguments, call one library function, format what it returns.

Every DiploError becomes one line `Error: ...` on standard error and an exit status, here and
nowhere else.
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

import click

from diplo import __version__
from diplo.errors import DiploError
from ingest.lexicon import available_languages
from ingest.model import ARTICLE_TIMEOUT_S

EXIT_REJECTED = 3  # the run completed, but some inputs were rejected

store_option = click.option(
    "--store", "store_path", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Store directory (default: $DIPLO_STORE, else the user's data directory).")


def _store_path(value: Path | None) -> Path:
    from diplo.store import default_store_path

    return value or default_store_path()


@click.group()
@click.version_option(__version__, prog_name="diplo")
def cli() -> None:
    """diplo-kg: a knowledge graph of diplomatic contacts built from news articles."""


@cli.command("ingest")
@click.argument("articles", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@click.option("--processes", type=click.IntRange(1, 64), default=None,
              help="spaCy worker processes (default: 2 for large runs, else 1).")
@click.option("--language", type=click.Choice(available_languages()), default=None,
              help="The articles' language (default: each article's 'language' metadata, else detected).")
@click.option("--article-timeout-s", type=click.FloatRange(min=1), default=ARTICLE_TIMEOUT_S, show_default=True,
              help="Reject an article whose analysis takes longer, and go on with the others.")
def ingest_command(articles: tuple[Path, ...], store_path: Path | None, processes: int | None,
                   language: str | None, article_timeout_s: float) -> None:
    """Ingest ARTICLES (files or folders: .txt .md .html .jsonl) into the store.

    Re-ingesting an article replaces what it said before. Exits with status 3 when some inputs
    were rejected (each is named on standard error), after ingesting the others. Articles in a
    language the tool does not read are named and skipped (status 0).
    """
    from diplo.writer import ingest

    report = ingest(articles, _store_path(store_path), processes=processes, language=language,
                    article_timeout_s=article_timeout_s)
    _report(report)


def _report(report) -> None:
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    for rejection in report.rejected:
        click.echo(f"rejected: {rejection}", err=True)
    for skip in report.skipped:
        click.echo(f"skipped: {skip}", err=True)
    click.echo(report.summary(), err=True)
    if report.rejected:
        sys.exit(EXIT_REJECTED)


@cli.command("remove")
@click.argument("documents", nargs=-1, required=True)
@store_option
def remove_command(documents: tuple[str, ...], store_path: Path | None) -> None:
    """Remove the articles DOCUMENTS (their ids, as exports name them in sources[].document) from
    the store, and the events, positions and disputes only they supported.

    Exits with status 3 when some ids are not in the store (each is named on standard error),
    after removing the others.
    """
    from diplo.writer import remove

    removed, unknown = remove(documents, _store_path(store_path))
    for document in unknown:
        click.echo(f"not in the store: {document}", err=True)
    click.echo(f"{len(removed)} article{'s' if len(removed) != 1 else ''} removed", err=True)
    if unknown:
        sys.exit(EXIT_REJECTED)


@cli.command("demo")
@store_option
def demo_command(store_path: Path | None) -> None:
    """Ingest the bundled sample articles and print the contact timeline."""
    from diplo.export import contact_records
    from diplo.store import Store
    from diplo.writer import ingest

    path = _store_path(store_path)
    samples = resources.files("diplo") / "samples"
    report = ingest([Path(str(samples))], path)
    click.echo(report.summary(), err=True)
    with Store.open_for_reading(path) as store:
        records = contact_records(store)
    click.echo(format_timeline(records))
    where = "" if store_path is None else f" --store {path}"
    click.echo(f"Next: `diplo app{where}` draws this timeline in your browser; `diplo query --list` lists "
               f"the questions to ask.", err=True)


def format_timeline(records: list[dict]) -> str:
    lines = []
    for record in records:
        names = " — ".join(p["label"] for p in record["participants"])
        extras = []
        if record["duration_minutes"]:
            extras.append(f"{record['duration_minutes']} min")
        if record["initiator"]:
            extras.append(f"initiated by {record['initiator']['label']}")
        if record["place"]:
            extras.append(f"in {record['place']}")
        sources = record["source_count"]
        extras.append(f"{sources} source{'s' if sources != 1 else ''}")
        lines.append(f"{record['date'] or 'undated':<10}  {record['kind']:<10}  {names}  ({', '.join(extras)})")
    return "\n".join(lines) if lines else "(no contacts in the store)"


@cli.group("export")
def export_group() -> None:
    """Write the store's contacts, positions or graph to standard output."""


@export_group.command("contacts")
@store_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("--include-undated", is_flag=True,
              help="Also the contacts nothing dates (each its article's claim, 'date' null, 'undated' true), last.")
def export_contacts(store_path: Path | None, fmt: str, include_undated: bool) -> None:
    """Contact events, one per line (jsonl: the format ../shared/eval/score.py reads)."""
    from diplo.export import CONTACT_COLUMNS, contact_records, undated_contact_records

    def records_of(store):
        return contact_records(store) + (undated_contact_records(store) if include_undated else [])

    _write_records(records_of, CONTACT_COLUMNS + (["undated"] if include_undated else []), store_path, fmt)


@export_group.command("positions")
@store_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
def export_positions(store_path: Path | None, fmt: str) -> None:
    """Positions (holder, stance, topic, quote, sources), one per line."""
    from diplo.export import POSITION_COLUMNS, position_records

    _write_records(position_records, POSITION_COLUMNS, store_path, fmt)


def _write_records(records_of, columns: list[str], store_path: Path | None, fmt: str) -> None:
    from diplo.export import as_csv, as_jsonl
    from diplo.store import Store

    with Store.open_for_reading(_store_path(store_path)) as store:
        records = records_of(store)
    for chunk in as_jsonl(records) if fmt == "jsonl" else as_csv(records, columns):
        click.echo(chunk, nl=False)


@export_group.command("graph")
@store_option
@click.option("--format", "fmt", type=click.Choice(["trig", "nq", "ttl"]), default="trig", show_default=True)
def export_graph(store_path: Path | None, fmt: str) -> None:
    """The whole dataset (trig, nq: every named graph) or the merged graph alone (ttl)."""
    from diplo.store import Store

    with Store.open_for_reading(_store_path(store_path)) as store:
        data = store.serialize(fmt)
    sys.stdout.buffer.write(data)


@cli.group("import")
def import_group() -> None:
    """Build a store from data exported before."""


@import_group.command("graph")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--store", "store_path", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="The new store's folder (must not hold a store or any file).")
def import_graph(file: Path, store_path: Path) -> None:
    """Bulk-load FILE (N-Quads or TriG, as `diplo export graph --format nq|trig` writes) into a
    new store: the fast way to move a large graph between machines."""
    from diplo.store import import_dataset

    count = import_dataset(file, store_path)
    click.echo(f"{count} quads imported into {store_path}", err=True)


@cli.command("query")
@click.argument("name", required=False)
@store_option
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="Bind a query parameter (repeatable).")
@click.option("--file", "file", type=click.Path(dir_okay=False, path_type=Path), help="Run your own .rq file.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "ttl", "nt", "jsonld"]), default="table",
              show_default=True, help="Rows as table, csv or json; CONSTRUCT and DESCRIBE as ttl (default), nt or jsonld.")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries with their purpose.")
def query_command(name: str | None, store_path: Path | None, params: tuple[str, ...], file: Path | None, fmt: str,
                  list_queries: bool) -> None:
    """Run the named query NAME (see --list) or your own SPARQL (--file) on the store."""
    import queries
    from diplo.errors import UsageError
    from diplo.store import Store

    if list_queries:
        for query in queries.available():
            click.echo(f"{query.name}\n    {query.purpose}")
            if query.required or query.optional:
                takes = [f"required: {', '.join(query.required)}"] if query.required else []
                takes += [f"optional: {', '.join(query.optional)}"] if query.optional else []
                click.echo(f"    parameters: {'; '.join(takes)}")
        return
    if (name is None) == (file is None):
        raise UsageError("give a query NAME or --file FILE (diplo query --list shows the names)")
    query = queries.from_file(file) if file else queries.named(name)
    bound = {}
    for param in params:
        key, sep, value = param.partition("=")
        if not sep or not key:
            raise UsageError(f"--param takes NAME=VALUE, not '{param}'")
        bound[key.strip()] = value
    with Store.open_for_reading(_store_path(store_path)) as store:
        if file is not None and not bound and not query.parameters:
            answer = store.answer(query.text)  # your own query: any form
            if isinstance(answer, bool):
                click.echo("true" if answer else "false")  # ASK
                return
            if isinstance(answer, bytes):
                click.echo(rdf_output(answer, fmt), nl=False)  # CONSTRUCT, DESCRIBE
                return
            columns = list(answer[0]) if answer else queries.projection(query.text)
            rows = answer
        else:
            columns, rows = queries.run(store, query, bound)
    if fmt in ("ttl", "nt", "jsonld"):
        raise UsageError(f"--format {fmt} is for CONSTRUCT and DESCRIBE queries; rows are table, csv or json")
    click.echo(format_rows(columns, rows, fmt), nl=False)


def rdf_output(ntriples: bytes, fmt: str) -> str:
    """Triples in the chosen RDF syntax (Turtle unless nt or jsonld is asked), with the prefixes."""
    import pyoxigraph as ox

    from diplo.namespaces import PREFIXES

    formats = {"nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
    rdf_format = formats.get(fmt, ox.RdfFormat.TURTLE)
    triples = ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
    extra = {"prefixes": PREFIXES} if rdf_format == ox.RdfFormat.TURTLE else {}
    return (ox.serialize(triples, format=rdf_format, **extra) or b"").decode("utf-8")


@cli.command("serve")
@store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True)
@click.option("--timeout-s", type=click.IntRange(1, 3600), default=30, show_default=True,
              help="A query running longer is stopped: its engine is killed and replaced, the client gets 503.")
@click.option("--cors", "cors_origin", default="*", show_default=True, metavar="ORIGIN",
              help="The origin whose web pages may query the endpoint (Access-Control-Allow-Origin); "
                   "'*' lets any page, as suits a read-only endpoint.")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Engine processes, each answering one query at a time (default: one per CPU, at least 2).")
def serve_command(store_path: Path | None, host: str, port: int, timeout_s: int, cors_origin: str,
                  workers: int | None) -> None:
    """Serve the store as a read-only SPARQL 1.1 endpoint at http://HOST:PORT/query.

    Updates and SERVICE clauses are refused. It answers from the store as the last ingest
    published it when the server started, even while an ingest runs: restart to refresh.
    """
    from diplo.endpoint import Endpoint

    endpoint = Endpoint(_store_path(store_path), host, port, timeout_s, cors_origin, workers)
    _stop_on_sigterm()  # SIGTERM ends like Ctrl-C: the engine stopped, the checkpoint released
    endpoint.start()
    click.echo(f"SPARQL endpoint on http://{host}:{port}/query (read-only; Ctrl-C stops)", err=True)
    endpoint.serve_forever()


def _stop_on_sigterm() -> None:
    """Turn SIGTERM into the KeyboardInterrupt that Ctrl-C raises, so that the same cleanup runs."""
    import signal

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


@cli.command("app")
@store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", type=click.IntRange(1, 65535), default=8501, show_default=True)
def app_command(store_path: Path | None, host: str, port: int) -> None:
    """Open the contact timeline (app.py, Streamlit) on the store, read-only, at http://HOST:PORT."""
    import importlib.util
    import os
    import subprocess

    from diplo.endpoint import check_port
    from diplo.store import Store

    path = _store_path(store_path)
    Store.open_for_reading(path).close()  # a missing store fails here, with the command to create it
    check_port(host, port)
    spec = importlib.util.find_spec("app")
    if spec is None or spec.origin is None:
        raise DiploError("app.py is not installed beside diplo (reinstall the package: pip install -e .)")
    click.echo(f"diplo-kg app on http://{host}:{port} (Ctrl-C stops)", err=True)
    command = [sys.executable, "-m", "streamlit", "run", spec.origin, "--server.address", host,
               "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
               "--client.toolbarMode", "viewer"]
    from diplo.sandbox import die_with_parent

    app = subprocess.Popen(command, env={**os.environ, "DIPLO_STORE": str(path)},
                           preexec_fn=die_with_parent if sys.platform.startswith("linux") else None)
    _stop_on_sigterm()
    try:
        raise SystemExit(app.wait())
    finally:
        if app.poll() is None:  # SIGTERM or Ctrl-C here: Streamlit goes too
            app.terminate()
            try:
                app.wait(timeout=3)
            except subprocess.TimeoutExpired:
                app.kill()


@cli.command("network")
@store_option
@click.option("--by", type=click.Choice(["actor", "country"]), default="actor", show_default=True,
              help="Nodes are people or the countries they represent.")
@click.option("--format", "fmt", type=click.Choice(["graphml", "gexf", "csv"]), default="graphml", show_default=True)
def network_command(store_path: Path | None, by: str, fmt: str) -> None:
    """Write the contact network (opens in Gephi); centrality and stopped contacts go to stderr."""
    from diplo import network
    from diplo.export import contact_records
    from diplo.store import Store

    with Store.open_for_reading(_store_path(store_path)) as store:
        graph = network.build(contact_records(store), by)
    summary = network.summarise(graph)
    click.echo(f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} pairs in contact", err=True)
    for node, value in summary.centrality:
        click.echo(f"  centrality {value:.2f}  {node}", err=True)
    for a, b, last, days in summary.stopped:
        click.echo(f"  stopped: {a} — {b}, last contact {last} ({days} days before the latest in the graph)", err=True)
    click.echo(network.serialise(graph, fmt), nl=False)


def format_rows(columns: list[str], rows: list[dict], fmt: str) -> str:
    import csv
    import io
    import json

    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue()
    cells = [[("" if row[c] is None else str(row[c])).replace("\n", " ")[:60] for c in columns] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths))]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths)) for r in cells]
    return "\n".join(line.rstrip() for line in lines) + f"\n({len(rows)} row{'s' if len(rows) != 1 else ''})\n"


@cli.group("registry")
def registry_group() -> None:
    """The office-holder registry shipped with diplo-kg."""


@registry_group.command("check")
def registry_check_command() -> None:
    """Coverage of the four offices 2000-2025 for the G20, UN Security Council and EU states,
    the share of terms with a Wikidata id, unconfirmed hand entries; exit status 1 when it fails."""
    from ingest.registry_check import check, format_report

    report = check()
    click.echo(format_report(report))
    if not report.ok:
        sys.exit(1)


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except DiploError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        click.echo("Interrupted: the store holds the articles whose write completed.", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
