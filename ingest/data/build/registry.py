"""Build ingest/data/registry/holders.jsonl from the vendored EPS extract.

Standard library only.  Run from the repository root as

    python -m ingest.data.build.registry            # build + print coverage
    python ingest/data/build/registry.py --check    # rebuild in memory, compare

Inputs (all under ingest/data/build/vendor/, see SOURCES.md there):

* eps_holders.csv   - trimmed rows of every-politician-scrapers html/holders21.csv
                      (one row per holder spell, already restricted to our offices)
* hand_fixes.csv    - a few documented corrections (drop a row / replace a date)
* overrides.jsonl   - terms checked by hand against a public page (its url and a quote), for
                      what the extract lacks: every change after its mid-2022 horizon, Germany.
                      An override term replaces the extract's terms of the same person and
                      office that it overlaps (the open one it ends, a wrong one it corrects)
* un_members.csv    - ISO codes of the 193 UN member states (coverage report only)

Every QID, name and date in the output comes from a vendored row; this script only
classifies labels, merges spells, folds accents and sorts.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENDOR = HERE / "vendor"
OUT_DIR = HERE.parent / "registry"
OUT = OUT_DIR / "holders.jsonl"

OFFICES = (
    "head_of_state",
    "head_of_government",
    "foreign_minister",
    "defence_minister",
    "national_security_adviser",
    "vice_president",
    "deputy_head_of_government",
    "secretary_general",
    "deputy_secretary_general",  # new id: UN Deputy Secretary-General (intl org)
    "commission_president",
    "council_president",
    "high_representative",
)

# --------------------------------------------------------------------------
# Office classification (English EPS position label -> our office ids)
# --------------------------------------------------------------------------

# Exact labels (case-sensitive, as EPS writes them).
_HOS_EXACT = {
    "President", "King", "Queen", "Emir", "emir", "Sultan", "Monarch", "monarch",
    "Grand Duke", "Prince", "Emperor", "Captain Regent", "Lord of Mann",
    "Chairman of the Presidency",            # Bosnia and Herzegovina (collective)
    "Yang di_pertuan Agong (Monarch)",       # Malaysia
    "Episcopal Co-Prince", "French Co-Prince",  # Andorra
    "Chairman of the Sovereignty Council",   # Sudan 2019-
    "Chairman of the Transitional Military Council",  # Sudan 2019
    "Beretitenti (President)",               # Kiribati
    "Druk Gyalpo (King)",                    # Bhutan
    "Ngwenyama (King)",                      # Eswatini
}
_HOG_EXACT = {
    "Prime Minister", "Premier", "Federal Chancellor", "Taoiseach",
    "Chairman of the Cabinet of Ministers (Prime Minister)",  # Kyrgyzstan
    "Chairman of the Council of Ministers",                   # Bosnia and Herzegovina
    "Premier of the State Council",                           # China
}
_VP_EXACT = {
    "Vice President", "Vice-President", "First Vice President", "First Vice-President",
    "Second Vice President", "Second Vice-President",
    "Kauoman-ni-Beretitenti (Vice President)",  # Kiribati
}
_DHOG_EXACT = {
    "Vice Premier", "Vice Premier of the State Council", "Tánaiste",
    "Vice President of the Council of Ministers",  # Italy
}
_NSA_EXACT = {"National Security Advisor", "National Security Adviser"}

# International-organisation labels (every-politician-scrapers/world).
_INTL_EXACT = {
    "Secretary-General of the United Nations": "secretary_general",
    "Deputy Secretary-General of the United Nations": "deputy_secretary_general",
}

_JUNIOR = re.compile(
    r"^(Deputy|Vice|Assistant|Associate|State |Under|Minister of State|Minister Delegate|"
    r"Minister-delegate|Secretary of State to|Parliamentary|Junior|Acting)",
    re.I,
)
_FM = re.compile(
    r"^(Federal |Cabinet )?(Minister|Secretary) (for|of) (the )?(Foreign|External) "
    r"(Affairs|Relations)\b"
)
_FM_EXTRA = {
    "Minister of Foreign and European Affairs",
    "Minister of Europe and Foreign Affairs",
    "Minister with responsibility for External Affairs",
    "Minister for Finance, Economic Growth, Job Creation, External Affairs and the Public Service",
    "Secretary for Foreign and Political Affairs",  # San Marino
    "Federal Minister of European and International Affairs",  # Austria
    "Minister of International Relations and Cooperation",     # South Africa
}
_DM = re.compile(
    r"^(Federal |Cabinet )?(Minister|Secretary) (for|of) (National )?Defen[cs]e"
    r"( and (Armed Forces Logistics|Military Veterans|Veterans Affairs|National Security|"
    r"Border Security)|, National Security and Policing|, Home Affairs and External "
    r"Communications)?$"
)
_DM_EXTRA = {
    "Minister of the Armed Forces", "Minister for the Armed Forces",
    "Minister of the Revolutionary Armed Forces",
}
_DHOG = re.compile(r"^(First |Second |Third )?Deputy Prime Minister\b")

# Labels that mean our office only in one repository.
_REPO_ONLY = {
    ("us-cabinet", "Secretary of State"): ["foreign_minister"],
    ("united-kingdom-cabinet", "Secretary of State for Foreign and Commonwealth Affairs"): ["foreign_minister"],
    ("united-kingdom-cabinet", "Secretary of State for Foreign, Commonwealth and Development Affairs"): ["foreign_minister"],
    ("united-kingdom-cabinet", "Secretary of State for Defence"): ["defence_minister"],
    ("hong-kong", "Chief Executive"): ["head_of_government"],
    ("montenegro-cabinet", "President of Montenegro"): ["head_of_state"],
    ("montenegro-cabinet", "Prime Minister of Montenegro"): ["head_of_government"],
    ("south-africa-cabinet", "Deputy President"): ["vice_president"],
    # the de facto defence ministers (the President/King keeps the portfolio)
    ("cameroon", "Minister Delegate at the Presidency in charge of Defence"): ["defence_minister"],
    ("morocco-ministers", "Minister Delegate in charge of the administration of National Defense"): ["defence_minister"],
    ("kosovo-cabinet", "Second Deputy Prime Minister and Minister of Foreign Affairs and Diaspora"):
        ["deputy_head_of_government", "foreign_minister"],
}
# Labels that look like ours but are not, in one repository (hand-fix table).
_REPO_DROP = {
    # India: these rows are the Foreign Secretaries (civil servants: Menon, Saran...);
    # the minister is "Minister of External Affairs".
    ("india-ministers", "Minister of Foreign Affairs"),
    # Australian state deputy premiers, not a national office.
    ("australia-cabinet", "Deputy Premier"),
}


def classify(repo: str, label: str) -> list[str]:
    """Return our office ids for one EPS position label (usually 0 or 1)."""
    label = label.strip()
    if (repo, label) in _REPO_DROP:
        return []
    if (repo, label) in _REPO_ONLY:
        return list(_REPO_ONLY[(repo, label)])
    if label in _INTL_EXACT:
        return [_INTL_EXACT[label]] if repo == "world" else []
    if repo == "world":
        return []
    if label in _HOS_EXACT:
        return ["head_of_state"]
    if label in _HOG_EXACT:
        return ["head_of_government"]
    if label in _VP_EXACT:
        return ["vice_president"]
    if label in _NSA_EXACT:
        return ["national_security_adviser"]
    if label in _DHOG_EXACT or _DHOG.match(label) or (label == "Deputy Premier"):
        return ["deputy_head_of_government"]
    if _JUNIOR.match(label):
        return []
    if label in _FM_EXTRA or _FM.match(label):
        return ["foreign_minister"]
    if label in _DM_EXTRA or _DM.match(label):
        return ["defence_minister"]
    return []


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def clean_date(value: str) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    if not _DATE.match(value):
        raise ValueError(f"bad date {value!r}")
    return value


def _key(d: str | None, hi: bool) -> str:
    """Comparable key for a partial date (YYYY / YYYY-MM / YYYY-MM-DD)."""
    if d is None:
        return "9999-99-99" if hi else "0000-00-00"
    parts = d.split("-")
    while len(parts) < 3:
        parts.append("99" if hi else "00")
    return "-".join(parts)


def fold(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    )


def slug(text: str) -> str:
    s = fold(text).lower()
    s = re.sub(r"[^a-z0-9]+", "_", s).strip("_")
    return s or "x"


_PARTICLES = {"de", "da", "di", "du", "del", "van", "von", "der", "den", "le", "la", "dos", "das"}
_SUFFIX = re.compile(r",? (Jr\.?|Sr\.?)$")
# a regnal number ("Harald V", "Margrethe II of Denmark"): the name has no surname, and a
# monarch's "of Denmark" names the realm, never the person
_REGNAL = re.compile(r" [IVX]+(?: of .+)?$")
# family name first in the English label (Xi Jinping, Moon Jae-in, Lee Hsien Loong)
_SURNAME_FIRST = {"CN", "TW", "HK", "MO", "KP", "KR", "SG"}
# no usable surname: Myanmar and Cambodian names, Arabic "bin"/"bint" patronymics
_NO_SURNAME = {"MM", "KH"}


def aliases_for(name: str, country: str = "") -> list[str]:
    """Surname-only and accent-folded variants (never invents a name: only substrings)."""
    base = name.split(",")[0].strip() if re.search(r", (Baron|Baroness|Lord|Lady) ", name) else name
    base = _SUFFIX.sub("", base).strip()
    candidates = [base]
    words = base.split()
    regnal = _REGNAL.search(base)
    ambiguous = (
        regnal or country in _NO_SURNAME
        or any(w.lower() in {"bin", "bint", "ibn", "al", "el"} for w in words)
    )
    if regnal and " of " in regnal.group(0):
        candidates.append(base[:base.index(" of ")])  # "Margrethe II", as the news writes it
    if regnal:
        # the name without its number, as a title writes it ("King Abdullah", "Queen Margrethe"):
        # one word is a surname to the registry, matched only with a title the person held then
        candidates.append(base[:regnal.start()])
    if len(words) >= 2 and not ambiguous:
        if country in _SURNAME_FIRST and len(words) <= 3:
            surname = words[0]
        else:
            i = len(words) - 1
            while i > 1 and words[i - 1].lower() in _PARTICLES:
                i -= 1
            surname = " ".join(words[i:])
        if len(surname) > 2 or (country in _SURNAME_FIRST and len(surname) == 2):
            candidates.append(surname)
    for c in list(candidates):
        f = fold(c)
        if f != c:
            candidates.append(f)
    out, seen = [], {name}
    for c in candidates:
        if c and c not in seen:
            seen.add(c)
            out.append(c)
    return out


# --------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------


def load_rows(vendor: Path = VENDOR) -> list[dict]:
    with open(vendor / "eps_holders.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def load_fixes(vendor: Path = VENDOR) -> list[dict]:
    path = vendor / "hand_fixes.csv"
    if not path.exists():
        return []
    with open(path, newline="", encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if not r["repo"].startswith("#")]


def apply_fixes(rows: list[dict], fixes: list[dict]) -> tuple[list[dict], list[str]]:
    log: list[str] = []
    out = []
    for row in rows:
        keep = True
        row = dict(row)
        for fx in fixes:
            if (fx["repo"], fx["person_qid"], fx["position_label"], fx["start"]) != (
                row["repo"], row["person_qid"], row["position_label"], row["start"]
            ):
                continue
            if fx["action"] == "drop":
                keep = False
                log.append(f"drop {row['repo']} {row['person_label']} {row['position_label']} {row['start']}: {fx['reason']}")
            elif fx["action"] in ("set_start", "set_end"):
                field = fx["action"][4:]
                log.append(f"{field} {row['person_label']} {row[field]!r}->{fx['value']!r}: {fx['reason']}")
                row[field] = fx["value"]
                row["fixed"] = "1"
        if keep and row["end"] and row["start"] and row["end"] < row["start"][:len(row["end"])]:
            keep = False  # a source error (Wikidata): the term would end before it starts
            log.append(f"drop {row['repo']} {row['person_label']} {row['position_label']} {row['start']}: "
                       f"ends {row['end']}, before it starts")
        if keep and not row["person_label"].strip():
            keep = False  # Wikidata has no English label for this person: nothing to match in text
            log.append(f"drop {row['repo']} {row['person_qid']} {row['position_label']}: no label")
        if keep:
            out.append(row)
    return out, log


def load_overrides(vendor: Path = VENDOR) -> list[dict]:
    """The checked hand terms; a row {"none": true} only says that a state has no such office."""
    path = vendor / "overrides.jsonl"
    if not path.exists():
        return []
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        if row.get("none"):
            continue
        for field in ("country", "office", "name", "start"):
            if not row.get(field):
                raise ValueError(f"{path.name}:{number}: an override needs '{field}'")
        if row["office"] not in OFFICES:
            raise ValueError(f"{path.name}:{number}: unknown office '{row['office']}'")
        if not (row.get("source") or {}).get("url"):
            raise ValueError(f"{path.name}:{number}: an override needs the url of the page it was checked against")
        if row.get("wikidata") and not re.fullmatch(r"Q\d+", row["wikidata"]):
            raise ValueError(f"{path.name}:{number}: '{row['wikidata']}' is no Wikidata id")
        rows.append(row)
    return rows


def _overlaps(a: dict, b: dict) -> bool:
    return _key(a["start"], False) <= _key(b["end"], True) and _key(b["start"], False) <= _key(a["end"], True)


def merge_spells(spells: list[dict]) -> list[dict]:
    """Merge overlapping or touching spells (same person, same office, same country)."""
    spells = sorted(spells, key=lambda s: (_key(s["start"], False), _key(s["end"], True)))
    merged: list[dict] = []
    for s in spells:
        if merged:
            last = merged[-1]
            # touching: next start <= previous end (+ EPS writes end==next start at reshuffles);
            # also same-day-after (end 2017-05-15, start 2017-05-16) counts as consecutive.
            if _key(s["start"], False) <= _next_day_key(last["end"]):
                if _key(s["end"], True) > _key(last["end"], True):
                    last["end"] = s["end"]
                    last["valid_through"] = s["valid_through"]
                for src in s["sources"]:
                    if src not in last["sources"]:
                        last["sources"].append(src)
                continue
        merged.append({**s, "sources": list(s["sources"])})
    return merged


def _next_day_key(d: str | None) -> str:
    if d is None:
        return "9999-99-99"
    k = _key(d, True)
    y, m, dd = k.split("-")
    if dd == "99" or m == "99":
        return k
    # allow a gap of one day (end 2017-05-15 / start 2017-05-16)
    import datetime as _dt

    try:
        nd = _dt.date(int(y), int(m), int(dd)) + _dt.timedelta(days=1)
    except ValueError:
        return k
    return nd.isoformat()


def _source(row: dict) -> str:
    src = f"every-politician-scrapers/{row['repo']}@{row['commit']}"
    path = row.get("path") or "html/holders21.csv"
    if path != "html/holders21.csv":
        src += f":{path}"
    return src


def build(vendor: Path = VENDOR) -> tuple[list[dict], dict]:
    rows = load_rows(vendor)
    rows, fix_log = apply_fixes(rows, load_fixes(vendor))

    by_person: dict[str, list[dict]] = defaultdict(list)
    no_qid = 0
    for row in rows:
        if row.get("path", "html/holders21.csv").endswith("sources/foreign/wikidata.csv"):
            offices = ["foreign_minister"]  # world repo: current FM of each state
        else:
            offices = classify(row["repo"], row["position_label"])
        if not offices:
            continue
        qid = row["person_qid"].strip()
        if not re.match(r"^Q\d+$", qid):
            no_qid += 1
            continue  # cannot identify the person; counted in stats
        for office in offices:
            by_person[qid].append({
                "office": office,
                "country": row["country"],
                "start": clean_date(row["start"]),
                "end": clean_date(row["end"]),
                "valid_through": None if row["end"].strip() else row["valid_through"],
                "sources": [_source(row)],
                "name": row["person_label"],
                "label": row["position_label"],
            })

    named = {(s["country"], slug(s["name"])): qid for qid, spells in by_person.items() for s in spells}
    for row in load_overrides(vendor):
        # the person by Wikidata id, else by country and name among the extract's, else a new
        # person without an id (never one made up)
        key = row.get("wikidata") or named.get((row["country"], slug(row["name"]))) \
            or f"{row['country']}:{slug(row['name'])}"
        by_person[key].append({
            "office": row["office"],
            "country": row["country"],
            "start": clean_date(row["start"]),
            "end": clean_date(row["end"]) if row.get("end") else None,
            "valid_through": None,
            "sources": [f"checked:{row['source']['url']}"],
            "name": row["name"],
            "label": "",
            "override": True,
            "registry_id": row.get("registry_id"),
            "acting": bool(row.get("acting")),
        })

    people = []
    used_ids: set[str] = set()
    order = sorted(by_person, key=lambda q: (slug(_best_name(by_person[q])), *((0, int(q[1:]), "") if
                                                                               q[1:].isdigit() else (1, 0, q))))
    for qid in order:
        spells = by_person[qid]
        name = _best_name(spells)
        # primary country: most spells; "French Co-Prince" (Andorra) does not vote
        votes = Counter(s["country"] for s in spells if s["label"] != "French Co-Prince")
        if not votes:
            votes = Counter(s["country"] for s in spells)
        country = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        if qid in PRIMARY_COUNTRY:
            country = PRIMARY_COUNTRY[qid]
        groups: dict[tuple, list[dict]] = defaultdict(list)
        for s in spells:
            groups[(s["office"], s["country"])].append(s)
        terms = []
        for (office, tcountry), grp in groups.items():
            checked = [g for g in grp if g.get("override")]
            # a checked term wins over the extract's terms it overlaps, and is not merged with them
            extracted = [g for g in grp if not g.get("override") and not any(_overlaps(g, c) for c in checked)]
            for m in [*merge_spells(extracted), *checked]:
                t = {"office": office, "start": m["start"], "end": m["end"]}
                if m.get("acting"):
                    t["acting"] = True  # standing in (a suspended or departed holder's office)
                if m["end"] is None:
                    t["valid_through"] = m["valid_through"]
                if tcountry != country:
                    t["country"] = tcountry
                t["source"] = ";".join(sorted(m["sources"]))
                terms.append(t)
        terms.sort(key=lambda t: (_key(t["start"], False), t["office"], t.get("country", "")))
        pid = slug(name)
        if pid in used_ids:
            pid = f"{pid}_{qid.lower().replace(':', '_')}"
        used_ids.add(pid)
        person = {
            "id": pid,
            "name": name,
            "country": country,
            "wikidata": qid if re.fullmatch(r"Q\d+", qid) else None,
            "aliases": aliases_for(name, country),
            "terms": terms,
        }
        # the hand entry (ingest/data/actors.jsonl) an override says this person is: one actor
        hand_ids = sorted({s["registry_id"] for s in spells if s.get("registry_id") and s["registry_id"] != pid})
        if len(hand_ids) == 1:
            person["hand_id"] = hand_ids[0]
        people.append(person)
    people.sort(key=lambda p: p["id"])
    return people, {"fix_log": fix_log, "rows_without_qid": no_qid}


# Persons whose spells span several jurisdictions and whose home country is not the
# majority one (Commonwealth realms list Elizabeth II once per realm).
PRIMARY_COUNTRY = {"Q9682": "GB", "Q43274": "GB"}  # Elizabeth II, Charles III


def _best_name(spells: list[dict]) -> str:
    names = Counter(s["name"] for s in spells)
    return sorted(names.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def dumps(people: list[dict]) -> str:
    return "".join(json.dumps(p, ensure_ascii=False, sort_keys=False) + "\n" for p in people)


def coverage(people: list[dict], vendor: Path = VENDOR) -> str:
    terms = [t for p in people for t in p["terms"]]
    countries = {t.get("country", p["country"]) for p in people for t in p["terms"]}
    per_office = Counter(t["office"] for t in terms)
    with_qid = sum(len(p["terms"]) for p in people if p.get("wikidata"))
    open_terms = sum(1 for t in terms if t["end"] is None)
    lines = [
        f"terms: {len(terms)}",
        f"persons: {len(people)}",
        f"countries/jurisdictions (incl. UN): {len(countries)}",
        f"terms with QID: {with_qid}/{len(terms)} ({100.0 * with_qid / max(1, len(terms)):.1f}%)",
        f"open-ended terms (end null, valid_through set): {open_terms}",
        "per office:",
    ]
    for office in OFFICES:
        if per_office.get(office):
            lines.append(f"  {office}: {per_office[office]}")
    # per-office country coverage for the four core offices
    core = ("head_of_state", "head_of_government", "foreign_minister", "defence_minister")
    by_office_c = defaultdict(set)
    for p in people:
        for t in p["terms"]:
            by_office_c[t["office"]].add(t.get("country", p["country"]))
    un_path = vendor / "un_members.csv"
    if un_path.exists():
        with open(un_path, newline="", encoding="utf-8") as fh:
            un = {r["iso2"]: r["name"] for r in csv.DictReader(fh)}
        full = {t.get("country", p["country"]) for p in people for t in p["terms"]
                if ":sources/foreign/" not in t["source"]}
        fm_only = sorted(c for c in un if c in countries and c not in full)
        lines.append(f"UN members with a per-country EPS repo: {len(un) - len(fm_only) - len([c for c in un if c not in countries])}/{len(un)}")
        lines.append("UN members covered only by the world FM fallback (current FM, no other office): "
                     + ", ".join(f"{c} ({un[c]})" for c in fm_only))
        missing = sorted(c for c in un if c not in countries)
        lines.append(f"UN members covered: {len(un) - len(missing)}/{len(un)}")
        lines.append("UN members not covered: " + (", ".join(f"{c} ({un[c]})" for c in missing) or "none"))
        for office in core:
            miss = sorted(c for c in un if c not in by_office_c[office])
            lines.append(f"UN members without any {office} term ({len(miss)}): " + ", ".join(miss))
    return "\n".join(lines)


COLLECTIVE = {("BA", "head_of_state"), ("SM", "head_of_state"), ("AD", "head_of_state")}
SINGLE = ("head_of_state", "head_of_government", "foreign_minister", "defence_minister")


def review(people: list[dict], min_days: int = 31) -> list[str]:
    """Pairs of day-dated terms of one single-holder office that overlap > min_days."""
    import datetime as dt

    def day(d, hi):
        if d is None:
            return dt.date(2022, 7, 31) if hi else None
        if len(d) != 10:
            return None
        return dt.date.fromisoformat(d)

    slots = defaultdict(list)
    for p in people:
        for t in p["terms"]:
            c = t.get("country", p["country"])
            if t["office"] in SINGLE and (c, t["office"]) not in COLLECTIVE:
                a, b = day(t["start"], False), day(t["end"], True)
                if a and b:
                    slots[(c, t["office"])].append((a, b, p["name"]))
    out = []
    for (c, office), items in sorted(slots.items()):
        items.sort()
        for i, (a1, b1, n1) in enumerate(items):
            for a2, b2, n2 in items[i + 1:]:
                if a2 >= b1:
                    break
                ov = (min(b1, b2) - a2).days
                if ov > min_days and n1 != n2:
                    out.append(f"{c} {office}: {n1} {a1}..{b1} / {n2} {a2}..{b2} ({ov} days)")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="rebuild and compare with holders.jsonl; write nothing")
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--review", action="store_true", help="list overlapping holders of one office")
    args = ap.parse_args(argv)
    people, info = build()
    text = dumps(people)
    if args.review:
        print("\n".join(review(people)))
        return 0
    if args.check:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print("holders.jsonl is up to date" if same else "holders.jsonl differs from a fresh build")
        return 0 if same else 1
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    if not args.quiet:
        print(f"wrote {OUT}")
        for line in info["fix_log"]:
            print("hand-fix:", line)
        print(f"rows skipped for lack of a QID: {info['rows_without_qid']}")
        print(coverage(people))
    return 0


if __name__ == "__main__":
    sys.exit(main())
