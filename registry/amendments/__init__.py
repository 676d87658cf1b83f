"""Amendments: 修改决定 as typed operations, the pure engine that applies them to a text tree, and applying a decision to the store."""
