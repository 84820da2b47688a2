"""The `rasd` command line."""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from rasd import __version__
from rasd.errors import REJECTIONS, RasdError
from rasd.learn.command import add_train_command
from rasd.settings import SETTINGS, Settings

__all__ = ["main"]

if TYPE_CHECKING:
    from rasd.document import Document
    from rasd.extraction import BatchSummary
    from rasd.gazetteer import Place
    from rasd.resources import Resources


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not an ISO date such as 2024-05-01") from None


class _Progress:
    """A one-line progress report on stderr, refreshed per batch."""

    def __init__(self, stream: TextIO, batch: int, enabled: bool) -> None:
        self.stream, self.batch, self.enabled = stream, batch, enabled
        self.done, self.started = 0, time.perf_counter()

    def __call__(self, n: int) -> None:
        self.done += n
        if self.enabled and self.done % self.batch == 0:
            self.show()

    def show(self) -> None:
        if not self.enabled:
            return
        rate = self.done / max(time.perf_counter() - self.started, 1e-9)
        self.stream.write(f"\rextracted {self.done} articles ({rate:.0f}/s)")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.done:
            self.show()
            self.stream.write("\n")


def _cmd_extract(args: argparse.Namespace) -> int:
    from rasd.extraction import BatchSummary, build_pipeline, run
    from rasd.output import write_table
    from rasd.resources import Resources
    from rasd.sources.files import read_articles

    settings = Settings.load(min_confidence=args.min_confidence)
    pipeline = build_pipeline(Resources.load(settings))
    summary = BatchSummary()
    out: TextIO = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")  # noqa: SIM115
    progress = _Progress(sys.stderr, settings.batch_size, enabled=not args.quiet and sys.stderr.isatty())
    try:
        items = read_articles(args.input, published=args.published)
        for result in run(items, pipeline, summary, progress=progress):
            if args.format == "table":
                write_table(result, out)
            else:
                out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
    finally:
        progress.close()
        if out is not sys.stdout:
            out.close()
    if not args.quiet:
        _print_summary(summary, sys.stderr)
    return 0


def _print_summary(s: BatchSummary, stream: TextIO) -> None:
    stream.write(f"articles: {s.articles}  events: {s.events}  signals: {s.signals}  "
                 f"duplicates (events reused): {s.duplicates}\n")
    for reason, n in sorted(s.rejections.items()):
        stream.write(f"rejected {reason}: {n} ({REJECTIONS.get(reason, reason)})\n")
    for line, why in s.bad_lines[:20]:
        stream.write(f"  line {line}: {why}\n")


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from rasd.evaluate import evaluate, format_report

    report = evaluate(Path(args.gold), Path(args.pred))
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        print(format_report(report))
    return 0


def _cmd_settings(args: argparse.Namespace) -> int:
    current = Settings.load()
    for s in SETTINGS:
        print(f"{s.name} = {getattr(current, s.name)!r}  (default {s.default!r}; RASD_{s.name.upper()})\n    {s.help}")
    return 0


def _cmd_gazetteer_build(args: argparse.Namespace) -> int:
    from rasd.build.gazetteer import build

    report = build(Path(args.source), Path(args.output))
    print(report)
    return 0


def _cmd_gazetteer_import(args: argparse.Namespace) -> int:
    from rasd.build.gazetteer_import import import_gazetteer
    from rasd.errors import ConfigError

    if not (args.geonames or args.ocha or args.places):
        raise ConfigError("give at least one source: --geonames SY.txt, --ocha FILE.csv or --places FILE.tsv")
    if args.alternate_names and not args.geonames:
        raise ConfigError("--alternate-names completes --geonames; give the GeoNames dump too")
    report = import_gazetteer(
        Path(args.output), geonames=args.geonames and Path(args.geonames),
        alternate_names=args.alternate_names and Path(args.alternate_names),
        ocha=args.ocha and Path(args.ocha), places=args.places and Path(args.places),
    )
    print(report)
    print(f"use it with: RASD_GAZETTEER={args.output}")
    return 0


