"""Nothing loads behind `Resources`: once they are built, extracting, dating a page and storing read no file of
rasd's, and no module keeps a cached loader."""

from __future__ import annotations

import ast
import builtins
import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import rasd
from rasd.extraction import build_pipeline, extract
from rasd.merge import day_clues
from rasd.sources.html import publication
from rasd.store import ArticleRecord, open_store
from tests.conftest import bundled

PACKAGE = Path(rasd.__file__).resolve().parent

# Sentences of ours that reach every stage: triggers, places, actors, dates, numbers, casualties and events.
TEXTS = [
    "قصفت قوات النظام بلدة كفرنبل صباح اليوم، ما أدى إلى مقتل ثلاثة مدنيين بينهم طفلان وإصابة خمسة آخرين.",
    "اندلعت اشتباكات يوم الخميس الماضي بين فصائل المعارضة وقوات النظام في محيط مدينة سراقب.",
    "نشر في 3 آذار 2024. شنت طائرة مسيرة غارة على قرية في ريف إدلب الجنوبي، وقال الدفاع المدني إنه انتشل جثتين.",
]

# The memo caches rasd keeps, each of a pure function of its arguments (or, for `pipeline_for`, the one place a
# Dask worker builds its `Resources`). A cache that loads a data file belongs in `Resources` instead.
PURE_CACHES = {
    "clitics.py:analyse", "clitics.py:variants",  # the readings of one word
    "matcher.py:_unsuffixed",
    "normalize.py:_fold_char",  # one character
    "stages/calendar.py:_forms",
    "events/role_cues.py:_cores",
    "events/scenes.py:_clouds",  # the hashtag clouds of one text
    "store/fingerprint.py:_coefficients",  # seeded random numbers, no file
    "runners/chunks.py:pipeline_for",  # builds `Resources` once per worker process
    "actors.py:_matcher", "actors.py:_local_matcher", "actors.py:_named", "actors.py:_blockers",
    "actors.py:article_only",  # indexes of a loaded lexicon
}


def _reads_of_rasd(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every file of the rasd package opened from now on."""
    opened: list[str] = []
    real = io.open

    def watched(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, str | Path) and Path(file).resolve().is_relative_to(PACKAGE):
            opened.append(str(Path(file).resolve().relative_to(PACKAGE)))
        return real(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", watched)
    monkeypatch.setattr(builtins, "open", watched)
    return opened


def test_extracting_dating_and_storing_read_no_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    resources = bundled()
    pipeline = build_pipeline(resources)
    with open_store(str(tmp_path / "pure.sqlite"), merge=resources.merge) as store:
        opened = _reads_of_rasd(monkeypatch)
        results = [extract(text, id=f"t{n}", published=date(2024, 3, 14), pipeline=pipeline)
                   for n, text in enumerate(TEXTS)]
        undated = extract(TEXTS[1], id="undated", pipeline=pipeline)
        assert any(r.events for r in results) and undated.events
        assert publication(TEXTS[2], words=resources.dates, latest=date(2025, 1, 1)) == (date(2024, 3, 3), "page")
        assert day_clues(TEXTS[2], words=resources.merge)
        for n, result in enumerate([*results, undated]):
            store.add(ArticleRecord(f"a{n}", text=TEXTS[min(n, 2)]), result.events, result.signals)
        assert opened == []


def test_the_watch_sees_a_lexicon_read(monkeypatch: pytest.MonkeyPatch) -> None:
    from rasd.stages.calendar import DateWords

    opened = _reads_of_rasd(monkeypatch)
    DateWords.load(bundled().cues)
    assert "lexicons/calendar.tsv" in opened


def _cached(tree: ast.Module) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for deco in node.decorator_list:
                target = deco.func if isinstance(deco, ast.Call) else deco
                name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
                if name in ("cache", "lru_cache", "cached_property"):
                    names.append(node.name)
    return names


def test_every_cache_is_a_pure_memo() -> None:
    found = {f"{path.relative_to(PACKAGE).as_posix()}:{name}"
             for path in sorted(PACKAGE.rglob("*.py")) for name in _cached(ast.parse(path.read_text("utf-8")))}
    assert found == PURE_CACHES
