"""Commands over the store: `ingest`, `watch`, `export`, `serve` and `users`.

`watch` and `serve` run the deliverer of watches' notices (`rasd.watches.deliver`) in a thread beside them.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from typing import TYPE_CHECKING, Any, TextIO

from rasd.cli.args import DB_HELP, Progress, articles, bbox, existing_store, input_lines, iso_date, one_of
from rasd.settings import Settings

if TYPE_CHECKING:
    from rasd.batch import Summary
    from rasd.pipeline import Pipeline
    from rasd.store import EventFilter, Store
    from rasd.watches.deliver import Deliverer

__all__ = ["add_commands"]


def _open_pipeline_and_store(args: argparse.Namespace) -> tuple[Pipeline, Store]:
    from rasd.extraction import build_pipeline
    from rasd.resources import Resources
    from rasd.store import open_store

    resources = Resources.load(Settings.load())
    return build_pipeline(resources), open_store(args.db, merge=resources.merge)


def _line(s: Summary) -> str:
    """What an ingest did, in one line."""
    rejected = ", ".join(f"{k} {v}" for k, v in sorted(s.rejections.items())) or "none"
    return (f"read {s.articles}, stored {s.stored}, duplicates {s.duplicates}, reprints {s.reprints}; "
            f"events created {s.events_created}, joined to earlier events {s.events_joined}; "
            f"rejected: {rejected}" + (f"; feed errors {s.feed_errors}" if s.feed_errors else "")
            + (f"; repaired: {', '.join(f'{k} {v}' for k, v in sorted(s.repairs.items()))}" if s.repairs else ""))


def _cmd_ingest(args: argparse.Namespace) -> int:
    from rasd.batch import Summary
    from rasd.ingest import ingest
    from rasd.store import mask_url

    pipeline, store = _open_pipeline_and_store(args)
    summary = Summary()
    shown = args.progress or (not args.quiet and sys.stderr.isatty())
    progress = Progress(enabled=shown, total=input_lines(args.paths) if shown else None)
    try:
        for path in args.paths:
            ingest(articles(path, published=args.published), store, pipeline, summary, progress=progress)
        progress.finish()
    finally:
        progress.close()
        store.close()
    if not args.quiet:
        print(f"{_line(summary)}\nstore: {mask_url(store.url)}", file=sys.stderr)
        for bad in summary.bad_lines[:20]:
            print(f"  {bad.detail}", file=sys.stderr)
    return 0


def _cmd_watch(args: argparse.Namespace) -> int:
    from rasd.batch import Summary
    from rasd.ingest import watch
    from rasd.sources.feeds import HttpFetcher, load_feeds

    feeds = load_feeds(args.feeds)
    pipeline, store = _open_pipeline_and_store(args)
    deliverer = _deliverer(store.url)
    summary = Summary()
    report = None if args.quiet else (lambda line: print(line, file=sys.stderr, flush=True))
    try:
        watch(feeds.feeds, store, pipeline, HttpFetcher(), summary, interval=args.interval or feeds.interval,
              cycles=1 if args.once else None, report=report, stored=deliverer.wake)
    except KeyboardInterrupt:
        pass
    finally:
        deliverer.stop()
        if args.once:  # what this poll stored is delivered before the command ends
            deliverer.run_once()
        deliverer.store.close()
        store.close()
    if not args.quiet:
        print(_line(summary), file=sys.stderr)
    return 0


def _deliverer(db: str) -> Deliverer:
    """The deliverer of watches' notices, on a connection of its own, running in its thread."""
    from rasd.store import open_store
    from rasd.watches.deliver import Deliverer, DeliveryOptions

    return Deliverer(open_store(db), options=DeliveryOptions.from_settings(Settings.load())).start()


