"""Turn bytes into drafts: plain data, no session. See registry.norms.drafts."""
