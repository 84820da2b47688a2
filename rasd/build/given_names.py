"""Compile the given names (first names) of people tagged in public Arabic NER corpora into `given_names.tsv`.

The places stage reads the list to tell a village name inside a person's name (محمود هليل، صابر سنجار) from a
place. A word is kept when it opens a person name of two words or more, is seen in person names at least
`MIN_PERSON` times, is part of a person name in at least `MIN_SHARE` of its occurrences (so `على` and `خلف`,
common words the corpora also tag as names, stay out) and is rarely tagged as a place. Words with the article,
single letters, the name connectors (عبد، أبو، بن) and a name with its conjunction (وسليمان) are left out.

Sources (only the tags and words are read; no sentence is kept):
- NewsFANE Gold (Alotaibi and Lee 2014), `ner/newsfane_gold/NewsFANE_Gold_2014_170K.txt`: CC BY-SA 3.0.
- The public sample of WojoodNER (Jarrar et al. 2022), `ner/wojood_sample/{train,val,test}.txt`: MIT.
ANERcorp is not read: its text is the one NewsFANE re-tags, and it states no licence.

Run: `python -m rasd.build.given_names ../shared/data [--output rasd/lexicons/given_names.tsv]`. The output is
sorted, so the same inputs give the same bytes.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from rasd.lexicons.cues import Cues
from rasd.normalize import fold
from rasd.orthography import orthography

__all__ = ["NameCounts", "build", "count", "main", "newsfane", "select", "wojood", "write"]

OUTPUT = Path(__file__).parent.parent / "lexicons" / "given_names.tsv"
MIN_PERSON = 2
MIN_SHARE = 0.25
MAX_PLACE_SHARE = 0.2
# Fine-grained NewsFANE classes of people and of places.
_NEWSFANE_PERSON = {
    "Politician", "Athlete", "Artist", "Other_PER", "Religious_PER", "Scientist", "Businessperson", "Lawyer",
    "Engineer",
}
_NEWSFANE_PLACE = {
    "Nation", "Population-Center", "State-or-Province", "County-or-District", "GPE-Cluster", "Continent", "Land",
    "Land-Region-Natural", "Water-Body", "Building-Grounds", "Airport", "Path", "Subarea-Facility",
}
_MARKS = {chr(c) for c in (*range(0x064B, 0x0660), 0x0670, 0x0640)} | {"\u200e", "\u200f", "\ufeff"}
_HEADER = """\
# Given names (first names) of people, compiled by `python -m rasd.build.given_names` from the person tags of
# NewsFANE Gold (Alotaibi and Lee 2014; CC BY-SA 3.0) and the WojoodNER public sample (Jarrar et al. 2022; MIT).
# This list is shared under CC BY-SA 3.0. given: times the word opens a person name of two words or more;
# person: times it is part of a person name; seen: times it occurs. Read by rasd.stages.places.
name\tgiven\tperson\tseen
"""

# A tagged token: the word and its class, "B-X"/"I-X"/"O" reduced to (X, is_begin) or None.
Tagged = tuple[str, str | None, bool]


@dataclass(slots=True)
class NameCounts:
    """Occurrences of each spelled word: opening a person name, inside one, anywhere, tagged as a place."""

    given: Counter[str]
    person: Counter[str]
    seen: Counter[str]
    place: Counter[str]


def _clean(word: str) -> str:
    return "".join(ch for ch in word if ch not in _MARKS).strip()


def _tag(tag: str) -> tuple[str | None, bool]:
    if tag[:2] in ("B-", "I-"):
        return tag[2:], tag[0] == "B"
    return None, False


def newsfane(path: Path) -> Iterator[list[Tagged]]:
    """The NewsFANE file as one run of tokens (it has no sentence breaks): word, class, whether it opens one."""
    run: list[Tagged] = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        cells = line.split("\t")
        if len(cells) < 2 or not _clean(cells[0]):
            continue
        kind, begin = _tag(cells[-1].strip())
        cls = "PERS" if kind in _NEWSFANE_PERSON else "LOC" if kind in _NEWSFANE_PLACE else None
        run.append((_clean(cells[0]), cls, begin))
    yield run


def wojood(paths: Iterable[Path]) -> Iterator[list[Tagged]]:
    """Sentences of the Wojood sample; of a token's nested tags a person tag wins, then a place tag."""
    for path in paths:
        run: list[Tagged] = []
        for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
            cells = line.split()
            if not cells:
                if run:
                    yield run
                run = []
                continue
            tags = [_tag(t) for t in cells[1:]]
            pers = [b for k, b in tags if k == "PERS"]
            locs = [b for k, b in tags if k in ("GPE", "LOC")]
            cls, begin = ("PERS", pers[0]) if pers else ("LOC", locs[0]) if locs else (None, False)
            run.append((_clean(cells[0]), cls, begin))


