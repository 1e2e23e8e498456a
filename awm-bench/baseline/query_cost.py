"""The cost of get_product's query in Python's sqlite3 module (the SQLite library the FastAPI baseline
runs on), for QueryCost's comparison with sqlite-jdbc: N in-memory copies of the database, the query
run on them in turn for a fixed time, each run a bind, the query's step and its row read whole.

    python3 query_cost.py DB_FILE COPIES SECONDS

Prints one line of JSON: the library's version, the copies, and microseconds per query.
"""
import json
import sqlite3
import sys
import time

from get_product import GET_PRODUCT


def main():
    path, copies, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    disk = sqlite3.connect(path)
    dbs = []
    for _ in range(copies):
        db = sqlite3.connect(":memory:")
        disk.backup(db)
        dbs.append(db)
    disk.close()
    for db in dbs:  # warm: every copy's statement prepared and cached, its pages read
        db.execute(GET_PRODUCT, (1,)).fetchone()
    n = 0
    start = time.perf_counter()
    end = start + seconds
    while time.perf_counter() < end:
        for _ in range(1000):
            row = dbs[n % copies].execute(GET_PRODUCT, (n % 10 + 1,)).fetchone()
            if row is None:
                raise SystemExit("no product %d" % (n % 10 + 1))
            n += 1
    elapsed = time.perf_counter() - start
    print(json.dumps({"driver": "python sqlite3", "sqlite": sqlite3.sqlite_version, "copies": copies,
                      "us_per_query": round(elapsed / n * 1e6, 3)}))


if __name__ == "__main__":
    main()
