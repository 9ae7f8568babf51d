#!/usr/bin/env bash
# The production shape on loopback, then deploy/smoke/smoke.py through nginx (CI step, see .ci/run).
#
# nginx (deploy/nginx/thidua.conf rendered with this run's ports and paths), gunicorn, a Celery worker and
# beat (the ExecStart lines of deploy/systemd/*.service), PostgreSQL and Redis, DEBUG=0 and the variables of
# deploy/thidua.env.example. Needs root (nginx, Debian packages), a checkout with `make install` done, and
# PostgreSQL and Redis on 127.0.0.1. It touches only the database thidua_smoke and Redis database 11, and
# removes everything it started on exit. Ports: SMOKE_HTTP_PORT (18080), SMOKE_HTTPS_PORT (18443),
# SMOKE_APP_PORT (18001).
set -euo pipefail
cd "$(dirname "$0")/../.."
APP="$PWD"
HTTP_PORT="${SMOKE_HTTP_PORT:-18080}"
HTTPS_PORT="${SMOKE_HTTPS_PORT:-18443}"
APP_PORT="${SMOKE_APP_PORT:-18001}"
PG_URL="${SMOKE_PG_URL:-postgres://postgres@127.0.0.1:5432}"
DB_NAME=thidua_smoke
REDIS_DB=11
STARTED=$(date +%s)
STEP_STARTED=$STARTED

step() {
  local now
  now=$(date +%s)
  printf '  (%d s)\n--- %s  [+%d s]\n' "$((now - STEP_STARTED))" "$*" "$((now - STARTED))"
  STEP_STARTED=$now
}

