"""修改决定 text into typed operations (registry.amendments.operations): text units, provision references, the compiler."""
