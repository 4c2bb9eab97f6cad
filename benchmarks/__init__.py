"""Benchmarks: speed is a measured property of the product, run with `make bench`."""
