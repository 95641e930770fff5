-- Each entry of an exclusive directory is a drift of its own: (file:/etc/sudoers.d, unmanaged-entry/NAME), so a
-- property is no longer a short word.
ALTER TABLE episodes ALTER COLUMN property SET DATA TYPE VARCHAR(400);
ALTER TABLE recently_closed ALTER COLUMN property SET DATA TYPE VARCHAR(400);
ALTER TABLE not_checked ALTER COLUMN property SET DATA TYPE VARCHAR(400);
-- history.resolve_after: the clean runs an episode has seen in a row without closing yet.
ALTER TABLE episodes ADD COLUMN clean_runs INT DEFAULT 0 NOT NULL;
-- email.routes and the digest: a mail's own recipients (empty: email.to only).
ALTER TABLE outbox ADD COLUMN recipients VARCHAR(4000);