# --- Teardown: every process this run started, the smoke database and Redis database, the directory ----
PIDS=()
ROOT=""
teardown() {
  local status=$?
  set +e
  if [ "$status" -ne 0 ] && [ -n "$ROOT" ]; then
    echo "=== smoke failed; the last lines of each log:" >&2
    for log in "$ROOT"/logs/*.log; do [ -f "$log" ] || continue; echo "--- $log" >&2; tail -n 25 "$log" >&2; done
  fi
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null
  done
  psql -q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" 2>/dev/null
  redis-cli -h 127.0.0.1 -n "$REDIS_DB" flushdb >/dev/null 2>&1
  [ -n "$ROOT" ] && rm -rf "$ROOT"
  echo "=== smoke: torn down after $(($(date +%s) - STARTED)) s (exit $status)"
  exit "$status"
}
trap teardown EXIT INT TERM

start() {  # start NAME COMMAND...: in the background, output to logs/NAME.log
  local name=$1
  shift
  "$@" >"$ROOT/logs/$name.log" 2>&1 &
  PIDS+=($!)
}

exec_start() {  # the unit's ExecStart with this run's paths (systemd's %% is a literal %)
  sed -n 's/^ExecStart=//p' "deploy/systemd/$1.service" |
    sed -e "s|/srv/thidua/app|$APP|g" -e "s|/var/lib/thidua|$ROOT|g" -e 's/%%/%/g'
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

echo "--- Debian packages (nginx, openssl, clients)"
scripts/debian-packages.sh nginx openssl postgresql-client redis-tools
test -x .venv/bin/gunicorn || { echo "Run 'make install' first (.venv/bin/gunicorn is missing)." >&2; exit 1; }
for port in "$HTTP_PORT" "$HTTPS_PORT" "$APP_PORT"; do
  port_free "$port" || { echo "Port $port is taken; set SMOKE_HTTP_PORT, SMOKE_HTTPS_PORT, SMOKE_APP_PORT." >&2; exit 1; }
done

step "Throwaway root with a self-signed certificate"
ROOT=$(mktemp -d /tmp/thidua-smoke.XXXXXX)
chmod 755 "$ROOT"  # nginx's workers run as www-data, as in production
mkdir -p "$ROOT/logs" "$ROOT/tls" "$ROOT/media"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost" \
  -keyout "$ROOT/tls/key.pem" -out "$ROOT/tls/cert.pem" 2>/dev/null
echo "  $ROOT"

step "Environment file from deploy/thidua.env.example"
ENV_FILE="$ROOT/thidua.env"
cp deploy/thidua.env.example "$ENV_FILE"
set_var() {
  grep -q "^$1=" "$ENV_FILE" || { echo "deploy/thidua.env.example has no $1" >&2; exit 1; }
  sed -i "s|^$1=.*|$1=$2|" "$ENV_FILE"
}
set_var SECRET_KEY "smoke-$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')"
set_var ALLOWED_HOSTS localhost
set_var CSRF_TRUSTED_ORIGINS "https://localhost:$HTTPS_PORT"
set_var SITE_URL "https://localhost:$HTTPS_PORT"
set_var DATABASE_URL "$PG_URL/$DB_NAME"
set_var REDIS_URL "redis://127.0.0.1:6379/$REDIS_DB"
set_var MEDIA_ROOT "$ROOT/media"
set_var EMAIL_BACKEND django.core.mail.backends.console.EmailBackend
set_var DEFAULT_FROM_EMAIL thidua@localhost
! grep -n 'change-me\|example\.gov\.vn' "$ENV_FILE" || { echo "placeholders left in the env file" >&2; exit 1; }
set -a
# shellcheck disable=SC1090
. "$ENV_FILE"
set +a
export GUNICORN_BIND="127.0.0.1:$APP_PORT"
grep -q '^DEBUG=0$' "$ENV_FILE"

step "Fresh database $DB_NAME and Redis database $REDIS_DB"
psql -q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)"
psql -q "$PG_URL/postgres" -c "CREATE DATABASE $DB_NAME"
redis-cli -h 127.0.0.1 -n "$REDIS_DB" flushdb >/dev/null

step "migrate"
.venv/bin/python manage.py migrate --noinput -v0
step "collectstatic"
.venv/bin/python manage.py collectstatic --noinput -v0
step "load_demo (it runs only with DEBUG on: its accounts share a public password)"
DEBUG=1 .venv/bin/python manage.py load_demo
step "check --deploy"
.venv/bin/python manage.py check --deploy --fail-level WARNING

step "gunicorn, worker and beat (the units' ExecStart)"
read -ra WEB <<<"$(exec_start thidua-web)"
read -ra WORKER <<<"$(exec_start thidua-worker)"
read -ra BEAT <<<"$(exec_start thidua-beat)"
start web "${WEB[@]}"
start worker "${WORKER[@]}"
start beat "${BEAT[@]}"
printf '  %s\n' "${WEB[*]}" "${WORKER[*]}" "${BEAT[*]}"

step "nginx on 127.0.0.1:$HTTP_PORT (http) and :$HTTPS_PORT (https)"
sed -e "s|^\(\s*\)listen 80 default_server;|\1listen 127.0.0.1:$HTTP_PORT;|" \
  -e "s|^\(\s*\)listen 443 ssl http2;|\1listen 127.0.0.1:$HTTPS_PORT ssl http2;|" \
  -e '/listen \[::\]/d' \
  -e "s|/etc/letsencrypt/live/thidua.example.gov.vn/fullchain.pem|$ROOT/tls/cert.pem|" \
  -e "s|/etc/letsencrypt/live/thidua.example.gov.vn/privkey.pem|$ROOT/tls/key.pem|" \
  -e "s|thidua.example.gov.vn|localhost|g" \
  -e "s|/srv/thidua/app/staticfiles/|$APP/staticfiles/|" \
  -e "s|/var/lib/thidua/media/|$ROOT/media/|" \
  -e "s|/var/log/nginx/|$ROOT/logs/nginx-|g" \
  -e "s|127.0.0.1:8001|127.0.0.1:$APP_PORT|" \
  deploy/nginx/thidua.conf >"$ROOT/site.conf"
! grep -n '/srv/thidua\|/var/lib/thidua\|/var/log/\|letsencrypt\|example\.gov\.vn\|:8001\b' "$ROOT/site.conf" ||
  { echo "deploy/nginx/thidua.conf changed: the smoke's substitutions above no longer cover it" >&2; exit 1; }
mkdir -p "$ROOT/nginx-temp"
cat >"$ROOT/nginx.conf" <<EOF
user www-data;
worker_processes 1;
pid $ROOT/nginx.pid;
error_log $ROOT/logs/nginx-main-error.log warn;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    client_body_temp_path $ROOT/nginx-temp/body;
    proxy_temp_path $ROOT/nginx-temp/proxy;
    fastcgi_temp_path $ROOT/nginx-temp/fastcgi;
    uwsgi_temp_path $ROOT/nginx-temp/uwsgi;
    scgi_temp_path $ROOT/nginx-temp/scgi;
    include $ROOT/site.conf;
}
EOF
nginx -t -q -c "$ROOT/nginx.conf"
start nginx nginx -c "$ROOT/nginx.conf" -g "daemon off;"

step "Waiting for gunicorn and nginx"
for _ in $(seq 1 60); do
  ! port_free "$APP_PORT" && ! port_free "$HTTPS_PORT" && break
  sleep 1
done
! port_free "$APP_PORT" || { echo "gunicorn did not start" >&2; exit 1; }
! port_free "$HTTPS_PORT" || { echo "nginx did not start" >&2; exit 1; }

step "Smoke test through nginx"
SMOKE_BASE_URL="https://localhost:$HTTPS_PORT" SMOKE_HTTP_URL="http://127.0.0.1:$HTTP_PORT" \
  SMOKE_CA_FILE="$ROOT/tls/cert.pem" SMOKE_ACCESS_LOG="$ROOT/logs/nginx-thidua.access.log" \
  .venv/bin/python deploy/smoke/smoke.py

step "Every process still running, no server error in the logs"
for pid in "${PIDS[@]}"; do kill -0 "$pid" || { echo "process $pid died" >&2; exit 1; }; done
! grep -h '"status": \?5[0-9][0-9]' "$ROOT"/logs/web.log "$ROOT"/logs/nginx-thidua.access.log | grep -v healthz ||
  { echo "a 5xx answer in the logs" >&2; exit 1; }

step "No secret in the logs"
# Every log this run produced (gunicorn, worker, beat, nginx): the password it signed in with and the
# secret key must appear in none of them (core/logs.py never logs bodies, cookies or headers).
for secret in "${SMOKE_PASSWORD:-thidua-demo-2026}" "$SECRET_KEY"; do
  ! grep -rlF -- "$secret" "$ROOT"/logs/ ||
    { echo "a secret (the smoke's password or SECRET_KEY) is in the logs above" >&2; exit 1; }
done
echo "  $(cat "$ROOT"/logs/*.log | wc -l) log lines searched"
echo "=== smoke passed in $(($(date +%s) - STARTED)) s"
