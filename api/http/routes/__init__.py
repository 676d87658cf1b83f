"""REST routes, one module per concept; each only translates to registry/services calls."""
