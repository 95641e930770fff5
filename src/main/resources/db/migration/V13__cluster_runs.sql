-- The hourly run shared by a cluster (schedule.cluster: true, on PostgreSQL only; unused by a single node). One row
-- per scheduled time (two nodes cannot both start it), its shards as rows that nodes claim under a lease timed by
-- the database's clock, and each shard attempt's host results until the run is finalised. The attempt number fences
-- a node that stalled and woke up: only the attempt that completed counts.
CREATE TABLE cluster_runs (
    run_id        VARCHAR(64) PRIMARY KEY,
    scheduled_for TIMESTAMP WITH TIME ZONE NOT NULL UNIQUE,
    started_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    deadline_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    started_by    VARCHAR(255) NOT NULL,
    state         VARCHAR(16) NOT NULL,
    finalised_by  VARCHAR(255),
    finalised_at  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX cluster_runs_state ON cluster_runs (state);

CREATE TABLE cluster_shards (
    run_id      VARCHAR(64) NOT NULL,
    shard       INT NOT NULL,
    hosts_text  TEXT NOT NULL,
    state       VARCHAR(16) NOT NULL,
    attempt     INT NOT NULL,
    owner       VARCHAR(255),
    lease_until TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (run_id, shard)
);
CREATE INDEX cluster_shards_state ON cluster_shards (state);

CREATE TABLE cluster_results (
    run_id  VARCHAR(64) NOT NULL,
    shard   INT NOT NULL,
    attempt INT NOT NULL,
    host    VARCHAR(255) NOT NULL,
    result  BYTEA NOT NULL,
    PRIMARY KEY (run_id, shard, attempt, host)
);
