-- A cluster's run is judged against one revision of the standard on every node: the one its starter admitted
-- (null: an unsigned run). A node whose own admitted revision differs claims none of that run's shards.
ALTER TABLE cluster_runs ADD COLUMN revision VARCHAR(128);
