from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from rasd.errors import ConfigError
from rasd.settings import SETTINGS, Settings

README = Path(__file__).resolve().parents[1] / "README.md"


def test_every_setting_is_declared_with_its_default() -> None:
    declared = {s.name: s.default for s in SETTINGS}
    assert declared == {f.name: getattr(Settings(), f.name) for f in fields(Settings)}


def test_readme_lists_every_setting() -> None:
    text = README.read_text(encoding="utf-8")
    missing = [s.name for s in SETTINGS if f"`{s.name}`" not in text]
    assert not missing, f"README.md does not document {missing}"


def test_environment_and_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASD_HISTORICAL_DAYS", "10")
    monkeypatch.setenv("RASD_CARRY_PLACE", "false")
    s = Settings.load(min_confidence=0.5)
    assert (s.historical_days, s.carry_place, s.min_confidence) == (10, False, 0.5)


def test_bad_values_are_config_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASD_MAX_CHARS", "many")
    with pytest.raises(ConfigError, match="RASD_MAX_CHARS"):
        Settings.load()
    monkeypatch.delenv("RASD_MAX_CHARS")
    with pytest.raises(ConfigError, match="unknown settings"):
        Settings.load(colour="red")
