#!/usr/bin/env bash
# Start-up time, resident memory and runbooks per minute sustained of the application with the lab. See ../README.md.
#
#   bench/throughput/run.sh                 # 60 s of runs
#   SECONDS_RUN=20 bench/throughput/run.sh
#   PEERS=0 bench/throughput/run.sh         # without the peers (OpenSSH, ansible-playbook)
#
# Start-up: from the JVM's start to /actuator/health answering UP. Memory: the JVM's resident set (VmRSS) right after
# start-up and after the runs. Throughput: mysql-topology-repair (one SSH check, ends at once on a healthy lab) started
# over REST again and again on the lab's messenger cluster for SECONDS_RUN seconds, one run at a time as the engine
# allows one run per cluster: runs ended per minute. Peers in the same run, on the same lab host: the same check as
# a two-task ansible-playbook (raw command, assert on its output) and as OpenSSH commands in a loop, PEER_SECONDS
# (default 20) each: how many per minute, and their peak resident memory (ansible and ssh installed as root if missing).
set -euo pipefail
SECONDS_RUN=${SECONDS_RUN:-60}
PEER_SECONDS=${PEER_SECONDS:-20}
PEERS=${PEERS:-1}
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"
for tool in curl python3 java; do
  command -v "$tool" >/dev/null 2>&1 || { echo "throughput: '$tool' is required" >&2; exit 2; }
done
if [ "$PEERS" = 1 ] && [ "$(id -u)" = 0 ]; then
  need=()
  command -v ssh >/dev/null 2>&1 || need+=(openssh-client)
  command -v ansible-playbook >/dev/null 2>&1 || need+=(ansible)
  if [ ${#need[@]} -gt 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 || true; fi
fi
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
rss_runs=$(rss)

# Peers on the same lab host in the same run: the runbook's healthy path (orch_topo.sh, its output checked) as a
# two-task ansible-playbook, and as a shell loop of OpenSSH commands (a new connection each), for PEER_SECONDS each.
peer_rows=""
if [ "$PEERS" = 1 ] && command -v ssh >/dev/null 2>&1; then
  # shellcheck source=../lib/lab-host.sh
  . "$here/../lib/lab-host.sh"
  lab_host "$work/lab" vkt03
  cat > "$work/check.yml" <<'YML'
- hosts: all
  gather_facts: false
  tasks:
    - raw: /usr/local/bin/orch_topo.sh
      register: topo
    - assert:
        that: "'BAD' not in topo.stdout"
YML
  peer_loop() { # label, command...: how many times the command succeeds in PEER_SECONDS; peak RSS of one
    python3 - "$PEER_SECONDS" "$@" <<'PY'
import resource, subprocess, sys, time
seconds, label, cmd = float(sys.argv[1]), sys.argv[2], sys.argv[3:]
done, start = 0, time.monotonic()
while time.monotonic() - start < seconds:
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    done += 1
elapsed = time.monotonic() - start
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"{label:<30}{done} in {elapsed:.1f} s = {done / elapsed * 60:.0f} per minute; "
      f"{elapsed / done:.3f} s each (its start-up included); peak resident memory {rss:.0f} MiB")
PY
  }
  # shellcheck disable=SC2086
  peer_rows+="$(peer_loop "OpenSSH ssh (new connection)" ssh $LAB_SSH_OPTS "root@$LAB_ADDR" /usr/local/bin/orch_topo.sh)"$'\n'
  if command -v ansible-playbook >/dev/null 2>&1; then
    peer_rows+="$(ANSIBLE_HOST_KEY_CHECKING=True ANSIBLE_SSH_ARGS="-o ControlMaster=auto -o ControlPersist=60s -o UserKnownHostsFile=$work/lab/known_hosts" \
      peer_loop "ansible-playbook, two tasks" ansible-playbook -i "vkt03," -e "ansible_host=$LAB_ADDR" \
      -e "ansible_port=$LAB_PORT" -u root --private-key "$work/lab/id_lab" "$work/check.yml")"$'\n'
  fi
fi

echo "machine:  $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); java $(java -version 2>&1 | head -1 | cut -d'"' -f2); commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
printf 'start-up to health UP:        %.1f s\n' "$(python3 -c "print($t1-$t0)")"
echo "resident memory after start:  $rss_start"
echo "runs ended:                   $ended in $elapsed s = $per_minute runbooks per minute (one cluster, one run at a time)"
echo "resident memory after runs:   $rss_runs"
if [ -n "$peer_rows" ]; then
  echo
  echo "peers, the same check on the same lab host, one after another for $PEER_SECONDS s each:"
  printf '%s' "$peer_rows"
fi
