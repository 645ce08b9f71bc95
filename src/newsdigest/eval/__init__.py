"""Benchmarks and gold-set scorers. Imports the product; the product never imports this."""
