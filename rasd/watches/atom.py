"""A watch's Atom feed (RFC 4287): one entry per notice, most recently changed first.

An entry's id is the watch's and the event's, so a feed reader shows a changed event as the same entry, updated,
never as a second one. Texts are written by ElementTree, which escapes them: outlet titles stay text.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from rasd.watches.notice import text
from rasd.watches.watch import Watch

__all__ = ["ATOM_TYPE", "render"]

ATOM_TYPE = "application/atom+xml; charset=utf-8"
_NS = "http://www.w3.org/2005/Atom"


def _add(parent: ET.Element, tag: str, value: str | None = None, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, tag, attrs)
    if value is not None:
        node.text = value
    return node


def render(watch: Watch, bodies: list[dict[str, Any]], *, self_url: str, updated: str) -> bytes:
    """The feed of a watch from its notices' payloads (`rasd.watches.notice.payload`), newest first."""
    feed = ET.Element("feed", {"xmlns": _NS})
    _add(feed, "id", f"urn:rasd:watch:{watch.watch_id}")
    _add(feed, "title", f"rasd: {watch.name}")
    _add(feed, "updated", bodies[0]["notice"]["updated_at"] if bodies else updated)
    _add(feed, "link", rel="self", href=self_url)
    _add(_add(feed, "author"), "name", "rasd")
    for body in bodies:
        event, notice = body["event"], body["notice"]
        entry = _add(feed, "entry")
        _add(entry, "id", f"urn:rasd:watch:{watch.watch_id}:{event['event_id']}")
        _add(entry, "title", event["headline"])
        _add(entry, "updated", notice["updated_at"])
        _add(entry, "published", notice["created_at"])
        _add(entry, "link", rel="alternate", href=event["link"])
        for source in event["sources"]:
            if source.get("url"):
                _add(entry, "link", rel="related", href=source["url"], title=source.get("outlet") or "source")
        _add(entry, "summary", event["summary"] or event["headline"])
        _add(entry, "content", text(body), type="text")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8")
