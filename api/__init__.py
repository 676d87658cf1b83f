"""How people talk to lexreg: CLI, REST API, web pages, Word reports."""
