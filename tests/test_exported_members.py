"""The public API is what `rasd.__all__` lists, and each name resolves (httpx's test_exported_members)."""

from __future__ import annotations

import rasd


def test_exported_members() -> None:
    assert sorted(rasd.__all__) == ["Document", "Event", "Result", "Settings", "Signal", "__version__", "extract"]
    for name in rasd.__all__:
        assert getattr(rasd, name) is not None


def test_importing_rasd_loads_nothing() -> None:
    import subprocess
    import sys

    code = "import sys, rasd; print(sorted(m for m in sys.modules if m.startswith('rasd')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['rasd']"
