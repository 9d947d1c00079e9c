-- Each thing stored once (docs/operations.md, "Growth and retention").
--
-- An object's document was kept in its row and again in the payload of its newest event. Now the row keeps a document
-- only where no event carries it (a checkout's and a session's, whose events are other bodies); where the document is
-- the event payload (an acquiring order's: the status answer is the webhook body), the row points at its newest event
-- (head_seq) and keeps none. An order's first document, which no event carries, waits in creation_documents until the
-- order's first change. An order's document becomes its envelope ({"success":true,"data":...}), the bytes it is
-- answered and sent as.
ALTER TABLE objects ALTER COLUMN data DROP NOT NULL;
ALTER TABLE objects ADD COLUMN head_seq bigint;
-- objects_by_merchant_newest (0002) answers the same lookups. The dashboard's newest-first indexes (0002) end at the
-- creation time: a page still seeks and walks one of them, and orders the few rows made in the same microsecond by id
-- itself, where the id in every entry was a third of what an object's indexes held.
DROP INDEX objects_by_merchant;
DROP INDEX objects_newest;
DROP INDEX objects_by_merchant_newest;
DROP INDEX objects_by_kind_newest;
DROP INDEX objects_by_state_newest;
CREATE INDEX objects_newest ON objects (created_at);
CREATE INDEX objects_by_merchant_newest ON objects (merchant_id, created_at);
CREATE INDEX objects_by_kind_newest ON objects (kind, created_at);
CREATE INDEX objects_by_state_newest ON objects (state, created_at);
UPDATE objects SET data = '{"success":true,"data":' || data || '}' WHERE kind = 'acquiring_order';
UPDATE objects o SET head_seq = h.seq
FROM (SELECT DISTINCT ON (object_id) object_id, seq FROM events ORDER BY object_id, sequence DESC) h
WHERE h.object_id = o.id;

CREATE TABLE creation_documents (
    object_id text PRIMARY KEY,
    data      text NOT NULL
);
INSERT INTO creation_documents (object_id, data) SELECT id, data FROM objects WHERE kind = 'acquiring_order' AND head_seq IS NULL;
-- The row lets go of an order's document where the newest event carries exactly it (every event of an order did);
-- anything else keeps it, and it is read from the row first.
UPDATE objects o SET data = NULL
WHERE kind = 'acquiring_order'
  AND (head_seq IS NULL OR convert_to(data, 'UTF8') = (SELECT e.payload FROM events e WHERE e.seq = o.head_seq));

-- Nothing looks events up by id (ids are random and time-ordered: unique by construction).
ALTER TABLE events DROP CONSTRAINT events_id_key;

-- Attempts: by their delivery's seq, not its 36-character id.
ALTER TABLE attempts ADD COLUMN delivery_seq bigint;
UPDATE attempts a SET delivery_seq = d.seq FROM deliveries d WHERE d.id = a.delivery_id;
ALTER TABLE attempts ALTER COLUMN delivery_seq SET NOT NULL;
ALTER TABLE attempts DROP COLUMN delivery_id;
ALTER TABLE attempts ADD FOREIGN KEY (delivery_seq) REFERENCES deliveries (seq);
CREATE INDEX attempts_by_delivery ON attempts (delivery_seq, id);

-- Retention deletes a day's attempts, deliveries and events at a time (RetentionSweeper), and every change deletes
-- a timer and an order's first document: vacuum after 2 % of a table is dead rather than 20 %, so the space is
-- reused within the day instead of the table growing by a fifth first.
ALTER TABLE attempts SET (autovacuum_vacuum_scale_factor = 0.02);
ALTER TABLE deliveries SET (autovacuum_vacuum_scale_factor = 0.02);
ALTER TABLE events SET (autovacuum_vacuum_scale_factor = 0.02);
ALTER TABLE objects SET (autovacuum_vacuum_scale_factor = 0.02);
ALTER TABLE timers SET (autovacuum_vacuum_scale_factor = 0.02);
ALTER TABLE creation_documents SET (autovacuum_vacuum_scale_factor = 0.02);
ALTER TABLE sandbox_inbox SET (autovacuum_vacuum_scale_factor = 0.02);
