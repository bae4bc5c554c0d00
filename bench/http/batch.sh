#!/usr/bin/env bash
# Issue 3's batch target: a list checked over HTTP (POST /api/v1/checks) against the same list
# checked by the CLI (`dnc scrub`), same register, same operator, one after the other.
#
#   bench/http/batch.sh DATA_DIR LIST.csv [RUNS]
#
# Prints each run's wall time, the medians and HTTP/CLI, and checks that both results are the
# same bytes. The CLI time is the whole process (JVM start, snapshot load, check, receipt); the
# HTTP time is the request (upload, check, download) on a server that is already running.
set -euo pipefail
data="${1:?usage: bench/http/batch.sh DATA_DIR LIST.csv [RUNS]}"
list="${2:?usage: bench/http/batch.sh DATA_DIR LIST.csv [RUNS]}"
runs="${3:-3}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
. "$root/bench/http/server.sh"
work="$(mktemp -d)"
port=18081
operator="bench-batch-$(date +%s)"
key="$("$root/dnc" --data "$data" operator create "$operator" --plan enterprise | awk '/API key:/ {print $3}')"
mib=$(( $(stat -c %s "$list") / 1048576 + 16 ))
seconds() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b - a) / 1e9}'; }
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

cli=()
for i in $(seq 1 "$runs"); do
  sync
  start=$(date +%s%N)
  "$root/dnc" --data "$data" scrub "$list" --operator "$operator" --output "$work/cli.csv" >/dev/null 2>&1
  end=$(date +%s%N)
  cli+=("$(seconds "$start" "$end")")
  echo "cli  run $i: ${cli[-1]} s"
done

cleanup() { rm -rf "$work"; }
start_server "$data" "$port" "$work/serve.log" --max-list-mib "$mib"
http=()
for i in $(seq 1 "$runs"); do
  sync
  start=$(date +%s%N)
  curl -fsS -H "Authorization: Bearer $key" -H "Content-Type: text/csv" --data-binary "@$list" \
    -D "$work/headers" -o "$work/http.csv" "http://127.0.0.1:$port/api/v1/checks"
  end=$(date +%s%N)
  http+=("$(seconds "$start" "$end")")
  echo "http run $i: ${http[-1]} s (receipt $(awk -F': ' 'tolower($1) == "x-receipt-id" {print $2}' "$work/headers" | tr -d '\r'))"
done
if cmp -s "$work/cli.csv" "$work/http.csv"; then same="same bytes"; else same="RESULTS DIFFER"; fi
c=$(printf '%s\n' "${cli[@]}" | median); h=$(printf '%s\n' "${http[@]}" | median)
echo "rows $(($(wc -l <"$list") - 1)), medians: cli $c s, http $h s, http/cli $(awk -v h="$h" -v c="$c" 'BEGIN {printf "%.2f", h / c}'), results: $same"
[ "$same" = "same bytes" ]
