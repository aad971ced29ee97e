#!/usr/bin/env bash
# The dataset benchmark (docs/benchmarks.md): N transcripts of ~20 turns generated, imported with
# sift-cli import, then audit + slice + export timed with /usr/bin/time -v, next to the sqlite3 CLI
# reading the same rows. Needs a Release sift-cli (cmake --preset bench) and the sqlite3 CLI.
#
#   tests/bench/bench_dataset.sh [WORKDIR] [COUNT]
set -euo pipefail
cd "$(dirname "$0")/../.."
work=${1:-/tmp/sift-bench-dataset}
count=${2:-100000}
cli=build/bench/app/sift-cli
[ -x "$cli" ] || { echo "build it first: cmake --preset bench && cmake --build --preset bench --target sift-cli" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "install the sqlite3 CLI (apt-get install sqlite3)" >&2; exit 2; }

if [ ! -f "$work/project/sift.db" ]; then
  python3 tests/bench/gen_transcripts.py --count "$count" --turns 20 --files 10 --out "$work/data"
  "$cli" init "$work/project" >/dev/null
  for f in "$work"/data/part-*.jsonl; do "$cli" import "$work/project" "$f"; done
fi
db="$work/project/sift.db"
echo "== rows: $(sqlite3 "$db" 'SELECT COUNT(*) FROM transcripts') transcripts, $(sqlite3 "$db" 'SELECT COUNT(*) FROM turns') turns"

measure() {
  local label=$1; shift
  /usr/bin/time -v "$@" >/dev/null 2>"$work/time.txt" || true
  printf '%-28s %8s s wall  %8s MB peak\n' "$label" \
    "$(grep 'Elapsed' "$work/time.txt" | awk '{print $NF}')" \
    "$(grep 'Maximum resident' "$work/time.txt" | awk '{printf "%.0f", $NF/1024}')"
}
measure "sqlite3 (same rows)" sqlite3 "$db" "SELECT transcript_id, role, content FROM turns ORDER BY transcript_id, idx"
measure "sift-cli audit" "$cli" audit "$work/project"
measure "sift-cli export (all steps)" "$cli" export "$work/project" --include all
ls -l "$work/project"/training_data.jsonl "$work/project"/validation.jsonl
