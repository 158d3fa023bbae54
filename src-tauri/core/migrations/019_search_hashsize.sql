-- FTS5 gathers new index entries in memory and writes them out as a segment each time they pass
-- `hashsize` (1 MiB by default); a large import then wrote hundreds of small segments and merged
-- them as it went. At 8 MiB a statewide first import's search rows took less time
-- (BENCHMARKS.md, 2026-12-02), and a real ballot's import never holds that much. The setting is
-- kept in the index's own config table.
INSERT INTO search(search, rank) VALUES ('hashsize', 8388608);
