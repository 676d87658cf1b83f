#!/usr/bin/env bash
# Start a local PostgreSQL for the tests that run the store on it, and print its URL.
# Idempotent: installs the Debian package if missing, starts the cluster, creates
# the role and database. Only loopback connections.
set -euo pipefail
# Everything but the URL goes to stderr: pg_ctlcluster prints notes such as
# "Removed stale pid file." on stdout, and the caller reads stdout as the URL.
exec 3>&1 1>&2
if ! command -v pg_lsclusters >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >/dev/null
fi
cluster=$(pg_lsclusters --no-header | head -1)
if [ -z "$cluster" ]; then
  ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
  pg_createcluster "$ver" main >/dev/null
  cluster=$(pg_lsclusters --no-header | head -1)
fi
read -r ver name port status _ <<<"$cluster"
if [ "$status" != "online" ]; then
  pg_ctlcluster "$ver" "$name" start
fi
for _ in $(seq 1 30); do
  su postgres -c "psql -p $port -tAc 'select 1'" >/dev/null 2>&1 && break
  sleep 0.5
done
su postgres -c "psql -p $port -tAc \"select 1 from pg_roles where rolname='lexreg'\"" | grep -q 1 ||
  su postgres -c "psql -p $port -qc \"create role lexreg login password 'lexreg' createdb\""
su postgres -c "psql -p $port -tAc \"select 1 from pg_database where datname='lexreg_test'\"" | grep -q 1 ||
  su postgres -c "createdb -p $port -O lexreg lexreg_test"
echo "postgresql+psycopg://lexreg:lexreg@127.0.0.1:$port/lexreg_test" >&3
