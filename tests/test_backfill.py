"""Backfills: chunks, duplicates across files, resuming after a crash, Parquet, and a real two-worker Dask run."""

from __future__ import annotations

import gzip
import json
from itertools import chain
from pathlib import Path
from typing import Any

import pytest

from rasd.batch import Duplicate, Summary, Texts, drive
from rasd.cli import main
from rasd.extraction import build_pipeline
from rasd.resources import Resources
from rasd.runners.chunks import ChunkDone, plan
from rasd.runners.local import LocalPool, backfill
from rasd.runners.sinks import FileSink
from rasd.settings import Settings
from rasd.sources.files import read_articles

REPORTS = [
    ("r1", "قصفت طائرات حربية بلدة كفرنبل في ريف إدلب الجنوبي صباح اليوم، ما أدى إلى مقتل ثلاثة مدنيين."),
    ("r2", "استهدفت قوات النظام بالمدفعية الثقيلة قرية البارة في جبل الزاوية أمس، وتضررت منازل عدة."),
    ("r3", "انفجرت عبوة ناسفة بسيارة عسكرية على طريق درعا الشرقي، وأصيب جنديان بجروح متفاوتة."),
    ("r4", "اعتقلت دورية أمنية خمسة شبان في مدينة حمص خلال حملة مداهمات يوم الأحد الماضي."),
    ("r5", "تظاهر مئات الأهالي في ساحة مدينة السويداء مطالبين بالإفراج عن المعتقلين في السجون."),
    ("r6", "اندلعت اشتباكات عنيفة بين فصائل المعارضة وقوات النظام على محور الكبينة في ريف اللاذقية."),
    ("r7", "قصفت  طائرات حربية بلدة كفرنبل في ريف إدلب الجنوبي صباح اليوم، ما أدى إلى مقتل ثلاثة مدنيين."),
    ("r8", "this line has no Arabic words at all, only Latin ones"),
]


def _line(ident: str, text: str) -> str:
    return json.dumps({"id": ident, "text": text, "published": "2024-03-14"}, ensure_ascii=False)


@pytest.fixture
def inputs(tmp_path: Path) -> tuple[Path, Path]:
    """A folder with a plain and a compressed JSON-lines file, and the same lines uncompressed elsewhere."""
    folder, plain = tmp_path / "in", tmp_path / "plain"
    folder.mkdir()
    plain.mkdir()
    first = [_line(i, t) for i, t in REPORTS[:4]] + ["{not json"]
    second = [_line(i, t) for i, t in REPORTS[4:]]
    (folder / "a.jsonl").write_text("\n".join(first) + "\n", encoding="utf-8")
    with gzip.open(folder / "b.jsonl.gz", "wt", encoding="utf-8") as out:
        out.write("\n".join(second) + "\n")
    (plain / "a.jsonl").write_text("\n".join(first) + "\n", encoding="utf-8")
    (plain / "b.jsonl").write_text("\n".join(second) + "\n", encoding="utf-8")
    return folder, plain


def _single_process(plain: Path) -> dict[str, Any]:
    """`rasd.batch.drive` over the same articles, in the same order, as `rasd extract` drives them."""
    pipeline = build_pipeline(Resources.load(Settings.load()))
    items = chain(read_articles(plain / "a.jsonl"), read_articles(plain / "b.jsonl"))
    return {r.id: r.to_dict() for _, r in drive(items, pipeline, Summary(), seen=Texts())}


