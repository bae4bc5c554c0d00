#!/usr/bin/env bash
# Drives `dnc serve` with wrk on loopback (issue 3's HTTP targets) and prints the figures.
#
#   bench/http/run.sh DATA_DIR [CONNECTIONS] [SECONDS]
#
# DATA_DIR holds a register (e.g. made by `./dnc --data DIR demo`, then DIR/demo/register).
# The script creates an operator `bench-<time>` on the enterprise plan, starts the server on
# port 18080 with rate limits out of the way, warms it up, then runs, one after the other:
#   health   GET /health/live                     (the server's floor: no auth, no audit)
#   precall  GET /api/v1/numbers/{n}/callable     (random Italian mobiles; audited, metered)
#   register POST /api/v1/ivr/calls                (a call to the register's line from a random
#                                                   mobile: a durable REGISTER or RENEW each)
# and prints requests/s, latency percentiles and the server's CPU per request (user + system
# time of the server process over the run, divided by the requests answered: it varies less
# with the machine's load than requests/s) of each, and precall/health.
set -euo pipefail
data="${1:?usage: bench/http/run.sh DATA_DIR [CONNECTIONS] [SECONDS]}"
connections="${2:-64}"
seconds="${3:-15}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
. "$root/bench/http/server.sh"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }
port=18080
operator="bench-$(date +%s)"
key="$("$root/dnc" --data "$data" operator create "$operator" --plan enterprise | awk '/API key:/ {print $3}')"
export IVR_SECRET="bench-ivr-secret-$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
start_server "$data" "$port" "$data/bench-serve.log" --rate-per-key 100000000 \
  --rate-per-address 100000000 --ivr-secret "$IVR_SECRET"
export DNC_KEY="$key"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; } # user + system, in clock ticks
ticks_per_second="$(getconf CLK_TCK)"
run() { # name, wrk arguments...
  local name="$1"; shift
  local out before after
  before="$(cpu_ticks)"
  out="$(wrk -t2 -c"$connections" -d"${seconds}s" --latency "$@")"
  after="$(cpu_ticks)"
  local rps p50 p90 p99 errors requests cpu
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p50="$(awk '$1 == "50%" {print $2}' <<<"$out")"
  p90="$(awk '$1 == "90%" {print $2}' <<<"$out")"
  p99="$(awk '$1 == "99%" {print $2}' <<<"$out")"
  errors="$(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr '\n' ' ' || true)"
  requests="$(awk '/requests in/ {print $1}' <<<"$out")"
  cpu="$(awk -v t=$((after - before)) -v hz="$ticks_per_second" -v n="$requests" \
    'BEGIN {printf "%.0f", t / hz * 1e6 / n}')"
  printf '%-8s %10s req/s  p50 %8s  p90 %8s  p99 %8s  server CPU %4s us/req  %s\n' \
    "$name" "$rps" "$p50" "$p90" "$p99" "$cpu" "$errors"
  eval "${name}_rps=$rps"
}
precall=(-s "$root/bench/http/precall.lua" "http://127.0.0.1:$port")
wrk -t2 -c"$connections" -d5s "${precall[@]}" >/dev/null   # warm-up (JIT)
echo "connections $connections, ${seconds} s each, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
run health "http://127.0.0.1:$port/health/live"
run precall "${precall[@]}"
run register -s "$root/bench/http/ivr.lua" "http://127.0.0.1:$port"
awk -v p="$precall_rps" -v h="$health_rps" 'BEGIN {printf "precall/health %.2f\n", p / h}'
