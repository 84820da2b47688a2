"""Builders of the data files rasd ships: the gazetteer, the given names, the word rarities (run by hand)."""
