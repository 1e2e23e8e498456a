#!/usr/bin/env bash
# MCP tools/call (awm-mcp on Jetty) against a bare FastAPI endpoint (uvicorn + uvloop + httptools)
# serving the same SQL over the same data: get_product of the e_commerce starter environment.
# Each server runs in a process of its own; HttpLoadGenerator drives N concurrent sessions for a fixed
# time and reads the server process's processor time from /proc. The two servers are measured one
# after the other at each session count, in alternating order; the machine is shared, so compare the
# ratios of one run.
#
#   awm-bench/baseline/run_baseline.sh [sessions...]        (default: 16 64)
#   DURATION=20 WARMUP=10 ROUNDS=1 awm-bench/baseline/run_baseline.sh 16 64
#   ISOLATED=1 ...   also serves FastAPI with a database per session ("fastapi-isolated"), as MCP sessions have
#   BEFORE_CLASSPATH=dir:old-benchmarks.jar ...   also serves MCP from that class path ("mcp-before"),
#                                                 e.g. an older build, measured in the same run
#   PIN=1 ...   every server on the last processor, the load generator on the others (taskset), as if
#               the clients ran on another machine: the scheduler no longer moves a client thread onto
#               the server's processor (each such move preempts the server and evicts its caches)
#
# Needs awm-bench/target/benchmarks.jar (mvn -B -q -DskipTests package -pl awm-bench -am) and, for the
# baseline, Debian's python3-fastapi python3-uvicorn python3-uvloop python3-httptools.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/../target/benchmarks.jar"
out="$here/../target/baseline"
python="${PYTHON:-/usr/bin/python3}"
sessions=("${@:-16 64}")
read -r -a sessions <<< "${sessions[*]}"
duration="${DURATION:-20}"
warmup="${WARMUP:-10}"
rounds="${ROUNDS:-1}"
first_warmup="${FIRST_WARMUP:-$((warmup * 3))}"  # the first round also waits for the JIT

if [ ! -f "$jar" ]; then
  echo "no $jar: build it first with  mvn -B -q -DskipTests package -pl awm-bench -am" >&2
  exit 2
fi
if ! "$python" -c 'import fastapi, uvicorn, uvloop, httptools' 2>/dev/null; then
  echo "the FastAPI baseline needs fastapi, uvicorn, uvloop and httptools for $python, and they are not all there:" >&2
  echo "  apt-get install -y python3-fastapi python3-uvicorn python3-uvloop python3-httptools   (or set PYTHON=...)" >&2
  echo "nothing was measured." >&2
  exit 3
fi
mkdir -p "$out"
server_cpu=(); client_cpu=()
if [ -n "${PIN:-}" ]; then
  last=$(( $(nproc) - 1 ))
  if [ "$last" -lt 1 ] || ! command -v taskset >/dev/null; then echo "PIN=1 needs taskset and 2 processors or more" >&2; exit 2; fi
  server_cpu=(taskset -c "$last"); client_cpu=(taskset -c "0-$(( last - 1 ))")
fi
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

java -cp "$jar" dev.awm.bench.McpLoadServer e_commerce --export-db "$out/e_commerce.db" >/dev/null

