-- What is approved, as the last run saw it: each record's sha256, status (effective, refused, withdrawn) and
-- refusal reason. The next run compares against it to tell the board of every change exactly once.
CREATE TABLE approval_states (
    record_id   VARCHAR(64) PRIMARY KEY,
    sha256      VARCHAR(80),
    status      VARCHAR(16) NOT NULL,
    reason      VARCHAR(64),
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
-- Every change of what is approved, append-only and hash-chained like revert_evidence: never updated, never
-- pruned by store.retention.
CREATE TABLE approval_log (
    id          BIGINT PRIMARY KEY,
    at          TIMESTAMP WITH TIME ZONE NOT NULL,
    run_id      VARCHAR(64) NOT NULL,
    record_id   VARCHAR(64) NOT NULL,
    event       VARCHAR(16) NOT NULL,
    sha256      VARCHAR(80),
    source      VARCHAR(32),
    reason      VARCHAR(64),
    signers     VARCHAR(4000) NOT NULL,
    hosts       VARCHAR(4000) NOT NULL,
    prev_hash   VARCHAR(64) NOT NULL,
    hash        VARCHAR(64) NOT NULL
);
CREATE INDEX approval_log_record ON approval_log (record_id);
