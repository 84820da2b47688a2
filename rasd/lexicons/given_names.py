"""The given names of `lexicons/given_names.tsv` (compiled by `rasd.given_names_build`), folded for matching."""

from __future__ import annotations

from collections.abc import Mapping

from rasd.lexicons import read_tsv
from rasd.normalize import fold
from rasd.orthography import orthography

__all__ = ["load_given_names"]


def load_given_names() -> Mapping[str, bool]:
    """Folded given names, each with whether it may end in alef maqsura (عيسى; but على is no علي)."""
    # Folding reads alef maqsura as ya; a name of the list that ends in it (عيسى) says the raw word may too.
    maqsura = orthography().alef_maqsura
    out: dict[str, bool] = {}
    for name, *_ in read_tsv("given_names.tsv", columns=4):
        key = fold(name)
        out[key] = out.get(key, False) or name.endswith(maqsura)
    return out
