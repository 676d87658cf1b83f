"""Benchmarks (`make bench`); their writes to throw-away stores are audited as "bench"."""

from registry import audit

audit.set_actor("bench")
