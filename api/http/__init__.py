"""The REST API: app, one error handler, dependencies, routes."""
