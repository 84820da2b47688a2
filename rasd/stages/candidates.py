"""Moved to `rasd.events.candidates`; this name is kept for the imports that still use it."""

from rasd.events.candidates import *  # noqa: F403
from rasd.events.candidates import __all__  # noqa: F401
