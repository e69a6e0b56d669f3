"""Build ingest/data/registry/countries_odbl.jsonl: the states countries.jsonl does not type by hand.

Standard library only.  Run from the repository root as

    python -m ingest.data.build.countries            # build + print what was dropped
    python -m ingest.data.build.countries --check    # rebuild in memory, compare (exit 1 if different)
    python -m ingest.data.build.countries --vendor GIT_DIR   # re-extract the vendored file

Inputs:

* vendor/mledoze_countries.json - the fields we use of mledoze/countries' countries.json, for its
                                  UN members and independent states (ODbL 1.0: the source's
                                  LICENSE is vendor/mledoze_countries.LICENSE.md; see SOURCES.md);
* ../countries.jsonl            - the hand-typed countries: their codes are skipped, their
                                  spellings win over ours;
* ../registry/holders.jsonl     - the built office holders: where a state's head of state is
                                  another state's (a Commonwealth realm's monarch, Andorra's
                                  French co-prince), its leader is its head of government;
                                  people's names: a spelling that is also a person's first or
                                  last name is dropped.

The output has the schema of countries.jsonl plus "source".  Its rows are a Derivative Database
of mledoze/countries under the ODbL: they stay in a file of their own, with
countries_odbl.LICENSE.md beside it, and are never copied into countries.jsonl.  Every spelling
comes from a vendored field; this script only picks fields, splits "Antiguan, Barbudan", derives
French plurals, folds accents to compare, and drops what is ambiguous (printed, with the reason).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENDOR = HERE / "vendor"
VENDORED = VENDOR / "mledoze_countries.json"
VENDORED_LICENSE = VENDOR / "mledoze_countries.LICENSE.md"  # the source's LICENSE file: ODbL 1.0
DATA = HERE.parent
HAND = DATA / "countries.jsonl"
HOLDERS = DATA / "registry" / "holders.jsonl"
ACTORS = DATA / "actors.jsonl"
OUT = DATA / "registry" / "countries_odbl.jsonl"

SOURCE_REPO = "mledoze/countries"
LICENSE_URL = "https://opendatacommons.org/licenses/odbl/1-0/"
KINDS = ("names", "demonyms", "capitals", "seats")

# Spellings the data gives that name something else at least as often (checked by hand; the
# data cannot tell).  code -> {spelling: reason}
HOMONYMS: dict[str, dict[str, str]] = {
    "CG": {"Congo": "also what the Democratic Republic of the Congo is called for short ('DR Congo', 'Congo's president Tshisekedi')"},
    "TL": {"Timor": "the island, half of it Indonesian"},
    "MV": {"Malé": "folds to 'male', an English word"},
    "SC": {"Victoria": "also an Australian state, a lake, cities in Canada and a first name"},
    "GY": {"Georgetown": "also a Washington neighbourhood and its university"},
    "GD": {"Grenade": "French for Granada, the Spanish city"},
    "CF": {"Central African": "also the region ('Central African states')"},
    "FM": {"Micronesian": "also the region (Guam, Palau, Kiribati...)",
           "micronésien": "also the region", "micronésienne": "also the region",
           "micronésiens": "also the region", "micronésiennes": "also the region"},
}


# --------------------------------------------------------------------------
# Folding: the same keys as ingest.registry's fold + ingest.phrases' words_of
# --------------------------------------------------------------------------

_WORD = re.compile(r"\w+(?:[-.]\w+)*")


def _fold_char(char: str) -> str:
    if char in "’‘":
        return "'"
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)).lower()
    return base if len(base) == 1 else char.lower()[:1] or char


def key(text: str) -> str:
    """How the registry compares a spelling: folded, lower case, words joined by one space."""
    folded = "".join(_fold_char(c) if ord(c) < 0x250 or 0x1E00 <= ord(c) < 0x1F00 or 0x2000 <= ord(c) < 0x2070
                     else c for c in text)
    return " ".join(_WORD.findall(folded))


def _latin(text: str) -> bool:
    return all(not c.isalpha() or "a" <= _fold_char(c) <= "z" for c in text)


# --------------------------------------------------------------------------
# Forms from one mledoze record
# --------------------------------------------------------------------------

def clean(text: str) -> str:
    """Typing slips of the source that change no word: 'Antigua -et-Barbuda', "d' Ivoire", '’'."""
    text = text.replace("’", "'")
    text = re.sub(r"\s+-", "-", text)
    text = re.sub(r"'\s+", "'", text)
    text = re.sub(r"^La (?=République)", "", text)  # 'La République populaire du Bangladesh'
    return " ".join(text.split())


def name_forms(text: str) -> list[str]:
    """'Palaos (Palau)' -> Palaos, Palau; 'Congo (Rép. dém.)' (an abbreviation note) -> nothing."""
    text = clean(text)
    found = re.fullmatch(r"(.+?)\s*\((.+)\)", text)
    if not found:
        return [text]
    if "." in found.group(2):
        return []
    return [found.group(1), found.group(2)]


def french_plural(word: str) -> str:
    """French adjectives of nationality: + s, unless they end in s or x ('sénégalais');
    'kittitien-et-nevicien' agrees in both halves."""
    if "-et-" in word:
        return "-et-".join(french_plural(part) for part in word.split("-et-"))
    return word if word.endswith(("s", "x")) else word + "s"


def english_demonyms(pair: dict) -> list[str]:
    """'Antiguan, Barbudan', 'Kittitian or Nevisian': one demonym each."""
    out = []
    for text in (pair.get("m", ""), pair.get("f", "")):
        for part in re.split(r",\s*|\s+or\s+", clean(text)):
            if part and part not in out:
                out.append(part)
    return out


def french_demonyms(pair: dict) -> list[str]:
    """Masculine, feminine, their plurals, lower case ('Antiguaise et barbudien': two words)."""
    singular = {"m": [], "f": []}
    for gender in ("m", "f"):
        for part in re.split(r"\s+et\s+", clean(pair.get(gender, ""))):
            if part:
                singular[gender].append(part.lower())
    out: list[str] = []
    for form in [*singular["m"], *singular["f"], *(french_plural(w) for w in singular["m"]),
                 *(french_plural(w) for w in singular["f"])]:
        if form not in out:
            out.append(form)
    return out


def english_vocabulary(records: list[dict]) -> set[str]:
    """Words of the English common and official names and demonyms of every vendored record."""
    words = {"of", "the", "and"}
    for record in records:
        for text in (record["name"]["common"], record["name"]["official"],
                     *record["demonyms"].get("eng", {}).values()):
            words.update(key(text).split())
    return words


def english_names(record: dict, vocabulary: set[str]) -> list[str]:
    """Common and official names, then those alternative spellings that read as English:
    not a code, not inverted ('Congo, the Democratic Republic of the'), not the demonym
    ('Togolese'); of several words, only words of the English names of some state ('Republic of
    Cabo Verde', "Côte d'Ivoire", not 'Crna Gora', 'República de Chile'); of one, plain ASCII,
    capitalised and not the country's own name in its language ('Burma', 'Swaziland', 'DRC', not
    'Shqipëri', 'weSwatini')."""
    official = (record["name"]["common"], record["name"]["official"])
    native = {key(n) for names in record["name"].get("native", {}).values() for n in names.values()}
    demonyms = {key(d) for d in record["demonyms"].get("eng", {}).values()}
    out: list[str] = []
    for text in (*official, *record.get("altSpellings", [])):
        for form in name_forms(text):
            if form not in official:
                words = key(form).split()
                if len(form) < 3 or "," in form or not _latin(form) or key(form) in demonyms:
                    continue
                if len(words) > 1 and not all(w in vocabulary for w in words):
                    continue
                if len(words) == 1 and (key(form) in native or not (form.isascii() and form[0].isupper())):
                    continue
            if form not in out:
                out.append(form)
    return out


def french_names(record: dict) -> list[str]:
    fra = record.get("translations", {}).get("fra", {})
    out: list[str] = []
    for text in (fra.get("common", ""), fra.get("official", "")):
        for form in name_forms(text):
            if form and form not in out:
                out.append(form)
    return out


def label_fr(record: dict) -> str:
    fra = record.get("translations", {}).get("fra", {})
    forms = name_forms(fra.get("common", "")) or name_forms(fra.get("official", ""))
    return forms[0] if forms else record["name"]["common"]


def candidate(record: dict, commit: str, vocabulary: set[str]) -> dict:
    capitals = [clean(c) for c in record.get("capital", [])]
    return {
        "code": record["cca2"],
        "name": {"en": record["name"]["common"], "fr": label_fr(record)},
        "names": {"en": english_names(record, vocabulary), "fr": french_names(record)},
        "demonyms": {"en": english_demonyms(record["demonyms"].get("eng", {})),
                     "fr": french_demonyms(record["demonyms"].get("fra", {}))},
        # the source has no French capital names: the English one serves both
        "capitals": {"en": capitals, "fr": list(capitals)},
        "seats": {"en": [], "fr": []},
        "source": f"{SOURCE_REPO}@{commit}:countries.json",
    }


# --------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------

def _jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_vendored(path: Path = VENDORED) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def states(vendored: dict) -> list[dict]:
    """UN members and the states the source marks independent."""
    return [r for r in vendored["countries"] if r.get("unMember") or r.get("independent")]


def person_name_words(people: list[dict]) -> set[str]:
    """First and last words of people's names ('Santiago Cafiero', 'Dominique de Villepin')."""
    words = set()
    for person in people:
        for name in (person["name"], *person.get("aliases", [])):
            parts = key(name).split()
            if len(parts) >= 2 and " of " not in f" {name} ":
                words.update((parts[0], parts[-1]))
    return words


