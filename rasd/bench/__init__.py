"""Benchmarks: extraction speed (`rasd dev bench`), the events API (`rasd dev bench-api`), the store's filtered query
(`rasd dev bench-store`) and cross-source merging (`python -m rasd.bench.merge`)."""