free_port() { "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 1 1200); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "nothing listens on $1" >&2; exit 1; }

mcp_port=$(free_port)
"${server_cpu[@]}" java -Xmx1g -cp "$jar" dev.awm.bench.McpLoadServer e_commerce "$mcp_port" > "$out/mcp-server.log" 2>&1 &
mcp_pid=$!; pids+=("$mcp_pid")
api_port=$(free_port)
"${server_cpu[@]}" "$python" "$here/fastapi_baseline.py" "$out/e_commerce.db" "$api_port" > "$out/fastapi-server.log" 2>&1 &
api_pid=$!; pids+=("$api_pid")
wait_port "$mcp_port"; wait_port "$api_port"
servers="mcp fastapi"
if [ -n "${ISOLATED:-}" ]; then
  # FastAPI with a database per session (X-Session), the isolation the MCP server gives each session
  iso_port=$(free_port)
  "${server_cpu[@]}" "$python" "$here/fastapi_baseline.py" "$out/e_commerce.db" "$iso_port" --per-session > "$out/fastapi-isolated-server.log" 2>&1 &
  iso_pid=$!; pids+=("$iso_pid")
  wait_port "$iso_port"
  servers="$servers fastapi-isolated"
fi
if [ -n "${BEFORE_CLASSPATH:-}" ]; then
  before_port=$(free_port)
  "${server_cpu[@]}" java -Xmx1g -cp "$BEFORE_CLASSPATH" dev.awm.bench.McpLoadServer e_commerce "$before_port" > "$out/mcp-before-server.log" 2>&1 &
  before_pid=$!; pids+=("$before_pid")
  wait_port "$before_port"
  servers="$servers mcp-before"
fi
echo "python: $("$python" -c 'import fastapi, uvicorn, uvloop, sys; print(sys.version.split()[0], "fastapi", fastapi.__version__, "uvicorn", uvicorn.__version__, "uvloop", uvloop.__version__)')"
echo "java: $(java -version 2>&1 | head -1); cores: $(nproc); load before: $(cut -d' ' -f1-3 /proc/loadavg)${PIN:+; servers pinned to processor $last}"

load() { # label mode url pid sessions warmup
  "${client_cpu[@]}" java -Xmx512m -cp "$jar" dev.awm.bench.HttpLoadGenerator --label "$1" --mode "$2" --url "$3" --server-pid "$4" \
    --sessions "$5" --duration "$duration" --warmup "$6" | tee -a "$out/results.jsonl"
}
: > "$out/results.jsonl"
for r in $(seq 1 "$rounds"); do
  for n in "${sessions[@]}"; do
    if [ $(( (r + n) % 2 )) -eq 0 ]; then order="$servers"; else order="$(echo "$servers" | tr ' ' '\n' | tac | tr '\n' ' ')"; fi
    w="$warmup"; [ "$r" -eq 1 ] && w="$first_warmup"
    for which in $order; do
      case "$which" in
        mcp) load mcp mcp "http://127.0.0.1:$mcp_port/mcp" "$mcp_pid" "$n" "$w" ;;
        mcp-before) load mcp-before mcp "http://127.0.0.1:$before_port/mcp" "$before_pid" "$n" "$w" ;;
        fastapi-isolated) load fastapi-isolated post "http://127.0.0.1:$iso_port/get_product" "$iso_pid" "$n" "$w" ;;
        *) load fastapi post "http://127.0.0.1:$api_port/get_product" "$api_pid" "$n" "$w" ;;
      esac
    done
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
"$python" - "$out/results.jsonl" <<'PY'
import json, statistics, sys
rows = [json.loads(l.split("RESULT ", 1)[1]) for l in open(sys.argv[1]) if l.startswith("RESULT ")]

def table(a_label, b_label, head):
    print(head)
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n in sorted({r["sessions"] for r in rows}):
        pairs = list(zip([r for r in rows if r["sessions"] == n and r["label"] == a_label],
                         [r for r in rows if r["sessions"] == n and r["label"] == b_label]))
        for i, (a, b) in enumerate(pairs):
            print(f"| {n} (round {i + 1}) | {a['requests_per_s']:,.0f} | {b['requests_per_s']:,.0f} "
                  f"| {a['requests_per_s'] / b['requests_per_s']:.2f}x | {a['server_cpu_us_per_request']:.0f} "
                  f"| {b['server_cpu_us_per_request']:.0f} | {a['server_cpu_us_per_request'] / b['server_cpu_us_per_request']:.2f}x |")
        if len(pairs) > 1:
            med = lambda f: statistics.median(f(a, b) for a, b in pairs)
            print(f"| **{n}, median of rounds** | {med(lambda a, b: a['requests_per_s']):,.0f} | {med(lambda a, b: b['requests_per_s']):,.0f} "
                  f"| **{med(lambda a, b: a['requests_per_s'] / b['requests_per_s']):.2f}x** "
                  f"| {med(lambda a, b: a['server_cpu_us_per_request']):.0f} | {med(lambda a, b: b['server_cpu_us_per_request']):.0f} "
                  f"| **{med(lambda a, b: a['server_cpu_us_per_request'] / b['server_cpu_us_per_request']):.2f}x** |")

table("mcp", "fastapi", "| sessions | MCP tools/call req/s | FastAPI+uvloop req/s | req/s ratio "
      "| MCP server CPU µs/req | FastAPI server CPU µs/req | CPU/req ratio |")
if any(r["label"] == "fastapi-isolated" for r in rows):
    print()
    table("mcp", "fastapi-isolated", "| sessions | MCP tools/call req/s | FastAPI, a database per session, req/s | req/s ratio "
          "| MCP server CPU µs/req | FastAPI server CPU µs/req | CPU/req ratio |")
if any(r["label"] == "mcp-before" for r in rows):
    print()
    table("mcp", "mcp-before", "| sessions | MCP req/s, this build | MCP req/s, before | ratio "
          "| server CPU µs/req, this build | before | ratio |")
PY
