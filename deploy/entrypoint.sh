#!/usr/bin/env bash
# Hechtbot's container entry point (deploy/Dockerfile): the first argument names the service.
#
#   rasa        the Rasa server (REST + socket.io channels), through bot.rasa_server so that
#               message text never reaches the logs; SANIC_WORKERS sets its worker processes
#   actions     the action server (rasa-sdk)
#   web         the web page server (bot/webchat/server.py)
#   purge       delete conversations past the retention period once, then exit
#   retention   `purge` now and then every HECHTBOT_PURGE_INTERVAL_SECONDS (default: daily)
#   migrate     create Rasa's tracker store table if it is missing, then exit
#   model-info  [PATH] print the model's Rasa version, training time and assistant id
#   health      URL: exit 0 when URL answers 200 (for health checks; no curl in the image)
#
# Arguments after the service name are passed on, e.g. `rasa --debug` or `purge --dry-run`.
# Settings (environment): HECHTBOT_ENDPOINTS (default deploy/endpoints.production.yml),
# HECHTBOT_MODEL (default models/hechtbot.tar.gz), HECHTBOT_WEB_ORIGINS (comma-separated),
# HECHTBOT_SESSION_SECRET, HECHTBOT_RASA_PORT / _ACTIONS_PORT / _WEB_PORT (5005/5055/8080).
set -euo pipefail

cd "${HECHTBOT_APP_DIR:-/app}"
ENDPOINTS="${HECHTBOT_ENDPOINTS:-deploy/endpoints.production.yml}"
MODEL="${HECHTBOT_MODEL:-models/hechtbot.tar.gz}"
RASA_PORT="${HECHTBOT_RASA_PORT:-5005}"
ACTIONS_PORT="${HECHTBOT_ACTIONS_PORT:-5055}"
WEB_PORT="${HECHTBOT_WEB_PORT:-8080}"

fail() {
    echo "hechtbot: $*" >&2
    exit 64
}

need_endpoints() {
    [[ -f "$ENDPOINTS" ]] || fail "no endpoints file at $ENDPOINTS (set HECHTBOT_ENDPOINTS)"
}

# A value still holding the .env.example placeholder must not reach production.
no_placeholder() {
    local name="$1"
    [[ "${!name:-}" != *CHANGE-ME* ]] || fail "$name still has its placeholder value from deploy/.env.example"
}

need_real() {
    [[ -n "${!1:-}" ]] || fail "$1 is not set (see deploy/.env.example)"
    no_placeholder "$1"
}

service="${1:-rasa}"
[[ $# -gt 0 ]] && shift

case "$service" in
rasa)
    need_endpoints
    [[ -f "$MODEL" ]] || fail "no model at $MODEL (set HECHTBOT_MODEL)"
    # Every replica and worker must sign and check conversation ids with the same secret
    # (bot/webchat/sessions.py); without it each process would make its own.
    need_real HECHTBOT_SESSION_SECRET
    (( ${#HECHTBOT_SESSION_SECRET} >= 32 )) || fail "HECHTBOT_SESSION_SECRET must be at least 32 characters"
    no_placeholder HECHTBOT_DB_PASSWORD
    no_placeholder HECHTBOT_REDIS_PASSWORD
    # The page's public origin(s): socket.io refuses others (bot/webchat/channel.py reads the
    # variable itself) and Rasa's HTTP CORS gets the same list.
    [[ -n "${HECHTBOT_WEB_ORIGINS:-}" ]] || fail "HECHTBOT_WEB_ORIGINS is not set (the page's public origin)"
    origins=()
    IFS=',' read -r -a parts <<<"$HECHTBOT_WEB_ORIGINS"
    for origin in "${parts[@]}"; do
        origin="${origin//[[:space:]]/}"
        [[ -n "$origin" ]] && origins+=("$origin")
    done
    exec python -m bot.rasa_server run \
        --interface 0.0.0.0 \
        --port "$RASA_PORT" \
        --model "$MODEL" \
        --endpoints "$ENDPOINTS" \
        --credentials credentials.yml \
        --cors "${origins[@]}" \
        "$@"
    ;;
actions)
    # rasa-sdk listens on SANIC_HOST; in a container that is the container's own network,
    # which compose keeps internal (not published).
    export SANIC_HOST="${SANIC_HOST:-0.0.0.0}"
    exec rasa run actions --actions actions --port "$ACTIONS_PORT" "$@"
    ;;
web)
    # --rasa-port only feeds /config.json and the page's CSP; nginx rewrites both to the
    # public origin (deploy/nginx.conf), since Rasa is reached through nginx.
    exec python -m bot.webchat.server --host 0.0.0.0 --port "$WEB_PORT" --rasa-port 5005 "$@"
    ;;
purge)
    need_endpoints
    no_placeholder HECHTBOT_DB_PASSWORD
    exec python -m bot purge --endpoints "$ENDPOINTS" "$@"
    ;;
retention)
    need_endpoints
    no_placeholder HECHTBOT_DB_PASSWORD
    interval="${HECHTBOT_PURGE_INTERVAL_SECONDS:-86400}"
    [[ "$interval" =~ ^[1-9][0-9]*$ ]] || fail "HECHTBOT_PURGE_INTERVAL_SECONDS must be a positive integer"
    retry=$((interval < 3600 ? interval : 3600))
    trap 'exit 0' TERM INT
    while true; do
        if python -m bot purge --endpoints "$ENDPOINTS" "$@"; then
            wait_for="$interval"
        else
            echo "hechtbot: purge failed; trying again in ${retry} s" >&2
            wait_for="$retry"
        fi
        sleep "$wait_for" &
        wait $! || true
    done
    ;;
