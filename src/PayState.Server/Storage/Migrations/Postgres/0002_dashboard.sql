-- The dashboard's reads: newest-first object lists with keyset paging (never OFFSET), so a page costs the
-- same at a million objects as at ten, and failing deliveries grouped by target host.
CREATE INDEX objects_newest ON objects (created_at, id);
CREATE INDEX objects_by_merchant_newest ON objects (merchant_id, created_at, id);
CREATE INDEX objects_by_kind_newest ON objects (kind, created_at, id);
CREATE INDEX objects_by_state_newest ON objects (state, created_at, id);
-- The merchant's own reference, whichever kind: the dashboard's "external order id" filter uses this exact expression.
CREATE INDEX objects_by_external_id ON objects (
    (coalesce(data::jsonb ->> 'external_order_id', data::jsonb ->> 'order_ref_1', data::jsonb ->> 'customerId')));

CREATE INDEX deliveries_by_object ON deliveries (object_id, seq);
CREATE INDEX deliveries_by_status_host ON deliveries (status, host, updated_at);

-- The sandbox webhook inbox: what the server's own test target received, bounded to the latest few hundred.
CREATE TABLE sandbox_inbox (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL,
    received_at bigint NOT NULL,
    headers     text NOT NULL,
    body        text NOT NULL
);
