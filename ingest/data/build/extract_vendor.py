"""One-off helper: write vendor/eps_holders.csv from local EPS snapshots.

Not needed to build the registry (registry.py reads only vendor/).  It records how the
vendored extract was made.  The snapshots were brought in with the search tool's
`fetch` into /work/.mirror/every-politician-scrapers+<repo>/repo (bare git dirs); this
script reads HEAD:html/holders21.csv and HEAD:meta.json of each with `git show`.

Usage:  python ingest/data/build/extract_vendor.py [MIRROR_ROOT]
"""
from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from registry import classify  # noqa: E402

VENDOR = HERE / "vendor"

# jurisdictions without an ISO 3166-1 alpha-2 code, or sub-national: skipped
SKIP = {
    "abkhazia-ministers", "artsakh-ministers", "donetsk", "luhansk-ministers",
    "somaliland", "south-ossetia", "transnistria", "world-leaders-2021",
    "arkansas-cabinet", "oklahoma-cabinet", "scotland-cabinet", "wales-cabinet",
    "northern-ireland-ministers",
}
WORLD_ISO = "UN"


def git(d: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(d), *args], capture_output=True, text=True, check=True).stdout


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/.mirror")
    with open(VENDOR / "jurisdictions.csv", newline="", encoding="utf-8") as fh:
        iso = {r["repo"]: r for r in csv.DictReader(fh)}
    out_rows = []
    for d in sorted(root.glob("every-politician-scrapers+*/repo")):
        repo = d.parent.name.split("+", 1)[1]
        if repo in SKIP:
            continue
        if repo not in iso and repo != "world":
            print("no ISO mapping for", repo, file=sys.stderr)
            continue
        country = WORLD_ISO if repo == "world" else iso[repo]["iso2"]
        commit = git(d, "log", "-1", "--format=%H").strip()
        month = git(d, "log", "-1", "--format=%cs").strip()[:7]
        try:
            text = git(d, "show", "HEAD:html/holders21.csv")
        except subprocess.CalledProcessError:
            print("no holders21.csv in", repo, file=sys.stderr)
            continue
        for r in csv.DictReader(io.StringIO(text)):
            offices = classify(repo, r["position"])
            if not offices:
                continue
            out_rows.append({
                "repo": f"every-politician-scrapers/{repo}", "commit": commit,
                "country": "UN" if repo == "world" else country,
                "position_label": r["position"], "office": ";".join(offices),
                "person_qid": r["personID"], "person_label": r["person"],
                "start": r["start"], "end": r["end"], "valid_through": month,
                "path": "html/holders21.csv",
            })
        if repo == "world":
            world_dir, world_commit, world_month = d, commit, month
    # Fallback: current foreign ministers from world/sources/foreign/wikidata.csv, only
    # for countries that no per-country repo covers for that office.
    with open(VENDOR / "world_foreign_countries.csv", newline="", encoding="utf-8") as fh:
        wiso = {r["country_qid"]: r["iso2"] for r in csv.DictReader(fh) if r["iso2"]}
    have_fm = {r["country"] for r in out_rows if "foreign_minister" in r["office"]}
    text = git(world_dir, "show", "HEAD:sources/foreign/wikidata.csv")
    for r in csv.DictReader(io.StringIO(text)):
        c = wiso.get(r["country"])
        if not c or c in have_fm or not r["person"] or not r["start"]:
            continue
        out_rows.append({
            "repo": "every-politician-scrapers/world", "commit": world_commit, "country": c,
            "position_label": r["positionLabel"], "office": "foreign_minister",
            "person_qid": r["person"], "person_label": r["name"], "start": r["start"], "end": "",
            "valid_through": world_month, "path": "sources/foreign/wikidata.csv",
        })
    # registry.classify expects the short repo name
    for r in out_rows:
        r["repo"] = r["repo"].split("/", 1)[1]
    out_rows.sort(key=lambda r: (r["repo"], r["office"], r["start"], r["person_qid"], r["end"], r["position_label"]))
    cols = ["repo", "commit", "country", "position_label", "office", "person_qid", "person_label", "start", "end", "valid_through", "path"]
    with open(VENDOR / "eps_holders.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        w.writerows(out_rows)
    print(len(out_rows), "rows from", len({r['repo'] for r in out_rows}), "repos")


if __name__ == "__main__":
    main()
