#!/usr/bin/env python3
"""Replays PayState's per-change SQLite statements on the real schema, without the server.

What the writer does for one acquiring status change and its delivery outcome (update the object guarded by its
version, insert the event, insert the delivery, cancel the order's expiry timer; later, record the outcome and its
attempt), in group-commit batches,
so the database's own cost per change can be told apart from HTTP, JSON and the runtime. It prints WAL frames
written per change (deterministic) and changes per second (this machine, this moment).

    python3 bench/tools/sqlite_replay.py [--sync FULL|OFF] [--batch 32] [--changes 8000]
"""
import argparse, os, pathlib, sqlite3, tempfile, time, uuid

root = pathlib.Path(__file__).resolve().parents[2]
migrations = sorted((root / "src/PayState.Server/Storage/Migrations/Sqlite").glob("*.sql"))
args = argparse.ArgumentParser()
args.add_argument("--sync", default="FULL")
args.add_argument("--batch", type=int, default=32)
args.add_argument("--changes", type=int, default=8000)
a = args.parse_args()

path = os.path.join(tempfile.mkdtemp(), "replay.db")
db = sqlite3.connect(path, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute(f"PRAGMA synchronous={a.sync}")
db.execute("PRAGMA temp_store=MEMORY")
db.execute("PRAGMA cache_size=-16384")
for m in migrations:
    db.executescript(m.read_text())

# An order document of the real size: ~1.4 KB of it is the QR code.
doc = '{"external_order_id":"%s","qr":"' + "q" * 1400 + '","rest":"' + "r" * 1700 + '"}'
now, ids = 1_700_000_000_000_000, []
created = "coalesce((SELECT created_at FROM objects WHERE id=?), 0)"  # ObjectCreatedKey.Of
db.execute("BEGIN")
for i in range(a.changes):
    oid = str(uuid.uuid4()); ids.append(oid)
    db.execute("INSERT INTO objects (id,kind,merchant_id,terminal_id,state,version,data,created_at,updated_at,external_id) VALUES (?,?,?,?,?,?,?,?,?,?)",
               (oid, "acquiring_order", "mer_1", "trm_1", "Created", 1, doc % oid, now + i, now + i, oid))
    db.execute(f"INSERT INTO timers (object_id,object_created,name,due_at) VALUES (?,{created},'expire',?)", (oid, oid, now + i + 3_600_000_000))
db.execute("COMMIT")
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
db.execute("PRAGMA wal_autocheckpoint=0")  # count every frame this run writes

def frames():
    size = os.path.getsize(path + "-wal")
    return (size - 32) / (4096 + 24) if size else 0

url, host, started, seq_id = "http://127.0.0.1:5000/hook", "http://127.0.0.1:5000", time.perf_counter(), 0
for b in range(0, a.changes, a.batch):
    delivered = []
    # Changes are decided off the writer, on reads of the committed rows; the writer's transaction only writes.
    decided = [(oid, db.execute("SELECT data FROM objects WHERE id=?", (oid,)).fetchone()[0].replace("q", "p", 1)) for oid in ids[b:b + a.batch]]
    db.execute("BEGIN IMMEDIATE")
    for oid, data in decided:
        db.execute("UPDATE objects SET state='Pending', version=2, data=?, updated_at=? WHERE id=? AND version=1", (data, now, oid))
        seq_id += 1
        seq = db.execute(f"INSERT INTO events (id,merchant_id,object_kind,object_id,object_created,sequence,type,created_at,payload) VALUES (?,?,?,?,{created},?,?,?,?) RETURNING seq",
                         (f"evt_{seq_id:020d}", "mer_1", "acquiring_order", oid, oid, 2, "status", now, data.encode())).fetchone()[0]
        db.execute(f"DELETE FROM timers WHERE object_created={created} AND object_id=? AND name='expire'", (oid, oid))
        did = f"dlv_{seq_id:020d}"
        db.execute("""INSERT INTO deliveries (id,event_seq,merchant_id,terminal_id,object_kind,object_id,sequence,purpose,url,host,body,status,attempts,
                      next_attempt_at,created_at,updated_at,lease_until) VALUES (?,?,?,?,?,?,?,?,?,?,NULL,'pending',0,?,?,?,
                      CASE WHEN NOT EXISTS (SELECT 1 FROM deliveries p WHERE p.object_id=? AND p.url=? AND p.status IN ('pending','failed')) THEN ? END)""",
                   (did, seq, "mer_1", "trm_1", "acquiring_order", oid, 2, "webhook", url, host, now, now, now, oid, url, now + 60))
        delivered.append(did)
    db.execute("COMMIT")
    db.execute("BEGIN IMMEDIATE")
    for did in delivered:
        db.execute("""UPDATE deliveries SET status='succeeded', attempts=attempts+1, lease_until=NULL, last_status_code=204, last_error=NULL, updated_at=?
                      WHERE id=? AND lease_until=?""", (now, did, now + 60))
        db.execute("INSERT INTO attempts (delivery_id,attempted_at,duration_ms,status_code,error,response_body,node) VALUES (?,?,?,?,?,?,?)",
                   (did, now, 1, 204, None, "", "replay"))
    db.execute("COMMIT")
elapsed = time.perf_counter() - started
print(f"sync={a.sync} batch={a.batch}: {frames() / a.changes:.2f} WAL frames per change, {a.changes / elapsed:,.0f} changes/s")
