"""The `rasd` command line: one module per group of commands (`extract`, `inspect`, `store`)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from rasd import __version__
from rasd.cli import extract, inspect, store
from rasd.errors import RasdError
from rasd.learn.command import add_train_command

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="rasd", description="Arabic conflict reports to event records.")
    p.add_argument("--version", action="version", version=f"rasd {__version__}")
    p.add_argument("--debug", action="store_true", help="on a failure, show its traceback, not only its one line")
    sub = p.add_subparsers(dest="command", required=True)
    for group in (extract, inspect, store):
        group.add_commands(sub)
    add_train_command(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    try:
        return int(args.func(args))
    except RasdError as exc:
        if args.debug:
            raise
        print(f"rasd: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except OSError as exc:  # a path that cannot be read or written, a port in use: the reason, not a traceback
        if args.debug:
            raise
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"rasd: {where}{(exc.strerror or str(exc)).lower()}; check the path or the address", file=sys.stderr)
        return 2
