#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the PostgreSQL run-store tests.
#
#   postgresql_cluster.sh start DIR   initdb + start a server listening only on a Unix socket
#                                     in DIR, create database parley_test, write its URI to
#                                     DIR/uri. When PostgreSQL is missing or cannot start,
#                                     write a one-line reason to DIR/skip instead (the tests
#                                     then skip, saying why). Exits 0 either way, so that a
#                                     machine without PostgreSQL still passes the test suite.
#   postgresql_cluster.sh stop DIR    stop that server and remove DIR.
#
# Uses Debian's binaries (/usr/lib/postgresql/<version>/bin, the highest version). initdb
# refuses to run as root, so as root the server runs as the postgres user (which Debian's
# postgresql package creates) and DIR is left world-readable for root's client to reach
# the socket.
set -u

usage() {
  echo "usage: $0 start|stop DIR" >&2
  exit 2
}

[ $# -eq 2 ] || usage
action=$1
dir=$(realpath -m -- "$2")

# Runs a PostgreSQL program as the user that owns the cluster.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

find_bin_dir() {
  local candidate best=""
  for candidate in /usr/lib/postgresql/*/bin; do
    if [ ! -x "$candidate/initdb" ] || [ ! -x "$candidate/pg_ctl" ]; then continue; fi
    best=$(printf '%s\n%s\n' "$best" "$candidate" | sed '/^$/d' | sort -V | tail -n 1)
  done
  printf '%s' "$best"
}

stop_cluster() {
  [ -d "$dir" ] || return 0
  local home=$dir
  [ -f "$dir/home" ] && home=$(cat "$dir/home")
  if [ -f "$home/data/postmaster.pid" ]; then
    local bin_dir
    bin_dir=$(cat "$dir/bin_dir" 2>/dev/null || find_bin_dir)
    if [ -n "$bin_dir" ]; then
      as_owner "$bin_dir/pg_ctl" stop -D "$home/data" -m immediate >/dev/null 2>&1
    fi
  fi
  [ "$home" != "$dir" ] && rm -rf -- "$home"
  if [ -f "$dir/socket_dir" ]; then
    rm -rf -- "$(cat "$dir/socket_dir")"
  fi
  rm -rf -- "$dir"
}

# Writes the reason the tests will give for skipping, and ends the script successfully.
skip() {
  printf '%s\n' "$*" | tr '\n' ' ' | sed 's/ *$//' >"$dir/skip"
  echo >>"$dir/skip"
  echo "postgresql_cluster.sh: PostgreSQL store tests will be skipped: $(cat "$dir/skip")" >&2
  exit 0
}

# The last lines of a log, on one line, for a skip reason.
log_tail() {
  [ -f "$1" ] || return 0
  tail -n "${2:-3}" "$1" | tr '\n' ' ' | sed 's/  */ /g'
}

# Percent-encodes a path for a libpq URI query value ('/' may stay as it is).
uri_encode() {
  # Byte by byte: a multibyte character is encoded as its UTF-8 bytes.
  local LC_ALL=C
  local text=$1 encoded="" c i
  for ((i = 0; i < ${#text}; i++)); do
    c=${text:i:1}
    case $c in
      [a-zA-Z0-9/._~-]) encoded+=$c ;;
      *) encoded+=$(printf '%%%02X' "'$c") ;;
    esac
  done
  printf '%s' "$encoded"
}

start_cluster() {
  stop_cluster
  mkdir -p -- "$dir" || exit 1

  local bin_dir
  bin_dir=$(find_bin_dir)
  if [ -z "$bin_dir" ]; then
    skip "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb;" \
      "scripts/install-deps.sh installs it)"
  fi
  echo "$bin_dir" >"$dir/bin_dir"

  if [ "$(id -u)" -eq 0 ]; then
    id -u postgres >/dev/null 2>&1 ||
      skip "running as root but there is no postgres user to run the server as"
    command -v runuser >/dev/null 2>&1 ||
      skip "running as root but runuser is missing, so the server cannot run as postgres"
    chown postgres: "$dir" && chmod 755 "$dir"
  fi
  # The cluster lives in DIR, or, when the postgres user cannot reach DIR (a clone in a
  # private folder, e.g. one made by mktemp -d), in a folder of its own under /tmp.
  local home=$dir
  if [ "$(id -u)" -eq 0 ] && ! as_owner test -w "$dir"; then
    home=$(mktemp -d /tmp/parley-pg.XXXXXX) || skip "mktemp failed"
    echo "$home" >"$dir/home"
    chown postgres: "$home" && chmod 755 "$home"
    as_owner test -w "$home" || skip "the postgres user cannot write $home"
  fi

  # A socket's path is limited to about 107 bytes; a deep DIR gets a short socket folder.
  local socket_dir=$home
  if [ ${#home} -gt 80 ]; then
    socket_dir=$(mktemp -d /tmp/parley-pg.XXXXXX) || skip "mktemp failed"
    echo "$socket_dir" >"$dir/socket_dir"
    if [ "$(id -u)" -eq 0 ]; then
      chown postgres: "$socket_dir" && chmod 755 "$socket_dir"
    fi
  fi

  # Unix socket only, so no TCP port is taken, and no durability: the data is thrown away.
  if ! as_owner "$bin_dir/initdb" -D "$home/data" --auth=trust -U postgres --locale=C \
    --encoding=UTF8 --no-sync >"$home/initdb.log" 2>&1; then
    skip "initdb failed: $(log_tail "$home/initdb.log")"
  fi
  cat >>"$home/data/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$socket_dir'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF

  # The socket file's name holds the port and lives in DIR, so a port only clashes with
  # another server in the same folder; still, try a few in case one is refused.
  local port started=""
  for port in 5432 $((15432 + RANDOM % 20000)) $((15432 + RANDOM % 20000)); do
    if as_owner "$bin_dir/pg_ctl" start -D "$home/data" -l "$home/server.log" -w -t 60 \
      -o "-p $port" >"$dir/pg_ctl.log" 2>&1; then
      started=yes
      break
    fi
  done
  [ -n "$started" ] ||
    skip "the PostgreSQL server did not start: $(log_tail "$home/server.log")"

  if ! as_owner "$bin_dir/createdb" -h "$socket_dir" -p "$port" -U postgres parley_test \
    >"$dir/createdb.log" 2>&1; then
    local reason
    reason=$(log_tail "$dir/createdb.log")
    as_owner "$bin_dir/pg_ctl" stop -D "$home/data" -m immediate >/dev/null 2>&1
    skip "createdb parley_test failed: $reason"
  fi

  local uri
  uri="postgresql://postgres@/parley_test?host=$(uri_encode "$socket_dir")&port=$port"
  # Checks that this user (root included) reaches the socket with the URI the tests use.
  if [ -x "$bin_dir/psql" ] &&
    ! "$bin_dir/psql" "$uri" -Atqc 'SELECT 1' >"$dir/psql.log" 2>&1; then
    local reason
    reason=$(log_tail "$dir/psql.log")
    as_owner "$bin_dir/pg_ctl" stop -D "$home/data" -m immediate >/dev/null 2>&1
    skip "cannot connect to the test cluster with $uri: $reason"
  fi
  echo "$uri" >"$dir/uri"
  exit 0
}

case $action in
  start) start_cluster ;;
  stop) stop_cluster ;;
  *) usage ;;
esac
