"""Moved to `rasd.events.scenes`; this name is kept for the imports that still use it."""

from rasd.events.scenes import *  # noqa: F403
from rasd.events.scenes import __all__  # noqa: F401
