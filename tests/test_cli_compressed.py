"""`rasd extract` and `rasd ingest` read compressed JSON lines (.jsonl.gz, .bz2, .xz) as `rasd backfill` does."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
from pathlib import Path

import pytest

from rasd.cli import main
from rasd.store import open_store

ARTICLES = [
    {"id": "g1", "published": "2024-06-02",
     "text": "استهدفت طائرة مسيرة سيارة على طريق قرية كفرنبل جنوبي إدلب مساء أمس، ما أسفر عن مقتل ثلاثة أشخاص."},
    {"id": "g2", "published": "2024-06-03",
     "text": "اعتقلت دورية أمنية خمسة شبان في مدينة درعا البلد بعد مداهمة عدة منازل صباح اليوم."},
]
OPENERS = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}


@pytest.fixture
def plain(tmp_path: Path) -> Path:
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf-8")
    return path


def _compress(plain: Path, suffix: str, folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    packed = folder / f"articles.jsonl{suffix}"
    with OPENERS[suffix](packed, "wb") as stream:
        stream.write(plain.read_bytes())
    return packed


@pytest.mark.parametrize("suffix", OPENERS)
def test_extract_reads_compressed_lines_as_the_plain_file(plain: Path, tmp_path: Path, suffix: str) -> None:
    packed = _compress(plain, suffix, tmp_path / "packed")
    assert main(["extract", "-i", str(plain), "-o", str(tmp_path / "plain.out"), "-q"]) == 0
    assert main(["extract", "-i", str(packed), "-o", str(tmp_path / "packed.out"), "-q"]) == 0
    assert main(["extract", "-i", str(packed.parent), "-o", str(tmp_path / "folder.out"), "-q"]) == 0
    expected = (tmp_path / "plain.out").read_bytes()
    assert json.loads(expected.splitlines()[0])["events"]
    assert (tmp_path / "packed.out").read_bytes() == expected == (tmp_path / "folder.out").read_bytes()


def test_ingest_reads_a_gzip_file(plain: Path, tmp_path: Path) -> None:
    packed = _compress(plain, ".gz", tmp_path / "packed")
    db = tmp_path / "events.sqlite"
    assert main(["ingest", str(packed), "--db", str(db), "-q"]) == 0
    with open_store(str(db)) as store:
        assert store.count("articles") == len(ARTICLES) and store.count("events") >= 1


def test_a_compressed_file_that_is_not_json_lines_is_refused(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    packed = tmp_path / "report.txt.gz"
    with gzip.open(packed, "wb") as stream:
        stream.write(ARTICLES[0]["text"].encode())
    assert main(["extract", "-i", str(packed)]) == 2
    assert "only compressed JSON lines" in capsys.readouterr().err
