"""The cue lists of `rasd/lexicons/cues/`: loaded, folded once, each entry a fixed point of the normaliser."""

from __future__ import annotations

import re

import pytest

from rasd.errors import ResourceError
from rasd.lexicons.cues import Cues
from rasd.normalize import fold, words

CUES = Cues.load()
_ARABIC_WORDS = re.compile(r"^[\u0621-\u064a\u0660-\u0669\u06f0-\u06f9 ]+$")


def test_every_entry_folds_to_what_the_text_gives() -> None:
    for section, name, entry in CUES.entries():
        folded = fold(entry)
        assert fold(folded) == folded, f"{section}.{name}: {entry!r}"
        if _ARABIC_WORDS.match(folded):
            assert " ".join(words(entry)) == folded, f"{section}.{name}: {entry!r} is read as other words"


def test_lists_are_folded_when_loaded() -> None:
    cues = Cues({"sample": {"starts": ["أوائل", "مطلع"], "plural": {"ريفي": "ريف"}, "limit": 3}})
    assert cues.words("sample", "starts") == {"اوايل", "مطلع"}
    assert cues.phrases("sample", "starts") == ("اوايل", "مطلع")
    assert cues.mapping("sample", "plural") == {"ريفي": "ريف"}
    assert cues.get("sample", "limit") == 3
    assert cues.raw("sample", "starts") == ["أوائل", "مطلع"]


def test_a_missing_list_names_the_file_to_fix() -> None:
    cues = Cues({"sample": {"starts": ["مطلع"]}})
    with pytest.raises(ResourceError, match=r"cues/other\.yaml"):
        cues.words("other", "starts")
    with pytest.raises(ResourceError, match=r"'ends' in rasd/lexicons/cues/sample\.yaml"):
        cues.words("sample", "ends")
    with pytest.raises(ResourceError, match="not a mapping"):
        cues.mapping("sample", "starts")
