#!/usr/bin/env bash
# Starts a private PostgreSQL server for the tests and prints its connection URL on stdout:
#   export SEGMENT_STUDIO_PG_URL="$(build/scripts/start-postgres.sh)"
# Debian's `postgresql` package is installed when missing (needs root and apt-get). The cluster
# is the tests' own (initdb into $SEGMENT_STUDIO_PG_DIR, default /tmp/segment-studio-pg), listens
# on 127.0.0.1 only (port $SEGMENT_STUDIO_PG_PORT, default 54329; its Unix socket in the data
# folder) and takes password logins only: a machine's own PostgreSQL is never touched. Running it
# again reuses a running server. Progress goes to stderr.
set -euo pipefail

DIR="${SEGMENT_STUDIO_PG_DIR:-/tmp/segment-studio-pg}"
PORT="${SEGMENT_STUDIO_PG_PORT:-54329}"
USER_NAME=segment_studio
PASSWORD=segment_studio_test
DB=segment_studio_test
log() { echo "start-postgres: $*" >&2; }

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
if [ -z "$(bindir)" ]; then
  if [ "$(id -u)" != 0 ]; then
    log "PostgreSQL is not installed and this is not root: run 'apt-get install -y postgresql' first"
    exit 1
  fi
  log "installing Debian's postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
BIN="$(bindir)"

# The server refuses to run as root: as root, the package's postgres user owns the cluster.
if [ "$(id -u)" = 0 ]; then as_owner() { runuser -u postgres -- "$@"; }; else as_owner() { "$@"; }; fi

if [ ! -f "$DIR/PG_VERSION" ]; then
  log "creating a cluster in $DIR"
  mkdir -p "$DIR"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR"
  chmod 700 "$DIR"
  PWFILE="$(mktemp)"
  echo "$PASSWORD" >"$PWFILE"
  [ "$(id -u)" = 0 ] && chown postgres "$PWFILE"
  as_owner "$BIN/initdb" -D "$DIR" -U "$USER_NAME" --pwfile="$PWFILE" --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >&2
  rm -f "$PWFILE"
fi

if ! as_owner "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
  log "starting on 127.0.0.1:$PORT"
  as_owner "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR" start >&2
fi

export PGPASSWORD="$PASSWORD"
if ! "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U "$USER_NAME" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
  "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U "$USER_NAME" -d postgres -qc "CREATE DATABASE $DB" >&2
fi
echo "postgres://$USER_NAME:$PASSWORD@127.0.0.1:$PORT/$DB"
