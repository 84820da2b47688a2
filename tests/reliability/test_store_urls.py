"""Store URLs: unknown schemes refused with a clear message, passwords never shown, a foreign file left alone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rasd.cli import main
from rasd.errors import ConfigError
from rasd.store import mask_url, open_store


@pytest.mark.parametrize(("url", "shown"), [
    ("postgresql://rasd:s3cret@db.example:5432/rasd", "postgresql://rasd:***@db.example:5432/rasd"),
    ("postgres://u:p%40ss@h/db?sslmode=require", "postgres://u:***@h/db?sslmode=require"),
    ("postgresql://rasd@h/db?password=s3cret&sslmode=require", "postgresql://rasd@h/db?password=***&sslmode=require"),
    ("postgresql://rasd@h/db", "postgresql://rasd@h/db"),
    ("sqlite:///var/rasd/rasd.sqlite", "sqlite:///var/rasd/rasd.sqlite"),
    ("out/rasd.sqlite", "out/rasd.sqlite"),
])
def test_mask_url_hides_only_the_password(url: str, shown: str) -> None:
    assert mask_url(url) == shown


@pytest.mark.parametrize("url", ["mysql://root:s3cret@h/x", "mongodb://h/x", "HTTP://example.org/db"])
def test_an_unknown_scheme_is_refused_and_creates_nothing(url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match="is not a store rasd knows"):
        open_store(url)
    assert main(["export", "--db", url, "--format", "csv", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "s3cret" not in err and "sqlite:///path" in err and "Traceback" not in err
    assert os.listdir(tmp_path) == []


def test_a_file_that_is_no_sqlite_store_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    other = tmp_path / "notes.sqlite"
    other.write_text("a text file, not a database\n" * 100)
    with pytest.raises(ConfigError, match="is not a SQLite store"):
        open_store(str(other))
    assert other.read_text() == "a text file, not a database\n" * 100


def test_a_failed_postgresql_connection_does_not_print_the_password() -> None:
    with pytest.raises(ConfigError) as caught:
        open_store("postgresql://rasd:s3cret@127.0.0.1:1/rasd?connect_timeout=2")
    assert "s3cret" not in str(caught.value) and "rasd:***@127.0.0.1:1" in str(caught.value)
