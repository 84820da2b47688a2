"""Trained models shipped with rasd: JSON weights and a card (data, hash, cross-validated scores) each."""
