#!/usr/bin/env bash
# Fan-out benchmark: this engine vs Ansible (raw, command, a five-task playbook) vs parallel OpenSSH with
# ControlMaster, on N real OpenSSH servers (one sshd per loopback address 127.0.20.1..N), in one run.
# A measurement, not a test. Needs root (it creates the user rbbench and starts sshd processes), Debian's
# openssh-server and ansible (installed if missing), Java 17 and Maven. See docs/performance.md.
#
#   bench/ssh-fanout/run.sh                 # hosts 1,10,50; 3 repetitions (medians)
#   COUNTS=1,10 REPS=1 bench/ssh-fanout/run.sh
#   SECTIONS=mechanism COUNTS=1,10,50 bench/ssh-fanout/run.sh   # only the fan-out mechanisms (pool inside vs multi-instance)
set -euo pipefail
cd "$(dirname "$0")/../.."
COUNTS=${COUNTS:-1,10,50}
REPS=${REPS:-3}
SECTIONS=${SECTIONS:-peers,engine,mechanism}
has() { [[ ",$SECTIONS," == *",$1,"* ]]; }
PORT=${PORT:-2200}
PREFIX=127.0.20.
USER_NAME=rbbench
MAX=$(echo "$COUNTS" | tr ',' '\n' | sort -n | tail -1)
W=$(mktemp -d /tmp/rb-bench-XXXXXX)
trap 'for p in "$W"/sshd-*.pid; do [ -f "$p" ] && kill "$(cat "$p")" 2>/dev/null || true; done; rm -rf "$W"' EXIT

need=()
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
command -v ansible >/dev/null 2>&1 || need+=(ansible)
if [ ${#need[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

# the user: password field '*' (not locked: sshd without PAM refuses locked accounts)
if ! id "$USER_NAME" >/dev/null 2>&1; then
  useradd -m -s /bin/sh "$USER_NAME"
fi
usermod -p '*' "$USER_NAME"
HOME_DIR=$(getent passwd "$USER_NAME" | cut -d: -f6)
ssh-keygen -q -t ed25519 -N '' -f "$W/id_bench"
install -d -m 700 -o "$USER_NAME" "$HOME_DIR/.ssh"
install -m 600 -o "$USER_NAME" "$W/id_bench.pub" "$HOME_DIR/.ssh/authorized_keys"
ssh-keygen -q -t ed25519 -N '' -f "$W/host_key"
mkdir -p /run/sshd

: > "$W/known_hosts"
: > "$W/inventory.ini"
for i in $(seq 1 "$MAX"); do
  addr="$PREFIX$i"
  cat > "$W/sshd-$i.conf" <<EOF
ListenAddress $addr:$PORT
HostKey $W/host_key
PidFile $W/sshd-$i.pid
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
AuthorizedKeysFile $HOME_DIR/.ssh/authorized_keys
StrictModes no
MaxStartups 200
MaxSessions 200
LogLevel ERROR
EOF
  /usr/sbin/sshd -f "$W/sshd-$i.conf"
  echo "[$addr]:$PORT $(cut -d' ' -f1,2 "$W/host_key.pub")" >> "$W/known_hosts"
  echo "h$i ansible_host=$addr ansible_port=$PORT" >> "$W/inventory.ini"
done
sleep 1

SSH_OPTS=(-i "$W/id_bench" -p "$PORT" -o UserKnownHostsFile="$W/known_hosts" -o StrictHostKeyChecking=yes
          -o BatchMode=yes -o LogLevel=ERROR)
cat > "$W/ansible.cfg" <<EOF
[defaults]
host_key_checking = True
forks = 50
gathering = explicit
interpreter_python = /usr/bin/python3
stdout_callback = minimal
[ssh_connection]
ssh_args = -o UserKnownHostsFile=$W/known_hosts -o ControlMaster=auto -o ControlPersist=60s
pipelining = True
EOF
cat > "$W/playbook.yml" <<'EOF'
- hosts: all
  tasks:
    - command: "true"
    - command: "true"
    - command: "true"
    - command: "true"
    - command: "true"
EOF

now() { python3 -c 'import time; print(time.monotonic())'; }
median() { python3 -c 'import sys,statistics; print("%.3f" % statistics.median(float(x) for x in sys.argv[1:]))' "$@"; }
timeit() { local t0 t1; t0=$(now); "$@" >/dev/null 2>&1; t1=$(now); python3 -c "print($t1-$t0)"; }

declare -A R
has peers && for n in ${COUNTS//,/ }; do
  limit="h[1:$n]"
  for what in raw command playbook ssh-cold ssh-warm ssh5-warm; do
    vals=()
    for r in $(seq 1 "$REPS"); do
      export ANSIBLE_CONFIG="$W/ansible.cfg"
      case $what in
        raw)      vals+=("$(timeit ansible all -i "$W/inventory.ini" -l "h$(seq -s ',h' 1 "$n")" -u "$USER_NAME" --private-key "$W/id_bench" -m raw -a true -f 50)") ;;
        command)  vals+=("$(timeit ansible all -i "$W/inventory.ini" -l "h$(seq -s ',h' 1 "$n")" -u "$USER_NAME" --private-key "$W/id_bench" -m command -a true -f 50)") ;;
        playbook) vals+=("$(timeit ansible-playbook -i "$W/inventory.ini" -l "h$(seq -s ',h' 1 "$n")" -u "$USER_NAME" --private-key "$W/id_bench" -f 50 "$W/playbook.yml")") ;;
        ssh-cold) rm -f "$W"/cm-*; vals+=("$(timeit bash -c "seq 1 $n | xargs -P50 -I{} ssh ${SSH_OPTS[*]} -o ControlMaster=auto -o ControlPath=$W/cm-%h -o ControlPersist=60 $USER_NAME@$PREFIX{} true")") ;;
        ssh-warm) vals+=("$(timeit bash -c "seq 1 $n | xargs -P50 -I{} ssh ${SSH_OPTS[*]} -o ControlMaster=auto -o ControlPath=$W/cm-%h -o ControlPersist=60 $USER_NAME@$PREFIX{} true")") ;;
        ssh5-warm) vals+=("$(timeit bash -c "seq 1 $n | xargs -P50 -I{} sh -c 'for s in 1 2 3 4 5; do ssh ${SSH_OPTS[*]} -o ControlMaster=auto -o ControlPath=$W/cm-%h -o ControlPersist=60 $USER_NAME@$PREFIX{} true; done'")") ;;
      esac
    done
    R[$what-$n]=$(median "${vals[@]}")
  done
