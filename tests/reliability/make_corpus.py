"""Write the corpus of nasty inputs that `tests/reliability/test_corpus.py` replays (run from the repository root).

    python tests/reliability/make_corpus.py            # rewrites tests/reliability/corpus/

Every case is built here from a few sentences written for it; none is copied from a real article. `EXPECTED`
says what each JSON line must become: an article (with the repairs made on the way in) or a rejection reason.
The ten-megabyte article is not committed: `big_article` makes it when a test needs it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
CORPUS = HERE / "corpus"

# Written for these tests: an air strike, two shellings (one for the JSON lines, one for the files), and a plain
# sentence with no event.
ROCKETS = "استهدفت قوات النظام بالصواريخ قرية كنصفرة في جبل الزاوية ظهر اليوم وقتل رجل وزوجته"
STRIKE = "أغارت طائرات حربية على بلدة كفرنبل في ريف إدلب الجنوبي صباح اليوم وقتل ثلاثة مدنيين بينهم طفل"
SHELLING = "سقطت قذائف مدفعية على أطراف مدينة سراقب شرقي إدلب مساء أمس وأصيب أربعة مدنيين بجروح"
CALM = "عاد الباعة إلى سوق المدينة بعد أسبوع من الهدوء وفتحت المدارس أبوابها صباح الأحد"


def _line(row: dict[str, Any]) -> bytes:
    return json.dumps(row, ensure_ascii=False).encode("utf-8")


def _raw(text: str) -> bytes:
    return text.encode("utf-8")


def _strike(n: int) -> str:
    """The strike sentence made unique (a different count of the dead), so no line is a duplicate of another."""
    count = ("ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة", "عشرة")[n % 8]
    return " ".join([STRIKE.replace("ثلاثة", count), *["وأكد ناشطون الخبر"] * (n // 8 + 1)])


# (name, bytes of the line, what it must become): "article" or a rejection reason, then the repairs made, if any
# (`article:nul`, `empty:nul`).
def cases() -> list[tuple[str, bytes, str]]:
    """The JSON lines of `nasty.jsonl`, each with its expected outcome."""
    deep = "[" * 5000 + "]" * 5000
    return [
        ("good-first", _line({"id": "good-first", "text": _strike(0), "published": "2024-05-02"}), "article"),
        ("year-1", _line({"id": "year-1", "text": _strike(1), "published": "0001-01-01"}), "bad_date"),
        ("year-9999", _line({"id": "year-9999", "text": _strike(2), "published": "9999-12-31"}), "bad_date"),
        ("year-1-tz", _line({"id": "year-1-tz", "text": _strike(3), "published": "0001-01-01T00:00:00+14:00"}),
         "bad_date"),
        ("year-9999-tz", _line({"id": "year-9999-tz", "text": _strike(4), "published": "9999-12-31T23:59:59-14:00"}),
         "bad_date"),
        ("year-1899", _line({"id": "year-1899", "text": _strike(5), "published": "1899-12-31"}), "bad_date"),
        ("year-2101", _line({"id": "year-2101", "text": _strike(6), "published": "2101-01-01"}), "bad_date"),
        ("first-day", _line({"id": "first-day", "text": SHELLING, "published": "1900-01-01"}), "article"),
        ("last-day", _line({"id": "last-day", "text": SHELLING + " وبعد غد", "published": "2100-12-31"}), "article"),
        ("surrogate-text", _raw('{"id": "surrogate-text", "text": "' + _strike(7) + ' \\ud800", '
                                '"published": "2024-05-02"}'), "article:surrogate"),
        ("surrogate-id", _raw('{"id": "surrogate-\\udfff", "text": "' + _strike(8) + '"}'), "article:surrogate"),
        ("nul-text", _line({"id": "nul-text", "text": "\x00" + _strike(9).replace(" ", " \x00", 3),
                            "outlet": "outlet\x00name", "published": "2024-05-02"}), "article:nul"),
        ("nul-id", _line({"id": "nul\x00id", "text": _strike(10)}), "article:nul"),
        ("only-nul", _line({"id": "only-nul", "text": "\x00\x00\x00"}), "empty:nul"),
        ("long-number", _raw('{"id": "long-number", "text": "' + _strike(11) + '", "n": ' + "9" * 5000 + "}"),
         "malformed"),
        ("long-number-in-text", _line({"id": "long-number-in-text", "text": _strike(12) + " و" + "7" * 5000}),
         "article"),
        ("huge-count", _line({"id": "huge-count", "text": STRIKE.replace("ثلاثة", "99999999999999")}), "article"),
        ("deep-brackets", _raw("[" * 5000), "malformed"),
        ("deep-field", _raw('{"id": "deep-field", "text": "' + _strike(13) + '", "x": ' + deep + "}"), "malformed"),
        ("bool-id", _line({"id": True, "text": _strike(14)}), "malformed"),
        ("number-text", _line({"id": "number-text", "text": 12}), "malformed"),
        ("not-json", _raw("{id: 'x', text: 'y'"), "malformed"),
        ("long-id", _line({"id": "i" * 3000, "text": _strike(15)}), "article:long_id"),
        ("long-url", _line({"id": "long-url", "text": _strike(16), "url": "https://example.org/" + "p" * 5000}),
         "article:long_url"),
        ("number-date", _raw('{"id": "number-date", "text": "' + _strike(17) + '", "published": 1e999}'), "article"),
        ("nan-field", _raw('{"id": "nan-field", "text": "' + _strike(18) + '", "score": NaN}'), "article"),
        ("stray-byte", _raw('{"id": "stray-byte", "text": "' + _strike(19) + '"}')[:-4] + b"\xd8\"}", "article"),
        ("windows-1256", json.dumps({"id": "windows-1256", "text": _strike(20)}, ensure_ascii=False).encode("cp1256"),
         "article"),
        ("calm", _line({"id": "calm", "text": CALM, "published": "2024-05-02"}), "article"),
        ("good-last", _line({"id": "good-last", "text": _strike(21), "published": "2024-05-03"}), "article"),
    ]


# Files read whole: (name, bytes, rejection expected or None for an article with text).
def files() -> list[tuple[str, bytes, str | None]]:
    """The HTML and text files of the corpus."""
    page = "<html><head><title>{title}</title>{meta}</head><body>{body}</body></html>"
    return [
        ("deep.html", page.format(title="", meta="", body="<div>" * 20000 + f"<p>{ROCKETS}</p>").encode(), None),
        ("unclosed.html", f"<html><body><p>{ROCKETS}<p><b><i><table><tr><td>{CALM}<script>var x = '<p>".encode(),
         None),
        ("nul.html", page.format(title="\x00", meta="", body=f"<p>{ROCKETS}\x00</p><p>\x00</p>").encode(), None),
        ("garbage.html", bytes((n * 7919 + 13) % 256 for n in range(20000)), None),
        ("empty.html", b"", "empty"),
        ("brackets.html", b"<" * 100000, "no_arabic"),
        ("meta.html", page.format(
            title="t" * 20000, body=f"<p>{ROCKETS}</p>",
            meta='<meta property="article:published_time" content="0001-01-01">'
                 f'<meta property="og:url" content="https://example.org/{"u" * 10000}">').encode(), None),
        ("windows-1256.html", page.format(title="", meta="", body=f"<p>{ROCKETS}</p>").encode("cp1256"), None),
        ("nul.txt", ("\x00" + ROCKETS + "\x00").encode(), None),
    ]


def big_article(size: int = 10_000_000) -> bytes:
    """A JSON line holding an article of `size` characters (a strike, then calm sentences)."""
    text = STRIKE + "\n" + (CALM + ". ") * (size // (len(CALM) + 2) + 1)
    return _line({"id": "big", "text": text, "published": "2024-05-02"})


def write(folder: Path = CORPUS) -> None:
    """Write `nasty.jsonl`, `expected.json` and the files into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = cases()
    (folder / "nasty.jsonl").write_bytes(b"".join(line + b"\n" for _, line, _ in rows))
    expected = {"lines": [[name, outcome] for name, _, outcome in rows],
                "files": {name: outcome for name, _, outcome in files()}}
    (folder / "expected.json").write_text(json.dumps(expected, indent=1) + "\n", encoding="utf-8")
    for name, data, _ in files():
        (folder / name).write_bytes(data)


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS)