def shared_head_of_state(holders: list[dict]) -> dict[str, str]:
    """States whose head of state is another state's: code -> who, from holders.jsonl.
    A head_of_state term held by someone whose own country is another one, and who is head of
    state of more than one state (Elizabeth II in the realms, the French president in Andorra)."""
    out: dict[str, str] = {}
    for person in holders:
        terms = [t for t in person["terms"] if t["office"] == "head_of_state"]
        countries = {t.get("country", person["country"]) for t in terms}
        if len(countries) < 2:
            continue
        for code in countries - {person["country"]}:
            out.setdefault(code, person["name"])
    return out


def build(vendored: dict | None = None, hand: list[dict] | None = None, holders: list[dict] | None = None,
          actors: list[dict] | None = None) -> tuple[list[dict], list[str]]:
    vendored = load_vendored() if vendored is None else vendored
    hand = _jsonl(HAND) if hand is None else hand
    holders = _jsonl(HOLDERS) if holders is None else holders
    actors = _jsonl(ACTORS) if actors is None else actors
    commit = vendored["commit"]
    log: list[str] = []

    hand_codes = {r["code"] for r in hand}
    vocabulary = english_vocabulary(vendored["countries"])
    rows = [candidate(r, commit, vocabulary) for r in sorted(states(vendored), key=lambda r: r["cca2"])
            if r["cca2"] not in hand_codes]

    # every spelling of a hand row, of any kind and language: the hand row keeps it
    hand_keys: dict[str, str] = {}
    for r in hand:
        for kind in KINDS:
            for forms in r.get(kind, {}).values():
                for form in forms:
                    hand_keys.setdefault(key(form), r["code"])
    # spellings two of our rows share ("Dominican", "Congolese", "congolais")
    claims: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        for kind in KINDS:
            for forms in r[kind].values():
                for form in forms:
                    claims[key(form)].add(r["code"])
    names_of_people = person_name_words([*holders, *actors])

    def why_not(code: str, kind: str, form: str) -> str | None:
        k = key(form)
        if form in HOMONYMS.get(code, {}):
            return HOMONYMS[code][form]
        if k in hand_keys and hand_keys[k] != code:
            return f"a spelling of {hand_keys[k]} in countries.jsonl"
        if len(claims[k]) > 1:
            return "shared by " + ", ".join(sorted(claims[k]))
        if kind != "demonyms" and len(k.split()) == 1 and k in names_of_people:
            return "also a person's first or last name in the registry"
        return None

    for r in rows:
        for kind in KINDS:
            for language, forms in r[kind].items():
                kept = []
                for form in forms:
                    reason = why_not(r["code"], kind, form)
                    if reason:
                        log.append(f"{r['code']} {kind}.{language} {form!r}: {reason}")
                    else:
                        kept.append(form)
                r[kind][language] = kept

    shared = shared_head_of_state(holders)
    for r in rows:
        if r["code"] in shared:
            # key order as in countries.jsonl: leader_office after the forms
            source = r.pop("source")
            r["leader_office"] = "head_of_government"
            r["source"] = source
            log.append(f"{r['code']} leader_office head_of_government: head of state {shared[r['code']]} "
                       "is another state's (holders.jsonl)")
    return rows, log


