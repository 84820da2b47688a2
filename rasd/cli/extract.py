"""Commands over files of articles: `extract`, `backfill`, `evaluate` and `settings`."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from rasd.cli.args import Progress, articles, input_lines, iso_date
from rasd.errors import REJECTIONS
from rasd.settings import SETTINGS, Settings, shown

if TYPE_CHECKING:
    from rasd.batch import Summary

__all__ = ["add_commands"]


def _cmd_extract(args: argparse.Namespace) -> int:
    from rasd.batch import Summary, Texts, drive
    from rasd.extraction import build_pipeline
    from rasd.output import write_table
    from rasd.resources import Resources

    settings = Settings.load(min_confidence=args.min_confidence)
    pipeline = build_pipeline(Resources.load(settings))
    summary = Summary()
    out: TextIO = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")  # noqa: SIM115
    progress = _progress(args, [args.input])
    try:
        items = articles(args.input, published=args.published)
        for _, result in drive(items, pipeline, summary, seen=Texts(), progress=progress):
            if args.format == "table":
                write_table(result, out)
            else:
                out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
        progress.finish()
    finally:
        progress.close()
        if out is not sys.stdout:
            out.close()
    if not args.quiet:
        _print_summary(summary, sys.stderr)
    return 0


def _progress(args: argparse.Namespace, inputs: list[str]) -> Progress:
    """Progress on stderr when it is a terminal (unless `--quiet`) or when `--progress` asks, with the total of the
    inputs' lines when they can be counted."""
    shown = args.progress or (not args.quiet and sys.stderr.isatty())
    return Progress(enabled=shown, total=input_lines(inputs) if shown else None)


def _print_summary(s: Summary, stream: TextIO) -> None:
    stream.write(f"articles: {s.articles}  events: {s.events}  signals: {s.signals}  "
                 f"duplicates (events reused): {s.duplicates}\n")
    for reason, n in sorted(s.rejections.items()):
        stream.write(f"rejected {reason}: {n} ({REJECTIONS.get(reason, reason)})\n")
    for repair, n in sorted(s.repairs.items()):
        stream.write(f"repaired {repair}: {n}\n")
    for bad in s.bad_lines[:20]:
        stream.write(f"  line {bad.line}: {bad.reason}: {bad.detail}\n")


def _cmd_backfill(args: argparse.Namespace) -> int:
    from rasd.runners.local import LocalPool, backfill
    from rasd.runners.sinks import FileSink

    settings = Settings.load(min_confidence=args.min_confidence)
    sink = FileSink(args.output, format=args.format)
    bar = _progress(args, args.inputs)

    def progress(s: Summary) -> None:
        bar.reached(s.lines)
        if bar.bar is not None:
            bar.bar.set_postfix_str(f"{s.chunks} chunks done, {s.skipped} skipped, {s.events} events", refresh=False)

    if args.workers == 0 and args.scheduler is None:
        summary = backfill(args.inputs, sink, pool=LocalPool(), settings=settings, chunk_size=args.chunk_size,
                           progress=progress)
    else:
        from rasd.runners.dask import DaskPool

        with DaskPool(workers=args.workers, scheduler=args.scheduler) as pool:
            summary = backfill(args.inputs, sink, pool=pool, settings=settings, chunk_size=args.chunk_size,
                               progress=progress)
    sink.close()
    progress(summary)  # chunks skipped after the last one written
    bar.finish()
    bar.close()
    if not args.quiet:
        sys.stderr.write(
            f"chunks written: {summary.chunks}  skipped (done before): {summary.skipped}  articles: {summary.articles}"
            f"  events: {summary.events}  duplicates: {summary.duplicates}  workers: {len(summary.workers)}"
            f"  resource loads: {summary.loads}  {summary.seconds:.1f} s\n")
        for reason, n in sorted(summary.rejections.items()):
            sys.stderr.write(f"rejected {reason}: {n} ({REJECTIONS.get(reason, reason)})\n")
    return 0


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
        value = shown(s.name, getattr(current, s.name))
        print(f"{s.name} = {value}  (default {s.default!r}; RASD_{s.name.upper()})\n    {s.help}")
    return 0


def add_commands(sub: Any) -> None:
    """Add `extract`, `evaluate`, `settings` and `backfill` to the subcommands."""
    ex = sub.add_parser("extract", help="extract events from articles (.jsonl, also .gz, .bz2, .xz; .txt, .html, "
                        "a folder, or - for stdin)")
    ex.add_argument("--input", "-i", required=True, help="input path, or - for standard input")
    ex.add_argument("--output", "-o", default="-", help="output path (default: standard output)")
    ex.add_argument("--published", type=iso_date, help="publication date of .txt input or stdin text (YYYY-MM-DD)")
    ex.add_argument("--format", choices=("jsonl", "table"), default="jsonl", help="event lines or a readable table")
    ex.add_argument("--min-confidence", type=float, default=None,
                    help="keep events below this confidence as signals (default 0.7; 0: all events)")
    ex.add_argument("--quiet", "-q", action="store_true", help="print no progress and no summary")
    ex.add_argument("--progress", action="store_true",
                    help="show progress on stderr even when it is not a terminal (it always is one on a terminal)")
    ex.set_defaults(func=_cmd_extract)

    ev = sub.add_parser("evaluate", help="score predictions against a gold file (FORMATS.md rules)")
    ev.add_argument("gold")
    ev.add_argument("pred")
    ev.add_argument("--json", action="store_true", help="print one JSON object")
    ev.set_defaults(func=_cmd_evaluate)

    st = sub.add_parser("settings", help="list every setting with its value, default and help")
    st.set_defaults(func=_cmd_settings)

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
    bf.add_argument("--progress", action="store_true",
                    help="show progress on stderr even when it is not a terminal (it always is one on a terminal)")
    bf.set_defaults(func=_cmd_backfill)
