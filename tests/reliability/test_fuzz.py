"""Generated JSON lines through `extract` and `ingest` (SQLite and PostgreSQL): no line ends the batch.

Each example is a small batch of lines: articles built from Arabic words, digits and awkward characters (NUL, lone
surrogates, controls), with dates, ids and extra fields of every JSON type, and lines that are no JSON at all.
The batch must give one outcome a line (an output line or a counted rejection), and whatever is stored must read
back. CI runs a few examples (`RASD_FUZZ_EXAMPLES`, 20 by default); `make fuzz` runs thousands.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rasd.batch import Summary, Texts, drive
from rasd.extraction import build_pipeline
from rasd.ingest import ingest
from rasd.pipeline import Pipeline
from rasd.sources.files import ArticleIn, Rejected, decode, json_lines
from rasd.store import Store
from tests.test_store import open_test_store

EXAMPLES = int(os.environ.get("RASD_FUZZ_EXAMPLES", "20"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=EXAMPLES <= 20,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])

# Words of our own sentences, so that generated texts reach the stages that need events.
WORDS = ("قصفت", "طائرات", "حربية", "بلدة", "كفرنبل", "في", "ريف", "إدلب", "صباح", "اليوم", "أمس", "وقتل", "ثلاثة",
         "مدنيين", "قذائف", "مدفعية", "سراقب", "اشتباكات", "بين", "قوات", "النظام", "وفصائل", "المعارضة", "عام",
         "2024", "١٢", "آذار", "الجمعة", "قبل", "أيام", "و", "،", ".", "\n")
AWKWARD = st.sampled_from(["\x00", "\ud800", "\udfff", "\u200f", "\ufeff", "\t", "\r", "\x7f", "\ufffd", "🙂",
                           "9" * 40])
TEXT = st.lists(st.one_of(st.sampled_from(WORDS), AWKWARD, st.text(max_size=4)), max_size=40).map(" ".join)
DATES = st.one_of(
    st.none(), st.dates().map(str), st.datetimes().map(lambda d: d.isoformat() + "+14:00"),
    st.sampled_from(["0001-01-01", "9999-12-31T23:59:59-14:00", "1900-01-01", "2100-12-31", "2024-02-30", "yesterday"]),
    st.integers(), st.floats(),
)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=8), TEXT)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner,
                                                                                            max_size=3), max_leaves=8)


@st.composite
def lines(draw: st.DrawFn) -> bytes:
    """One input line: usually an article, sometimes junk."""
    kind = draw(st.sampled_from(["article", "article", "article", "odd", "bytes"]))
    if kind == "bytes":
        return draw(st.binary(max_size=60)).replace(b"\n", b" ")
    row: dict[str, Any] = {"id": draw(st.one_of(st.text(min_size=1, max_size=12), st.integers(), SCALARS)),
                           "text": draw(TEXT if kind == "article" else SCALARS), "published": draw(DATES)}
    for name in draw(st.lists(st.sampled_from(["title", "outlet", "url", "kind", "extra", "published_basis"]),
                              max_size=3)):
        row[name] = draw(VALUES)
    line = json.dumps(row, ensure_ascii=draw(st.booleans()), allow_nan=True)
    return line.encode("utf-8", errors="surrogatepass" if draw(st.booleans()) else "replace")


BATCHES = st.lists(lines(), min_size=1, max_size=5)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return build_pipeline()


def _items(batch: list[bytes]) -> list[ArticleIn | Rejected]:
    return list(json_lines(batch, source="fuzz", published=None, default_kind=None))


@FUZZ
@given(batch=BATCHES)
def test_extract_gives_one_outcome_a_line(pipeline: Pipeline, batch: list[bytes]) -> None:
    items = _items(batch)
    assert len(items) == sum(1 for line in batch if decode(line).strip())  # blank lines are skipped
    summary = Summary()
    results = list(drive(items, pipeline, summary, seen=Texts()))
    assert len(results) + sum(isinstance(i, Rejected) for i in items) == len(items)
    for item, result in results:
        assert isinstance(item, ArticleIn)
        json.dumps(result.to_dict(), ensure_ascii=False).encode("utf-8")  # the output line can be written
        for event in result.events:
            for ev in event.evidence:
                assert item.text[ev.start:ev.end] == ev.text


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def fuzz_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with open_test_store(request.param, tmp_path_factory.mktemp("fuzz")) as store:
        yield store


@FUZZ
@given(batch=BATCHES)
def test_ingest_stores_what_it_reads_on_either_store(pipeline: Pipeline, fuzz_store: Store, batch: list[bytes]) -> None:
    # Ids of their own: the store is shared between examples, and stored ids are not the point here.
    prefix = uuid.uuid4().hex[:8]
    items = [i if isinstance(i, Rejected) else ArticleIn(i.line, id=f"{prefix}:{n}:{i.id}", text=i.text,
                                                         published=i.published, title=i.title, outlet=i.outlet,
                                                         url=None, kind=i.kind, source="")
             for n, i in enumerate(_items(batch))]
    summary = Summary()
    ingest(items, fuzz_store, pipeline, summary)
    assert summary.articles == sum(isinstance(i, ArticleIn) for i in items)
    assert summary.stored + summary.duplicates + sum(summary.rejections.values()) == len(items)
    for item in items:
        if isinstance(item, ArticleIn):
            stored = fuzz_store.article(item.id)  # None: rejected, or the same text was stored before
            assert stored is None or stored["text"] == item.text

