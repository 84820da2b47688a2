"""Extraction time against the length of one text: `rasd dev bench-length` (62 KB to 1 MB by default).

Each size is one generated conflict report of that many UTF-8 bytes: strike sentences that name towns of the
bundled gazetteer with their governorate, a day of June 2024 (published on its last day), the dead and the
wounded as digits and as words, in paragraphs of eight sentences, repeated with variations until the size is
reached. Each is extracted whole once (after one small text has loaded everything), with the time budget and size
limit lifted so that no text is cut short. Work linear in the length shows as the same seconds per 100 KB at every
size; the report gives that figure per size and the ratio of the largest size's to the smallest's. A measurement,
not a test: the seconds are the machine's.

`--shape chain` measures instead one sentence of strikes joined by "and" (قصف بلدة ... وقصف بلدة ... و...), the
shape whose places took time growing with the square of its length (25 s for 62 KB before the stages were made
linear).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from rasd.errors import ConfigError
from rasd.extraction import build_pipeline, extract
from rasd.pipeline import Pipeline
from rasd.resources import Resources
from rasd.settings import Settings

__all__ = ["SHAPES", "SIZES_KB", "chain_text", "conflict_text", "format_report", "measure"]

SIZES_KB = (62, 250, 500, 1000)
_PLACES = (("كفرنبل", "إدلب"), ("سراقب", "إدلب"), ("أريحا", "إدلب"), ("خان شيخون", "إدلب"), ("معرة النعمان", "إدلب"),
           ("الأتارب", "حلب"), ("دارة عزة", "حلب"), ("تل رفعت", "حلب"), ("اللطامنة", "حماة"), ("كفرزيتا", "حماة"))
_WORDS = ("ثلاثة", "أربعة", "خمسة", "ستة", "سبعة")
_SENTENCES = (
    "قصفت الطائرات الحربية الروسية بلدة {town} في ريف {gov} يوم {day} {month}، ما أدى إلى مقتل {dead} مدنيين "
    "وإصابة {hurt} آخرين بجروح.",
    "استهدفت قوات النظام بالمدفعية الثقيلة مدينة {town} في ريف {gov} صباح {day} {month}، وقتل {word} أشخاص "
    "بينهم طفلان.",
    "وقال الدفاع المدني إن فرقه انتشلت جثث {dead} قتلى من تحت الأنقاض في {town} بعد غارة جوية في {day} {month}.",
    "وشنت طائرة مسيرة غارة على سيارة قرب {town} بريف {gov} الجنوبي، ما أسفر عن مقتل {word} عناصر وجرح {hurt}.",
)


def conflict_text(size: int) -> str:
    """A generated conflict report of about `size` UTF-8 bytes (never more), in paragraphs of eight sentences."""
    paragraphs: list[str] = []
    sentences: list[str] = []
    used = 0
    k = 0
    while True:
        town, gov = _PLACES[k % len(_PLACES)]
        sentence = _SENTENCES[k % len(_SENTENCES)].format(
            town=town, gov=gov, day=k % 28 + 1, month="حزيران", dead=k % 9 + 2,
            hurt=k % 13 + 1, word=_WORDS[k % len(_WORDS)])
        cost = len(sentence.encode("utf-8")) + 1
        if used + cost > size:
            break
        sentences.append(sentence)
        used += cost
        k += 1
        if len(sentences) == 8:
            paragraphs.append(" ".join(sentences))
            sentences = []
    if sentences:
        paragraphs.append(" ".join(sentences))
    return "\n".join(paragraphs)


def chain_text(size: int) -> str:
    """One sentence of about `size` UTF-8 bytes naming a town after another (قصف بلدة كفرنبل وقصف بلدة سراقب و...)."""
    parts: list[str] = []
    used = 1
    k = 0
    while True:
        part = f"قصف بلدة {_PLACES[k % len(_PLACES)][0]} و"
        cost = len(part.encode("utf-8"))
        if used + cost > size:
            break
        parts.append(part)
        used += cost
        k += 1
    return "".join(parts) + "."


SHAPES: dict[str, Callable[[int], str]] = {"report": conflict_text, "chain": chain_text}


def measure(sizes_kb: Sequence[int] = SIZES_KB, *, repeat: int = 3, shape: str = "report",
            pipeline: Pipeline | None = None) -> dict[str, Any]:
    """Extract one generated text of `shape` at each size `repeat` times; return the best seconds (wall clock and
    CPU), the seconds per 100 KB and the ratios of the largest size's to the smallest's."""
    if not sizes_kb or repeat < 1:
        raise ConfigError("--sizes needs at least one size and --repeat must be at least 1")
    largest = max(sizes_kb) * 1000
    if pipeline is None:
        settings = Settings.load(max_seconds=0.0, max_chars=max(largest, Settings().max_chars))
        pipeline = build_pipeline(Resources.load(settings))
    published = date(2024, 6, 30)
    extract(conflict_text(2_000), published=published, pipeline=pipeline)  # loads what the first call loads
    rows: list[dict[str, Any]] = []
    for kb in sorted(sizes_kb):
        text = SHAPES[shape](kb * 1000)
        size = len(text.encode("utf-8"))
        wall, cpu = [], []
        for _ in range(repeat):
            started, cpu_started = time.perf_counter(), time.process_time()
            result = extract(text, published=published, pipeline=pipeline)
            wall.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
        rows.append({"kb": round(size / 1000, 1), "chars": len(text), "seconds": round(min(wall), 2),
                     "s_per_100kb": round(min(wall) / size * 100_000, 3), "cpu_seconds": round(min(cpu), 2),
                     "cpu_s_per_100kb": round(min(cpu) / size * 100_000, 3), "events": len(result.events),
                     "signals": len(result.signals), "rejection": result.rejection})

    def ratio(key: str) -> float:
        return round(rows[-1][key] / rows[0][key], 2) if rows[0][key] else 0.0

    return {"shape": shape, "repeat": repeat, "sizes": rows, "ratio_largest_to_smallest": ratio("s_per_100kb"),
            "cpu_ratio_largest_to_smallest": ratio("cpu_s_per_100kb")}


def format_report(report: dict[str, Any]) -> str:
    """A table: size, characters, seconds and CPU seconds (each also per 100 KB), events; then the ratios."""
    lines = [f"{report['shape']}, best of {report['repeat']}",
             f"{'size':>9} {'chars':>8} {'seconds':>8} {'s/100 KB':>9} {'CPU s':>7} {'CPU s/100 KB':>13} "
             f"{'events':>7} {'signals':>8}"]
    for r in report["sizes"]:
        lines.append(f"{r['kb']:>6} KB {r['chars']:>8} {r['seconds']:>8} {r['s_per_100kb']:>9} {r['cpu_seconds']:>7} "
                     f"{r['cpu_s_per_100kb']:>13} {r['events']:>7} {r['signals']:>8}"
                     + (f"  rejected: {r['rejection']}" if r["rejection"] else ""))
    lines.append(f"seconds per 100 KB, largest size over smallest (1 = linear): {report['ratio_largest_to_smallest']} "
                 f"(CPU: {report['cpu_ratio_largest_to_smallest']})")
    return "\n".join(lines)
