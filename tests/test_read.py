"""Stage 1: bad input is rejected with a reason naming the file; good input is read right."""

from __future__ import annotations

import json

from diplo.errors import RejectedArticle
from ingest.read import read_inputs
from tests.conftest import write_article

FRENCH = ("Le ministre français des Affaires étrangères s'est entretenu mercredi par téléphone avec son "
          "homologue allemand. Les deux hommes ont évoqué la situation en Ukraine et au Proche-Orient, "
          "selon un communiqué publié à l'issue de l'échange.")


def rejections(path) -> list[str]:
    return [item.reason for item in read_inputs([path]) if isinstance(item, RejectedArticle)]


def test_empty_file_is_rejected(tmp_path):
    assert rejections(write_article(tmp_path, "empty.txt", "")) == ["file is empty"]


def test_binary_file_is_rejected(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert "binary" in rejections(path)[0]


def test_windows_1252_text_is_decoded_not_mangled(tmp_path):
    path = write_article(tmp_path, "latin.txt", FRENCH + " Il a réitéré « la ferme condamnation » de l'attentat.",
                         encoding="cp1252")
    [article] = list(read_inputs([path]))
    assert "français" in article.text and "réitéré" in article.text and "«" in article.text


def test_truncated_utf8_is_rejected(tmp_path):
    path = tmp_path / "cut.txt"
    path.write_bytes(FRENCH.encode("utf-8") + "é".encode("utf-8")[:1])
    assert "truncated" in rejections(path)[0]


def test_file_over_10_mb_is_rejected_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(11 * 1024 * 1024)
    assert "over the 10 MB limit" in rejections(path)[0]


def test_too_short_text_is_not_an_article(tmp_path):
    assert "too short" in rejections(write_article(tmp_path, "note.txt", "Voir plus bas."))[0]


def test_symbol_soup_is_not_an_article(tmp_path):
    text = "\n".join("id%d,%d,%d;%d|%d" % (i, i * 2, i * 3, i * 4, i * 5) for i in range(300))
    assert "not prose" in rejections(write_article(tmp_path, "table.txt", text))[0]


def test_unsupported_suffix_is_rejected(tmp_path):
    assert "unsupported file type" in rejections(write_article(tmp_path, "article.pdf", FRENCH))[0]


def test_sidecar_json_is_metadata_not_an_article(tmp_path):
    write_article(tmp_path, "07.txt", FRENCH)
    (tmp_path / "07.json").write_text(json.dumps({"published": "2024-07-05", "language": "fr", "title": "T"}))
    [article] = list(read_inputs([tmp_path]))
    assert (article.doc_id, article.published, article.language, article.title) == ("07", "2024-07-05", "fr", "T")


def test_json_lines_hold_one_article_per_line_and_bad_lines_are_rejected(tmp_path):
    lines = [json.dumps({"id": "a1", "text": FRENCH, "published": "2024-04-03"}), "{not json",
             json.dumps({"id": "a2", "title": "no text"}), json.dumps({"id": "a3", "text": FRENCH})]
    path = write_article(tmp_path, "batch.jsonl", "\n".join(lines))
    items = list(read_inputs([path]))
    assert [i.doc_id for i in items if not isinstance(i, RejectedArticle)] == ["a1", "a3"]
    reasons = [str(i) for i in items if isinstance(i, RejectedArticle)]
    assert reasons[0].startswith(f"{path}:2: not a JSON object")
    assert reasons[1].startswith(f"{path}:3: a JSON Lines article needs a 'text' string")


def test_missing_path_is_named(tmp_path):
    assert rejections(tmp_path / "nowhere.txt") == ["no such file or folder"]
