#!/usr/bin/env bash
# A one-node Slurm cluster on localhost for tests (Debian slurm-wlm 22.05 and munge, as root).
#
#   deploy/slurm/local-cluster.sh start DIR   writes DIR/slurm.conf, starts munged (when no
#                                             munged runs), slurmctld and slurmd; prints
#                                             SLURM_CONF=DIR/slurm.conf when the node is idle
#   deploy/slurm/local-cluster.sh stop DIR    stops the daemons it started (by their pid files)
#
# Exits 3 with a reason when the cluster cannot start (no packages, not root …).
set -euo pipefail
cmd=${1:?start or stop}
dir=$(realpath -m "${2:?DIR}")

stop() {
  for p in slurmd slurmctld munged; do
    if [ -f "$dir/$p.pid" ]; then
      pid=$(cat "$dir/$p.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      rm -f "$dir/$p.pid"
    fi
  done
}

if [ "$cmd" = "stop" ]; then
  stop
  exit 0
fi

for b in slurmctld slurmd slurmstepd munged sbatch; do
  command -v "$b" >/dev/null 2>&1 || [ -x "/usr/sbin/$b" ] || {
    echo "cannot start: $b not installed (apt-get install slurm-wlm munge)" >&2; exit 3; }
done
[ "$(id -u)" = 0 ] || { echo "cannot start: the daemons need root" >&2; exit 3; }
mkdir -p "$dir/state" "$dir/spool" "$dir/log"
host=$(hostname -s)
cpus=$(nproc)
mem=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 / 2 ))
port=$(( 16817 + RANDOM % 1000 ))
cat > "$dir/slurm.conf" <<CONF
ClusterName=keikaku-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
SlurmdTimeout=60
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$dir/slurm.conf

if ! pgrep -x munged >/dev/null 2>&1; then
  mkdir -p /run/munge /var/log/munge /var/lib/munge
  [ -f /etc/munge/munge.key ] || { mungekey -c -k /etc/munge/munge.key 2>/dev/null ||
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 2>/dev/null; }
  chown -R munge:munge /etc/munge /run/munge /var/log/munge /var/lib/munge 2>/dev/null || true
  chmod 0700 /etc/munge; chmod 0400 /etc/munge/munge.key
  if id munge >/dev/null 2>&1; then
    runuser -u munge -- /usr/sbin/munged --pid-file=/run/munge/munged.pid ||
      { echo "cannot start: munged failed" >&2; exit 3; }
  else
    /usr/sbin/munged --force || { echo "cannot start: munged failed" >&2; exit 3; }
  fi
  sleep 0.5
  cp /run/munge/munged.pid "$dir/munged.pid" 2>/dev/null || pgrep -x munged > "$dir/munged.pid"
fi
/usr/sbin/slurmctld -f "$dir/slurm.conf" || { echo "cannot start: slurmctld failed" >&2; stop; exit 3; }
/usr/sbin/slurmd -f "$dir/slurm.conf" || { echo "cannot start: slurmd failed" >&2; stop; exit 3; }
for _ in $(seq 60); do
  if sinfo -h -o %T 2>/dev/null | grep -qx idle; then
    echo "SLURM_CONF=$dir/slurm.conf"
    exit 0
  fi
  sleep 0.5
done
echo "cannot start: the node did not become idle; $(sinfo -h 2>&1 | head -2); see $dir/log" >&2
stop
exit 3
