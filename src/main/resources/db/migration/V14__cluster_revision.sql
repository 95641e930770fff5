-- A cluster's run is judged against one revision of the standard on every node: the one its starter admitted
-- (null: an unsigned run). A node whose own admitted revision differs claims none of that run's shards. The release
-- that opened it: only nodes of that release claim its shards or finalise it (host results travel between nodes in
-- a form of the release's own), so a rolling upgrade mixes releases safely.
ALTER TABLE cluster_runs ADD COLUMN revision VARCHAR(128);
ALTER TABLE cluster_runs ADD COLUMN release VARCHAR(64);