def _analyse(text: str, *, until: str, published: date | None = None) -> tuple[Document, Resources]:
    """Run the default pipeline on one text up to the stage `until`; return the document and the resources."""
    from rasd.document import Document
    from rasd.extraction import build_pipeline
    from rasd.pipeline import Pipeline

    full = build_pipeline()
    partial = Pipeline(full.stages[: full.names.index(until) + 1], full.resources)
    return partial(Document.from_text(text, published=published)), full.resources


def _place_dict(p: Place) -> dict[str, Any]:
    return {"id": p.id, "name": p.name, "name_ar": p.name_ar, "kind": p.kind, "admin1": p.admin1,
            "admin2": p.admin2, "admin3": p.admin3, "lat": p.lat, "lon": p.lon, "geonameid": p.geonameid,
            "pcode": p.pcode}


def _place_line(p: Place | None) -> str:
    if p is None:
        return "unknown to the gazetteer"
    admin = " / ".join(a for a in (p.admin1, p.admin2, p.admin3) if a) or "-"
    return f"{p.id} {p.name} ({p.name_ar}) {p.kind} · {admin} · {p.lat}, {p.lon}"


def _cmd_places(args: argparse.Namespace) -> int:
    doc, _ = _analyse(args.text, until="places")
    mentions = doc.layer("places")
    if args.json:
        print(json.dumps({"places": [
            {"text": doc.text[m.start : m.end], "name": m.text_ar, "start": m.start, "end": m.end,
             "place": None if m.place is None else _place_dict(m.place), "score": m.score, "clues": list(m.clues),
             "precision": m.precision, "role": m.role, "admin1": m.admin1, "admin2": m.admin2,
             "candidates": [_place_dict(c) for c in m.candidates]}
            for m in mentions
        ]}, ensure_ascii=False))
        return 0
    if not mentions:
        print("no place found")
    for k, m in enumerate(mentions, 1):
        named = "" if m.text_ar == doc.text[m.start : m.end] else f" name «{m.text_ar}»"
        print(f"{k}. «{doc.text[m.start : m.end]}» {m.start}-{m.end}{named}  {m.role}, precision {m.precision}, "
              f"score {m.score}")
        print(f"   -> {_place_line(m.place)}")
        print(f"   clues: {', '.join(m.clues) or '-'}")
        for c in m.candidates:
            print(f"   candidate {_place_line(c)}")
    return 0


