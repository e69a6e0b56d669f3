"""The registry's data build: the committed holders file is what the vendored sources give."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources


def holders() -> list[dict]:
    path = resources.files("ingest") / "data" / "registry" / "holders.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_rebuilding_from_the_vendored_sources_gives_the_committed_file():
    done = subprocess.run([sys.executable, "-m", "ingest.data.build.registry", "--check", "--quiet"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_term_names_its_source_and_every_person_a_wikidata_id():
    people = holders()
    assert len(people) > 4000
    assert all(p["wikidata"] is None or (p["wikidata"].startswith("Q") and p["wikidata"][1:].isdigit()) for p in people)
    assert all(term["source"].startswith("every-politician-scrapers/") for p in people for term in p["terms"])


def holder(country: str, office: str, on: str) -> list[str]:
    return sorted(p["name"] for p in holders() for t in p["terms"]
                  if t.get("country", p["country"]) == country and t["office"] == office
                  and t["start"] <= on and (t["end"] is None or on < t["end"]))


def test_spot_checks_against_known_holders():
    assert holder("FR", "foreign_minister", "2016-05-20") == ["Jean-Marc Ayrault"]  # the sources' error, fixed
    assert holder("IN", "head_of_government", "2016-03-01") == ["Narendra Modi"]
    assert holder("UN", "secretary_general", "2019-01-01") == ["António Guterres"]
