#!/usr/bin/env sh
# Installs Debian's PostgreSQL client tools (pg_dump, pg_restore) for backups and restore
# checks. Idempotent: does nothing when both are there. Used by .ci/run and `npm start`;
# in production images install `postgresql-client` (same major version as the server, or newer).
set -eu

if command -v pg_dump >/dev/null 2>&1 && command -v pg_restore >/dev/null 2>&1; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
else
  SUDO=""
fi

echo "ensure-pg-client: pg_dump/pg_restore not found; installing Debian's postgresql-client…" >&2
if ! $SUDO apt-get update || ! $SUDO apt-get install -y postgresql-client; then
  echo "ensure-pg-client: could not install postgresql-client with apt-get." >&2
  echo "ensure-pg-client: install it yourself (Debian/Ubuntu: apt-get install -y postgresql-client); backups and restore checks need pg_dump and pg_restore." >&2
  exit 1
fi
echo "ensure-pg-client: installed $(pg_dump --version)" >&2
