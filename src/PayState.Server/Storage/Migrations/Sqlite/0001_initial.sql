-- Times are INTEGER microseconds since the Unix epoch (UTC): exact for the wire's six fractional digits
-- and cheap to compare in the queue queries.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE merchants (
    id                                   TEXT PRIMARY KEY,
    name                                 TEXT NOT NULL,
    send_action_events_in_identification INTEGER NOT NULL DEFAULT 0,
    events_webhook                       TEXT,
    piv_events_url                       TEXT,
    webhook_params                       TEXT NOT NULL DEFAULT '{}',
    created_at                           INTEGER NOT NULL
) STRICT;

CREATE TABLE terminals (
    id                          TEXT PRIMARY KEY,
    merchant_id                 TEXT NOT NULL REFERENCES merchants(id),
    api_key                     TEXT NOT NULL UNIQUE,
    api_secret                  TEXT NOT NULL,
    webhook_secret              TEXT NOT NULL,
    previous_webhook_secret     TEXT,
    previous_secret_valid_until INTEGER,
    created_at                  INTEGER NOT NULL
) STRICT;

CREATE TABLE objects (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    merchant_id TEXT NOT NULL,
    terminal_id TEXT NOT NULL,
    state       TEXT NOT NULL,
    version     INTEGER NOT NULL,
    data        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX objects_by_merchant ON objects (merchant_id, created_at DESC);

-- seq is the commit order: the events API's cursor.
CREATE TABLE events (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT NOT NULL UNIQUE,
    merchant_id TEXT NOT NULL,
    object_kind TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    sequence    INTEGER NOT NULL,
    type        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    payload     BLOB NOT NULL,
    UNIQUE (object_id, sequence)
) STRICT;
CREATE INDEX events_by_merchant ON events (merchant_id, seq);

-- The outbox: one row per event and target.
CREATE TABLE deliveries (
    id               TEXT NOT NULL UNIQUE,
    seq              INTEGER PRIMARY KEY AUTOINCREMENT,
    event_seq        INTEGER NOT NULL REFERENCES events(seq),
    merchant_id      TEXT NOT NULL,
    terminal_id      TEXT NOT NULL,
    object_kind      TEXT NOT NULL,
    object_id        TEXT NOT NULL,
    sequence         INTEGER NOT NULL,
    purpose          TEXT NOT NULL,
    url              TEXT NOT NULL,
    host             TEXT NOT NULL,
    -- A target that gets its own body (a checkout's IPN); null sends the event's payload.
    body             BLOB,
    status           TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    lease_until      INTEGER,
    last_status_code INTEGER,
    last_error       TEXT,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
) STRICT;
-- Work still to do, in due order; the partial index keeps the claim query small however large history grows.
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status IN ('pending', 'failed');
-- Per object and target order: "is an earlier one still open?"
CREATE INDEX deliveries_by_stream ON deliveries (object_id, url, event_seq) WHERE status IN ('pending', 'failed');
CREATE INDEX deliveries_by_merchant ON deliveries (merchant_id, seq);

CREATE TABLE attempts (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id   TEXT NOT NULL REFERENCES deliveries(id),
    attempted_at  INTEGER NOT NULL,
    duration_ms   INTEGER NOT NULL,
    status_code   INTEGER,
    error         TEXT,
    response_body TEXT,
    node          TEXT
) STRICT;
CREATE INDEX attempts_by_delivery ON attempts (delivery_id, id);

-- Durable timers: expiry and screening deadlines survive restarts because they live here.
CREATE TABLE timers (
    object_id TEXT NOT NULL,
    name      TEXT NOT NULL,
    due_at    INTEGER NOT NULL,
    PRIMARY KEY (object_id, name)
) STRICT;
CREATE INDEX timers_due ON timers (due_at);

CREATE TABLE idempotency_keys (
    terminal_id   TEXT NOT NULL,
    key           TEXT NOT NULL,
    request_hash  TEXT NOT NULL,
    status_code   INTEGER NOT NULL,
    response_body BLOB NOT NULL,
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (terminal_id, key)
) STRICT;
