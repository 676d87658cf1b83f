"""Norms: works, versions, provisions, events and sources; the store, status on a date, lifecycle acts and 施行日期."""
