"""The events unit: candidates, scenes, roles, casualties, assembly, notes."""
