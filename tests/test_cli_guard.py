"""Every subcommand, given bad arguments, exits 2 with a plain message and no traceback.

The commands are listed from the parser, so a new command fails `test_every_command_has_bad_arguments` until it
gets its bad arguments here.
"""

from __future__ import annotations

import argparse
import io
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from rasd.cli import _parser, main
from rasd.errors import RasdError, StoreError
from rasd.store import open_store
from rasd.store.base import EventFilter

# Paths are relative to the test's folder (the test runs there); none of them exists.
BAD: dict[tuple[str, ...], list[list[str]]] = {
    ("extract",): [["-i", "missing.jsonl"], ["-i", "-", "--published", "2024-13-01"],
                   ["-i", "-", "-o", "no-folder/out.jsonl"]],
    ("evaluate",): [["missing-gold.jsonl", "missing-pred.jsonl"]],
    ("settings",): [["--bogus"]],
    ("dev", "bench"): [["missing.jsonl"], ["--limit", "many"]],
    ("bench",): [["missing.jsonl"]],  # the hidden old name of dev bench
    ("backfill",): [["missing.jsonl", "-o", "out", "--workers", "0"]],
    ("gazetteer", "build"): [["--source", "missing-folder", "--output", "g.json"]],
    ("gazetteer", "import"): [["--places", "missing.tsv", "--output", "g.json"], ["--output", "g.json"]],
    ("places",): [[]],
    ("actors",): [["نص", "--date", "2024-02-30"]],
    ("ingest",): [["missing.jsonl", "--db", "new.sqlite"], ["missing.txt", "--published", "yesterday"]],
    ("watch",): [["--feeds", "missing.toml", "--once"]],
    ("export",): [["--db", "typo.sqlite"], ["--input", "missing.jsonl"], ["--input", "-", "--since", "2024-1-1"],
                  ["--input", "-", "--state", "approved"], ["--input", "-", "--type", "Battels"],
                  ["--input", "-", "--sub-type", "air-strike"], ["--db", "here.sqlite", "--admin1", "Idleb"],
                  ["--input", "-", "-o", "no-folder/out.csv"], ["--input", "-", "--country", "Syira"]],
    ("serve",): [["--db", "typo.sqlite"], ["--port", "http"], ["--db", "here.sqlite", "--port", "in-use"]],
    ("users", "add"): [["ana", "--role", "owner"], ["ana", "--db", "a-file/under-a-file.sqlite"]],
    ("users", "list"): [["--db", "typo.sqlite"], []],
    ("dev", "bench-length"): [["--sizes", "big"], ["--sizes", "62,0"], ["--repeat", "0"], ["--shape", "poem"]],
    ("dev", "bench-api"): [["--events", "many"]],
    ("dev", "bench-store"): [["--repeat", "often"]],
    ("dev", "bench-page"): [["--repeat", "0"], ["--browser", "no-such-browser"]],
    ("dev", "bench-watch"): [["--reports", "many"]],
    ("watches", "add"): [["Idlib", "--user", "ghost", "--db", "here.sqlite"], ["Idlib", "--db", "here.sqlite"],
                         ["Idlib", "--user", "ana", "--db", "here.sqlite", "--bbox", "40,0,30,1"],
                         ["Idlib", "--user", "ana", "--db", "here.sqlite", "--polygon", "missing.geojson"],
                         ["Idlib", "--user", "ana", "--db", "typo.sqlite"]],
    ("watches", "list"): [["--db", "typo.sqlite"]],
    ("watches", "remove"): [["w-0", "--user", "ana", "--db", "here.sqlite"]],
    ("watches", "deliver"): [["--db", "typo.sqlite"]],
    ("train",): [["--from-store", "typo.sqlite"], ["--recipe", "missing.toml"], ["--cv", "five"]],
}


def _commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """The leaf commands under `parser` (`users add`, not `users`)."""
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        return [prefix]
    return [leaf for name, p in subs[0].choices.items() for leaf in _commands(p, (*prefix, name))]


def test_every_command_has_bad_arguments() -> None:
    assert set(_commands(_parser())) == set(BAD)


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty folder, with the default store there too, and `rasd serve` never listening."""
    import uvicorn

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RASD_DB", str(tmp_path / "default.sqlite"))
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: pytest.fail("serve started on a bad argument"))
    open_store(str(tmp_path / "here.sqlite")).close()
    (tmp_path / "a-file").write_text("not a folder\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("command", "argv"), [(c, a) for c, cases in BAD.items() for a in cases],
                         ids=lambda v: " ".join(v))
def test_bad_arguments_exit_2_with_one_message(command: tuple[str, ...], argv: list[str], elsewhere: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    listening = socket.create_server(("127.0.0.1", 0))
    argv = [str(listening.getsockname()[1]) if a == "in-use" else a for a in argv]
    try:
        status = main([*command, *argv])
    except SystemExit as exc:  # argparse's own errors
        status = exc.code  # type: ignore[assignment]
    finally:
        listening.close()
    err = capsys.readouterr().err
    assert status == 2, err
    assert "Traceback" not in err
    assert err.strip(), "no message"
    assert not (elsewhere / "typo.sqlite").exists(), "a store was made where one was to be read"


def test_the_installed_command_prints_no_traceback(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "rasd.cli", "export", "--db", str(tmp_path / "typo.sqlite")],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert done.stdout == ""


def test_an_unreachable_postgresql_is_one_line_without_its_password(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--db", "postgresql://rasd:s3cret@127.0.0.1:1/rasd"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err and "s3cret" not in err
    assert "cannot connect to PostgreSQL" in err and "check the URL and the server" in err


def test_debug_shows_the_traceback_of_a_failure(elsewhere: Path) -> None:
    with pytest.raises(RasdError, match=r"typo\.sqlite"):
        main(["--debug", "export", "--db", "typo.sqlite"])


def test_postgresql_going_away_is_one_line_saying_what_to_do(tmp_path: Path) -> None:
    # The server ends the store's session (as a restart would): the next query says so in one line, and the API
    # answers 503 in its error shape rather than 500.
    import psycopg
    from fastapi.testclient import TestClient

    from tests.conftest import web_app
    from tests.test_store import open_test_store

    with open_test_store("postgres", tmp_path) as pg:
        with psycopg.connect(pg.url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pg._conn.info.backend_pid,))  # type: ignore[attr-defined]
        response = TestClient(web_app(pg), raise_server_exceptions=False).get("/api/events")
        assert response.status_code == 503 and response.json()["error"]["code"] == "store_unavailable"
        with pytest.raises(StoreError) as failure:
            pg.events(EventFilter())
        message = str(failure.value)
        assert "\n" not in message and "run the same command again" in message and ":rasd@" not in message
