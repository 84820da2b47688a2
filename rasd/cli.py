"""The `rasd` command line."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TextIO

from rasd import __version__
from rasd.errors import REJECTIONS, RasdError
from rasd.settings import SETTINGS, Settings

__all__ = ["main"]


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


def _print_summary(summary: object, stream: TextIO) -> None:
    s = summary
    stream.write(f"articles: {s.articles}  events: {s.events}  signals: {s.signals}  "  # type: ignore[attr-defined]
                 f"duplicates (events reused): {s.duplicates}\n")  # type: ignore[attr-defined]
    for reason, n in sorted(s.rejections.items()):  # type: ignore[attr-defined]
        stream.write(f"rejected {reason}: {n} ({REJECTIONS.get(reason, reason)})\n")
    for line, why in s.bad_lines[:20]:  # type: ignore[attr-defined]
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
    from rasd.gazetteer_build import build

    report = build(Path(args.source), Path(args.output))
    print(report)
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
    ex.add_argument("--min-confidence", type=float, default=None, help="drop events below this confidence")
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
