-- The highest approvals index seen per source (standards, approvals_dir): its serial, digest and bytes. The floor a
-- rolled-back or pruned approvals source is judged against, like revisions for the standard. Never pruned: a
-- tombstone the kept index lists stays withdrawn for good.
CREATE TABLE approvals_floor (
    source VARCHAR(32) PRIMARY KEY,
    serial BIGINT NOT NULL,
    digest VARCHAR(80) NOT NULL,
    index_bytes BYTEA NOT NULL,
    seen_at TIMESTAMP WITH TIME ZONE NOT NULL
);
