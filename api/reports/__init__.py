"""Word outputs."""
