"""The optional parts of rasd, the modules each needs, and the error that names the extra to install.

The core (`pip install rasd`) reads, extracts, ingests into SQLite and exports; the extras of pyproject.toml add
the rest. A command that needs an extra calls `require` before importing it, so a missing package is a one-line
message with the install command instead of a traceback.
"""

from __future__ import annotations

from importlib.util import find_spec

from rasd.errors import ConfigError

__all__ = ["EXTRAS", "require"]

# Extra -> the top-level modules it installs that rasd imports.
EXTRAS: dict[str, tuple[str, ...]] = {
    "server": ("fastapi", "uvicorn"),
    "postgres": ("psycopg",),
    "backfill": ("distributed", "pyarrow"),
    "train": ("sklearn",),
}


def require(extra: str, *, purpose: str) -> None:
    """Raise a `ConfigError` naming `pip install 'rasd[extra]'` when a module of that extra is not installed."""
    missing = [module for module in EXTRAS[extra] if find_spec(module) is None]
    if missing:
        raise ConfigError(f"{purpose} needs {' and '.join(missing)}, which {'is' if len(missing) == 1 else 'are'} "
                          f"not installed: pip install 'rasd[{extra}]'")
