-- What each host's last successful audit could not check (section 2's not_checked), so that
-- `standard verify --impact` never infers a live value from a property that was not observed.
CREATE TABLE not_checked (
    host     VARCHAR(255) NOT NULL,
    resource VARCHAR(4200) NOT NULL,
    property VARCHAR(64) NOT NULL,
    reason   VARCHAR(64) NOT NULL
);
CREATE INDEX not_checked_host ON not_checked (host);
