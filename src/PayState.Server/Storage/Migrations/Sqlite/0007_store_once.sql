-- Each thing stored once, and space that retention frees given back (docs/operations.md, "Growth and retention").
--
-- An object's document was kept in its row and again in the payload of its newest event. Now the row keeps a document
-- only where no event carries it (a checkout's and a session's, whose events are other bodies); where the document is
-- the event payload (an acquiring order's: the status answer is the webhook body), the row points at its newest event
-- (head_seq) and keeps none. An order's first document, which no event carries, waits in creation_documents until the
-- order's first change. An order's document becomes its envelope ({"success":true,"data":...}), the bytes it is
-- answered and sent as.
-- SQLite cannot make a column nullable or drop a UNIQUE constraint in place, hence new tables (its documented way:
-- make, copy, drop, rename).

-- Events: no index on the event id, which nothing looks events up by (ids are random and time-ordered: unique by
-- construction), and an object's events found by its creation time alone (the few events of objects made in the same
-- microsecond are told apart by their object_id in the row): the 36-character object id in every entry was most of
-- that index. A change's event is written only on the version before it, so (object, sequence) stays unique without
-- a constraint. Seqs and the AUTOINCREMENT high mark are kept: seq is the events API's cursor.
CREATE TABLE events_new (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    id             TEXT NOT NULL,
    merchant_id    TEXT NOT NULL,
    object_kind    TEXT NOT NULL,
    object_id      TEXT NOT NULL,
    object_created INTEGER NOT NULL,
    sequence       INTEGER NOT NULL,
    type           TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    payload        BLOB NOT NULL,
    trace_context  BLOB
) STRICT;
INSERT INTO events_new (seq, id, merchant_id, object_kind, object_id, object_created, sequence, type, created_at, payload, trace_context)
    SELECT seq, id, merchant_id, object_kind, object_id, object_created, sequence, type, created_at, payload, trace_context FROM events;
DELETE FROM sqlite_sequence WHERE name = 'events_new';
INSERT INTO sqlite_sequence (name, seq) SELECT 'events_new', seq FROM sqlite_sequence WHERE name = 'events';
DROP TABLE events;
ALTER TABLE events_new RENAME TO events;
CREATE INDEX events_by_merchant ON events (merchant_id, seq);
CREATE INDEX events_by_object ON events (object_created);

-- Objects: data only where no event carries the document, head_seq the newest event. objects_by_merchant (0001) goes:
-- objects_by_merchant_newest (0002) answers the same lookups. The dashboard's newest-first indexes (0002) end at the
-- creation time: a page still seeks and walks one of them, and orders the few rows made in the same microsecond by id
-- itself, where the id in every entry was a third of what an object's indexes held.
CREATE TABLE objects_new (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    merchant_id TEXT NOT NULL,
    terminal_id TEXT NOT NULL,
    state       TEXT NOT NULL,
    version     INTEGER NOT NULL,
    data        TEXT,
    head_seq    INTEGER,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    external_id TEXT
) STRICT;
INSERT INTO objects_new (id, kind, merchant_id, terminal_id, state, version, data, head_seq, created_at, updated_at, external_id)
    SELECT o.id, o.kind, o.merchant_id, o.terminal_id, o.state, o.version,
           CASE WHEN o.kind = 'acquiring_order' THEN '{"success":true,"data":' || o.data || '}' ELSE o.data END,
           (SELECT e.seq FROM events e WHERE e.object_created = o.created_at AND e.object_id = o.id ORDER BY e.sequence DESC LIMIT 1),
           o.created_at, o.updated_at, o.external_id
    FROM objects o;
DROP TABLE objects;
ALTER TABLE objects_new RENAME TO objects;
CREATE INDEX objects_newest ON objects (created_at);
CREATE INDEX objects_by_merchant_newest ON objects (merchant_id, created_at);
CREATE INDEX objects_by_kind_newest ON objects (kind, created_at);
CREATE INDEX objects_by_state_newest ON objects (state, created_at);
CREATE INDEX objects_by_external_id ON objects (external_id) WHERE external_id IS NOT NULL;

-- An order's first document until its first change; keyed like its timers, by creation first, so entries made
-- together are removed together and their pages come free whole.
CREATE TABLE creation_documents (
    object_created INTEGER NOT NULL,
    object_id      TEXT NOT NULL,
    data           TEXT NOT NULL,
    PRIMARY KEY (object_created, object_id)
) STRICT;
INSERT INTO creation_documents (object_created, object_id, data)
    SELECT created_at, id, data FROM objects WHERE kind = 'acquiring_order' AND head_seq IS NULL;
-- The row lets go of an order's document where the newest event carries exactly it (every event of an order did);
-- anything else keeps it, and it is read from the row first.
UPDATE objects SET data = NULL
WHERE kind = 'acquiring_order'
  AND (head_seq IS NULL OR CAST(data AS BLOB) = (SELECT e.payload FROM events e WHERE e.seq = objects.head_seq));

-- Attempts: by their delivery's seq, not its 36-character id, and without AUTOINCREMENT (no one pages by them).
CREATE TABLE attempts_new (
    id            INTEGER PRIMARY KEY,
    delivery_seq  INTEGER NOT NULL REFERENCES deliveries(seq),
    attempted_at  INTEGER NOT NULL,
    duration_ms   INTEGER NOT NULL,
    status_code   INTEGER,
    error         TEXT,
    response_body TEXT,
    node          TEXT
) STRICT;
INSERT INTO attempts_new (id, delivery_seq, attempted_at, duration_ms, status_code, error, response_body, node)
    SELECT a.id, d.seq, a.attempted_at, a.duration_ms, a.status_code, a.error, a.response_body, a.node
    FROM attempts a JOIN deliveries d ON d.id = a.delivery_id;
DROP TABLE attempts;
ALTER TABLE attempts_new RENAME TO attempts;
DELETE FROM sqlite_sequence WHERE name = 'attempts';
CREATE INDEX attempts_by_delivery ON attempts (delivery_seq);
