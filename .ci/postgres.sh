#!/bin/sh
# Starts Debian's PostgreSQL on 127.0.0.1 and creates the test role and database (idempotent).
# The store suite's PostgreSQL half (PostgresStoreIT) connects with these credentials; they are test-only.
set -eu
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null
fi
version=$(ls /etc/postgresql | sort -n | tail -1)
pg_ctlcluster "$version" main start 2>/dev/null || pg_ctlcluster "$version" main status >/dev/null
for _ in $(seq 1 30); do
    su postgres -c "psql -qtAc 'select 1'" >/dev/null 2>&1 && break
    sleep 1
done
su postgres -c "psql -qtAc \"select 1 from pg_roles where rolname = 'driftwarden'\"" | grep -q 1 \
    || su postgres -c "psql -qc \"create role driftwarden login password 'driftwarden'\""
su postgres -c "psql -qtAc \"select 1 from pg_database where datname = 'driftwarden_test'\"" | grep -q 1 \
    || su postgres -c "psql -qc 'create database driftwarden_test owner driftwarden'"
echo "postgresql $version on 127.0.0.1:5432: database driftwarden_test ready"
