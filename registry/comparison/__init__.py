"""Comparing versions: the one article alignment used by 新旧对照, history, impact and the citation checks."""
