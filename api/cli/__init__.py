"""The lexreg command: main, common helpers, command groups."""
