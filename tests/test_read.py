"""Stage 1: bad input is rejected with a reason naming the file; good input is read right."""

from __future__ import annotations

import json
import os

import pytest

from diplo.errors import RejectedArticle, SkippedArticle
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


# --- input edges: byte order marks, damaged bytes, NULs, files that are not files ---

def read_one(path):
    [article] = list(read_inputs([path]))
    assert not isinstance(article, RejectedArticle), article
    return article


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_a_byte_order_mark_decides_the_encoding(tmp_path, codec):
    data = FRENCH.encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data  # the codec with its endianness in the name writes no mark
    path = tmp_path / "marked.txt"
    path.write_bytes(data)
    article = read_one(path)
    assert article.text == FRENCH and article.warnings == []


def test_a_few_invalid_bytes_in_utf8_text_are_replaced_and_counted(tmp_path):
    data = FRENCH.encode("utf-8")
    middle = data.index(b"mercredi")
    path = tmp_path / "damaged.txt"
    path.write_bytes(data[:middle] + b"\xff" + data[middle:middle + 9] + b"\xc0" + data[middle + 9:])
    article = read_one(path)
    assert article.text.count("\ufffd") == 2 and "homologue allemand" in article.text and "évoqué" in article.text
    assert article.warnings == [f"{path}: 2 invalid UTF-8 byte sequences replaced with U+FFFD"]


def test_a_nul_past_the_first_8_kb_is_stripped_and_counted(tmp_path):
    path = tmp_path / "padded.txt"
    body = (FRENCH + "\n") * 50
    path.write_bytes(body.encode("utf-8") + b"\x00" + FRENCH.encode("utf-8") + b"\x00\x00")
    article = read_one(path)
    assert "\x00" not in article.text and article.text.endswith("l'échange.")
    assert article.warnings == [f"{path}: 3 NUL characters removed"]


def test_a_nul_inside_a_json_lines_text_is_stripped_and_counted(tmp_path):
    path = write_article(tmp_path, "batch.jsonl", json.dumps({"id": "n1", "text": FRENCH.replace(" ", " \x00", 1)}))
    article = read_one(path)
    assert "\x00" not in article.text and article.warnings == [f"{path}:1: 1 NUL character removed"]


def test_a_fifo_or_a_device_given_as_an_argument_is_refused_without_opening_it(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # opening it for reading would wait forever for a writer
    items = list(read_inputs([fifo, "/dev/zero"]))
    assert [str(item) for item in items] == [
        f"{fifo}: not a regular file (a FIFO); give files or folders",
        "/dev/zero: not a regular file (a character device); give files or folders"]


def test_files_in_a_folder_that_are_not_articles_by_type_are_skipped_by_name(tmp_path):
    write_article(tmp_path, "07.txt", FRENCH)
    (tmp_path / "07.json").write_text(json.dumps({"language": "fr"}))  # its sidecar: metadata, not a skip
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "scan.pdf").write_bytes(b"%PDF-1.7")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01")  # hidden: passed over in silence
    os.mkfifo(tmp_path / "pipe.txt")
    items = list(read_inputs([tmp_path]))
    assert [item.doc_id for item in items if not isinstance(item, SkippedArticle)] == ["07"]
    assert sorted(str(item) for item in items if isinstance(item, SkippedArticle)) == [
        f"{tmp_path}/notes/scan.pdf: file type '.pdf' is not an article; skipped",
        f"{tmp_path}/photo.png: file type '.png' is not an article; skipped",
        f"{tmp_path}/pipe.txt: not a regular file (a FIFO); skipped"]
