-- The dashboard's reads: newest-first object lists with keyset paging (never OFFSET), so a page costs the
-- same at a million objects as at ten, and failing deliveries grouped by target host.
CREATE INDEX objects_newest ON objects (created_at, id);
CREATE INDEX objects_by_merchant_newest ON objects (merchant_id, created_at, id);
CREATE INDEX objects_by_kind_newest ON objects (kind, created_at, id);
CREATE INDEX objects_by_state_newest ON objects (state, created_at, id);
-- The merchant's own reference, whichever kind: the dashboard's "external order id" filter uses this exact expression.
CREATE INDEX objects_by_external_id ON objects (
    coalesce(json_extract(data, '$.external_order_id'), json_extract(data, '$.order_ref_1'), json_extract(data, '$.customerId')));

CREATE INDEX deliveries_by_object ON deliveries (object_id, seq);
CREATE INDEX deliveries_by_status_host ON deliveries (status, host, updated_at);

-- The sandbox webhook inbox: what the server's own test target received, bounded to the latest few hundred.
CREATE TABLE sandbox_inbox (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    headers     TEXT NOT NULL,
    body        TEXT NOT NULL
) STRICT;
