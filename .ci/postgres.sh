#!/usr/bin/env bash
# Make sure the PostgreSQL server binaries are installed (/usr/lib/postgresql/*/bin) for the
# throw-away cluster the test session creates itself (tests/pg_cluster.py, tests/run_folder.py).
# It only installs: it starts no cluster of the machine's, creates no role or database and
# leaves nothing running. Debian's package would create and start a "main" cluster on
# install; createcluster.d tells it not to.
set -euo pipefail
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  exit 0
fi
mkdir -p /etc/postgresql-common/createcluster.d
echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.d/lexreg-no-main-cluster.conf
(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >/dev/null
ls /usr/lib/postgresql/*/bin/initdb >/dev/null
