-- Times are bigint microseconds since the Unix epoch (UTC), as on SQLite: exact for the wire's six digits.

CREATE TABLE settings (
    key   text PRIMARY KEY,
    value text NOT NULL
);

CREATE TABLE merchants (
    id                                   text PRIMARY KEY,
    name                                 text NOT NULL,
    send_action_events_in_identification boolean NOT NULL DEFAULT false,
    events_webhook                       text,
    piv_events_url                       text,
    webhook_params                       text NOT NULL DEFAULT '{}',
    created_at                           bigint NOT NULL
);

CREATE TABLE terminals (
    id                          text PRIMARY KEY,
    merchant_id                 text NOT NULL REFERENCES merchants(id),
    api_key                     text NOT NULL UNIQUE,
    api_secret                  text NOT NULL,
    webhook_secret              text NOT NULL,
    previous_webhook_secret     text,
    previous_secret_valid_until bigint,
    created_at                  bigint NOT NULL
);

CREATE TABLE objects (
    id          text PRIMARY KEY,
    kind        text NOT NULL,
    merchant_id text NOT NULL,
    terminal_id text NOT NULL,
    state       text NOT NULL,
    version     integer NOT NULL,
    data        text NOT NULL,
    created_at  bigint NOT NULL,
    updated_at  bigint NOT NULL
);
CREATE INDEX objects_by_merchant ON objects (merchant_id, created_at DESC);

-- seq is the commit order, the events API's cursor: every write batch takes one advisory lock first
-- (PostgresBatchSession), so across processes a sequence number is never committed after a larger one.
CREATE TABLE events (
    seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id          text NOT NULL UNIQUE,
    merchant_id text NOT NULL,
    object_kind text NOT NULL,
    object_id   text NOT NULL,
    sequence    integer NOT NULL,
    type        text NOT NULL,
    created_at  bigint NOT NULL,
    payload     bytea NOT NULL,
    UNIQUE (object_id, sequence)
);
CREATE INDEX events_by_merchant ON events (merchant_id, seq);

CREATE TABLE deliveries (
    seq              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id               text NOT NULL UNIQUE,
    event_seq        bigint NOT NULL REFERENCES events(seq),
    merchant_id      text NOT NULL,
    terminal_id      text NOT NULL,
    object_kind      text NOT NULL,
    object_id        text NOT NULL,
    sequence         integer NOT NULL,
    purpose          text NOT NULL,
    url              text NOT NULL,
    host             text NOT NULL,
    body             bytea,
    status           text NOT NULL,
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  bigint NOT NULL,
    lease_until      bigint,
    last_status_code integer,
    last_error       text,
    created_at       bigint NOT NULL,
    updated_at       bigint NOT NULL
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status IN ('pending', 'failed');
CREATE INDEX deliveries_by_stream ON deliveries (object_id, url, event_seq) WHERE status IN ('pending', 'failed');
CREATE INDEX deliveries_by_merchant ON deliveries (merchant_id, seq);

CREATE TABLE attempts (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id   text NOT NULL REFERENCES deliveries(id),
    attempted_at  bigint NOT NULL,
    duration_ms   integer NOT NULL,
    status_code   integer,
    error         text,
    response_body text,
    node          text
);
CREATE INDEX attempts_by_delivery ON attempts (delivery_id, id);

CREATE TABLE timers (
    object_id text NOT NULL,
    name      text NOT NULL,
    due_at    bigint NOT NULL,
    PRIMARY KEY (object_id, name)
);
CREATE INDEX timers_due ON timers (due_at);

CREATE TABLE idempotency_keys (
    terminal_id   text NOT NULL,
    key           text NOT NULL,
    request_hash  text NOT NULL,
    status_code   integer NOT NULL,
    response_body bytea NOT NULL,
    created_at    bigint NOT NULL,
    PRIMARY KEY (terminal_id, key)
);
