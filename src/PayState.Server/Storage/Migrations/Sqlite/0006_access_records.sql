-- Who may act, kept where every process sees it.
--
-- A terminal can be disabled: its API key is refused and its dashboard sessions end, until it is enabled again.
ALTER TABLE terminals ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;

-- An Idempotency-Key belongs to the create it was first sent to; keys stored before every create took one were
-- all acquiring orders.
ALTER TABLE idempotency_keys ADD COLUMN kind TEXT NOT NULL DEFAULT 'acquiring_order';

-- The signatures of signed requests that changed something, kept past the timestamp window so a request sent
-- again byte for byte is refused (the API's replay protection), then removed.
CREATE TABLE used_signatures (
    signature  BLOB PRIMARY KEY,
    keep_until INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX used_signatures_by_age ON used_signatures (keep_until);

-- Dashboard sessions, by the SHA-256 of the cookie's random value. The stamp is an HMAC, keyed with that value,
-- of the credential that opened the session (the admin token, or the terminal's API secret): when it changes,
-- the session ends.
CREATE TABLE dashboard_sessions (
    id          BLOB PRIMARY KEY,
    merchant_id TEXT,
    terminal_id TEXT,
    stamp       BLOB NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX dashboard_sessions_by_expiry ON dashboard_sessions (expires_at);
