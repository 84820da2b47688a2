"""What the store derives from a text: its searchable folded copy, its identity hash and its MinHash signature.

Near-duplicate reprints are found with MinHash over word 3-gram shingles of the folded text and LSH bands
(64 hashes, 16 bands of 4: two texts with Jaccard similarity 0.8 share a band with probability 0.9998).
Hand-rolled rather than `datasketch`, which would bring numpy and scipy for forty lines of arithmetic.
"""

from __future__ import annotations

import hashlib
import random
from functools import cache

from rasd.clitics import variants
from rasd.normalize import fold

__all__ = ["BANDS", "REPRINT_SIMILARITY", "bands", "minhash", "search_text", "similarity", "text_hash"]

PERMUTATIONS = 64
BANDS = 16
REPRINT_SIMILARITY = 0.7
_PRIME = (1 << 61) - 1
_SHINGLE = 3


def search_text(text: str) -> str:
    """The folded text with each word's clitic-free forms beside it (`وبالقلمون` also as `قلمون`), for search."""
    words = []
    for word in fold(text).split():
        words.append(word)
        words.extend(core for core, _, _ in variants(word)[1:])
    return " ".join(words)


def text_hash(text: str) -> str:
    """The identity of a text after normalisation: the same words in the same order hash the same."""
    return hashlib.sha256(fold(text).encode("utf-8")).hexdigest()


@cache
def _coefficients() -> tuple[tuple[int, int], ...]:
    rng = random.Random(20240601)  # fixed: signatures must be comparable across runs and machines
    return tuple((rng.randrange(1, _PRIME), rng.randrange(0, _PRIME)) for _ in range(PERMUTATIONS))


def minhash(text: str) -> tuple[int, ...]:
    """The MinHash signature of a text's word shingles."""
    words = fold(text).split()
    grams = {" ".join(words[i : i + _SHINGLE]) for i in range(max(1, len(words) - _SHINGLE + 1))}
    hashes = [int.from_bytes(hashlib.blake2b(g.encode("utf-8"), digest_size=8).digest(), "big") for g in grams]
    return tuple(min((a * h + b) % _PRIME for h in hashes) for a, b in _coefficients())


def bands(signature: tuple[int, ...]) -> list[str]:
    """LSH band keys: texts sharing a key are candidate near-duplicates."""
    rows = len(signature) // BANDS
    return [
        f"{i}:{hashlib.blake2b(repr(signature[i * rows:(i + 1) * rows]).encode(), digest_size=8).hexdigest()}"
        for i in range(BANDS)
    ]


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)
