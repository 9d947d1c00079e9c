-- Who may act, kept where every process sees it.
--
-- A terminal can be disabled: its API key is refused and its dashboard sessions end, until it is enabled again.
ALTER TABLE terminals ADD COLUMN disabled boolean NOT NULL DEFAULT false;

-- An Idempotency-Key belongs to the create it was first sent to; keys stored before every create took one were
-- all acquiring orders.
ALTER TABLE idempotency_keys ADD COLUMN kind text NOT NULL DEFAULT 'acquiring_order';

-- The signatures of signed requests that changed something, kept past the timestamp window so a request sent
-- again byte for byte is refused (the API's replay protection), then removed.
CREATE TABLE used_signatures (
    signature  bytea PRIMARY KEY,
    keep_until bigint NOT NULL
);
CREATE INDEX used_signatures_by_age ON used_signatures (keep_until);

-- Dashboard sessions, by the SHA-256 of the cookie's random value. The stamp is an HMAC, keyed with that value,
-- of the credential that opened the session (the admin token, or the terminal's API secret): when it changes,
-- the session ends.
CREATE TABLE dashboard_sessions (
    id          bytea PRIMARY KEY,
    merchant_id text,
    terminal_id text,
    stamp       bytea NOT NULL,
    created_at  bigint NOT NULL,
    expires_at  bigint NOT NULL
);
CREATE INDEX dashboard_sessions_by_expiry ON dashboard_sessions (expires_at);
