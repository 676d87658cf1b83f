"""Core values every other part of the registry builds on: ids, numerals, levels, titles, dates, errors, settings, the engine. Imports nothing above it."""
