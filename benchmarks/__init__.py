"""Benchmarks: extraction quality and speed (not run by the unit tests)."""
