"""`rasd watches add|list|remove|deliver`: a user's watches from the command line, and one delivery pass for cron."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from rasd.cli.args import DB_HELP, bbox, existing_store
from rasd.settings import Settings

__all__ = ["add_commands", "feed_url"]


def feed_url(base_url: str, watch_id: str, token: str) -> str:
    """The Atom feed of a watch, as a feed reader is given it."""
    return f"{base_url.rstrip('/')}/api/watches/{watch_id}/feed.atom?token={token}"


def _polygon(path: str) -> dict[str, Any]:
    """The geometry of a GeoJSON file: a Polygon or MultiPolygon, a Feature holding one, or a collection's first."""
    from rasd.errors import ConfigError

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ConfigError(f"cannot read the GeoJSON file {path}: {err}") from None
    if data.get("type") == "FeatureCollection":
        data = (data.get("features") or [{}])[0]
    geometry: dict[str, Any] = data.get("geometry") or {} if data.get("type") == "Feature" else data
    return geometry


def _add(args: argparse.Namespace) -> int:
    from rasd.store import open_store
    from rasd.watches import Watch

    spec = {"bbox": args.bbox, "polygon": _polygon(args.polygon) if args.polygon else None,
            "admin_units": args.admin, "actors": args.actor, "event_types": args.type,
            "min_fatalities": args.min_fatalities, "min_confidence": args.min_confidence,
            "notify": args.notify or ["new"], "webhook": args.webhook, "email": args.email, "digest": args.digest}
    watch = Watch.from_spec(args.name, spec, owner=args.user)
    with open_store(existing_store(args.db)) as store:
        saved = store.save_watch(watch)
    print(f"watch {saved.watch_id} ({saved.name}) of {saved.owner}\n"
          f"webhook secret (HMAC-SHA256 of X-Rasd-Signature): {saved.secret}\n"
          f"Atom feed: {feed_url(Settings.load().public_url, saved.watch_id, saved.feed_token)}")
    return 0


def _list(args: argparse.Namespace) -> int:
    from rasd.store import open_store

    base = Settings.load().public_url
    with open_store(existing_store(args.db)) as store:
        for w in store.watches(args.user):
            channels = ", ".join(x for x in (w.webhook, w.email and f"{w.email} ({w.digest})") if x) or "feed only"
            conditions = {k: v for k, v in w.spec().items()
                          if v not in (None, [], "none") and k not in ("webhook", "email", "digest")}
            print(f"{w.watch_id}\t{w.owner}\t{w.name}\t{json.dumps(conditions, ensure_ascii=False)}\t{channels}\t"
                  f"{feed_url(base, w.watch_id, w.feed_token)}")
    return 0


def _remove(args: argparse.Namespace) -> int:
    from rasd.errors import ConfigError
    from rasd.store import open_store

    with open_store(existing_store(args.db)) as store:
        watch = store.watch(args.watch_id)
        if watch is None or watch.owner != args.user:
            raise ConfigError(f"{args.user!r} has no watch {args.watch_id!r}; `rasd watches list --user "
                              f"{args.user}` shows theirs")
        store.delete_watch(args.watch_id)
    print(f"removed watch {args.watch_id}", file=sys.stderr)
    return 0


def _deliver(args: argparse.Namespace) -> int:
    from rasd.store import open_store
    from rasd.watches.deliver import Deliverer, DeliveryOptions

    with open_store(existing_store(args.db)) as store:
        done = Deliverer(store, options=DeliveryOptions.from_settings(Settings.load())).run_once()
    if not args.quiet:
        print(f"notices queued {done.queued}, delivered {done.sent}, failed attempts {done.failed}", file=sys.stderr)
    return 0


def _common(p: argparse.ArgumentParser, *, user: bool = True) -> None:
    p.add_argument("--db", default=None, help=DB_HELP)
    if user:
        p.add_argument("--user", required=True, help="the watch's owner, a user of `rasd users`")


def add_commands(sub: Any) -> None:
    """Add `watches` with its subcommands."""
    from rasd.watches import DIGESTS, NOTIFY

    wa = sub.add_parser("watches", help="watch an area, actors or event types and be told of events (webhook, e-mail, "
                                        "Atom feed)")
    wa_sub = wa.add_subparsers(dest="watches_command", required=True)
    add = wa_sub.add_parser("add", help="add a watch; every condition given must hold (within a list: any value)")
    add.add_argument("name", help="a name for the watch, as its notices show it")
    _common(add)
    add.add_argument("--bbox", type=bbox, help="area: west,south,east,north in degrees")
    add.add_argument("--polygon", help="area: a GeoJSON file with a Polygon or MultiPolygon (or a Feature of one)")
    add.add_argument("--admin", action="append", default=[],
                     help="area: a country, governorate or district, in any case (repeat for several)")
    add.add_argument("--actor", action="append", default=[], help="actor1 or actor2 (repeat for several)")
    add.add_argument("--type", action="append", default=[], help="event type or sub-event type (repeat for several)")
    add.add_argument("--min-fatalities", type=int, default=None, help="events with at least this many killed")
    add.add_argument("--min-confidence", type=float, default=None, help="events with at least this confidence")
    add.add_argument("--notify", action="append", choices=NOTIFY, default=[],
                     help="what to be told: new events (default), changes and merges, reviews (repeat for several)")
    add.add_argument("--webhook", help="URL to POST each notice to, signed with the watch's secret")
    add.add_argument("--email", help="address to mail notices to (needs the smtp_host setting)")
    add.add_argument("--digest", choices=DIGESTS, default="none", help="e-mail at once (none), hourly or daily")
    add.set_defaults(func=_add)
    ls = wa_sub.add_parser("list", help="list watches with their conditions, channels and feed URL")
    _common(ls, user=False)
    ls.add_argument("--user", default=None, help="only this user's watches")
    ls.set_defaults(func=_list)
    rm = wa_sub.add_parser("remove", help="remove a watch with its notices and delivery log")
    rm.add_argument("watch_id", help="the watch's id (from `rasd watches list`)")
    _common(rm)
    rm.set_defaults(func=_remove)
    de = wa_sub.add_parser("deliver", help="queue notices of new changes and deliver what is due, once (for cron; "
                                           "`rasd serve` and `rasd watch` deliver all along)")
    _common(de, user=False)
    de.add_argument("--quiet", "-q", action="store_true", help="print no summary")
    de.set_defaults(func=_deliver)
