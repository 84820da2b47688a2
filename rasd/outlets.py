"""The reach of an outlet, as ACLED's `source_scale` names it: National, Regional, International, Subnational or
New media (a social media post). A small table of outlets that report on Syria and its neighbours, known by their
web address or their name; any other outlet's scale stays unknown (an empty cell), never guessed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

__all__ = ["SCALES", "outlet_scale", "source_scale"]

SCALES = ("Subnational", "National", "Regional", "International", "New media")  # the order ACLED joins them in
# Social media: a post there is New media whoever wrote it.
_NEW_MEDIA = ("x.com", "twitter.com", "facebook.com", "fb.com", "t.me", "telegram.me", "instagram.com",
              "youtube.com", "youtu.be", "tiktok.com")
# Web addresses (without `www.`) of known outlets, with their reach.
_KNOWN = {
    # Syrian outlets read across the country
    "sana.sy": "National", "enabbaladi.net": "National", "syria.tv": "National", "orient-news.net": "National",
    "zamanalwsl.net": "National", "alwatan.sy": "National", "stepagency-sy.net": "National",
    "npasyria.com": "National", "aljumhuriya.net": "National", "baladi-news.com": "National",
    # local networks of one governorate or town
    "deirezzor24.net": "Subnational", "suwayda24.com": "Subnational", "halabtodaytv.net": "Subnational",
    "raqqa-sl.com": "Subnational", "eyeofeuphrates.com": "Subnational", "horanfree.com": "Subnational",
    # pan-Arab outlets
    "aljazeera.net": "Regional", "alarabiya.net": "Regional", "aawsat.com": "Regional", "alquds.co.uk": "Regional",
    "alaraby.co.uk": "Regional", "arabi21.com": "Regional", "skynewsarabia.com": "Regional",
    "independentarabia.com": "Regional", "almayadeen.net": "Regional", "alhurra.com": "Regional",
    # international outlets
    "bbc.com": "International", "bbc.co.uk": "International", "france24.com": "International",
    "reuters.com": "International", "aa.com.tr": "International", "rt.com": "International",
    "dw.com": "International", "cnn.com": "International", "sputniknews.com": "International",
    "apnews.com": "International", "afp.com": "International",
}


def _host(url: Any) -> str:
    host = urlsplit(str(url)).netloc.lower() if url else ""
    return host.removeprefix("www.").removeprefix("m.").removeprefix("arabic.")


def outlet_scale(source: Mapping[str, Any]) -> str | None:
    """The scale of one source (`url`, `outlet`), or None when the outlet is not known."""
    host, outlet = _host(source.get("url")), str(source.get("outlet") or "").strip().lstrip("'")
    if outlet.startswith("@") or any(host == d or host.endswith("." + d) for d in _NEW_MEDIA):
        return "New media"
    for address in (host, outlet.lower().removeprefix("www.")):
        for domain, scale in _KNOWN.items():
            if address == domain or address.endswith("." + domain):
                return scale
    return None


def source_scale(sources: Iterable[Mapping[str, Any]]) -> str:
    """The scales of an event's sources joined as ACLED joins them (`National-International`); empty when none
    is known."""
    found = {outlet_scale(s) for s in sources} - {None}
    return "-".join(s for s in SCALES if s in found)
