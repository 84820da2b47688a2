"""The user's documentation: the field dictionary lists every field rasd writes, and every link leads somewhere."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
import yaml

from rasd.batch import Summary
from rasd.build.fields import DOCS, STORE_FIELDS, render, sections
from rasd.errors import ResourceError
from rasd.export import store_events, write
from rasd.extraction import build_pipeline, extract_article
from rasd.ingest import ingest
from rasd.sources.files import read_articles
from rasd.store import open_store

ROOT = Path(__file__).resolve().parents[1]
# Our own report: a strike with its dead and wounded, a denial, and a launch site.
REPORT = ("قصفت طائرات حربية روسية بلدة كفرنبل في ريف إدلب الجنوبي صباح اليوم، ما أدى إلى مقتل ثلاثة مدنيين "
          "وإصابة خمسة آخرين. ونفت مصادر محلية أن تكون قوات النظام قد قصفت بلدة حاس.")


def _meanings() -> dict[str, dict[str, dict[str, object]]]:
    return yaml.safe_load((DOCS / "fields.yaml").read_text(encoding="utf-8"))


def _documented(key: str) -> set[str]:
    return {name for k, _, rows in sections() if k == key for name, _ in rows}


def test_the_field_dictionary_is_written_from_the_code_and_up_to_date() -> None:
    assert (DOCS / "fields.md").read_text(encoding="utf-8") == render(_meanings()), (
        "rasd/docs/fields.md is stale: run python -m rasd.build.fields")


def test_a_field_without_a_meaning_or_a_meaning_without_a_field_stops_the_build() -> None:
    meanings = _meanings()
    del meanings["event"]["pcode"]
    meanings["csv"]["no_such_column"] = {"meaning": "?"}
    with pytest.raises(ResourceError, match=r"event\.pcode has no entry.*csv\.no_such_column is not a field"):
        render(meanings)


def test_every_field_of_real_output_is_in_the_dictionary(tmp_path: Path) -> None:
    pipeline = build_pipeline()
    source = tmp_path / "report.jsonl"
    source.write_text(json.dumps({"id": "doc-1", "text": REPORT, "published": "2024-03-14", "outlet": "ours",
                                  "url": "https://example.org/1"}, ensure_ascii=False) + "\n", encoding="utf-8")
    (article,) = read_articles(source)
    line = extract_article(article, pipeline).to_dict()  # type: ignore[arg-type]
    assert set(line) <= _documented("line")
    assert line["events"] and line["signals"]
    for event in line["events"]:
        assert set(event) <= _documented("event")
        assert all(set(s) <= _documented("source") for s in event["sources"])
        assert all(set(e) <= _documented("evidence") for e in event["evidence"])
    assert all(set(s) <= _documented("signal") for s in line["signals"])

    with open_store(str(tmp_path / "s.sqlite"), merge=pipeline.resources.merge) as store:
        ingest(read_articles(source), store, pipeline, Summary())
        stored = list(store_events(store))
        out = io.StringIO()
        write(stored, "csv", out, bom=False)
    assert stored and all(set(e) <= _documented("event") | set(STORE_FIELDS) for e in stored)
    assert next(csv.reader(io.StringIO(out.getvalue()))) == [name for name, _ in sections()[-1][2]]


def test_every_column_of_the_csv_is_explained_with_its_source_field() -> None:
    csv_meanings = _meanings()["csv"]
    fields = _documented("event") | set(STORE_FIELDS) | {"-"}
    assert all(entry["from"] in fields for entry in csv_meanings.values())


@pytest.mark.parametrize("page", [ROOT / "README.md", *sorted(DOCS.glob("*.md"))], ids=lambda p: p.name)
def test_relative_links_lead_to_files_that_exist(page: Path) -> None:
    links = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8"))
    local = [link for link in links if not re.match(r"[a-z]+:", link)]
    assert not [link for link in local if not (page.parent / link).exists()]


def test_the_readme_links_every_document() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert not [p.name for p in DOCS.glob("*.md") if f"(rasd/docs/{p.name})" not in readme]


def test_the_json_examples_of_the_dictionary_are_json() -> None:
    for section in ("line", "event", "origin", "source", "evidence", "signal", "store"):
        for entry in _meanings()[section].values():
            example = str(entry["example"])
            if "..." not in example:
                json.loads(example)