def _cmd_actors(args: argparse.Namespace) -> int:
    from rasd.events.roles import RoleCues, assign_roles

    doc, res = _analyse(args.text, until="actors", published=args.date)
    role_cues = RoleCues.from_cues(res.cues)
    triggers: list[dict[str, Any]] = []
    for t in doc.layer("triggers"):
        if t.role == "weapon":
            continue
        sent = doc.at("sentences", t.start)
        scope = (sent.start, sent.end) if sent is not None else (0, len(doc.text))
        roles = assign_roles(doc, trigger_start=t.start, trigger_end=t.end, scope_start=scope[0],
                             scope_end=scope[1], on=args.date, lexicon=res.actors, cues=role_cues)
        sides = [(name, a) for name, a in (("actor1", roles.actor1), ("actor2", roles.actor2)) if a is not None]
        sides += [("assoc_actor_1", a) for a in roles.assoc_actor_1]
        sides += [("assoc_actor_2", a) for a in roles.assoc_actor_2]
        triggers.append({
            "text": doc.text[t.start : t.end], "start": t.start, "end": t.end, "role": t.role, "value": t.value,
            "sides": [{"role": role, "actor": a.name, "inter": a.inter, "text": a.surface, "start": a.start,
                       "end": a.end} for role, a in sides],
            "interaction": roles.interaction, "civilian_targeting": roles.civilian_targeting,
        })
    actors = []
    for m in doc.layer("actors"):
        entry = res.actors.resolve(m.entries, args.date)
        actors.append({
            "text": m.surface, "start": m.start, "end": m.end, "form": m.form,
            "entries": [e.name for e in m.entries],
            "entry": None if entry is None else {"name": entry.name, "kind": entry.kind, "inter": entry.inter,
                                                 "country": entry.country, "qid": entry.qid},
            "roles": [{"trigger": t["text"], "start": t["start"], "role": side["role"], "actor": side["actor"]}
                      for t in triggers for side in t["sides"] if (side["start"], side["end"]) == (m.start, m.end)],
        })
    if args.json:
        print(json.dumps({"date": args.date and args.date.isoformat(), "actors": actors, "triggers": triggers},
                         ensure_ascii=False))
        return 0
    if not actors:
        print("no actor found")
    for k, a in enumerate(actors, 1):
        e = a["entry"]
        shown = "no entry" if e is None else f"{e['name']} [{e['kind']}, inter {e['inter']}]"
        print(f"{k}. «{a['text']}» {a['start']}-{a['end']}  ({a['form']}) -> {shown}")
        for r in a["roles"]:
            print(f"   {r['role']} ({r['actor']}) of «{r['trigger']}» at {r['start']}")
        if not a["roles"]:
            print("   no role in any event")
    for t in triggers:
        listed = "; ".join(f"{s['role']} {s['actor']}" for s in t["sides"]) or "no actor"
        print(f"trigger «{t['text']}» {t['start']}-{t['end']} ({t['role']}): {listed}; "
              f"interaction {t['interaction']}")
    return 0


def _open_pipeline_and_store(args: argparse.Namespace) -> tuple[Any, Any]:
    from rasd.extraction import build_pipeline
    from rasd.resources import Resources
    from rasd.store import open_store

    resources = Resources.load(Settings.load())
    return build_pipeline(resources), open_store(args.db, merge=resources.merge)


def _cmd_ingest(args: argparse.Namespace) -> int:
    from rasd.ingest import IngestSummary, ingest
    from rasd.sources.files import read_articles

    pipeline, store = _open_pipeline_and_store(args)
    summary = IngestSummary()
    progress = _Progress(sys.stderr, Settings.load().batch_size, enabled=not args.quiet and sys.stderr.isatty())
    try:
        for path in args.paths:
            ingest(read_articles(path, published=args.published), store, pipeline, summary, progress=progress)
    finally:
        progress.close()
        store.close()
    if not args.quiet:
        print(f"{summary.line()}\nstore: {store.url}", file=sys.stderr)
        for problem in summary.problems[:20]:
            print(f"  {problem}", file=sys.stderr)
    return 0


def _cmd_watch(args: argparse.Namespace) -> int:
    from rasd.ingest import IngestSummary, watch
    from rasd.sources.feeds import HttpFetcher, load_feeds

    feeds = load_feeds(args.feeds)
    pipeline, store = _open_pipeline_and_store(args)
    summary = IngestSummary()
    report = None if args.quiet else (lambda line: print(line, file=sys.stderr, flush=True))
    try:
        watch(feeds.feeds, store, pipeline, HttpFetcher(), summary, interval=args.interval or feeds.interval,
              cycles=1 if args.once else None, report=report)
    except KeyboardInterrupt:
        pass
    finally:
        store.close()
    if not args.quiet:
        print(summary.line(), file=sys.stderr)
    return 0


def _cmd_bench(args: argparse.Namespace) -> int:
    from rasd.bench.extract import default_inputs, format_report, load_articles, measure
    from rasd.extraction import build_pipeline
    from rasd.resources import Resources

    paths = [Path(p) for p in args.paths] or default_inputs(Path.cwd())
    articles = list(load_articles(paths, limit=args.limit))
    started = time.perf_counter()
    pipeline = build_pipeline(Resources.load(Settings.load()))
    report = measure(articles, pipeline, inputs=[str(p) for p in paths], load_seconds=time.perf_counter() - started)
    print(json.dumps(report.to_dict(), ensure_ascii=False) if args.json else format_report(report))
    return 0


