# Sourced by the bench/http scripts: start `dnc serve` in the background and wait until ready.
#   start_server DATA_DIR PORT LOG [serve options...]   sets $server (its pid) and stops it at exit
start_server() {
  local data="$1" port="$2" log="$3"
  shift 3
  "$root/dnc" --data "$data" serve --port "$port" "$@" >"$log" 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true; cleanup 2>/dev/null || true' EXIT
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$server" 2>/dev/null || { echo "dnc serve stopped; see $log" >&2; return 1; }
    sleep 0.5
  done
  echo "dnc serve was not ready after 60 s; see $log" >&2
  return 1
}
