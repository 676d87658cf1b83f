"""The states of a citation and of a finding: plain names, no table (search reads them too)."""

# resolution states
RESOLVED = "resolved"  # work, version and (if cited) provision found
PARTIAL = "partial"  # the work is found, the cited provision is not in its version
UNRESOLVED = "unresolved"  # no work: not in the store, or ambiguous
GENERIC = "generic"  # a class of norms (有关法律、行政法规): nothing to resolve

# finding states
OPEN, CONFIRMED, DISMISSED = "open", "confirmed", "dismissed"
FINDING_STATES = (OPEN, CONFIRMED, DISMISSED)
