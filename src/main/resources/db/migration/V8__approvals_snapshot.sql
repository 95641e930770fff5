-- The last good copy of each approvals source (standards, approvals_dir): what the daemon judges again, with the
-- current keys and clock, while the source itself cannot be used (unreadable, emptied, flooded, rolled back), so
-- that a failing source withdraws nothing. Replaced when the source changes; never pruned.
CREATE TABLE approvals_snapshot (
    source VARCHAR(32) PRIMARY KEY,
    digest VARCHAR(80) NOT NULL,
    taken_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE TABLE approvals_snapshot_files (
    source VARCHAR(32) NOT NULL,
    name VARCHAR(300) NOT NULL,
    content BYTEA NOT NULL,
    PRIMARY KEY (source, name)
);
