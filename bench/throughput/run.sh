#!/usr/bin/env bash
# Start-up time, resident memory and runbooks per minute sustained of the application with the lab. See ../README.md.
#
#   bench/throughput/run.sh                 # 60 s of runs on 4 clusters
#   SECONDS_RUN=20 bench/throughput/run.sh
#
# Start-up: from the JVM's start to /actuator/health answering UP. Memory: the JVM's resident set (VmRSS) right after
# start-up and after the runs. Throughput: mysql-topology-repair (one SSH check, ends at once on a healthy lab) started
# over REST again and again on the lab's messenger cluster for SECONDS_RUN seconds, one run at a time as the engine
# allows one run per cluster: runs ended per minute.
set -euo pipefail
SECONDS_RUN=${SECONDS_RUN:-60}
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"
for tool in curl python3 java; do
  command -v "$tool" >/dev/null 2>&1 || { echo "throughput: '$tool' is required" >&2; exit 2; }
done
jar=$(ls target/ha-runbooks-*.jar 2>/dev/null | head -n 1 || true)
if [ -z "$jar" ] || [ "${REBUILD:-0}" = 1 ]; then
  mvn -q -DskipTests package
  jar=$(ls target/ha-runbooks-*.jar | head -n 1)
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/ha-runbooks-tp-XXXXXX")
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
base="http://127.0.0.1:$port"
app_pid=""
stop() {
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap stop EXIT

t0=$(python3 -c 'import time; print(time.monotonic())')
# shellcheck disable=SC2086
java ${JAVA_OPTS:-} -jar "$jar" --spring.profiles.active=lab --server.address=127.0.0.1 --server.port="$port" \
  --runbooks.lab.dir="$work/lab" --runbooks.lab.port=0 --spring.datasource.url=jdbc:h2:mem:tp \
  >"$work/app.log" 2>&1 &
app_pid=$!
until [ "$(curl -s "$base/actuator/health" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("status"))' 2>/dev/null || true)" = UP ]; do
  kill -0 "$app_pid" 2>/dev/null || { tail -n 40 "$work/app.log" >&2; exit 1; }
  sleep 0.1
done
t1=$(python3 -c 'import time; print(time.monotonic())')
rss() { awk '/VmRSS/ {printf "%.0f MiB", $2 / 1024}' "/proc/$app_pid/status"; }
rss_start=$(rss)

python3 - "$base" "$SECONDS_RUN" > "$work/runs.txt" <<'EOF'
import base64, json, sys, time, urllib.request
base, seconds = sys.argv[1], float(sys.argv[2])
auth = "Basic " + base64.b64encode(b"demo:demo").decode()
def call(method, path, body=None):
    req = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                 headers={"Authorization": auth, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read() or b"null")
ended, start = 0, time.monotonic()
while time.monotonic() - start < seconds:
    run = call("POST", "/api/runbooks/mysql-topology-repair/runs", {"cluster": "msg-lab"})
    while call("GET", "/engine-rest/history/process-instance/" + run["id"])["state"] == "ACTIVE":
        time.sleep(0.01)
    ended += 1
elapsed = time.monotonic() - start
print(f"{ended} {elapsed:.1f} {ended / elapsed * 60:.0f}")
EOF
read -r ended elapsed per_minute < "$work/runs.txt"
echo "machine:  $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); java $(java -version 2>&1 | head -1 | cut -d'"' -f2); commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
printf 'start-up to health UP:        %.1f s\n' "$(python3 -c "print($t1-$t0)")"
echo "resident memory after start:  $rss_start"
echo "runs ended:                   $ended in $elapsed s = $per_minute runbooks per minute (one cluster, one run at a time)"
echo "resident memory after runs:   $(rss)"
