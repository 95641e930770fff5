-- The board's follow-through: one row per stream a receiver keeps a ticket for (an unapproved drift, followed across
-- flaps; a host nobody could audit; a change record). It holds the last sequence number issued, so events keep
-- their numbers and delivery ids across restarts, a second node and a restored copy; the deadline's anchor and the
-- escalation level reached, so a flap or a brief revert never resets a deadline.
CREATE TABLE follow_up_streams (
    stream_id   VARCHAR(40) PRIMARY KEY,
    kind        VARCHAR(8) NOT NULL,
    stream_key  VARCHAR(5000) NOT NULL,
    opened_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    anchor_at   TIMESTAMP WITH TIME ZONE,
    standard    VARCHAR(255),
    level       INT NOT NULL,
    reminded_at TIMESTAMP WITH TIME ZONE,
    seq         BIGINT NOT NULL,
    state       VARCHAR(10) NOT NULL,
    cause       VARCHAR(16),
    resolved_at TIMESTAMP WITH TIME ZONE,
    marker      VARCHAR(80)
);
-- Present once the store follows streams: before it, the first run's open drifts start their streams as a baseline.
CREATE TABLE follow_up_tracked (
    since       TIMESTAMP WITH TIME ZONE NOT NULL
);
