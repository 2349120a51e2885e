#!/usr/bin/env bash
# Alert-to-first-command latency: how long from the moment an alerting system sends an Alertmanager webhook until
# the runbook's first command reaches the (lab) host, side by side in the same run with what an operator would
# otherwise wire up: the same webhook into adnanh/webhook (Debian package 'webhook') running a script that sends the
# same command to the same lab host with OpenSSH (new connection, and ControlMaster warm) or `ansible -m raw`.
# See ../README.md.
#
#   bench/alert-latency/run.sh              # N=200 alerts, figures on stdout
#   N=30 bench/alert-latency/run.sh         # fewer alerts
#   SAVE=1 bench/alert-latency/run.sh       # also write bench/alert-latency/results.txt
#
# Environment: N (measured alerts, default 200), WARMUP (alerts sent first and not measured, default 5),
# PEER_N (measured alerts per peer, default 30), PEERS=0 (engine only),
# SAVE=1 (write results.txt), REBUILD=1 (mvn package even if a jar exists), JAVA_OPTS (for the application).
# Needs: bash, curl, python3, java, mvn (only to build); for the peers webhook, openssh-client and ansible (installed
# with apt-get when missing and run as root). Uses loopback addresses only.
set -euo pipefail

N=${N:-200}
WARMUP=${WARMUP:-5}
PEER_N=${PEER_N:-30}
PEERS=${PEERS:-1}
SAVE=${SAVE:-0}
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"

for tool in curl python3 java; do
  command -v "$tool" >/dev/null 2>&1 || { echo "alert-latency: '$tool' is required" >&2; exit 2; }
done
if [ "$PEERS" = 1 ]; then
  need=()
  command -v webhook >/dev/null 2>&1 || need+=(webhook)
  command -v ssh >/dev/null 2>&1 || need+=(openssh-client)
  command -v ansible >/dev/null 2>&1 || need+=(ansible)
  if [ ${#need[@]} -gt 0 ] && [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 || true
  fi
fi

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
hook_pid=""
stop() {
  if [ -n "$hook_pid" ]; then kill "$hook_pid" 2>/dev/null || true; fi
  for cm in "$work"/cm-*; do if [ -S "$cm" ]; then ssh -o ControlPath="$cm" -O exit x 2>/dev/null || true; fi; done
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

# 3. the peers: adnanh/webhook receiving the same Alertmanager payload and running a script that sends the same first
#    command to the same lab host (vkt03, its address and port from the lab's inventory) with OpenSSH or Ansible
hook_base=""
if [ "$PEERS" = 1 ] && command -v webhook >/dev/null 2>&1 && command -v ssh >/dev/null 2>&1; then
  # shellcheck source=../lib/lab-host.sh
  . "$here/../lib/lab-host.sh"
  lab_host "$work/lab" vkt03
  cat > "$work/peer.sh" <<SCRIPT
#!/bin/sh
# what an operator wires behind a webhook: only the known cluster, then the runbook's first command on its host
mode=\$1 cluster=\$2
[ "\$cluster" = msg-lab ] || exit 2
ssh_opts="$LAB_SSH_OPTS"
case \$mode in
  ssh) exec ssh \$ssh_opts root@$LAB_ADDR /usr/local/bin/orch_topo.sh ;;
  ssh-cm) exec ssh \$ssh_opts -o ControlMaster=auto -o ControlPath=$work/cm-%h -o ControlPersist=600 root@$LAB_ADDR /usr/local/bin/orch_topo.sh ;;
  ansible) ANSIBLE_HOST_KEY_CHECKING=True ANSIBLE_SSH_ARGS="-o ControlMaster=auto -o ControlPersist=60s -o UserKnownHostsFile=$work/lab/known_hosts" \\
           exec ansible all -i "vkt03," -e ansible_host=$LAB_ADDR -e ansible_port=$LAB_PORT -u root \\
           --private-key $work/lab/id_lab -m raw -a /usr/local/bin/orch_topo.sh ;;
