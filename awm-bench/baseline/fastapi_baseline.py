"""The FastAPI baseline for HttpLoadGenerator: get_product of the e_commerce starter environment as a
bare FastAPI endpoint (POST /get_product {"product_id": N}), the same SQL over the same data (the
environment's initial database, exported by McpLoadServer --export-db and loaded into memory, as the
MCP server's handles hold theirs), served by uvicorn with uvloop and httptools, one process.

    python3 fastapi_baseline.py DB_FILE PORT [--per-session]

With --per-session, each session (the X-Session header HttpLoadGenerator sends) gets a database of its
own, copied from the loaded one at its first request, as each MCP session gets its own handle: the
same isolation, for a like-for-like comparison; without it, every request shares one database.

The endpoint is `async def` and queries SQLite on the event loop: the query takes microseconds, and a
thread-pool hop per request would only slow the baseline down.
"""
import sqlite3
import sys

import uvicorn
from fastapi import FastAPI, Header, HTTPException
from pydantic import BaseModel

from get_product import GET_PRODUCT


def open_in_memory(path):
    disk = sqlite3.connect(path)
    db = sqlite3.connect(":memory:", check_same_thread=False)
    disk.backup(db)
    disk.close()
    db.row_factory = sqlite3.Row
    return db


class GetProduct(BaseModel):
    product_id: int


app = FastAPI()
db = None
per_session = False
sessions = {}


def session_db(session):
    if not per_session or session is None:
        return db
    own = sessions.get(session)
    if own is None:
        own = sqlite3.connect(":memory:", check_same_thread=False)
        db.backup(own)
        own.row_factory = sqlite3.Row
        sessions[session] = own
    return own


@app.post("/get_product")
async def get_product(req: GetProduct, x_session: str = Header(default=None)):
    row = session_db(x_session).execute(GET_PRODUCT, (req.product_id,)).fetchone()
    if row is None:
        raise HTTPException(status_code=404, detail=f"product {req.product_id} not found")
    return dict(row)


if __name__ == "__main__":
    db = open_in_memory(sys.argv[1])
    per_session = "--per-session" in sys.argv[3:]
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), loop="uvloop", http="httptools",
                log_level="warning", access_log=False)