def _cmd_backfill(args: argparse.Namespace) -> int:
    from rasd.runners.local import BackfillSummary, LocalPool, backfill
    from rasd.runners.sinks import FileSink

    settings = Settings.load(min_confidence=args.min_confidence)
    sink = FileSink(args.output, format=args.format)
    show = not args.quiet and sys.stderr.isatty()

    def progress(s: BackfillSummary) -> None:
        if show:
            rate = s.articles / max(s.seconds, 1e-9)
            sys.stderr.write(f"\rchunks {s.chunks} done, {s.skipped} skipped; {s.articles} articles ({rate:.0f}/s), "
                             f"{s.events} events")
            sys.stderr.flush()

    if args.workers == 0 and args.scheduler is None:
        summary = backfill(args.inputs, sink, pool=LocalPool(), settings=settings, chunk_size=args.chunk_size,
                           progress=progress)
    else:
        from rasd.runners.dask import DaskPool

        with DaskPool(workers=args.workers, scheduler=args.scheduler) as pool:
            summary = backfill(args.inputs, sink, pool=pool, settings=settings, chunk_size=args.chunk_size,
                               progress=progress)
    sink.close()
    if show:
        sys.stderr.write("\n")
    if not args.quiet:
        sys.stderr.write(
            f"chunks written: {summary.chunks}  skipped (done before): {summary.skipped}  articles: {summary.articles}"
            f"  events: {summary.events}  duplicates: {summary.duplicates}  workers: {len(summary.workers)}"
            f"  resource loads: {summary.loads}  {summary.seconds:.1f} s\n")
        for reason, n in sorted(summary.rejections.items()):
            sys.stderr.write(f"rejected {reason}: {n} ({REJECTIONS.get(reason, reason)})\n")
    return 0


