"""rasd: Arabic conflict reporting to geocoded, de-duplicated event records.

    >>> import rasd
    >>> result = rasd.extract("قصفت قوات النظام بلدة كفرنبل بريف إدلب أمس", published=date(2024, 5, 2))

Importing rasd loads nothing; resources are loaded on the first extraction and kept.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["Document", "Event", "Result", "Settings", "Signal", "__version__", "extract"]

_LAZY = {
    "extract": ("rasd.extraction", "extract"),
    "Result": ("rasd.extraction", "Result"),
    "Document": ("rasd.document", "Document"),
    "Event": ("rasd.event", "Event"),
    "Signal": ("rasd.event", "Signal"),
    "Settings": ("rasd.settings", "Settings"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        module, attr = _LAZY[name]
        return getattr(import_module(module), attr)
    raise AttributeError(f"module 'rasd' has no attribute {name!r}")
