"""rasd: Arabic conflict reporting to geocoded, de-duplicated event records."""

__version__ = "0.1.0"