def _key(word: str) -> str:
    """The folded word, keeping a final alef maqsura apart (`على` is no `علي`)."""
    maqsura = orthography().alef_maqsura
    return fold(word) + (maqsura if word.endswith(maqsura) else "")


def count(runs: Iterable[Sequence[Tagged]]) -> tuple[NameCounts, dict[str, Counter[str]]]:
    """Counts per key over tagged runs, and the spellings seen for each key."""
    counts = NameCounts(Counter(), Counter(), Counter(), Counter())
    spellings: dict[str, Counter[str]] = {}
    for run in runs:
        name: list[str] = []
        for word, cls, begin in [*run, ("", None, False)]:
            if name and (cls != "PERS" or begin):
                if len(name) > 1:
                    counts.given[name[0]] += 1
                counts.person.update(name)
                name = []
            if not word:
                continue
            key = _key(word)
            spellings.setdefault(key, Counter())[word] += 1
            counts.seen[key] += 1
            if cls == "PERS":
                name.append(key)
            elif cls == "LOC":
                counts.place[key] += 1
    return counts, spellings


def select(counts: NameCounts, cues: Cues) -> list[str]:
    """Keys of the words kept as given names (see the module doc)."""
    connectors, conjunction = cues.words("given_names", "connectors"), cues.get("given_names", "conjunction")
    article = orthography().article

    def ok(key: str) -> bool:
        seen = counts.seen[key]
        return (counts.person[key] >= MIN_PERSON and counts.person[key] >= MIN_SHARE * seen
                and counts.place[key] < MAX_PLACE_SHARE * seen and len(fold(key)) >= 3
                and not key.startswith(article) and key not in connectors)

    kept = {k for k in counts.given if ok(k)}
    return sorted(k for k in kept if not (k.startswith(conjunction) and k[1:] in counts.person))  # وسليمان


def build(shared: Path) -> tuple[list[tuple[str, int, int, int]], NameCounts]:
    """Rows (spelling, given, person, seen) from the corpora under `<shared>/ner/`."""
    ner = shared / "ner"
    runs = [*newsfane(ner / "newsfane_gold" / "NewsFANE_Gold_2014_170K.txt"),
            *wojood(sorted((ner / "wojood_sample").glob("*.txt")))]
    counts, spellings = count(runs)
    rows = [(spellings[k].most_common(1)[0][0], counts.given[k], counts.person[k], counts.seen[k])
            for k in select(counts, Cues.load())]
    return sorted(rows, key=lambda r: (-r[1], fold(r[0]))), counts


def write(rows: Sequence[tuple[str, int, int, int]], path: Path) -> None:
    """Write the lexicon with its header and attribution."""
    body = "".join(f"{name}\t{given}\t{person}\t{seen}\n" for name, given, person, seen in rows)
    path.write_text(_HEADER + body, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Build `given_names.tsv` from a shared data folder."""
    parser = argparse.ArgumentParser(prog="python -m rasd.build.given_names", description=__doc__.split("\n")[0])
    parser.add_argument("shared", type=Path, help="folder holding ner/newsfane_gold and ner/wojood_sample")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    rows, _ = build(args.shared)
    write(rows, args.output)
    print(f"{len(rows)} given names -> {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