def dumps(rows: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


# --------------------------------------------------------------------------
# Vendoring: the extract of mledoze/countries we keep
# --------------------------------------------------------------------------

FIELDS = ("cca2", "independent", "unMember", "name", "altSpellings", "capital", "demonyms")


def extract(git_dir: Path) -> dict:
    """The fields we use of countries.json at the snapshot's HEAD, for UN members and
    independent states."""
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(git_dir), *args], capture_output=True, text=True,
                              check=True).stdout

    commit = git("rev-parse", "HEAD").strip()
    records = json.loads(git("show", f"{commit}:countries.json"))
    kept = []
    for record in sorted(records, key=lambda r: r["cca2"]):
        if not (record.get("unMember") or record.get("independent")):
            continue
        item = {field: record[field] for field in FIELDS if field in record}
        item["translations"] = {"fra": record.get("translations", {}).get("fra", {})}
        kept.append(item)
    return {
        "source": f"https://github.com/{SOURCE_REPO}",
        "path": "countries.json",
        "commit": commit,
        "commit_date": git("log", "-1", "--format=%cs", commit).strip(),
        "license": "ODbL-1.0",
        "license_url": LICENSE_URL,
        "notice": f"Contains information from {SOURCE_REPO} (https://github.com/{SOURCE_REPO}), "
                  f"which is made available here under the Open Database License (ODbL) ({LICENSE_URL}).",
        "countries": kept,
    }


