-- Lighter indexes on the write path.
--
-- The merchant's own reference in a column of its own, set once at creation. The index of 0002 was on an
-- expression over the document, so every change of an object (its document changes) parsed the document
-- three times and rewrote an index entry that could not have changed.
ALTER TABLE objects ADD COLUMN external_id TEXT;
UPDATE objects SET external_id =
    coalesce(json_extract(data, '$.external_order_id'), json_extract(data, '$.order_ref_1'), json_extract(data, '$.customerId'));
DROP INDEX objects_by_external_id;
CREATE INDEX objects_by_external_id ON objects (external_id) WHERE external_id IS NOT NULL;

-- The dashboard's troubled hosts only ever ask for failed and dead deliveries. Indexing every delivery moved an
-- entry on each status change, for all the deliveries that simply succeed.
DROP INDEX deliveries_by_status_host;
CREATE INDEX deliveries_by_status_host ON deliveries (status, host, updated_at) WHERE status IN ('failed', 'dead');

-- An object's deliveries (the dashboard's object page) are found through its events, whose (object_id, sequence)
-- index exists anyway. An index of deliveries by event appends at its end; the one by object id (a random key)
-- wrote a page of its own for nearly every new delivery.
DROP INDEX deliveries_by_object;
CREATE INDEX deliveries_by_event ON deliveries (event_seq);