def _cmd_export(args: argparse.Namespace) -> int:
    from rasd.actors import load_actors
    from rasd.errors import ConfigError
    from rasd.event import EVENT_TYPE
    from rasd.export import matches, read_events, store_events, write
    from rasd.store import open_store
    from rasd.store.base import complete

    if args.input is not None and args.db is not None:
        raise ConfigError("give --db (a store) or --input (an events file), not both")
    subs = tuple(one_of(t, EVENT_TYPE, option="--sub-type") for t in args.sub_type)
    store = None if args.input is not None else open_store(existing_store(args.db))
    try:
        where = _export_filter(args, store)
        out: TextIO = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8", newline="")  # noqa: SIM115
        actors = load_actors() if args.format == "plover" else None
        try:
            if store is None:
                events = (e for e in read_events(args.input) if matches(e, where, sub_event_types=subs)
                          and _same(e.get("admin1"), args.admin1) and _same(e.get("admin2"), args.admin2)
                          and (args.include_incomplete or complete(e)))
                n = write(itertools.islice(events, args.limit), args.format, out, bom=not args.no_bom, actors=actors)
            else:
                n = write(store_events(store, where, sub_event_types=subs, limit=args.limit,
                                       include_incomplete=args.include_incomplete), args.format, out,
                          bom=not args.no_bom, actors=actors)
        finally:
            if out is not sys.stdout:
                out.close()
    finally:
        if store is not None:
            store.close()
    if not args.quiet:
        print(f"exported {n} records ({args.format})", file=sys.stderr)
    return 0


def _export_filter(args: argparse.Namespace, store: Store | None) -> EventFilter:
    """The filter `rasd export` asks for, each name checked against what it may be, in any case.

    Governorates and districts as the store spells them (events read from a file are matched without case);
    countries as rasd and the store name them.
    """
    from rasd.event import COUNTRY_CODES, EVENT_TYPE
    from rasd.store import EventFilter

    types = tuple(one_of(t, EVENT_TYPE.values(), option="--type") for t in args.type)
    admin1, admin2 = (
        None if value is None or store is None
        else one_of(value, (name for name, _ in store.stats(by)), option=f"--{by}")
        for value, by in ((args.admin1, "admin1"), (args.admin2, "admin2")))
    stored = () if store is None else (name for name, _ in store.stats("country"))
    country = None if args.country is None else one_of(args.country, {*COUNTRY_CODES, *stored}, option="--country")
    return EventFilter(date_from=args.since, date_to=args.until, bbox=args.bbox, country=country, admin1=admin1,
                       admin2=admin2, event_types=types, actor=args.actor, review_states=tuple(args.state),
                       min_confidence=args.min_confidence, updated_since=args.updated_since)


def _same(stored: object, wanted: str | None) -> bool:
    """Whether a governorate or district of an event is the one asked for, whatever the case."""
    return wanted is None or (isinstance(stored, str) and stored.casefold() == wanted.casefold())


def _port_free(host: str, port: int) -> None:
    """Refuse a port another program listens on, before the resources load (uvicorn would only log it)."""
    import socket

    from rasd.errors import ConfigError

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise ConfigError(f"cannot listen on {host}:{port} ({(exc.strerror or str(exc)).lower()}); "
                              f"give another --port or --host") from None


def _cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from rasd.resources import Resources
    from rasd.store import mask_url, open_store
    from rasd.web.app import ServeLimits, create_app

    db = existing_store(args.db)
    _port_free(args.host, args.port)
    settings = Settings.load()
    resources = Resources.load(settings)
    store = open_store(db)
    store.analyze()
    store.limit_queries(settings.api_query_seconds)
    app = create_app(store, gazetteer=resources.gazetteer, actors=resources.actors, public_read=settings.public_read,
                     limits=ServeLimits.from_settings(settings), public_url=settings.public_url)
    deliverer = _deliverer(db)
    shown = f"[{args.host}]" if ":" in args.host else args.host
    print(f"rasd: serving {mask_url(store.url)} at http://{shown}:{args.port}/ (API: /api, OpenAPI: /openapi.json); "
          f"reading is {'open' if settings.public_read else 'for logged-in users only'}; Ctrl-C stops",
          file=sys.stderr, flush=True)
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    finally:
        deliverer.stop()
        deliverer.store.close()
        store.close()
    return 0


def _cmd_users(args: argparse.Namespace) -> int:
    from rasd.store import open_store
    from rasd.web.auth import add_user

    db = args.db if args.users_command == "add" else existing_store(args.db)
    with open_store(db) as store:
        if args.users_command == "add":
            issued = add_user(store, args.name, role=args.role)
            print(f"user {issued.user.name} ({issued.user.role}); token, shown only now:\n{issued.token}")
        else:
            for user in store.users():
                print(f"{user.name}\t{user.role}\t{user.created_at}")
    return 0


