"""Runs a reference (AgentWorldModel-1K) environment or verifier for awm-java's port check.

serve:  the environment's FastAPI app under uvicorn on a copy of its database, as the reference's
        server does (every line calling create_engine( is pointed at that copy), with the clock pinned
        to the environment's simulated now, and two control routes: POST /__awm__/reset puts the
        initial database back, GET /__awm__/db returns the current database file. Prints
        "AWM_PORT <port>" once it listens.
verify: reads {"now": ..., "jobs": [{"code", "initial", "final", "answer"}]} on stdin and prints one
        result per job as the reference's code-mode verify does ({"result": "complete"|"others",
        "execution_status": "success"|"error", "error_message"}).
"""
import argparse
import datetime as _dt
import json
import os
import re
import socket
import sqlite3
import sys
import time as _time


def pin_clock(now_text):
    pinned = _dt.datetime.fromisoformat(now_text)

    class PinnedDateTime(_dt.datetime):
        @classmethod
        def now(cls, tz=None):
            base = cls(pinned.year, pinned.month, pinned.day, pinned.hour, pinned.minute, pinned.second, pinned.microsecond)
            return base if tz is None else base.replace(tzinfo=_dt.timezone.utc).astimezone(tz)

        @classmethod
        def utcnow(cls):
            return cls.now()

        @classmethod
        def today(cls):
            return cls.now()

    class PinnedDate(_dt.date):
        @classmethod
        def today(cls):
            return cls(pinned.year, pinned.month, pinned.day)

    stamp = pinned.replace(tzinfo=_dt.timezone.utc).timestamp()
    _dt.datetime = PinnedDateTime
    _dt.date = PinnedDate
    _time.time = lambda: stamp
    _time.time_ns = lambda: int(stamp * 1_000_000_000)


def point_at(code, db_path):
    """The reference's rewrite: every line that calls create_engine( uses the given database."""
    lines = []
    for line in code.split("\n"):
        if "create_engine(" in line:
            left = line.split("create_engine(")[0]
            line = f"{left}create_engine('sqlite:///{db_path}', connect_args={{'check_same_thread': False}})"
        lines.append(line)
    return "\n".join(lines)


def serve(args):
    import fastapi  # noqa: F401  (imported before the clock is pinned)
    import pydantic  # noqa: F401
    import sqlalchemy
    import uvicorn
    from fastapi import Response

    pin_clock(args.now)
    os.environ["DATABASE_PATH"] = f"sqlite:///{args.db}"
    with open(args.code, encoding="utf-8") as f:
        code = point_at(f.read(), args.db)
    namespace = {"__name__": "awm_reference_env", "__file__": args.code}
    exec(compile(code, args.code, "exec"), namespace)
    app = namespace.get("app")
    if app is None:
        print("AWM_ERROR the environment's code defines no 'app'", flush=True)
        sys.exit(3)
    engines = [v for v in namespace.values() if isinstance(v, sqlalchemy.engine.Engine)]

    def reset():
        for e in engines:
            e.dispose()
        src = sqlite3.connect(args.initial)
        dst = sqlite3.connect(args.db)
        src.backup(dst)
        dst.close()
        src.close()
        return {"reset": True}

    def database():
        for e in engines:
            e.dispose()
        conn = sqlite3.connect(args.db)
        data = conn.serialize()
        conn.close()
        return Response(content=data, media_type="application/octet-stream")

    app.add_api_route("/__awm__/reset", reset, methods=["POST"], include_in_schema=False)
    app.add_api_route("/__awm__/db", database, methods=["GET"], include_in_schema=False)

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    print(f"AWM_PORT {sock.getsockname()[1]}", flush=True)
    config = uvicorn.Config(app, log_level="warning", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])


def function_name(code):
    for line in code.split("\n"):
        line = line.strip()
        if line.startswith("def verify_") and "(" in line:
            return line.split("(")[0].replace("def ", "").strip()
    return "verify_task_completion"


def call_verifier(func, initial, final, answer):
    import inspect
    params = inspect.signature(func).parameters
    kwargs = {}
    if "initial_db_path" in params:
        kwargs["initial_db_path"] = initial
    if "final_db_path" in params:
        kwargs["final_db_path"] = final
    if "final_answer" in params:
        kwargs["final_answer"] = answer or ""
    if not kwargs and len(params) >= 2:
        positional = [initial, final] + ([answer or ""] if len(params) >= 3 else [])
        return func(*positional)
    return func(**kwargs)


def verify_one(job):
    code = job["code"]
    try:
        namespace = {"sqlite3": sqlite3, "json": json, "os": os, "re": re, "__builtins__": __builtins__}
        exec(code, namespace)
        func = namespace.get(function_name(code))
        if func is None:
            return {"result": "others", "execution_status": "error", "error_message": "no verify_ function in the code"}
        result = call_verifier(func, job["initial"], job["final"], job.get("answer"))
        if not isinstance(result, dict) or "result" not in result:
            return {"result": "others", "execution_status": "error", "error_message": f"Invalid return format: {type(result).__name__}"}
        value = result.get("result", "others")
        if value not in ("complete", "others"):
            value = "others"
        return {"result": value, "execution_status": "success"}
    except Exception as e:  # the reference scores a failing verifier as an error, never as complete
        return {"result": "others", "execution_status": "error", "error_message": f"Execution error: {e}"}


def verify(args):
    request = json.load(sys.stdin)
    pin_clock(request["now"])
    results = [verify_one(job) for job in request["jobs"]]
    sys.stdout.write(json.dumps(results))
    sys.stdout.flush()


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("serve")
    s.add_argument("--code", required=True)
    s.add_argument("--db", required=True)
    s.add_argument("--initial", required=True)
    s.add_argument("--now", required=True)
    sub.add_parser("verify")
    args = parser.parse_args()
    serve(args) if args.command == "serve" else verify(args)


if __name__ == "__main__":
    main()
