"""Benchmarks and held-out evaluations (make eval, make bench)."""
