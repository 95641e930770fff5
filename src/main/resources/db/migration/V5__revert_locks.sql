-- Never two reverts at once on one host (section 9): a row held while a revert or an undo runs on the host.
-- A row older than the revert's own bound is a crashed holder's and may be taken over.
CREATE TABLE revert_locks (
    host   VARCHAR(255) PRIMARY KEY,
    holder VARCHAR(512) NOT NULL,
    since  TIMESTAMP WITH TIME ZONE NOT NULL
);
-- What puts a revert back (JSON of the undo plan; WRITE content is the row's `kept`), covered by the chain hash.
ALTER TABLE revert_evidence ADD COLUMN undo_plan TEXT;
