"""Who may change the record: tokens and roles.

A token is a secret handed to one person or script, stored only as a hash, with
one role. Roles are ordered by what they may write:
- reader: reads (only needed when reads are closed by a setting);
- editor: ingest, amend, repeal, expire, metadata;
- reviewer: finding states, clean-up decisions, evaluations;
- admin: everything, and tokens.
`allows(role, action)` is the one rule; the HTTP layer asks it for every write.
"""

from registry.access.roles import ACTIONS, ROLES, allows, needed_roles
from registry.access.tokens import Token, create_token, find_token, list_tokens, revoke_token

__all__ = ["ACTIONS", "ROLES", "Token", "allows", "create_token", "find_token", "list_tokens", "needed_roles",
           "revoke_token"]