esac
SCRIPT
  chmod +x "$work/peer.sh"
  hooks="["
  for mode in ssh ssh-cm ansible; do
    if [ "$mode" = ansible ] && ! command -v ansible >/dev/null 2>&1; then continue; fi
    hooks="$hooks{\"id\": \"$mode\", \"execute-command\": \"$work/peer.sh\", \"command-working-directory\": \"$work\",
      \"pass-arguments-to-command\": [{\"source\": \"string\", \"name\": \"$mode\"},
                                      {\"source\": \"payload\", \"name\": \"alerts.0.labels.cluster\"}]},"
  done
  echo "${hooks%,}]" > "$work/hooks.json"
  hook_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  webhook -hooks "$work/hooks.json" -ip 127.0.0.1 -port "$hook_port" >"$work/webhook.log" 2>&1 &
  hook_pid=$!
  for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$hook_port/" && break; sleep 0.1; done
  hook_base="http://127.0.0.1:$hook_port/hooks"
elif [ "$PEERS" = 1 ]; then
  echo "alert-latency: no peers (webhook or ssh missing; run as root to install them)" >&2
fi

# 4. the alerts, one run at a time (one run per cluster), and the figures
machine() {
  echo "machine:  $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) memory"
  echo "java:     $(java -version 2>&1 | tr '\n' ' ' | sed 's/ *$//')"
  echo "commit:   $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "date:     $(date -u +%Y-%m-%dT%H:%M:%SZ)"
}

report="$work/report.txt"
BASE="$base" N="$N" WARMUP="$WARMUP" HOOKS="$hook_base" PEER_N="$PEER_N" python3 - >"$report" <<'PY'
import base64, datetime, json, math, os, sys, time, urllib.error, urllib.request, uuid

base, n, warmup = os.environ["BASE"], int(os.environ["N"]), int(os.environ["WARMUP"])
hooks, peer_n = os.environ["HOOKS"], int(os.environ["PEER_N"])
FIRST = "/usr/local/bin/orch_topo.sh"
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

def payload():
    return {"version": "4", "status": "firing", "receiver": "ha-runbooks",
            "groupLabels": {"alertname": "orch_topo_check", "cluster": "msg-lab"},
            "alerts": [{"status": "firing", "fingerprint": f"bench-{uuid.uuid4().hex[:16]}",
                        "labels": {"alertname": "orch_topo_check", "cluster": "msg-lab", "severity": "critical"},
                        "annotations": {"summary": "orch topology is BAD: see 'im_utils --check-orch' for details"},
                        "startsAt": datetime.datetime.now(datetime.timezone.utc).isoformat()}]}

def on_host(sent):
    """When the lab host vkt03 recorded the first command sent after `sent` (the same record for every path)."""
    def find():
        nodes = call("/api/lab/clusters/msg-lab")[1]["nodes"]
        for c in next(x for x in nodes if x["name"] == "vkt03")["recentCommands"]:
            if c["command"] == FIRST and instant(c["at"]) >= sent:
                return instant(c["at"])
        return None
    return until("the first command on vkt03", find, pause=0.005)

def one(i):
    sent = time.time()
    status, answer = call("/api/alerts/alertmanager", payload(), auth="Bearer lab-alertmanager-token")
    outcome = answer["alerts"][0]
    if status != 202 or outcome["outcome"] != "STARTED":
        sys.exit(f"alert-latency: alert {i} answered {status}: {answer}")
    run = outcome["runId"]
    host_at = on_host(sent)

    def first_command():
        journal = call(f"/api/runs/{run}/journal")[1]
        commands = [e for e in journal if e["kind"] == "COMMAND"]
        return commands[0] if commands else None
    first = until(f"the first command of run {run}", first_command)
    until(f"the end of run {run}",
          lambda: True if call(f"/engine-rest/history/process-instance/{run}")[1]["state"] != "ACTIVE" else None,
          pause=0.05)
    return (host_at - sent) * 1000.0, (instant(first["startedAt"]) - sent) * 1000.0, \
        first["host"] + ": " + first["command"]

def peer(mode):
    sent = time.time()
    req = urllib.request.Request(f"{hooks}/{mode}", data=json.dumps(payload()).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        if r.status != 200:
            sys.exit(f"alert-latency: webhook {mode} answered {r.status}")
    ms = (on_host(sent) - sent) * 1000.0
    time.sleep(0.3 if mode != "ansible" else 1.5)  # let the peer's process end before the next alert
    return ms

def stats(values):
    s = sorted(values)
    def pct(p):  # nearest rank
        return s[max(0, math.ceil(p / 100.0 * len(s)) - 1)]
    return f"{pct(50):9.1f} {pct(90):9.1f} {pct(99):9.1f} {s[-1]:9.1f} {s[0]:9.1f} {len(s):7d}"

for i in range(warmup):
    one(-1 - i)
engine_host, engine_journal = [], []
first_seen = None
for i in range(n):
    host_ms, journal_ms, first_seen = one(i)
    engine_host.append(host_ms)
    engine_journal.append(journal_ms)
rows = [("ha-runbooks: intake, routing, run, first SSH step", engine_host)]
labels = {"ssh": "webhook + script + OpenSSH ssh (new connection)",
          "ssh-cm": "webhook + script + OpenSSH ControlMaster (warm)",
          "ansible": "webhook + script + ansible -m raw"}
if hooks:
    for mode in ("ssh", "ssh-cm", "ansible"):
        try:
            peer(mode)  # warm-up (and the ControlMaster's connection)
        except urllib.error.HTTPError:
            continue  # no such hook (ansible missing)
        rows.append((labels[mode], [peer(mode) for _ in range(peer_n)]))

print("alert-latency: Alertmanager webhook (orch_topo_check, lab healthy) -> first command on lab host vkt03")
print(f"first command: {first_seen}; one alert at a time; milliseconds from sending the webhook until the lab")
print("host recorded the command (the same record for every path)")
print()
print(f"{'path':<52}{'median':>9} {'p90':>9} {'p99':>9} {'max':>9} {'min':>9} {'alerts':>7}")
for label, values in rows:
    print(f"{label:<52}{stats(values)}")
print()
print(f"ha-runbooks to the journal's start of that command (before sending): {stats(engine_journal).split()[0]} ms median")
PY
machine >>"$report"

cat "$report"
if [ "$SAVE" = 1 ]; then
  cp "$report" "$here/results.txt"
  echo "written: bench/alert-latency/results.txt" >&2
fi