migrate)
    # Rasa creates its `events` table itself when it starts (SQLAlchemy create_all, no
    # migration framework). Doing the same once before the replicas start keeps several
    # Rasa processes from racing to create it.
    need_endpoints
    no_placeholder HECHTBOT_DB_PASSWORD
    exec python - "$ENDPOINTS" "${HECHTBOT_MIGRATE_TIMEOUT_SECONDS:-120}" <<'PY'
import sys
import time
from pathlib import Path

import sqlalchemy as sa

from bot.privacy.retention import EVENTS, tracker_store_engine
from rasa.core.tracker_store import SQLTrackerStore

endpoints, timeout = Path(sys.argv[1]), float(sys.argv[2])
engine = tracker_store_engine(endpoints)
deadline = time.monotonic() + timeout
while True:
    try:
        SQLTrackerStore.Base.metadata.create_all(engine)  # what Rasa does at start-up
        break
    except sa.exc.OperationalError as error:
        if time.monotonic() > deadline:
            reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
            sys.exit(f"migrate: database not reachable: {reason}")
        time.sleep(2)
present = sa.inspect(engine).has_table(EVENTS.name)
engine.dispose()
print(f"migrate: tracker store table '{EVENTS.name}' {'present' if present else 'MISSING'}")
sys.exit(0 if present else 1)
PY
    ;;
model-info)
    exec python - "${1:-$MODEL}" <<'PY'
import sys
from pathlib import Path

from packaging.version import Version
from rasa.constants import MINIMUM_COMPATIBLE_VERSION
from rasa.engine.storage.local_model_storage import LocalModelStorage

path = Path(sys.argv[1])
if not path.is_file():
    sys.exit(f"model-info: no model at {path}")
try:
    meta = LocalModelStorage.metadata_from_archive(path)
except Exception as error:  # not a Rasa 3 model archive
    sys.exit(f"model-info: {path} is not a Rasa model ({type(error).__name__}: {error})")
print(
    f"model {path.name}: Rasa {meta.rasa_open_source_version}, trained {meta.trained_at:%Y-%m-%d %H:%M} UTC, "
    f"assistant_id {meta.assistant_id}, language {meta.language}, model_id {meta.model_id}"
)
if Version(meta.rasa_open_source_version) < Version(MINIMUM_COMPATIBLE_VERSION):
    sys.exit(f"model-info: trained with Rasa {meta.rasa_open_source_version}; this Rasa needs >= {MINIMUM_COMPATIBLE_VERSION}")
if meta.assistant_id != "hechtbot":
    sys.exit(f"model-info: assistant_id is {meta.assistant_id!r}, not 'hechtbot'")
PY
    ;;
health)
    [[ $# -ge 1 ]] || fail "health needs a URL"
    exec python -c '
import sys, urllib.request
try:
    with urllib.request.urlopen(sys.argv[1], timeout=5) as response:
        sys.exit(0 if response.status == 200 else 1)
except Exception:
    sys.exit(1)
' "$1"
    ;;
*)
    # Anything else runs as given, e.g. `python -m bot language which` or `bash`.
    exec "$service" "$@"
    ;;
esac
