#!/usr/bin/env bash
# Benchmark of the command path over HTTP (issue 6): POST /commands at RATE req/s for SECONDS s on loopback.
# Run by hand, not in CI:   bench/commands-load.sh [RATE=500] [SECONDS=60] [OFFSET=100]
# Starts `fabula dev` (the five servers natively, data in a temp dir) on ports shifted by OFFSET with the
# admission limits lifted (this measures the command path, not the limiter), drives it with
# bench/CommandsLoad.java (open loop, latency from the due time), prints p50/p95/p99 and the error rate, stops.
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=${1:-500}
SECONDS_=${2:-60}
OFFSET=${3:-100}
[ -f app/target/fabula.jar ] || ./fabula build
WORK=$(mktemp -d)
trap 'kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT
python3 - "$OFFSET" "$WORK" <<'PY'
import re, sys
offset, work = int(sys.argv[1]), sys.argv[2]
text = open('config-dev.yml').read()
for port in ('8080', '8081', '15432', '19092', '19093', '16379', '17687', '19530'):
    text = re.sub(r'\b' + port + r'\b', str(int(port) + offset), text)
text = text.replace('dataDir: ./var', 'dataDir: ' + work + '/var')
text = re.sub(r'perUserRequests: \d+', 'perUserRequests: 100000000', text)
text = re.sub(r'globalRequestsPerSecond: \d+', 'globalRequestsPerSecond: 100000', text)
text = re.sub(r'(\n  level: )\w+', r'\1WARN', text, count=1)
open(work + '/bench.yml', 'w').write(text)
PY
export FABULA_PYTHON=${FABULA_PYTHON:-$PWD/.venv/bin/python}
java -Xmx2g -jar app/target/fabula.jar dev "$WORK/bench.yml" > "$WORK/server.log" 2>&1 &
PID=$!
BASE=http://127.0.0.1:$((8080 + OFFSET))
for _ in $(seq 1 240); do
  curl -fsS "$BASE/health" >/dev/null 2>&1 && break
  kill -0 "$PID" 2>/dev/null || { tail -50 "$WORK/server.log"; exit 1; }
  sleep 1
done
curl -fsS "$BASE/health" >/dev/null
java bench/CommandsLoad.java "$BASE" "$RATE" "$SECONDS_" 400
