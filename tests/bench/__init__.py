"""Benchmarks for speed and memory goals (`make bench`), not part of the test suite."""
