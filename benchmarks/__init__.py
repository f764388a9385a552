"""Benchmarks: a reproducible corpus and one script that measures dinaction against its peers."""
