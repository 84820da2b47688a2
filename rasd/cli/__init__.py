"""The `rasd` command line: one module per group of commands (`extract`, `store`, `inspect`), the user's first, then
the developer's (`dev`)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from rasd import __version__
from rasd.cli import dev, extract, inspect, store, watches
from rasd.errors import RasdError
from rasd.learn.command import add_train_command

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="rasd", description="Arabic conflict reports to event records.",
                                epilog="The developer's benchmarks are under `rasd dev` (rasd dev --help).")
    p.add_argument("--version", action="version", version=f"rasd {__version__}")
    p.add_argument("--debug", action="store_true", help="on a failure, show its traceback, not only its one line")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in (extract, store, watches, inspect):
        group.add_commands(sub)
    add_train_command(sub)
    dev.add_commands(sub)
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