def dumps_vendored(vendored: dict) -> str:
    head = {k: v for k, v in vendored.items() if k != "countries"}
    lines = ["{"]
    lines += [f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in head.items()]
    lines.append('  "countries": [')
    body = [f"    {json.dumps(r, ensure_ascii=False)}" for r in vendored["countries"]]
    lines.append(",\n".join(body))
    lines += ["  ]", "}"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="rebuild and compare with countries_odbl.jsonl; write nothing")
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--vendor", metavar="GIT_DIR", type=Path,
                    help="re-extract vendor/mledoze_countries.json from a bare clone of mledoze/countries")
    args = ap.parse_args(argv)
    if args.vendor:
        vendored = extract(args.vendor)
        VENDORED.write_text(dumps_vendored(vendored), encoding="utf-8")
        license_text = subprocess.run(["git", "-C", str(args.vendor), "show", f"{vendored['commit']}:LICENSE"],
                                      capture_output=True, text=True, check=True).stdout
        VENDORED_LICENSE.write_text(license_text, encoding="utf-8")
        print(f"wrote {VENDORED} and {VENDORED_LICENSE}")
        return 0
    rows, log = build()
    text = dumps(rows)
    if args.check:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print("countries_odbl.jsonl is up to date" if same else "countries_odbl.jsonl differs from a fresh build")
        return 0 if same else 1
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    if not args.quiet:
        print(f"wrote {OUT}: {len(rows)} states")
        for line in log:
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
