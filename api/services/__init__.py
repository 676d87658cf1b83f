"""Orchestration that joins ingest and registry, called by CLI and HTTP alike: ingest batches, applying a decision file, refreshing derived data, the citation pass."""
