"""Where articles come from: files, directories and standard input (HTML pages and feeds later)."""

from rasd.sources.files import ArticleIn, Item, Rejected, decode, read_articles

__all__ = ["ArticleIn", "Item", "Rejected", "decode", "read_articles"]
