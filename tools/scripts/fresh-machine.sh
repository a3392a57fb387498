#!/usr/bin/env bash
# The README's two commands on a machine where nothing answers on 5432 or 6379: inside an empty network
# namespace (loopback only) `npm start` must come up on the embedded PostgreSQL and a local redis-server,
# answer /health and stop cleanly on Ctrl+C, and `npm test` (one target) must start the same and pass.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ "${1:-}" != "--inside" ]; then
  if ! unshare -n true 2>/dev/null; then
    echo "[fresh-machine] this user may not create a network namespace (unshare -n); run as root" >&2
    exit 1
  fi
  exec unshare -n bash "$0" --inside
fi

ip link set lo up
work="$(mktemp -d)"
chmod 755 "$work" # the embedded server runs as the postgres user when we are root
export EMBEDDED_PG_DIR="$work/pg" PLATFORM_TEST_TIMEOUT_MINUTES="${PLATFORM_TEST_TIMEOUT_MINUTES:-10}"
cleanup() {
  [ -n "${up_pid:-}" ] && kill -INT "$up_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null || redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "[fresh-machine] something answers on 5432 or 6379 inside the namespace: not a fresh machine" >&2
  exit 1
fi

echo "[fresh-machine] npm start, with nothing on 5432 and 6379"
node tools/scripts/platform.mjs up >"$work/up.log" 2>&1 &
up_pid=$!
for _ in $(seq 1 300); do
  grep -q 'ready; press Ctrl+C to stop' "$work/up.log" && break
  if ! kill -0 "$up_pid" 2>/dev/null; then
    tail -40 "$work/up.log"
    echo "[fresh-machine] npm start exited before it was ready" >&2
    exit 1
  fi
  sleep 1
done
grep -q 'ready; press Ctrl+C to stop' "$work/up.log" || { tail -40 "$work/up.log"; echo "[fresh-machine] npm start was not ready in 300 s" >&2; exit 1; }
for port in 3000 3100 3200; do
  code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health")"
  [ "$code" = 200 ] || { tail -40 "$work/up.log"; echo "[fresh-machine] /health on $port answered $code" >&2; exit 1; }
done
echo "[fresh-machine] api, admin and worker answer /health; stopping with Ctrl+C"
kill -INT "$up_pid"
for _ in $(seq 1 30); do kill -0 "$up_pid" 2>/dev/null || break; sleep 1; done
if kill -0 "$up_pid" 2>/dev/null; then
  echo "[fresh-machine] npm start did not stop within 30 s of Ctrl+C" >&2
  exit 1
fi
wait "$up_pid" || true
up_pid=""

echo "[fresh-machine] npm test (the persistence integration tests), with nothing on 5432 and 6379"
NX_SKIP_NX_CACHE=true node tools/scripts/platform.mjs test integration -- -p persistence
echo "[fresh-machine] both README commands work on a fresh machine"
