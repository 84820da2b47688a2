"""Count in how many articles of an Arabic conflict-news corpus each word occurs, into `lexicons/word_df.tsv`.

The cross-source merge weighs the words two reports' passages share by their rarity (`rasd.merge.story_overlap`):
words every report uses (قصف، قوات، مدنيين) say little, a village's or a victim's name says much. Words are read
as the merge reads them (`rasd.merge.passage_words`); those in fewer than `MIN_DOCUMENTS` articles are left out
and weigh as the rarest.

Source (only word counts are kept; no sentence): the ANT corpus v2.1 articles on the Syrian conflict of 2018
(Chouigui et al.), `corpora/ant_2018_syria_conflict.jsonl` under the shared data folder; cite it when you reuse
the counts.

Run: `python -m rasd.build.word_df ../shared/data [--output rasd/lexicons/word_df.tsv]`. The output is sorted,
so the same input gives the same bytes.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from rasd.merge import passage_words

__all__ = ["MIN_DOCUMENTS", "count", "main", "write"]

OUTPUT = Path(__file__).parent.parent / "lexicons" / "word_df.tsv"
CORPUS = Path("corpora") / "ant_2018_syria_conflict.jsonl"
MIN_DOCUMENTS = 10
_HEADER = """\
# Document frequencies of words in 1,979 articles of 2018 on the Syrian conflict (ANT corpus v2.1, Chouigui et al.),
# compiled by `python -m rasd.build.word_df`; words as rasd.merge.passage_words reads them. The first row counts
# the articles. Read by rasd.merge (story_overlap).
word\tdocuments
"""


def count(texts: Iterable[str]) -> tuple[int, Counter[str]]:
    """How many texts there are, and in how many of them each word occurs."""
    documents, frequency = 0, Counter[str]()
    for text in texts:
        documents += 1
        frequency.update(passage_words(text))
    return documents, frequency


def write(documents: int, frequency: Counter[str], output: Path, *, minimum: int = MIN_DOCUMENTS) -> int:
    """Write the table (the article count first, then words by falling frequency); return the words written."""
    kept = sorted(((w, n) for w, n in frequency.items() if n >= minimum), key=lambda wn: (-wn[1], wn[0]))
    lines = [f"(articles)\t{documents}", *(f"{w}\t{n}" for w, n in kept)]
    output.write_text(_HEADER.replace("1,979", f"{documents:,}") + "\n".join(lines) + "\n", encoding="utf-8")
    return len(kept)


def _texts(path: Path) -> Iterable[str]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield str(json.loads(line).get("text") or "")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rasd.build.word_df", description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path, help="the shared data folder (holding corpora/)")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    documents, frequency = count(_texts(args.data / CORPUS))
    written = write(documents, frequency, args.output)
    print(f"{documents} articles, {written} words -> {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