def add_commands(sub: Any) -> None:
    """Add `ingest`, `watch`, `export`, `serve` and `users` to the subcommands."""
    ing = sub.add_parser("ingest", help="extract articles (.jsonl, also .gz, .bz2, .xz; .txt, .html, folders) into the "
                        "store, once each")
    ing.add_argument("paths", nargs="+", help="files or folders to load")
    ing.add_argument("--db", default=None, help=DB_HELP)
    ing.add_argument("--published", type=iso_date, help="publication date of .txt input (YYYY-MM-DD)")
    ing.add_argument("--quiet", "-q", action="store_true", help="print no progress and no summary")
    ing.add_argument("--progress", action="store_true",
                     help="show progress on stderr even when it is not a terminal (it always is one on a terminal)")
    ing.set_defaults(func=_cmd_ingest)

    wa = sub.add_parser("watch", help="poll the RSS/Atom feeds of a TOML list and ingest new entries")
    wa.add_argument("--feeds", required=True, help="TOML file with [[feeds]] name and url, and an optional interval")
    wa.add_argument("--db", default=None, help=DB_HELP)
    wa.add_argument("--interval", type=float, default=None, help="seconds between polls (overrides the file)")
    wa.add_argument("--once", action="store_true", help="poll every feed once and stop")
    wa.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")
    wa.set_defaults(func=_cmd_watch)
    from rasd.export import FORMATS
    from rasd.store.base import REVIEW_STATES

    exp = sub.add_parser("export", help="write stored or extracted events as ACLED CSV, GeoJSON, JSON lines or PLOVER")
    exp.add_argument("--format", "-f", choices=FORMATS, default="csv",
                     help="ACLED-column CSV, GeoJSON, FORMATS.md event lines, or PLOVER JSON lines (default: csv)")
    exp.add_argument("--db", default=None, help=DB_HELP)
    exp.add_argument("--input", "-i", default=None, help="read events from `rasd extract` output instead (- for stdin)")
    exp.add_argument("--output", "-o", default="-", help="output path (default: standard output)")
    exp.add_argument("--since", type=iso_date, help="events on or after this day (YYYY-MM-DD)")
    exp.add_argument("--until", type=iso_date, help="events on or before this day (YYYY-MM-DD)")
    exp.add_argument("--bbox", type=bbox, help="west,south,east,north in degrees")
    exp.add_argument("--country", help="country, in any case (Syria, iraq, ...)")
    exp.add_argument("--admin1", help="governorate, as in the events, in any case (Idlib, aleppo, ...)")
    exp.add_argument("--admin2", help="district, as in the events, in any case")
    exp.add_argument("--type", action="append", default=[],
                     help="ACLED event type, in any case (battles, protests, ...; repeat for several)")
    exp.add_argument("--sub-type", action="append", default=[],
                     help="ACLED sub-event type, in any case (\"air/drone strike\", ...; repeat for several)")
    exp.add_argument("--actor", help="canonical actor name, as actor1 or actor2")
    exp.add_argument("--state", action="append", default=[], choices=REVIEW_STATES,
                     help="review state (repeat for several)")
    exp.add_argument("--min-confidence", type=float, default=None, help="events with at least this confidence")
    exp.add_argument("--updated-since", help="events changed after this ISO timestamp (UTC), for syncing copies")
    exp.add_argument("--limit", type=int, default=None, help="write at most this many events")
    exp.add_argument("--include-incomplete", action="store_true",
                     help="also events without a date, coordinates or a country (left out by default, as ACLED "
                          "leaves them out), with their review state")
    exp.add_argument("--no-bom", action="store_true", help="CSV without the byte-order mark Excel needs for Arabic")
    exp.add_argument("--quiet", "-q", action="store_true", help="print no summary")
    exp.set_defaults(func=_cmd_export)

    sv = sub.add_parser("serve", help="serve the map, timeline and review page and the HTTP API over the store")
    sv.add_argument("--db", default=None, help=DB_HELP)
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default: this machine only)")
    sv.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    sv.set_defaults(func=_cmd_serve)

    us = sub.add_parser("users", help="add reviewers and admins of `rasd serve`, or list them")
    us_sub = us.add_subparsers(dest="users_command", required=True)
    ua = us_sub.add_parser("add", help="add a user (or give one a new token); prints the token once")
    ua.add_argument("name", help="the user's name, as the history of each review will show it")
    ua.add_argument("--role", choices=("reviewer", "admin"), default="reviewer",
                    help="reviewer: confirm, edit, reject, split, merge; admin: also delete events")
    ua.add_argument("--db", default=None, help=DB_HELP)
    ua.set_defaults(func=_cmd_users)
    ul = us_sub.add_parser("list", help="list users and roles")
    ul.add_argument("--db", default=None, help=DB_HELP)
    ul.set_defaults(func=_cmd_users)
