"""Citations: records, resolution to the version in force, the graph, and the citation pass."""
