"""Benchmarks: extraction speed (`rasd bench`), the events API (`rasd bench-api`), the store's filtered query
(`rasd bench-store`) and cross-source merging (`python -m rasd.bench.merge`)."""
