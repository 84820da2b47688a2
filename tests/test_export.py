"""Exports: ACLED-column CSV, GeoJSON, JSON lines and PLOVER, each checked against its schema; `rasd export`."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import rasd.export as export_module
import rasd.plover as plover_module
from rasd.batch import Summary
from rasd.cli import main
from rasd.errors import InputError
from rasd.event import EVENT_TYPE, Event, Evidence, Source
from rasd.export import (
    ACLED_COLUMNS,
    EXTRA_COLUMNS,
    FORMATS,
    MEDIA_TYPES,
    PLOVER,
    SUFFIXES,
    acled_row,
    geojson_feature,
    plover_record,
    read_events,
    store_events,
    write,
)
from rasd.extraction import build_pipeline
from rasd.ingest import ingest
from rasd.sources.files import read_articles
from rasd.store import EventFilter, open_store
from tests.conftest import bundled

SCHEMAS = Path(__file__).parent / "schemas"
# ACLED's public export, in ACLED's order (the codebook's "columns at a glance"; acledR pins the same list).
ACLED = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
         "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
         "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
         "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp"]
REPORTS = [
    {"id": "r1", "text": "قصفت طائرات حربية روسية مدينة سراقب في ريف إدلب يوم 3 آذار 2024 ما أدى إلى مقتل ثلاثة "
     "مدنيين.", "outlet": "رصد", "published": "2024-03-04", "url": "https://example.org/r1"},
    {"id": "r2", "text": "اعتقلت قوات النظام خمسة شبان في مدينة درعا يوم 5 آذار 2024 خلال حملة مداهمة.",
     "outlet": "رصد", "published": "2024-03-05"},
    {"id": "r3", "text": "اندلعت اشتباكات عنيفة بين قوات النظام وهيئة تحرير الشام على أطراف بلدة كفرنبل في ريف "
     "إدلب يوم 6 آذار 2024 وقتل فيها عنصران.", "outlet": "صوت الريف", "published": "2024-03-07"},
]


def schema(name: str) -> Draft202012Validator:
    return Draft202012Validator(json.loads((SCHEMAS / name).read_text(encoding="utf-8")))


def strike(**changes: Any) -> dict[str, Any]:
    """A hand-built air strike with associates, tags, two sources and Arabic names."""
    fields: dict[str, Any] = dict(
        event_id="ev-1", event_date=date(2024, 3, 3), time_precision=1, event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike", disorder_type="Political violence",
        actor1="Military Forces of Russia", actor1_ar="الطيران الروسي", inter1=8,
        assoc_actor_1=("Military Forces of Syria (2000-2024)", "Hezbollah"), actor2="Civilians (Syria)",
        actor2_ar="مدنيين", inter2=7, interaction=78, civilian_targeting=True, country="Syria", iso=760,
        admin1="Idlib", admin2="Idlib", location="Saraqib", location_ar="سراقب", latitude=35.8645,
        longitude=36.8059, geo_precision=1, geonameid=164816,
        origin={"location": "Hmeimim", "location_ar": "حميميم", "country": "Syria", "latitude": 35.4,
                "longitude": 35.95},
        fatalities=3, civilian_fatalities=3, modality="asserted", confidence=0.9,
        notes='On 3 March 2024, "Russian" jets struck Saraqib, killing 3.\nSecond line, with a comma.',
        tags=("crowd size=no report", "market"),
        sources=(Source("r1", "رصد", "https://example.org/r1", "2024-03-04"), Source("r9", "عين المدينة")),
        evidence=(Evidence("r1", 0, 4, "trigger", "قصفت"), Evidence("r1", 24, 35, "location", "مدينة سراقب")),
    )
    fields.update(changes)
    return Event(**fields).to_dict()


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def written(events: list[dict[str, Any]], fmt: str, **options: Any) -> tuple[int, str]:
    out = io.StringIO(newline="")
    n = write(events, fmt, out, **options)
    return n, out.getvalue()


# --- CSV -----------------------------------------------------------------------------------------------------


def test_csv_header_is_acleds_columns_then_ours() -> None:
    _, text = written([strike()], "csv")
    header = next(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert header[: len(ACLED)] == ACLED
    assert header[len(ACLED) :] == list(EXTRA_COLUMNS)
    assert list(ACLED_COLUMNS) == ACLED


def test_csv_values_use_acled_spellings_and_round_trip() -> None:
    event = strike() | {"updated_at": "2024-03-05T10:00:00+00:00"}  # what a stored event carries
    n, text = written([event, strike(event_id="ev-2", civilian_targeting=False, interaction=17, inter1=1)], "csv")
    assert n == 2
    first, second = csv_rows(text.removeprefix("\ufeff"))
    assert first == acled_row(event)
    assert first["event_date"] == "2024-03-03" and first["year"] == "2024"
    assert first["assoc_actor_1"] == "Military Forces of Syria (2000-2024); Hezbollah"
    assert (first["tags"], first["rasd_tags"]) == ("crowd size=no report", "market")  # ACLED's tags, then ours
    assert first["event_id_cnty"].startswith("SYR") and first["event_id_cnty"][3:].isdigit()
    assert first["event_id"] == "ev-1" and first["event_id_cnty"] == acled_row(event)["event_id_cnty"]
    assert first["source"] == "رصد; عين المدينة"
    assert (first["inter1"], first["inter2"]) == ("External/Other forces", "Civilians")
    assert first["interaction"] == "External/Other forces-Civilians"
    assert first["civilian_targeting"] == "Civilian targeting" and second["civilian_targeting"] == ""
    assert second["interaction"] == "State forces-Civilians"
    assert first["region"] == "Middle East" and first["iso"] == "760"
    assert first["timestamp"] == "1709632800" and second["timestamp"] == ""
    assert first["notes"] == event["notes"]  # quotes, comma and newline survive
    assert (first["location_ar"], first["origin_ar"], first["actor1_ar"]) == ("سراقب", "حميميم", "الطيران الروسي")
    assert first["admin3"] == "" and first["source_scale"] == ""  # unknown stays empty
    assert first["article_ids"] == "r1; r9" and first["source_urls"] == "https://example.org/r1"


def test_csv_starts_with_a_bom_for_excel_unless_asked_not_to(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        write([strike()], "csv", out)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfevent_id_cnty,")
    assert "سراقب".encode() in raw  # UTF-8, not a legacy code page
    with path.open(encoding="utf-8-sig", newline="") as back:
        assert next(csv.DictReader(back))["location_ar"] == "سراقب"
    _, plain = written([strike()], "csv", bom=False)
    assert plain.startswith("event_id_cnty,")


@settings(max_examples=60, deadline=None)
@given(st.text(), st.text())
def test_any_text_survives_the_csv(notes: str, place: str) -> None:
    _, text = written([strike(notes=notes, location_ar=place)], "csv", bom=False)
    (row,) = csv_rows(text)
    for written_as, given_as in ((row["notes"], notes), (row["location_ar"], place)):
        # Only what a spreadsheet would run as a formula gains an apostrophe (see the next test).
        assert written_as == given_as or (written_as == "'" + given_as and given_as[:1] in "=+-@\t\r")


@pytest.mark.parametrize(("value", "cell"), [
    ("=HYPERLINK(\"http://x.example\",\"click\")", "'=HYPERLINK(\"http://x.example\",\"click\")"),
    ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("مرصد = شبكة", "مرصد = شبكة"),
    ("-36.5", "-36.5"),
    ("+12", "+12"),
    ("-1e3", "-1e3"),
])
def test_csv_cells_a_spreadsheet_would_run_start_with_an_apostrophe(value: str, cell: str) -> None:
    event = strike(notes=value, longitude=-36.5, latitude=-1.25, tags=[value])
    event["sources"] = [{"article_id": "r1", "outlet": value, "url": None}]
    _, text = written([event], "csv", bom=False)
    (row,) = csv_rows(text)
    assert (row["notes"], row["source"], row["rasd_tags"]) == (cell, cell, cell)
    assert (row["longitude"], row["latitude"], row["fatalities"]) == ("-36.5", "-1.25", str(event["fatalities"]))
    assert acled_row(event)["notes"] == value  # only the CSV file is made safe
    jsonl = written([event], "jsonl")[1]
    assert json.loads(jsonl)["notes"] == value


@pytest.mark.parametrize(("code", "label"), [
    (10, "State forces only"), (12, "State forces-Rebel group"), (17, "State forces-Civilians"),
    (28, "Rebel group-External/Other forces"), (78, "External/Other forces-Civilians"),
    (88, "External/Other forces-External/Other forces"), (71, "State forces-Civilians"),
    (None, ""),
])
def test_interaction_labels(code: int | None, label: str) -> None:
    assert acled_row(strike(interaction=code))["interaction"] == label


# --- GeoJSON and JSON lines ----------------------------------------------------------------------------------


def test_geojson_is_a_valid_feature_collection_with_lon_lat_points() -> None:
    unplaced = strike(event_id="ev-2", location=None, latitude=None, longitude=None, geo_precision=None)
    n, text = written([strike(), unplaced], "geojson")
    collection = json.loads(text)
    schema("geojson.schema.json").validate(collection)
    placed, nowhere = collection["features"]
    assert n == 2 and placed["geometry"]["coordinates"] == [36.8059, 35.8645]  # RFC 7946: longitude first
    assert nowhere["geometry"] is None and nowhere["id"] == "ev-2"
    assert placed["properties"]["location_ar"] == "سراقب"
    assert geojson_feature(strike()) == placed
    assert json.loads(written([], "geojson")[1]) == {"type": "FeatureCollection", "features": []}


def test_geojson_schema_rejects_lat_lon_order() -> None:
    feature = geojson_feature(strike(latitude=35.8645, longitude=136.8))
    feature["geometry"]["coordinates"].reverse()  # [lat, lon] with a longitude beyond 90 degrees
    errors = list(schema("geojson.schema.json").iter_errors({"type": "FeatureCollection", "features": [feature]}))
    assert errors


def test_jsonl_writes_one_formats_event_a_line() -> None:
    events = [strike(), strike(event_id="ev-2", event_date=None, time_precision=None)]
    n, text = written(events, "jsonl")
    lines = text.splitlines()
    assert n == 2 and len(lines) == 2
    for line in lines:
        schema("event.schema.json").validate(json.loads(line))
    assert json.loads(lines[0]) == events[0] | {"tags": ["crowd size=no report"], "rasd_tags": ["market"]}
    assert "سراقب" in text  # not \u-escaped


# --- PLOVER --------------------------------------------------------------------------------------------------


def test_plover_records_validate_and_follow_the_mapping() -> None:
    clash = strike(event_id="ev-2", event_type="Battles", sub_event_type="Armed clash",
                   actor1="HTS: Hayat Tahrir al-Sham", inter1=2, actor2="Military Forces of Syria (2000-2024)",
                   inter2=1, interaction=12, assoc_actor_1=(), civilian_targeting=False)
    arrest = strike(event_id="ev-3", event_type="Strategic developments", sub_event_type="Arrests",
                    disorder_type="Strategic developments", actor1="Police Forces of Turkey", inter1=8)
    other = strike(event_id="ev-4", event_type="Strategic developments", sub_event_type="Other")
    undated = strike(event_id="ev-5", event_date=None, time_precision=None)
    n, text = written([strike(), clash, arrest, other, undated], "plover", actors=bundled().actors)
    records = [json.loads(line) for line in text.splitlines()]
    for record in records:
        schema("plover.schema.json").validate(record)
    assert n == 4 and [r["id"] for r in records] == ["ev-1", "ev-2", "ev-3", "ev-5"]  # Other is left out
    air, battle, coerce, undated_record = records
    assert undated_record["date"] is None  # written only when asked for: exports hold complete events
    assert (air["event_type"], air["event_mode"], air["contexts"]) == ("ASSAULT", ["aerial"], ["military"])
    assert (air["quad_code"], air["event_intensity"]) == ("MATERIAL CONFLICT", -9.3)
    assert air["actor"][0] == {"actor_name": "Military Forces of Russia", "country": "RUS", "sector": "MIL",
                               "entity_text": "الطيران الروسي"}
    assert [a["actor_name"] for a in air["actor"][1:]] == ["Military Forces of Syria (2000-2024)", "Hezbollah"]
    assert air["actor"][2]["country"] == "LBN" and air["actor"][2]["sector"] == "PRM"
    assert air["recipient"] == [{"actor_name": "Civilians (Syria)", "country": "SYR", "sector": "CVL",
                                 "entity_text": "مدنيين"}]
    assert air["location"] == {"placename": "Saraqib", "entity_text": "سراقب", "geonameid": 164816, "lat": 35.8645,
                               "lon": 36.8059, "country": "SYR", "province": "Idlib", "district": "Idlib",
                               "geo_precision": 1}
    assert (air["dead"], air["date"], air["event_text"][0]) == (3, "2024-03-03", "قصفت")
    assert [c["publication"] for c in air["cite_info"]] == ["رصد", "عين المدينة"]
    # Two-sided violence: both sides are actors and nobody is the recipient.
    assert [a["actor_name"] for a in battle["actor"]] == ["HTS: Hayat Tahrir al-Sham",
                                                          "Military Forces of Syria (2000-2024)"]
    assert battle["recipient"] == [] and battle["event_mode"] == ["firearms"]
    assert (coerce["event_type"], coerce["event_mode"], coerce["actor"][0]["sector"]) == ("COERCE", ["arrest"], "COP")
    assert "dead" not in coerce


def test_plover_reads_names_without_the_lexicon() -> None:
    record = plover_record(strike(actor1="Unidentified Armed Group (Syria)", inter1=3, assoc_actor_1=()))
    assert record is not None
    assert record["actor"][0]["country"] == "SYR" and record["actor"][0]["sector"] == "PRM"
    assert record["recipient"][0]["country"] == "SYR"


def test_plover_modes_and_quads_are_polecats() -> None:
    force = plover_record(strike(event_type="Violence against civilians",
                                 sub_event_type="Excessive force against protesters"))
    gas = plover_record(strike(sub_event_type="Chemical weapon"))
    assert force is not None and gas is not None
    assert (force["event_mode"], gas["event_mode"], gas["contexts"]) == (["crowd-control"], ["unconventional"],
                                                                         ["military", "cbrn"])
    categories = schema("plover.schema.json").schema["$defs"]["category"]["enum"]
    assert "REQUEST" in categories and "DEMAND" not in categories
    assert set(plover_module._QUAD) == set(plover_module._SCALE) == set(categories)
    assert plover_module._QUAD["SANCTION"] == "MATERIAL CONFLICT"


def test_every_sub_event_type_but_other_has_a_plover_category() -> None:
    assert set(PLOVER) == set(EVENT_TYPE) - {"Other"}


def test_module_interface() -> None:
    assert FORMATS == ("csv", "geojson", "jsonl", "plover")
    assert set(MEDIA_TYPES) == set(SUFFIXES) == set(FORMATS)
    assert set(export_module.__all__) == {
        "ACLED_COLUMNS", "ACLED_TAGS", "EXTRA_COLUMNS", "FORMATS", "MEDIA_TYPES", "PLOVER", "SUFFIXES", "PloverMapping",
        "acled_row", "acled_tag", "event_id_cnty", "geojson_feature", "matches", "plover_record", "read_events",
        "region_of", "split_tags", "spreadsheet_safe", "store_events", "write"}


# --- the store and `rasd export` -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("export")
    source = folder / "reports.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in REPORTS), encoding="utf-8")
    path = folder / "events.sqlite"
    with open_store(str(path), merge=bundled().merge) as store:
        ingest(read_articles(source), store, build_pipeline(), Summary())
        assert store.count("events") == 3
        battle = next(r for r in store.events() if r.data["event_type"] == "Battles")
        store.review(battle.event_id, "confirmed", who="tester")
    return path


def export(db: Path, tmp_path: Path, fmt: str, *options: str) -> str:
    out = tmp_path / f"out{SUFFIXES[fmt]}"
    assert main(["export", "--db", str(db), "--format", fmt, "--output", str(out), "--quiet", *options]) == 0
    return out.read_text(encoding="utf-8-sig")


def test_every_format_from_the_store_validates(db: Path, tmp_path: Path) -> None:
    rows = csv_rows(export(db, tmp_path, "csv"))
    assert len(rows) == 3 and {r["source"] for r in rows} == {"رصد", "صوت الريف"}
    assert {r["review_state"] for r in rows} == {"pending", "confirmed"} and all(r["timestamp"] for r in rows)
    schema("geojson.schema.json").validate(json.loads(export(db, tmp_path, "geojson")))
    lines = [json.loads(line) for line in export(db, tmp_path, "jsonl").splitlines()]
    assert len(lines) == 3 and all(line["sources"] and line["evidence"] for line in lines)
    for line in lines:
        schema("event.schema.json").validate(line)
    plover = [json.loads(line) for line in export(db, tmp_path, "plover").splitlines()]
    assert sorted(p["event_type"] for p in plover) == ["ASSAULT", "ASSAULT", "COERCE"]
    for record in plover:
        schema("plover.schema.json").validate(record)


@pytest.mark.parametrize(("options", "expected"), [
    (("--type", "Battles"), {"Armed clash"}),
    (("--sub-type", "Arrests", "--sub-type", "Armed clash"), {"Arrests", "Armed clash"}),
    (("--since", "2024-03-04", "--until", "2024-03-05"), {"Arrests"}),
    (("--bbox", "36.0,32.0,36.3,33.0"), {"Arrests"}),
    (("--admin1", "Idlib", "--state", "pending"), {"Air/drone strike"}),
    (("--state", "confirmed"), {"Armed clash"}),
    (("--actor", "Military Forces of Russia"), {"Air/drone strike"}),
    (("--min-confidence", "1.0"), set()),
    (("--limit", "1"), {"Air/drone strike"}),
    (("--type", "battles"), {"Armed clash"}),
    (("--sub-type", "ARRESTS"), {"Arrests"}),
    (("--admin1", "idlib", "--state", "pending"), {"Air/drone strike"}),
])
def test_export_filters(db: Path, tmp_path: Path, options: tuple[str, ...], expected: set[str]) -> None:
    assert {r["sub_event_type"] for r in csv_rows(export(db, tmp_path, "csv", *options))} == expected


@pytest.mark.parametrize(("options", "said"), [
    (("--type", "Battels"), "--type 'Battels' is unknown; did you mean 'Battles'?"),
    (("--sub-type", "air strike"), "did you mean 'Air/drone strike'?"),
    (("--admin1", "Idleb"), "--admin1 'Idleb' is unknown; did you mean 'Idlib'?"),
])
def test_unknown_filter_values_are_refused_with_the_closest(db: Path, tmp_path: Path, options: tuple[str, ...],
                                                            said: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--db", str(db), "--output", str(tmp_path / "out.csv"), *options]) == 2
    assert said in capsys.readouterr().err


def test_store_events_pages_and_loads_sources(db: Path) -> None:
    with open_store(str(db), merge=bundled().merge) as store:
        paged = list(store_events(store, EventFilter(), page=1))
        whole = list(store_events(store))
        assert [e["event_id"] for e in paged] == [e["event_id"] for e in whole] and len(whole) == 3
        assert all(e["sources"] and e["review_state"] for e in whole)
        assert len(list(store_events(store, limit=2, page=1))) == 2


def test_export_reads_extraction_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reports = tmp_path / "reports.jsonl"
    reports.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in REPORTS), encoding="utf-8")
    events = tmp_path / "events.jsonl"
    assert main(["extract", "--input", str(reports), "--output", str(events), "--quiet"]) == 0
    out = tmp_path / "events.csv"
    assert main(["export", "--input", str(events), "--output", str(out), "--type", "Battles"]) == 0
    (row,) = csv_rows(out.read_text(encoding="utf-8-sig"))
    assert row["sub_event_type"] == "Armed clash" and row["review_state"] == "" and row["timestamp"] == ""
    assert "exported 1 records (csv)" in capsys.readouterr().err
    assert main(["export", "--input", str(events), "--output", str(out), "--admin1", "IDLIB", "--quiet"]) == 0
    assert {r["admin1"] for r in csv_rows(out.read_text(encoding="utf-8-sig"))} == {"Idlib"}
    assert main(["export", "--input", str(events), "--db", str(tmp_path / "x.sqlite")]) == 2


def test_a_malformed_events_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    path.write_text(json.dumps({"id": "a", "events": [strike()]}) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 2"):
        list(read_events(path))
