# Sourced by the benchmarks: how a peer (OpenSSH, Ansible) reaches a host of the application's lab, with the lab's
# own files (written under runbooks.lab.dir on start): client key id_lab, known_hosts, inventory.yaml.
#
#   lab_host <lab dir> <host>    sets LAB_ADDR, LAB_PORT and LAB_SSH_OPTS (OpenSSH options, strict host keys)

lab_host() {
  local dir=$1 host=$2
  read -r LAB_ADDR LAB_PORT < <(python3 - "$dir/inventory.yaml" "$host" <<'PY'
import re, sys
text, host = open(sys.argv[1]).read(), sys.argv[2]
block = text[text.index("name: " + host):]
print(re.search(r"address: (\S+)", block).group(1), re.search(r"port: (\d+)", block).group(1))
PY
)
  LAB_SSH_OPTS="-i $dir/id_lab -p $LAB_PORT -o UserKnownHostsFile=$dir/known_hosts -o StrictHostKeyChecking=yes -o BatchMode=yes -o LogLevel=ERROR"
}
