-- Records found self-approved (their approver is the probable actor of a drift they approve), by id and the
-- sha256 of the record file: with signoff.self_approved: refuse, that exact record approves nothing from the next
-- run on (a re-signed edit is judged again). Never pruned.
CREATE TABLE self_approved (
    record_id   VARCHAR(64) NOT NULL,
    sha256      VARCHAR(80) NOT NULL,
    flagged_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (record_id, sha256)
);
