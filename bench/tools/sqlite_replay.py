#!/usr/bin/env python3
"""Replays PayState's per-change SQLite statements on the real schema, without the server.

What the writer does for one acquiring status change and its delivery outcome (insert the event while the object is at
the version before, point the object at it, drop the order's first document, insert the delivery, cancel the order's
expiry timer; later, record the outcome and its attempt), in group-commit batches,
so the database's own cost per change can be told apart from HTTP, JSON and the runtime. It prints WAL frames
written per change and per outcome (deterministic), changes per second and this process's CPU per change (this
machine, this moment; Python's own cost is about 1 µs per statement, seven to nine statements a change).

`--shape lean` replays the least a change could write while keeping what the contract promises (the event log,
the object's state, a durable record of each delivery still owed, the attempt log): the order document stored
once, in the event, the object row pointing at its newest event; an owed delivery as a two-column row deleted when
it is done; no delivery row rewritten. It is the floor of a storage redesign, not a schema PayState has.

    python3 bench/tools/sqlite_replay.py [--shape current|lean] [--sync FULL|OFF] [--batch 32] [--changes 8000]
"""
import argparse, os, pathlib, sqlite3, tempfile, time, uuid

root = pathlib.Path(__file__).resolve().parents[2]
args = argparse.ArgumentParser()
args.add_argument("--shape", choices=["current", "lean"], default="current")
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

# An order document of the real size: as created, with its ~1.4 KB QR code; as stored after a change, without it.
doc = '{"external_order_id":"%s","qr":"' + "q" * 1400 + '","rest":"' + "r" * 1700 + '"}'
stored = '{"external_order_id":"%s","qr":"","rest":"' + "r" * 1700 + '"}'
now, url, host = 1_700_000_000_000_000, "http://127.0.0.1:5000/hook", "http://127.0.0.1:5000"
EVENT = "INSERT INTO events (id,merchant_id,object_kind,object_id,object_created,sequence,type,created_at,payload) VALUES (?,?,?,?,%s,?,?,?,?)"


class Current:
    """The schema of src/PayState.Server/Storage/Migrations/Sqlite and the writer's statements on it."""

    def __init__(self):
        for m in sorted((root / "src/PayState.Server/Storage/Migrations/Sqlite").glob("*.sql")):
            db.executescript(m.read_text())

    def seed(self, i, oid):
        db.execute("INSERT INTO objects (id,kind,merchant_id,terminal_id,state,version,data,created_at,updated_at,external_id) VALUES (?,?,?,?,?,?,NULL,?,?,?)",
                   (oid, "acquiring_order", "mer_1", "trm_1", "Created", 1, now + i, now + i, oid))
        db.execute("INSERT INTO creation_documents (object_created,object_id,data) VALUES (?,?,?)", (now + i, oid, doc % oid))
        db.execute("INSERT INTO timers (object_id,object_created,name,due_at) VALUES (?,?,'expire',?)", (oid, now + i, now + i + 3_600_000_000))
        return oid, now + i

    # Changes are decided off the writer, on reads of the committed rows; the writer's transaction only writes.
    def decide(self, key):
        oid, _ = key
        data = db.execute("""SELECT coalesce(o.data, (SELECT CAST(e.payload AS TEXT) FROM events e WHERE e.seq = o.head_seq),
                                   (SELECT c.data FROM creation_documents c WHERE c.object_created = o.created_at AND c.object_id = o.id))
                             FROM objects o WHERE o.id=?""", (oid,)).fetchone()[0]
        return key, (stored % oid).replace("r", "p", 1)

    def change(self, n, decided):
        (oid, created), data = decided
        seq = db.execute("""INSERT INTO events (id,merchant_id,object_kind,object_id,object_created,sequence,type,created_at,payload)
                            SELECT ?,?,?,?,o.created_at,?,?,?,? FROM objects o WHERE o.id=? AND o.version=1 RETURNING seq""",
                         (f"evt_{n:020d}", "mer_1", "acquiring_order", oid, 2, "status", now, data.encode(), oid)).fetchone()[0]
        db.execute("UPDATE objects SET state='Pending', version=2, data=NULL, head_seq=?, updated_at=? WHERE id=?", (seq, now, oid))
        db.execute("DELETE FROM creation_documents WHERE object_created=? AND object_id=?", (created, oid))
        db.execute("DELETE FROM timers WHERE object_created=coalesce((SELECT created_at FROM objects WHERE id=?), 0) AND object_id=? AND name='expire'", (oid, oid))
        did = f"dlv_{n:020d}"
        db.execute("""INSERT INTO deliveries (id,event_seq,merchant_id,terminal_id,object_kind,object_id,sequence,purpose,url,host,body,status,attempts,
                      next_attempt_at,created_at,updated_at,lease_until) VALUES (?,?,?,?,?,?,?,?,?,?,NULL,'pending',0,?,?,?,
                      CASE WHEN NOT EXISTS (SELECT 1 FROM deliveries p WHERE p.object_id=? AND p.url=? AND p.status IN ('pending','failed')) THEN ? END)""",
                   (did, seq, "mer_1", "trm_1", "acquiring_order", oid, 2, "webhook", url, host, now, now, now, oid, url, now + 60))
        return did

    def outcome(self, did):
        db.execute("""UPDATE deliveries SET status='succeeded', attempts=attempts+1, lease_until=NULL, last_status_code=204, last_error=NULL, updated_at=?
                      WHERE id=? AND lease_until=?""", (now, did, now + 60))
        db.execute("INSERT INTO attempts (delivery_seq,attempted_at,duration_ms,status_code,error,response_body,node) SELECT seq,?,?,?,?,?,? FROM deliveries WHERE id=?",
                   (now, 1, 204, None, "", "replay", did))