def _lines(out: Path) -> dict[str, Any]:
    lines = {}
    for path in sorted((out / "chunks").glob("*.jsonl")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            line = json.loads(raw)
            lines[line["id"]] = line
    return lines


def _events(line: dict[str, Any]) -> list[str]:
    # Order-insensitive: within an article, events are compared as a sorted list of their JSON.
    return sorted(json.dumps(e, sort_keys=True, ensure_ascii=False) for e in line["events"])


def _assert_same_as_single_process(out: Path, plain: Path) -> None:
    expected, got = _single_process(plain), _lines(out)
    assert set(got) == set(expected)
    assert sum(len(line["events"]) for line in got.values()) >= 4
    for ident, line in expected.items():
        if line.get("duplicate_of"):
            # A backfill writes a reprint's events once, under the first article.
            assert got[ident] == {"id": ident, "events": [], "signals": [], "duplicate_of": line["duplicate_of"]}
        else:
            assert _events(got[ident]) == _events(line), ident
            assert got[ident].get("rejection") == line.get("rejection")


def test_plan_cuts_files_into_chunks_and_marks_duplicates(inputs: tuple[Path, Path]) -> None:
    folder, _ = inputs
    chunks = list(plan([folder], size=3))
    assert [(Path(c.source).name, c.number, len(c.items)) for c in chunks] == [
        ("a.jsonl", 0, 3), ("a.jsonl", 1, 1), ("b.jsonl.gz", 0, 3), ("b.jsonl.gz", 1, 1)]
    assert [r.reason for c in chunks for r in c.rejected] == ["malformed"]
    assert [item for c in chunks for item in c.items if isinstance(item, Duplicate)] == [Duplicate("r7", "r1")]
    assert len({c.key for c in chunks}) == 4
    assert [c.digest for c in plan([folder], size=3)] == [c.digest for c in chunks]


def test_local_backfill_equals_a_single_process_run(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    folder, plain = inputs
    out = tmp_path / "out"
    summary = backfill([folder], FileSink(out), pool=LocalPool(), settings=Settings.load(), chunk_size=3)
    assert (summary.chunks, summary.skipped, summary.articles, summary.duplicates) == (4, 0, 8, 1)
    assert summary.rejections["malformed"] == 1 and summary.rejections["no_arabic"] == 1
    assert summary.loads <= 1
    _assert_same_as_single_process(out, plain)


class _Crash(Exception):
    pass


class _CrashingSink(FileSink):
    """A sink whose process dies after `left` chunks."""

    def __init__(self, folder: Path, left: int) -> None:
        super().__init__(folder)
        self.left = left

    def write(self, chunk: ChunkDone) -> None:
        if self.left == 0:
            raise _Crash
        self.left -= 1
        super().write(chunk)


def test_a_backfill_resumes_after_a_crash(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    folder, plain = inputs
    out, clean = tmp_path / "out", tmp_path / "clean"
    settings = Settings.load()
    with pytest.raises(_Crash):
        backfill([folder], _CrashingSink(out, 2), pool=LocalPool(), settings=settings, chunk_size=2)
    with (out / "manifest.jsonl").open("a", encoding="utf-8") as manifest:
        manifest.write('{"key": "a-torn')  # the crash cut the last manifest line short
    resumed = backfill([folder], FileSink(out), pool=LocalPool(), settings=settings, chunk_size=2)
    assert (resumed.skipped, resumed.chunks) == (2, 3)
    backfill([folder], FileSink(clean), pool=LocalPool(), settings=settings, chunk_size=2)
    for path in (clean / "chunks").iterdir():
        assert (out / "chunks" / path.name).read_bytes() == path.read_bytes()
    assert not list((out / "chunks").glob(".*.tmp"))
    again = backfill([folder], FileSink(out), pool=LocalPool(), settings=settings, chunk_size=2)
    assert (again.skipped, again.chunks) == (5, 0)
    _assert_same_as_single_process(out, plain)


def test_a_changed_input_chunk_is_extracted_again(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    folder, _ = inputs
    out = tmp_path / "out"
    settings = Settings.load()
    backfill([folder], FileSink(out), pool=LocalPool(), settings=settings, chunk_size=3)
    lines = (folder / "a.jsonl").read_text(encoding="utf-8").splitlines()
    lines[3] = _line("r4", "اعتقلت دورية أمنية سبعة شبان في مدينة حماة خلال حملة مداهمات يوم الاثنين.")
    (folder / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = backfill([folder], FileSink(out), pool=LocalPool(), settings=settings, chunk_size=3)
    assert (summary.skipped, summary.chunks) == (3, 1)
    assert "حماة" in json.dumps(_lines(out)["r4"], ensure_ascii=False)


def test_parquet_holds_one_row_per_event(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    folder, plain = inputs
    out = tmp_path / "out"
    summary = backfill([folder], FileSink(out, format="parquet"), pool=LocalPool(), settings=Settings.load(),
                       chunk_size=3)
    table = pq.read_table(sorted((out / "chunks").glob("*.parquet")))
    assert table.num_rows == summary.events
    rows = table.to_pylist()
    expected = _single_process(plain)
    assert sorted(r["article_id"] for r in rows) == sorted(
        i for i, line in expected.items() if not line.get("duplicate_of") for _ in line["events"])
    first = next(r for r in rows if r["article_id"] == "r1")
    assert json.loads(first["evidence"])[0]["article_id"] == "r1"
    assert isinstance(first["assoc_actor_1"], list)


def test_backfill_command_runs_in_process(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    folder, plain = inputs
    out = tmp_path / "out"
    assert main(["backfill", str(folder), "--output", str(out), "--workers", "0", "--chunk-size", "3", "-q"]) == 0
    assert len((out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()) == 4
    _assert_same_as_single_process(out, plain)


def test_two_dask_workers_give_the_events_of_a_single_process(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    from rasd.runners.dask import DaskPool

    folder, plain = inputs
    out = tmp_path / "out"
    with DaskPool(workers=2) as pool:
        assert pool.workers == 2
        summary = backfill([folder], FileSink(out), pool=pool, settings=Settings.load(), chunk_size=1)
    assert summary.chunks == 9  # eight articles, and the malformed line's chunk of its own at the end of a.jsonl
    # Resources are loaded once per worker process, not once per chunk.
    assert 1 <= summary.loads == len(summary.workers) <= 2
    _assert_same_as_single_process(out, plain)


def test_a_backfill_reads_publication_dates_as_extract_does(tmp_path: Path) -> None:
    # No publication date in the input: the page shows it, and every path must read it the same way.
    folder = tmp_path / "in"
    folder.mkdir()
    text = "نشر في 13 آذار 2024\nقصفت طائرات حربية مدينة أريحا صباح اليوم، ما أدى إلى إصابة طفلين."
    (folder / "p.jsonl").write_text(json.dumps({"id": "p", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    backfill([folder], FileSink(out), pool=LocalPool(), settings=Settings.load(), chunk_size=3)
    pipeline = build_pipeline(Resources.load(Settings.load()))
    (expected,) = [r.to_dict() for _, r in drive(read_articles(folder / "p.jsonl"), pipeline, Summary())]
    assert [e["event_date"] for e in expected["events"]] == ["2024-03-13"]
    assert _events(_lines(out)["p"]) == _events(expected)
