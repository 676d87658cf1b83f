"""The web page for legal staff: templating, pages, templates, static files."""
