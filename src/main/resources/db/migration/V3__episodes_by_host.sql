-- Episodes are looked up by host (history --host H); the resource and property filter runs over that host's rows.
-- A key over the long resource text cost every run's inserts and its commit more than it saved any query.
DROP INDEX episodes_key;
CREATE INDEX episodes_host ON episodes (host);
