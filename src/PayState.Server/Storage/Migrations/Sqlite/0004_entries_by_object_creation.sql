-- An object's events and timers, indexed by when the object was created before its id.
--
-- Object ids are random (a checkout's is its holder's only credential), so an index led by the id put every
-- change's entry on a page of its own: one for the event, one for the timer the change cancelled, about half of
-- the pages a status change wrote. Objects change in roughly the order they were made (an order is paid minutes
-- after it is created), so entries led by the creation time share pages with their neighbours'. The lookups by
-- object id find the creation time through the objects table's own key (ObjectCreatedKey).
-- SQLite cannot drop a table's UNIQUE or PRIMARY KEY constraint, hence new tables (its documented way: make,
-- copy, drop, rename). Event seqs are kept, and so is the AUTOINCREMENT high mark, since seq is the events
-- API's cursor and must never be reused.
CREATE TABLE events_new (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    id             TEXT NOT NULL UNIQUE,
    merchant_id    TEXT NOT NULL,
    object_kind    TEXT NOT NULL,
    object_id      TEXT NOT NULL,
    object_created INTEGER NOT NULL,
    sequence       INTEGER NOT NULL,
    type           TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    payload        BLOB NOT NULL,
    UNIQUE (object_created, object_id, sequence)
) STRICT;
INSERT INTO events_new (seq, id, merchant_id, object_kind, object_id, object_created, sequence, type, created_at, payload)
    SELECT e.seq, e.id, e.merchant_id, e.object_kind, e.object_id, coalesce(o.created_at, 0), e.sequence, e.type, e.created_at, e.payload
    FROM events e LEFT JOIN objects o ON o.id = e.object_id;
DELETE FROM sqlite_sequence WHERE name = 'events_new';
INSERT INTO sqlite_sequence (name, seq) SELECT 'events_new', seq FROM sqlite_sequence WHERE name = 'events';
DROP TABLE events;
ALTER TABLE events_new RENAME TO events;
CREATE INDEX events_by_merchant ON events (merchant_id, seq);

CREATE TABLE timers_new (
    object_id      TEXT NOT NULL,
    object_created INTEGER NOT NULL,
    name           TEXT NOT NULL,
    due_at         INTEGER NOT NULL,
    PRIMARY KEY (object_created, object_id, name)
) STRICT;
INSERT INTO timers_new (object_id, object_created, name, due_at)
    SELECT t.object_id, coalesce(o.created_at, 0), t.name, t.due_at FROM timers t LEFT JOIN objects o ON o.id = t.object_id;
DROP TABLE timers;
ALTER TABLE timers_new RENAME TO timers;
CREATE INDEX timers_due ON timers (due_at);