def _bbox(value: str) -> tuple[float, float, float, float]:
    try:
        west, south, east, north = (float(v) for v in value.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not west,south,east,north (35.7,32.3,42.4,37.3)") from None
    return west, south, east, north


def _cmd_export(args: argparse.Namespace) -> int:
    from rasd.actors import load_actors
    from rasd.errors import ConfigError
    from rasd.export import matches, read_events, store_events, write
    from rasd.store import EventFilter, open_store

    where = EventFilter(date_from=args.since, date_to=args.until, bbox=args.bbox, admin1=args.admin1,
                        admin2=args.admin2, event_types=tuple(args.type), actor=args.actor,
                        review_states=tuple(args.state), min_confidence=args.min_confidence,
                        updated_since=args.updated_since)
    subs = tuple(args.sub_type)
    if args.input is not None and args.db is not None:
        raise ConfigError("give --db (a store) or --input (an events file), not both")
    out: TextIO = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8", newline="")  # noqa: SIM115
    actors = load_actors() if args.format == "plover" else None
    try:
        if args.input is not None:
            events = (e for e in read_events(args.input) if matches(e, where, sub_event_types=subs))
            n = write(itertools.islice(events, args.limit), args.format, out, bom=not args.no_bom, actors=actors)
        else:
            with open_store(args.db) as store:
                n = write(store_events(store, where, sub_event_types=subs, limit=args.limit), args.format, out,
                          bom=not args.no_bom, actors=actors)
    finally:
        if out is not sys.stdout:
            out.close()
    if not args.quiet:
        print(f"exported {n} records ({args.format})", file=sys.stderr)
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from rasd.resources import Resources
    from rasd.store import open_store
    from rasd.web.app import create_app

    settings = Settings.load()
    resources = Resources.load(settings)
    store = open_store(args.db)
    store.analyze()
    app = create_app(store, gazetteer=resources.gazetteer, actors=resources.actors, public_read=settings.public_read)
    shown = f"[{args.host}]" if ":" in args.host else args.host
    print(f"rasd: serving {store.url} at http://{shown}:{args.port}/ (API: /api, OpenAPI: /openapi.json); "
          f"reading is {'open' if settings.public_read else 'for logged-in users only'}; Ctrl-C stops",
          file=sys.stderr, flush=True)
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    finally:
        store.close()
    return 0


def _cmd_users(args: argparse.Namespace) -> int:
    from rasd.store import open_store
    from rasd.web.auth import add_user

    with open_store(args.db) as store:
        if args.users_command == "add":
            issued = add_user(store, args.name, role=args.role)
            print(f"user {issued.user.name} ({issued.user.role}); token, shown only now:\n{issued.token}")
        else:
            for user in store.users():
                print(f"{user.name}\t{user.role}\t{user.created_at}")
    return 0


def _cmd_bench_api(args: argparse.Namespace) -> int:
    from rasd.bench.api import format_report, measure

    report = measure(Path(args.db), events=args.events, repeat=args.repeat)
    print(json.dumps(report, ensure_ascii=False) if args.json else format_report(report))
    return 0


def _cmd_bench_store(args: argparse.Namespace) -> int:
    from rasd.bench.store import format_report, measure
    from rasd.errors import ConfigError
    from rasd.merge import MergeWords
    from rasd.store import open_store
    from rasd.store.sql import SQLStore

    with open_store(args.db, merge=MergeWords.load()) as store:
        if not isinstance(store, SQLStore):
            raise ConfigError(f"{args.db} is not a SQLite or PostgreSQL store")
        report = measure(store, events=args.events, repeat=args.repeat, merge=args.merge)
    print(json.dumps(report.to_dict(), ensure_ascii=False) if args.json else format_report(report))
    return 0


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="rasd", description="Arabic conflict reports to event records.")
    p.add_argument("--version", action="version", version=f"rasd {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    ex = sub.add_parser("extract", help="extract events from articles (.jsonl, .txt, .html, a folder, or - for stdin)")
    ex.add_argument("--input", "-i", required=True, help="input path, or - for standard input")
    ex.add_argument("--output", "-o", default="-", help="output path (default: standard output)")
    ex.add_argument("--published", type=_date, help="publication date of .txt input or stdin text (YYYY-MM-DD)")
    ex.add_argument("--format", choices=("jsonl", "table"), default="jsonl", help="event lines or a readable table")
    ex.add_argument("--min-confidence", type=float, default=None,
                    help="keep events below this confidence as signals (default 0.7; 0: all events)")
    ex.add_argument("--quiet", "-q", action="store_true", help="print no progress and no summary")
    ex.set_defaults(func=_cmd_extract)

    ev = sub.add_parser("evaluate", help="score predictions against a gold file (FORMATS.md rules)")
    ev.add_argument("gold")
    ev.add_argument("pred")
    ev.add_argument("--json", action="store_true", help="print one JSON object")
    ev.set_defaults(func=_cmd_evaluate)

    st = sub.add_parser("settings", help="list every setting with its value, default and help")
    st.set_defaults(func=_cmd_settings)

    gz = sub.add_parser("gazetteer", help="gazetteer tools")
    gz_sub = gz.add_subparsers(dest="gazetteer_command", required=True)
    gb = gz_sub.add_parser("build", help="compile the bundled gazetteer from the source data folder")
    gb.add_argument("--source", required=True, help="folder with the gazetteer sources")
    gb.add_argument("--output", required=True, help="compiled gazetteer file to write")
    gb.set_defaults(func=_cmd_gazetteer_build)
    gi = gz_sub.add_parser("import", help="merge your GeoNames dump, OCHA places or own places into a gazetteer file")
    gi.add_argument("--geonames", help="a GeoNames country dump (SY.txt or SY.zip)")
    gi.add_argument("--alternate-names", help="GeoNames alternate names (alternateNamesV2.txt format) for --geonames")
    gi.add_argument("--ocha", help="an OCHA populated-places CSV (admin4Name_ar, admin4Pcode, latitude, ...)")
    gi.add_argument("--places", help="your places, TSV or CSV: name_ar, name_en, lat, lon, kind, admin1, aliases")
    gi.add_argument("--output", required=True, help="gazetteer file to write (then set RASD_GAZETTEER to it)")
    gi.set_defaults(func=_cmd_gazetteer_import)

    pl = sub.add_parser("places", help="show the places found in a text, their candidates and the choice")
    pl.add_argument("text", help="Arabic text")
    pl.add_argument("--json", action="store_true", help="print one JSON object")
    pl.set_defaults(func=_cmd_places)

    ac = sub.add_parser("actors", help="show the actors named in a text, their entries and roles per trigger")
    ac.add_argument("text", help="Arabic text")
    ac.add_argument("--date", type=_date, help="the day the text speaks of (YYYY-MM-DD), to pick dated entries")
    ac.add_argument("--json", action="store_true", help="print one JSON object")
    ac.set_defaults(func=_cmd_actors)
    db_help = "a SQLite file or a postgresql:// URL (default: RASD_DB, else rasd.sqlite in the user's data folder)"
    ing = sub.add_parser("ingest", help="extract articles (.jsonl, .txt, .html, folders) into the store, once each")
    ing.add_argument("paths", nargs="+", help="files or folders to load")
    ing.add_argument("--db", default=None, help=db_help)
    ing.add_argument("--published", type=_date, help="publication date of .txt input (YYYY-MM-DD)")
    ing.add_argument("--quiet", "-q", action="store_true", help="print no progress and no summary")
    ing.set_defaults(func=_cmd_ingest)

    wa = sub.add_parser("watch", help="poll the RSS/Atom feeds of a TOML list and ingest new entries")
    wa.add_argument("--feeds", required=True, help="TOML file with [[feeds]] name and url, and an optional interval")
    wa.add_argument("--db", default=None, help=db_help)
    wa.add_argument("--interval", type=float, default=None, help="seconds between polls (overrides the file)")
    wa.add_argument("--once", action="store_true", help="poll every feed once and stop")
    wa.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")
    wa.set_defaults(func=_cmd_watch)
    be = sub.add_parser("bench", help="measure extraction speed per stage, the normalise-and-tokenise floor and memory")
    be.add_argument("paths", nargs="*", help="JSON-lines files (default: ../shared corpora if present, else examples)")
    be.add_argument("--limit", type=int, default=None, help="measure at most this many articles")
    be.add_argument("--json", action="store_true", help="print one JSON object")
    be.set_defaults(func=_cmd_bench)

    bf = sub.add_parser("backfill", help="extract a large input on Dask workers into chunk files, resumably")
    bf.add_argument("inputs", nargs="+", help="files or folders: .jsonl (also .gz, .bz2, .xz), .txt, .html")
    bf.add_argument("--output", "-o", required=True, help="output folder (chunk files and manifest.jsonl)")
    bf.add_argument("--format", choices=("jsonl", "parquet"), default="jsonl",
                    help="event lines per article, or Parquet rows per event")
    bf.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                    help="local Dask worker processes (default: one per CPU; 0 runs in this process)")
    bf.add_argument("--scheduler", default=None, help="address of a running Dask scheduler (tcp://host:8786)")
    bf.add_argument("--chunk-size", type=int, default=200, help="articles per chunk (the unit of work and of resume)")
    bf.add_argument("--min-confidence", type=float, default=None,
                    help="keep events below this confidence as signals (default 0.7; 0: all events)")
    bf.add_argument("--quiet", "-q", action="store_true", help="print no progress and no summary")
    bf.set_defaults(func=_cmd_backfill)

    from rasd.export import FORMATS
    from rasd.store.base import REVIEW_STATES

    exp = sub.add_parser("export", help="write stored or extracted events as ACLED CSV, GeoJSON, JSON lines or PLOVER")
    exp.add_argument("--format", "-f", choices=FORMATS, default="csv",
                     help="ACLED-column CSV, GeoJSON, FORMATS.md event lines, or PLOVER JSON lines (default: csv)")
    exp.add_argument("--db", default=None, help=db_help)
    exp.add_argument("--input", "-i", default=None, help="read events from `rasd extract` output instead (- for stdin)")
    exp.add_argument("--output", "-o", default="-", help="output path (default: standard output)")
    exp.add_argument("--since", type=_date, help="events on or after this day (YYYY-MM-DD)")
    exp.add_argument("--until", type=_date, help="events on or before this day (YYYY-MM-DD)")
    exp.add_argument("--bbox", type=_bbox, help="west,south,east,north in degrees")
    exp.add_argument("--admin1", help="governorate, as in the events (Idlib, Aleppo, ...)")
    exp.add_argument("--admin2", help="district, as in the events")
    exp.add_argument("--type", action="append", default=[], help="event type (repeat for several)")
    exp.add_argument("--sub-type", action="append", default=[], help="sub-event type (repeat for several)")
    exp.add_argument("--actor", help="canonical actor name, as actor1 or actor2")
    exp.add_argument("--state", action="append", default=[], choices=REVIEW_STATES,
                     help="review state (repeat for several)")
    exp.add_argument("--min-confidence", type=float, default=None, help="events with at least this confidence")
    exp.add_argument("--updated-since", help="events changed after this ISO timestamp (UTC), for syncing copies")
    exp.add_argument("--limit", type=int, default=None, help="write at most this many events")
    exp.add_argument("--no-bom", action="store_true", help="CSV without the byte-order mark Excel needs for Arabic")
    exp.add_argument("--quiet", "-q", action="store_true", help="print no summary")
    exp.set_defaults(func=_cmd_export)

    sv = sub.add_parser("serve", help="serve the map, timeline and review page and the HTTP API over the store")
    sv.add_argument("--db", default=None, help=db_help)
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default: this machine only)")
    sv.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    sv.set_defaults(func=_cmd_serve)

    us = sub.add_parser("users", help="add reviewers and admins of `rasd serve`, or list them")
    us_sub = us.add_subparsers(dest="users_command", required=True)
    ua = us_sub.add_parser("add", help="add a user (or give one a new token); prints the token once")
    ua.add_argument("name", help="the user's name, as the history of each review will show it")
    ua.add_argument("--role", choices=("reviewer", "admin"), default="reviewer",
                    help="reviewer: confirm, edit, reject, split, merge; admin: also delete events")
    ua.add_argument("--db", default=None, help=db_help)
    ua.set_defaults(func=_cmd_users)
    ul = us_sub.add_parser("list", help="list users and roles")
    ul.add_argument("--db", default=None, help=db_help)
    ul.set_defaults(func=_cmd_users)

    add_train_command(sub)

    ba = sub.add_parser("bench-api", help="time the filtered events query of the API on a store of synthetic events")
    ba.add_argument("--db", default="out/bench-api.sqlite", help="SQLite file to fill (made once, then reused)")
    ba.add_argument("--events", type=int, default=100_000, help="how many events the store holds")
    ba.add_argument("--repeat", type=int, default=50, help="times each query is run")
    ba.add_argument("--json", action="store_true", help="print one JSON object")
    ba.set_defaults(func=_cmd_bench_api)

    bs = sub.add_parser("bench-store", help="bulk-load synthetic events into a store, then time the filtered events "
                        "query and show its plan")
    bs.add_argument("--db", default="out/bench-store.sqlite",
                    help="SQLite path or postgresql:// URL; an empty store is filled, a filled one reused")
    bs.add_argument("--events", type=int, default=100_000, help="how many events to load into an empty store")
    bs.add_argument("--repeat", type=int, default=200, help="times each query is run")
    bs.add_argument("--merge", action="store_true", help="look for reports of one event while loading (slower)")
    bs.add_argument("--json", action="store_true", help="print one JSON object")
    bs.set_defaults(func=_cmd_bench_store)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    try:
        return int(args.func(args))
    except RasdError as exc:
        print(f"rasd: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
