"""Every `rasd` command written in the README and the user's docs is one rasd takes: each is parsed by rasd's own
argument parser (a renamed command or option fails here), and those that need no data of the user's run as written."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from rasd.cli import _parser, main

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "rasd" / "docs").glob("*.md"))]
# A command, at the start of a line or after a pipe, up to a comment (two spaces and #) or the end of the line.
_COMMAND = re.compile(r"(?:^|\|\s*)(rasd\s.*?)(?:\s{2,}#.*)?$")
# Commands that run as written, with nothing but rasd itself.
_RUNNABLE = ("settings", "places", "actors")


def _commands() -> list[tuple[str, str]]:
    found = []
    for path in DOCS:
        for block in re.findall(r"```[a-z]*\n(.*?)```", path.read_text(encoding="utf-8"), re.S):
            for line in block.replace("\\\n", " ").splitlines():
                match = _COMMAND.search(line.strip())
                if match:
                    found.append((path.name, match.group(1).strip()))
    return found


COMMANDS = _commands()


def test_the_docs_hold_commands_of_every_kind() -> None:
    verbs = {shlex.split(command)[1] for _, command in COMMANDS}
    assert {"extract", "ingest", "export", "serve", "train", "watches", "dev", "backfill"} <= verbs


@pytest.mark.parametrize(("doc", "command"), COMMANDS, ids=[f"{d}:{c[:60]}" for d, c in COMMANDS])
def test_each_documented_command_is_one_rasd_takes(doc: str, command: str) -> None:
    argv = shlex.split(command)[1:]
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:
        pytest.fail(f"{doc}: `{command}` is refused by rasd's parser (exit {exit_.code})")
    assert callable(args.func)


@pytest.mark.parametrize(("doc", "command"), [(d, c) for d, c in COMMANDS if shlex.split(c)[1] in _RUNNABLE],
                         ids=lambda value: str(value)[:60])
def test_commands_that_need_no_data_run_as_written(doc: str, command: str, capsys: pytest.CaptureFixture[str]
                                                    ) -> None:
    assert main(shlex.split(command)[1:]) == 0, f"{doc}: `{command}` failed"
    assert capsys.readouterr().out.strip()
