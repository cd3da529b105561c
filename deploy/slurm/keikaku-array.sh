#!/usr/bin/env bash
# keikaku over a corpus as a Slurm job array, then one database over the shard outputs.
#
#   deploy/slurm/keikaku-array.sh CORPUS OUT [N]
#
# run on a login node (CORPUS and OUT on a file system every node sees) submits N array
# tasks — task K runs `keikaku ingest CORPUS --shard K/N -o OUT`, writing
# OUT/corpus.K-of-N.jsonl and OUT/manifest.K-of-N.json — and one job after them that runs
# `keikaku db OUT -o OUT/corpus.sqlite` over the shard files. It prints both job ids.
#
# Environment:
#   KEIKAKU              the keikaku binary (default: keikaku on PATH)
#   KEIKAKU_INGEST_ARGS  more ingest flags, e.g. "--csv --chunks --timeout 300"
#   KEIKAKU_DB           database file (default: OUT/corpus.sqlite)
#   KEIKAKU_WAIT=1       wait for the jobs (sbatch --wait); exit 1 when a task failed
#   SBATCH_*             Slurm's own variables (partition, account …) apply as usual
#
# The database job runs after every task ended (afterany): a task whose batch had failed
# files exits 1 (they are listed in its manifest) and the other shards still make the db.
#SBATCH --job-name=keikaku
#SBATCH --cpus-per-task=2
#SBATCH --mem=4G
#SBATCH --time=04:00:00
set -euo pipefail

KEIKAKU=${KEIKAKU:-keikaku}

if [ -n "${SLURM_ARRAY_TASK_ID:-}" ]; then
  # one array task: shard K of N (task ids may start at 0 or 1)
  corpus=$1 out=$2
  count=${SLURM_ARRAY_TASK_COUNT:?SLURM_ARRAY_TASK_COUNT unset}
  k=$(( SLURM_ARRAY_TASK_ID - ${SLURM_ARRAY_TASK_MIN:-1} + 1 ))
  echo "keikaku-array: task $SLURM_ARRAY_TASK_ID on $(hostname): shard $k/$count of $corpus"
  # shellcheck disable=SC2086
  exec "$KEIKAKU" ingest "$corpus" --shard "$k/$count" -o "$out" --no-progress ${KEIKAKU_INGEST_ARGS:-}
fi

if [ "${KEIKAKU_STEP:-}" = "db" ]; then
  out=$2
  echo "keikaku-array: database over $(ls "$out"/corpus.*-of-*.jsonl | wc -l) shard files in $out"
  exec "$KEIKAKU" db "$out" -o "${KEIKAKU_DB:-$out/corpus.sqlite}"
fi

# on the login node: submit
if [ $# -lt 2 ]; then
  echo "usage: $0 CORPUS OUT [N]" >&2
  exit 2
fi
command -v sbatch >/dev/null || { echo "keikaku-array: sbatch not found" >&2; exit 2; }
corpus=$(realpath "$1")
mkdir -p "$2/logs"
out=$(realpath "$2")
n=${3:-4}
self=$(realpath "$0")
common=(--parsable --export=ALL --chdir="$out")
if [ "${KEIKAKU_WAIT:-}" = "1" ]; then
  rc=0
  sbatch "${common[@]}" --wait --array="1-$n" --output="$out/logs/keikaku-%A_%a.log" \
    "$self" "$corpus" "$out" || rc=$?
  KEIKAKU_STEP=db sbatch "${common[@]}" --wait --job-name=keikaku-db \
    --output="$out/logs/keikaku-db-%j.log" "$self" "$corpus" "$out" || rc=$?
  exit "$rc"
fi
array=$(sbatch "${common[@]}" --array="1-$n" --output="$out/logs/keikaku-%A_%a.log" \
  "$self" "$corpus" "$out")
db=$(KEIKAKU_STEP=db sbatch "${common[@]}" --dependency="afterany:${array%%;*}" \
  --job-name=keikaku-db --output="$out/logs/keikaku-db-%j.log" "$self" "$corpus" "$out")
echo "keikaku-array: array job ${array%%;*} ($n tasks), database job ${db%%;*}"
