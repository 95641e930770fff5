-- Revert evidence (section 9): append-only, each row chained to the previous one by sha256, so an edited or
-- deleted row breaks the chain. Retention never prunes it. `kept` holds the bytes a revert replaced (never
-- for sensitive files, which are quarantined root-only on the host instead).
CREATE TABLE revert_evidence (
    id              BIGINT PRIMARY KEY,
    at              TIMESTAMP WITH TIME ZONE NOT NULL,
    host            VARCHAR(255) NOT NULL,
    resource        VARCHAR(4200) NOT NULL,
    operator_uid    VARCHAR(32) NOT NULL,
    operator_login  VARCHAR(255) NOT NULL,
    key_fingerprint VARCHAR(255) NOT NULL,
    reason          VARCHAR(2000) NOT NULL,
    change_id       VARCHAR(64),
    plan_sha256     VARCHAR(64) NOT NULL,
    plan_text       TEXT NOT NULL,
    output          TEXT NOT NULL,
    outcome         VARCHAR(32) NOT NULL,
    undoes          BIGINT,
    kept            BYTEA,
    prev_hash       VARCHAR(64) NOT NULL,
    hash            VARCHAR(64) NOT NULL
);
CREATE INDEX revert_evidence_host ON revert_evidence (host);
