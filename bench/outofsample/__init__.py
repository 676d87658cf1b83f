"""The frozen out-of-sample set for applying 修改决定 (issue 15): triples.csv, decisions/, SHA256SUMS."""
