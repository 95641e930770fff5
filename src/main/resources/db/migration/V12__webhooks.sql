-- The webhook outbox: one row per (endpoint, event), queued in the transaction that records the run. A row is
-- pending until delivered (the endpoint answered 2xx, or 409: it had the id), dead (refused for good), or coalesced
-- into a newer value_changed of its stream. delivery_id is deterministic (episode, event, sequence number), so a
-- restored copy of the store or a second node sends the same id, and the receiver drops what it has seen.
CREATE TABLE webhook_deliveries (
    id              BIGINT PRIMARY KEY,
    endpoint        VARCHAR(32) NOT NULL,
    delivery_id     VARCHAR(32) NOT NULL,
    stream_id       VARCHAR(40) NOT NULL,
    seq             BIGINT NOT NULL,
    event           VARCHAR(24) NOT NULL,
    payload         VARCHAR(65536) NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    attempts        INT NOT NULL,
    refusals        INT NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
    last_status     INT,
    last_error      VARCHAR(2000),
    delivered_at    TIMESTAMP WITH TIME ZONE,
    dead_at         TIMESTAMP WITH TIME ZONE,
    coalesced_into  VARCHAR(32),
    coalesced_seqs  VARCHAR(1000000),
    UNIQUE (endpoint, delivery_id)
);
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (endpoint, stream_id, seq);
