#!/usr/bin/env bash
# get_product's query in sqlite-jdbc (QueryCost) against the same query in Python's sqlite3 module (query_cost.py):
# the SQLite engine each server of run_baseline.sh runs on, on 1 and on 64 in-memory copies of the database (the
# MCP server gives each session its own). The two are run in turn, ROUNDS times; the machine is shared, so
# compare the medians of one run.
#
#   awm-bench/baseline/query_cost.sh [copies...]      (default: 1 64)
#   SECONDS_EACH=5 ROUNDS=5 awm-bench/baseline/query_cost.sh 1 64
#
# Needs awm-bench/target/benchmarks.jar (mvn -B -q -DskipTests package -pl awm-bench -am) and python3.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/../target/benchmarks.jar"
out="$here/../target/baseline"
python="${PYTHON:-/usr/bin/python3}"
seconds="${SECONDS_EACH:-3}"
rounds="${ROUNDS:-3}"
copies=("${@:-1 64}")
read -r -a copies <<< "${copies[*]}"
if [ ! -f "$jar" ]; then
  echo "no $jar: build it first with  mvn -B -q -DskipTests package -pl awm-bench -am" >&2
  exit 2
fi
mkdir -p "$out"
java -cp "$jar" dev.awm.bench.McpLoadServer e_commerce --export-db "$out/e_commerce.db" >/dev/null
: > "$out/query_cost.jsonl"
for r in $(seq 1 "$rounds"); do
  for n in "${copies[@]}"; do
    java -cp "$jar" dev.awm.bench.QueryCost "$out/e_commerce.db" "$n" "$seconds" | tee -a "$out/query_cost.jsonl"
    "$python" "$here/query_cost.py" "$out/e_commerce.db" "$n" "$seconds" | tee -a "$out/query_cost.jsonl"
  done
done
"$python" - "$out/query_cost.jsonl" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print("| copies | sqlite-jdbc (SQLite %s) µs/query | Python sqlite3 (SQLite %s) µs/query | ratio |" % (
    next(r["sqlite"] for r in rows if r["driver"] == "sqlite-jdbc"), next(r["sqlite"] for r in rows if r["driver"] != "sqlite-jdbc")))
print("| ---: | ---: | ---: | ---: |")
for n in sorted({r["copies"] for r in rows}):
    j = [r["us_per_query"] for r in rows if r["copies"] == n and r["driver"] == "sqlite-jdbc"]
    p = [r["us_per_query"] for r in rows if r["copies"] == n and r["driver"] != "sqlite-jdbc"]
    ratio = statistics.median(a / b for a, b in zip(j, p))
    print(f"| {n} | {statistics.median(j):.2f} | {statistics.median(p):.2f} | {ratio:.2f}x |")
PY