done
unset limit

mvn -q -B test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$W/cp.txt" >/dev/null
engine() { # class, log name: RESULT lines into R
  if ! java -cp "target/test-classes:target/classes:$(cat "$W/cp.txt")" "io.harunbooks.bench.$1" "$W/id_bench" \
      "$W/known_hosts" "$USER_NAME" "$PORT" "$PREFIX" "$COUNTS" "$REPS" > "$W/$2.log" 2>&1; then
    echo "the engine's measurement ($1) failed:"; grep -v ' INFO \| DEBUG ' "$W/$2.log" | tail -30; exit 1
  fi
  while read -r _ name value; do R[$name]=$value; done < <(grep '^RESULT' "$W/$2.log")
}
has engine && engine FanOutBench engine
has mechanism && engine FanOutMechanismBench mechanism

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB;" \
     "java $(java -version 2>&1 | head -1 | cut -d'"' -f2); ansible $(ansible --version | head -1 | awk '{print $NF}' | tr -d ']');" \
     "commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'); medians of $REPS, seconds"
row() { printf '%-52s' "$1"; for n in ${COUNTS//,/ }; do printf '%10s' "${R[$2-$n]:-?}"; done; echo; }
header() { printf '\n%-52s' "$1"; for n in ${COUNTS//,/ }; do printf '%10s' "N=$n"; done; echo; }
if has peers || has engine; then
  header "one command on N hosts"
  row "engine fan-out, cold (new connections)" engine-1cmd-cold
  row "engine fan-out, warm (pooled)" engine-1cmd-warm
  row "ansible -m raw -f 50" raw
  row "ansible -m command -f 50" command
  row "OpenSSH ControlMaster -P50, cold" ssh-cold
  row "OpenSSH ControlMaster -P50, warm" ssh-warm
  header "five steps on N hosts"
  row "engine, five fan-out steps, cold" engine-5steps-cold
  row "engine, five fan-out steps, warm" engine-5steps-warm
  row "ansible-playbook, five tasks (pipelining)" playbook
  row "OpenSSH ControlMaster -P50, five, warm" ssh5-warm
  echo
  echo "engine per step (one host, warm): ${R[engine-per-step]:-?} s; raw sshj per command: ${R[raw-sshj-per-command]:-?} s;" \
       "overhead: ${R[engine-overhead-per-step]:-?} s"
fi
if has mechanism; then
  for pool in app pool50; do
    if [ $pool = app ]; then what="job executor as the application's (3-10 threads)"; else what="job executor of 50 threads, 50 jobs per acquisition"; fi
    header "fan-out mechanism, one command, warm; $what"
    row "one step, pool inside (sshFanOut), seconds" mech-$pool-pool-inside
    row "multi-instance, exclusive jobs (default), seconds" mech-$pool-mi-exclusive
    row "multi-instance, non-exclusive jobs, seconds" mech-$pool-mi-nonexclusive
    row "multi-instance, non-exclusive + async after, seconds" mech-$pool-mi-nonexclusive-after
    row "  commands re-sent: pool inside" mechdup-$pool-pool-inside
    row "  commands re-sent: multi-instance, exclusive" mechdup-$pool-mi-exclusive
    row "  commands re-sent: multi-instance, non-exclusive" mechdup-$pool-mi-nonexclusive
    row "  commands re-sent: non-exclusive + async after" mechdup-$pool-mi-nonexclusive-after
    row "  job failures logged: multi-instance, non-exclusive" mechfail-$pool-mi-nonexclusive
    row "  job failures logged: non-exclusive + async after" mechfail-$pool-mi-nonexclusive-after
  done
  echo "(commands re-sent: sent beyond one per host; job failures: rolled-back jobs the engine logged; totals over $REPS repetitions)"
fi
