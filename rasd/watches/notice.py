"""What a notice says, the same on every channel: the event's summary, place, date, sources and a link to it."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any
from urllib.parse import quote

from rasd.store.base import EventRecord
from rasd.store.notices import Notice
from rasd.watches.watch import Watch

__all__ = ["SIGNATURE_HEADER", "event_link", "headline", "payload", "sign", "text"]

SIGNATURE_HEADER = "X-Rasd-Signature"  # `sha256=<hex HMAC-SHA256 of the body with the watch's secret>`
_PLACE = ("location", "admin2", "admin1", "country")


def event_link(base_url: str, event_id: str) -> str:
    """The page showing an event."""
    return f"{base_url.rstrip('/')}/?event={quote(event_id)}"


def sign(secret: str, body: bytes) -> str:
    """The signature header's value for a body: what a receiver recomputes with the watch's secret to trust it."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def _place(data: dict[str, Any]) -> str:
    names = [str(data[k]) for k in _PLACE if data.get(k)]
    return ", ".join(dict.fromkeys(names)) or "place unknown"


def headline(data: dict[str, Any]) -> str:
    """`<sub-event type> in <place> on <date>`, e.g. `Air/drone strike in Kafr Nabl, Idlib, Syria on 2024-03-14`."""
    kind = data.get("sub_event_type") or data.get("event_type") or "Event"
    return f"{kind} in {_place(data)} on {data.get('event_date') or 'an unknown date'}"


def payload(watch: Watch, notice: Notice, record: EventRecord, *, base_url: str) -> dict[str, Any]:
    """The JSON a webhook receives for a notice (and what the feed and e-mail show)."""
    data = record.data
    return {
        "watch": {"id": watch.watch_id, "name": watch.name},
        "notice": {"id": notice.notice_id, "kind": notice.kind, "changes": notice.changes,
                   "created_at": notice.created_at, "updated_at": notice.updated_at},
        "event": {
            "event_id": record.event_id, "headline": headline(data), "summary": data.get("notes") or "",
            "event_date": data.get("event_date"), "event_type": data.get("event_type"),
            "sub_event_type": data.get("sub_event_type"), "actor1": data.get("actor1"), "actor2": data.get("actor2"),
            "fatalities": data.get("fatalities"), "confidence": data.get("confidence"),
            "review_state": record.review_state, "version": record.version,
            "place": {k: data.get(k) for k in (*_PLACE, "latitude", "longitude", "geo_precision")},
            "sources": [{k: s.get(k) for k in ("outlet", "url", "published")} for s in data.get("sources") or ()],
            "link": event_link(base_url, record.event_id),
        },
    }


def text(body: dict[str, Any]) -> str:
    """A notice as plain text (e-mail and the feed's entries): headline, summary, place, date, sources, link."""
    event = body["event"]
    sources = [f"  - {s.get('outlet') or 'source'}: {s.get('url') or '(no link)'}" for s in event["sources"]]
    why = {"new": "New event", "changes": "Event changed", "reviews": "Event reviewed"}.get(body["notice"]["kind"], "")
    lines = [f"{why}: {event['headline']}", "", event["summary"] or "(no summary)", "",
             f"Place: {_place(event['place'])}", f"Date: {event['event_date'] or 'unknown'}",
             f"Fatalities: {event['fatalities'] if event['fatalities'] is not None else 'unknown'}",
             "Sources:", *(sources or ["  (none)"]), f"Event: {event['link']}"]
    return "\n".join(lines)
