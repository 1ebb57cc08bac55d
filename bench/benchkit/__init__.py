"""Benchmark harness of image-ingest (Python standard library only)."""