class Lean:
    """The floor: the document once (in the event), an owed delivery as a row deleted when done, attempts appended."""

    def __init__(self):
        db.executescript("""
            CREATE TABLE objects (id TEXT PRIMARY KEY, kind TEXT NOT NULL, merchant_id TEXT NOT NULL, terminal_id TEXT NOT NULL,
                state TEXT NOT NULL, version INTEGER NOT NULL, head_seq INTEGER NOT NULL, created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL, external_id TEXT) STRICT;
            CREATE INDEX objects_newest ON objects (created_at, id);
            CREATE INDEX objects_by_merchant_newest ON objects (merchant_id, created_at, id);
            CREATE INDEX objects_by_kind_newest ON objects (kind, created_at, id);
            CREATE INDEX objects_by_state_newest ON objects (state, created_at, id);
            CREATE INDEX objects_by_external_id ON objects (external_id) WHERE external_id IS NOT NULL;
            CREATE TABLE events (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, merchant_id TEXT NOT NULL, object_kind TEXT NOT NULL,
                object_id TEXT NOT NULL, object_created INTEGER NOT NULL, sequence INTEGER NOT NULL, type TEXT NOT NULL,
                created_at INTEGER NOT NULL, payload BLOB NOT NULL, UNIQUE (object_created, object_id, sequence)) STRICT;
            CREATE INDEX events_by_merchant ON events (merchant_id, seq);
            CREATE TABLE owed (event_seq INTEGER PRIMARY KEY, url TEXT NOT NULL) STRICT;
            CREATE TABLE attempts (id INTEGER PRIMARY KEY, event_seq INTEGER NOT NULL, url TEXT NOT NULL, attempted_at INTEGER NOT NULL,
                duration_ms INTEGER NOT NULL, status_code INTEGER, error TEXT, response_body TEXT, node TEXT) STRICT;
            CREATE INDEX attempts_by_event ON attempts (event_seq);
            CREATE TABLE timers (object_id TEXT NOT NULL, object_created INTEGER NOT NULL, name TEXT NOT NULL, due_at INTEGER NOT NULL,
                PRIMARY KEY (object_created, object_id, name)) STRICT;
            CREATE INDEX timers_due ON timers (due_at);""")

    def seed(self, i, oid):
        seq = db.execute((EVENT % "?") + " RETURNING seq",
                         (f"evc_{i}", "mer_1", "acquiring_order", oid, now + i, 1, "status", now, (doc % oid).encode())).fetchone()[0]
        db.execute("INSERT INTO objects VALUES (?,?,?,?,?,?,?,?,?,?)", (oid, "acquiring_order", "mer_1", "trm_1", "Created", 1, seq, now + i, now + i, oid))
        db.execute("INSERT INTO timers VALUES (?,?,'expire',?)", (oid, now + i, now + i + 3_600_000_000))
        return oid, now + i

    def decide(self, key):
        oid, _ = key
        payload = db.execute("SELECT e.payload FROM objects o JOIN events e ON e.seq = o.head_seq WHERE o.id=?", (oid,)).fetchone()[0]
        return key, (stored % oid).encode().replace(b"r", b"p", 1)

    def change(self, n, decided):
        (oid, created), payload = decided
        seq = db.execute((EVENT % "?") + " RETURNING seq",
                         (f"evt_{n:020d}", "mer_1", "acquiring_order", oid, created, 2, "status", now, payload)).fetchone()[0]
        db.execute("UPDATE objects SET state='Pending', version=2, head_seq=?, updated_at=? WHERE id=? AND version=1", (seq, now, oid))
        db.execute("DELETE FROM timers WHERE object_created=? AND object_id=? AND name='expire'", (created, oid))
        db.execute("INSERT INTO owed VALUES (?,?)", (seq, url))
        return seq

    def outcome(self, seq):
        db.execute("DELETE FROM owed WHERE event_seq=?", (seq,))
        db.execute("INSERT INTO attempts (event_seq,url,attempted_at,duration_ms,status_code,error,response_body,node) VALUES (?,?,?,?,?,?,?,?)",
                   (seq, url, now, 1, 204, None, "", "replay"))


shape = Current() if a.shape == "current" else Lean()
db.execute("BEGIN")
keys = [shape.seed(i, str(uuid.uuid4())) for i in range(a.changes)]
db.execute("COMMIT")
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
db.execute("PRAGMA wal_autocheckpoint=0")  # count every frame this run writes

def frames():
    size = os.path.getsize(path + "-wal")
    return (size - 32) / (4096 + 24) if size else 0

started, cpu, n = time.perf_counter(), time.process_time(), 0
change_frames = outcome_frames = 0.0
for b in range(0, a.changes, a.batch):
    decided = [shape.decide(key) for key in keys[b:b + a.batch]]
    before = frames()
    db.execute("BEGIN IMMEDIATE")
    delivered = []
    for d in decided:
        n += 1
        delivered.append(shape.change(n, d))
    db.execute("COMMIT")
    between = frames()
    db.execute("BEGIN IMMEDIATE")
    for d in delivered:
        shape.outcome(d)
    db.execute("COMMIT")
    change_frames += between - before
    outcome_frames += frames() - between
elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
print(f"shape={a.shape} sync={a.sync} batch={a.batch}: {frames() / a.changes:.2f} WAL frames per change ({change_frames / a.changes:.2f} the change, "
      f"{outcome_frames / a.changes:.2f} its outcome), {a.changes / elapsed:,.0f} changes/s, {cpu / a.changes * 1e6:.0f} µs CPU per change")
