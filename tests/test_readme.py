"""The README's first screen runs as written: `make demo` and `make serve`, with this environment's rasd (make is
told the virtual environment is installed, so nothing is reinstalled) in a folder of their own, so the README and
the Makefile cannot drift from what rasd does."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _first_screen() -> list[str]:
    """The make targets of the README's first code block."""
    block = re.search(r"```sh\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    assert block is not None
    return [line.split()[1] for line in block.group(1).splitlines() if line.startswith("make ")]


@pytest.fixture
def here(tmp_path: Path) -> Path:
    """A folder with what the Makefile reads, and this checkout first on the path of the rasd it runs."""
    if shutil.which("make") is None or not (BIN / "rasd").exists():
        pytest.skip("needs make and the rasd command of this environment")
    for name in ("Makefile", "pyproject.toml", "constraints.txt"):
        shutil.copy2(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    return tmp_path


def _make(here: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    env.pop("RASD_DB", None)
    return subprocess.run(["make", "--no-print-directory", "-o", f"{BIN}/.installed", f"BIN={BIN}", *args],
                          cwd=here, env=env, capture_output=True, text=True, timeout=600, check=False)


def test_the_first_screen_names_the_targets_tested_here() -> None:
    assert _first_screen()[:2] == ["demo", "serve"]


def test_make_demo_extracts_stores_and_gives_a_reviewer_token(here: Path) -> None:
    done = _make(here, "demo")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert "token, shown only now" in done.stdout and "make serve" in done.stdout
    assert (here / "out" / "demo.sqlite").is_file()
    from rasd.store import open_store

    with open_store(str(here / "out" / "demo.sqlite")) as store:
        assert store.count("articles") == len((here / "examples" / "reports.jsonl").read_text().splitlines())
        assert store.count("events") > 0 and [u.name for u in store.users()] == ["demo"]


def test_make_serve_serves_the_demo_store(here: Path) -> None:
    assert _make(here, "demo").returncode == 0
    dry = _make(here, "-n", "serve")
    (command,) = [line for line in dry.stdout.splitlines() if " serve " in line]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    env.pop("RASD_DB", None)
    server = subprocess.Popen([*shlex.split(command), "--port", str(port)], cwd=here, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/events?limit=1", timeout=5) as answer:
                    assert json.load(answer)["total"] > 0
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("make serve's command did not answer")
                time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(timeout=30)
