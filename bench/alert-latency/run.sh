#!/usr/bin/env bash
# Alert-to-first-command latency: how long from the moment an alerting system sends an Alertmanager webhook until
# the runbook's first command starts on the (lab) host. See ../README.md.
#
#   bench/alert-latency/run.sh              # N=200 alerts, figures on stdout
#   N=30 bench/alert-latency/run.sh         # fewer alerts
#   SAVE=1 bench/alert-latency/run.sh       # also write bench/alert-latency/results.txt
#
# Environment: N (measured alerts, default 200), WARMUP (alerts sent first and not measured, default 5),
# SAVE=1 (write results.txt), REBUILD=1 (mvn package even if a jar exists), JAVA_OPTS (for the application).
# Needs: bash, curl, python3, java, mvn (only to build). Uses loopback addresses only.
set -euo pipefail

N=${N:-200}
WARMUP=${WARMUP:-5}
SAVE=${SAVE:-0}
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"

for tool in curl python3 java; do
  command -v "$tool" >/dev/null 2>&1 || { echo "alert-latency: '$tool' is required" >&2; exit 2; }
done

# 1. the jar
jar=$(ls target/ha-runbooks-*.jar 2>/dev/null | head -n 1 || true)
if [ -z "$jar" ] || [ "${REBUILD:-0}" = 1 ]; then
  echo "building the jar (mvn -q -DskipTests package)…" >&2
  mvn -q -DskipTests package
  jar=$(ls target/ha-runbooks-*.jar | head -n 1)
fi

# 2. the application with the lab, on free loopback ports, files in a temporary directory
work=$(mktemp -d "${TMPDIR:-/tmp}/ha-runbooks-bench-XXXXXX")
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
base="http://127.0.0.1:$port"
app_pid=""
stop() {
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
    kill "$app_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$app_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap stop EXIT
trap 'exit 130' INT TERM

echo "starting $jar on $base (log: $work/app.log)…" >&2
# shellcheck disable=SC2086
java ${JAVA_OPTS:-} -jar "$jar" \
  --spring.profiles.active=lab \
  --server.address=127.0.0.1 \
  --server.port="$port" \
  --runbooks.lab.dir="$work/lab" \
  --runbooks.lab.port=0 \
  --spring.datasource.url=jdbc:h2:mem:bench \
  --runbooks.alerts.anti-flap=0s \
  >"$work/app.log" 2>&1 &
app_pid=$!

deadline=$((SECONDS + 180))
until [ "$(curl -s -o /dev/null -w '%{http_code}' -u demo:demo "$base/api/alerts?limit=1" || true)" = 200 ]; do
  if ! kill -0 "$app_pid" 2>/dev/null; then
    echo "alert-latency: the application exited before it was ready; its log:" >&2; tail -n 60 "$work/app.log" >&2; exit 1
  fi
  if [ $SECONDS -ge $deadline ]; then
    echo "alert-latency: the application was not ready after 180 s; its log:" >&2; tail -n 60 "$work/app.log" >&2; exit 1
  fi
  sleep 0.5
done
curl -sf -u demo:demo -X POST "$base/api/lab/clusters/msg-lab/faults/healthy" >/dev/null

# 3. the alerts, one run at a time (one run per cluster), and the figures
machine() {
  echo "machine:  $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) memory"
  echo "java:     $(java -version 2>&1 | tr '\n' ' ' | sed 's/ *$//')"
  echo "commit:   $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "date:     $(date -u +%Y-%m-%dT%H:%M:%SZ)"
}

report="$work/report.txt"
BASE="$base" N="$N" WARMUP="$WARMUP" python3 - >"$report" <<'PY'
import base64, datetime, json, math, os, sys, time, urllib.request, uuid

base, n, warmup = os.environ["BASE"], int(os.environ["N"]), int(os.environ["WARMUP"])
basic = "Basic " + base64.b64encode(b"demo:demo").decode()

def call(path, body=None, auth=basic):
    req = urllib.request.Request(base + path, data=None if body is None else json.dumps(body).encode(),
                                 headers={"Authorization": auth, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.status, json.loads(r.read() or b"null")

def instant(text):  # RFC 3339 with up to 9 fraction digits, 'Z'
    main, _, frac = text.rstrip("Z").partition(".")
    t = datetime.datetime.fromisoformat(main).replace(tzinfo=datetime.timezone.utc).timestamp()
    return t + (float("0." + frac) if frac else 0.0)

def until(what, fn, timeout=60.0, pause=0.02):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        v = fn()
        if v is not None:
            return v
        time.sleep(pause)
    sys.exit(f"alert-latency: timed out after {timeout} s waiting for {what}")

def one(i):
    fp = f"bench-{uuid.uuid4().hex[:16]}"
    payload = {"version": "4", "status": "firing", "receiver": "ha-runbooks",
               "groupLabels": {"alertname": "orch_topo_check", "cluster": "msg-lab"},
               "alerts": [{"status": "firing", "fingerprint": fp,
                           "labels": {"alertname": "orch_topo_check", "cluster": "msg-lab", "severity": "critical"},
                           "annotations": {"summary": "orch topology is BAD: see 'im_utils --check-orch' for details"},
                           "startsAt": datetime.datetime.now(datetime.timezone.utc).isoformat()}]}
    sent = time.time()
    status, answer = call("/api/alerts/alertmanager", payload, auth="Bearer lab-alertmanager-token")
    outcome = answer["alerts"][0]
    if status != 202 or outcome["outcome"] != "STARTED":
        sys.exit(f"alert-latency: alert {i} answered {status}: {answer}")
    run = outcome["runId"]

    def first_command():
        journal = call(f"/api/runs/{run}/journal")[1]
        commands = [e for e in journal if e["kind"] == "COMMAND"]
        return commands[0] if commands else None
    first = until(f"the first command of run {run}", first_command)
    until(f"the end of run {run}",
          lambda: True if call(f"/engine-rest/history/process-instance/{run}")[1]["state"] != "ACTIVE" else None,
          pause=0.05)
    return (instant(first["startedAt"]) - sent) * 1000.0, first["host"] + ": " + first["command"]

for i in range(warmup):
    one(-1 - i)
latencies = []
first_seen = None
for i in range(n):
    ms, first_seen = one(i)
    latencies.append(ms)

s = sorted(latencies)
def pct(p):  # nearest rank
    return s[max(0, math.ceil(p / 100.0 * len(s)) - 1)]
print(f"alert-latency: Alertmanager webhook (orch_topo_check, lab healthy) -> first command of mysql-topology-repair")
print(f"alerts:   {n} measured after {warmup} warm-up, one run at a time; first command: {first_seen}")
print(f"latency:  median {pct(50):.1f} ms, p90 {pct(90):.1f} ms, p99 {pct(99):.1f} ms, max {s[-1]:.1f} ms "
      f"(min {s[0]:.1f} ms)")
PY
machine >>"$report"

cat "$report"
if [ "$SAVE" = 1 ]; then
  cp "$report" "$here/results.txt"
  echo "written: bench/alert-latency/results.txt" >&2
fi
