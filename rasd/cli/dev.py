"""The developer's commands, apart from the user's: `rasd dev bench`, `bench-length`, `bench-api`, `bench-page`,
`bench-store` and `bench-watch`.

Each works from an installed wheel: `bench` measures the sample reports bundled with rasd when no file is given
(or the shared corpora beside a checkout), `bench-api` and `bench-store` need the server extra and make their own
synthetic stores.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

__all__ = ["add_commands"]


def _cmd_bench(args: argparse.Namespace) -> int:
    from rasd.bench.extract import default_inputs, format_report, load_articles, measure
    from rasd.extraction import build_pipeline
    from rasd.resources import Resources
    from rasd.settings import Settings

    paths = [Path(p) for p in args.paths] or default_inputs(Path.cwd())
    articles = list(load_articles(paths, limit=args.limit))
    started = time.perf_counter()
    pipeline = build_pipeline(Resources.load(Settings.load()))
    report = measure(articles, pipeline, inputs=[str(p) for p in paths], load_seconds=time.perf_counter() - started)
    print(json.dumps(report.to_dict(), ensure_ascii=False) if args.json else format_report(report))
    return 0


def _cmd_bench_length(args: argparse.Namespace) -> int:
    from rasd.bench.length import format_report, measure

    report = measure(args.sizes, repeat=args.repeat, shape=args.shape)
    print(json.dumps(report, ensure_ascii=False) if args.json else format_report(report))
    return 0


def _sizes(raw: str) -> list[int]:
    try:
        sizes = [int(part) for part in raw.split(",")]
    except ValueError:
        sizes = []
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a list of sizes in KB, such as 62,250,500,1000")
    return sizes


def _cmd_bench_api(args: argparse.Namespace) -> int:
    from rasd.extras import require

    require("server", purpose="rasd dev bench-api")
    from rasd.bench.api import format_report, measure

    report = measure(Path(args.db), events=args.events, repeat=args.repeat)
    print(json.dumps(report, ensure_ascii=False) if args.json else format_report(report))
    return 0


def _cmd_bench_page(args: argparse.Namespace) -> int:
    from rasd.bench.page import format_report, measure

    report = measure(Path(args.db or f"out/bench-page-{args.events}.sqlite"), events=args.events, repeat=args.repeat,
                     browser=args.browser)
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


def _cmd_bench_watch(args: argparse.Namespace) -> int:
    import sys

    from rasd.bench.watch import format_report, measure

    say = None if args.json else (lambda line: print(line, file=sys.stderr, flush=True))
    report = measure(reports=args.reports, published=args.published, interval=args.interval, progress=say)
    print(json.dumps(report, ensure_ascii=False) if args.json else format_report(report))
    return 0


def _bench_arguments(be: argparse.ArgumentParser) -> None:
    be.add_argument("paths", nargs="*", help="JSON-lines files (default: ../shared corpora if present, else the "
                    "sample reports bundled with rasd)")
    be.add_argument("--limit", type=int, default=None, help="measure at most this many articles")
    be.add_argument("--json", action="store_true", help="print one JSON object")
    be.set_defaults(func=_cmd_bench)


def add_commands(sub: Any) -> None:
    """Add `dev` and its benchmarks to the subcommands."""
    dev = sub.add_parser("dev", help="developer commands: benchmarks of extraction, the API and the store")
    dev_sub = dev.add_subparsers(dest="dev_command", required=True)
    _bench_arguments(dev_sub.add_parser("bench", help="measure extraction speed per stage, the normalise-and-"
                                        "tokenise floor and memory"))
    # `rasd bench`, the name it had before the developer's commands moved under `dev`, still works.
    _bench_arguments(sub.add_parser("bench", help=argparse.SUPPRESS, description="Same as `rasd dev bench`."))

    bl = dev_sub.add_parser("bench-length", help="time the extraction of one generated conflict report at each size "
                            "(62 KB to 1 MB): linear work shows as the same seconds per 100 KB")
    bl.add_argument("--sizes", type=_sizes, default=[62, 250, 500, 1000], help="sizes in KB, comma-separated")
    bl.add_argument("--repeat", type=int, default=3, help="times each size is extracted; the best time is kept")
    bl.add_argument("--shape", choices=["report", "chain"], default="report", help="report: paragraphs of strike "
                    "sentences; chain: one sentence of strikes joined by 'and', once quadratic")
    bl.add_argument("--json", action="store_true", help="print one JSON object")
    bl.set_defaults(func=_cmd_bench_length)

    ba = dev_sub.add_parser("bench-api", help="time the filtered events query of the API on a store of synthetic "
                            "events (needs rasd[server])")
    ba.add_argument("--db", default="out/bench-api.sqlite", help="SQLite file to fill (made once, then reused)")
    ba.add_argument("--events", type=int, default=100_000, help="how many events the store holds")
    ba.add_argument("--repeat", type=int, default=50, help="times each query is run")
    ba.add_argument("--json", action="store_true", help="print one JSON object")
    ba.set_defaults(func=_cmd_bench_api)

    bp = dev_sub.add_parser("bench-page", help="time the map page's first load in Chromium on a store of synthetic "
                            "events (needs rasd[server] and a Chromium)")
    bp.add_argument("--db", default=None, help="SQLite file to fill (made once, then reused); by default "
                    "out/bench-page-EVENTS.sqlite")
    bp.add_argument("--events", type=int, default=1400, help="how many events the store holds")
    bp.add_argument("--repeat", type=int, default=5, help="how many first loads, each in a fresh browser context")
    bp.add_argument("--browser", default="/usr/bin/chromium", help="the Chromium to drive")
    bp.add_argument("--json", action="store_true", help="print one JSON object")
    bp.set_defaults(func=_cmd_bench_page)

    bs = dev_sub.add_parser("bench-store", help="bulk-load synthetic events into a store, then time the filtered "
                            "events query and show its plan")
    bs.add_argument("--db", default="out/bench-store.sqlite",
                    help="SQLite path or postgresql:// URL; an empty store is filled, a filled one reused")
    bs.add_argument("--events", type=int, default=100_000, help="how many events to load into an empty store")
    bs.add_argument("--repeat", type=int, default=200, help="times each query is run")
    bs.add_argument("--merge", action="store_true", help="look for reports of one event while loading (slower)")
    bs.add_argument("--json", action="store_true", help="print one JSON object")
    bs.set_defaults(func=_cmd_bench_store)

    bw = dev_sub.add_parser("bench-watch", help="time a report's way from a feed on loopback to a watch's webhook: "
                            "after it is stored, and from its publication with the feed polling interval")
    bw.add_argument("--reports", type=int, default=10, help="reports timed after ingest (each way)")
    bw.add_argument("--published", type=int, default=3,
                    help="reports published at random moments while the feed is polled (each takes up to an interval)")
    bw.add_argument("--interval", type=float, default=None,
                    help="seconds between polls of the feed (default: the feed list's default)")
    bw.add_argument("--json", action="store_true", help="print one JSON object")
    bw.set_defaults(func=_cmd_bench_watch)
