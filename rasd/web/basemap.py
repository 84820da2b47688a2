"""Compile the offline basemap of the map page: Syria's governorates, simplified, named as rasd names them.

    python -m rasd.web.basemap ../shared/data/gazetteer/syria_adm1.geojson rasd/web/static/basemap/syria_adm1.geojson

The source is the geoBoundaries gbOpen SYR ADM1 file (UN OCHA, CC BY 3.0 IGO). Rings are simplified with
Douglas-Peucker and rounded to four decimals (about 10 m): the page needs outlines, not survey lines, and must
load at once. Each governorate carries the `admin1` name events use and its Arabic name from the gazetteer.
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rasd.build.gazetteer import GOVERNORATES
from rasd.errors import InputError
from rasd.gazetteer import Gazetteer

__all__ = ["ATTRIBUTION", "build", "main", "simplify"]

ATTRIBUTION = "Governorates: UN OCHA via geoBoundaries, CC BY 3.0 IGO"
Point = tuple[float, float]


def _offset(p: Point, a: Point, b: Point) -> float:
    """Distance of `p` from the segment `a`-`b` (in degrees: fine at this scale)."""
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return math.hypot(x - x1, y - y1)
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    return math.hypot(x - (x1 + t * dx), y - (y1 + t * dy))


def simplify(ring: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker on a closed ring; the result stays closed with at least four points."""
    if len(ring) <= 4:
        return list(ring)
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    # A closed ring starts and ends at one point, so split it at its farthest point first.
    far = max(range(len(ring)), key=lambda i: math.dist(ring[0], ring[i]))
    keep[far] = True
    stack = [(0, far), (far, len(ring) - 1)]
    while stack:
        lo, hi = stack.pop()
        if hi - lo < 2:
            continue
        best, index = max((_offset(ring[i], ring[lo], ring[hi]), i) for i in range(lo + 1, hi))
        if best > tolerance:
            keep[index] = True
            stack += [(lo, index), (index, hi)]
    out = [p for p, k in zip(ring, keep, strict=True) if k]
    if len(out) < 4:  # too small to keep its shape: keep a quarter of the points
        out = [*ring[:-1:max(1, (len(ring) - 1) // 3)], ring[-1]]
    return [(round(x, 4), round(y, 4)) for x, y in out]


def _polygons(geometry: dict[str, Any]) -> list[list[list[Point]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["coordinates"])
    raise InputError(f"a governorate has a {geometry['type']} geometry; expected Polygon or MultiPolygon")


def build(source: Path, output: Path, *, tolerance: float = 0.005) -> str:
    """Write the simplified governorates of `source` to `output`; return a one-line report."""
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read {source}: {exc}; give the geoBoundaries SYR ADM1 GeoJSON") from exc
    gazetteer = Gazetteer.load()
    features: list[dict[str, Any]] = []
    before = after = 0
    for feature in data["features"]:
        code = feature["properties"]["shapeISO"].replace("SYR-", "SY-")
        admin1 = GOVERNORATES.get(code)
        if admin1 is None:
            raise InputError(f"unknown governorate code {code!r} in {source}; expected one of {sorted(GOVERNORATES)}")
        polygons = []
        for polygon in _polygons(feature["geometry"]):
            rings = [simplify([(float(x), float(y)) for x, y, *_ in ring], tolerance) for ring in polygon]
            before += sum(len(r) for r in polygon)
            after += sum(len(r) for r in rings)
            polygons.append([[list(p) for p in r] for r in rings])
        place = gazetteer.governorate(admin1)
        features.append({
            "type": "Feature",
            "properties": {"admin1": admin1, "name_ar": place.name_ar if place else None, "iso": code},
            "geometry": {"type": "MultiPolygon", "coordinates": polygons},
        })
    features.sort(key=lambda f: str(f["properties"]["admin1"]))
    out = {"type": "FeatureCollection", "attribution": ATTRIBUTION, "features": features}
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    return f"{len(features)} governorates, {before} points simplified to {after}: {output}"


def main(argv: Sequence[str] | None = None) -> int:
    """Compile the basemap from the command line."""
    p = argparse.ArgumentParser(prog="python -m rasd.web.basemap", description="Compile the offline basemap.")
    p.add_argument("source", type=Path, help="geoBoundaries SYR ADM1 GeoJSON")
    p.add_argument("output", type=Path, help="GeoJSON file to write")
    p.add_argument("--tolerance", type=float, default=0.005, help="simplification tolerance in degrees")
    args = p.parse_args(argv)
    print(build(args.source, args.output, tolerance=args.tolerance))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
