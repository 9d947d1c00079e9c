-- Wallets and the chain watcher: tables of their own, written only by the chain slice.
--
-- A terminal's account-level extended public key per network, and its own confirmation count. One key is held by
-- one terminal per network, so two terminals never hand out the same address.
CREATE TABLE terminal_wallets (
    terminal_id   TEXT NOT NULL,
    network       TEXT NOT NULL,
    xpub          TEXT,
    confirmations INTEGER,
    updated_at    INTEGER NOT NULL,
    PRIMARY KEY (terminal_id, network)
) STRICT;
CREATE UNIQUE INDEX terminal_wallets_by_key ON terminal_wallets (network, xpub) WHERE xpub IS NOT NULL;

-- The next child index of each key: kept by key, not by terminal, so a key removed and set again (or moved to
-- another terminal) never hands out an address twice.
CREATE TABLE wallet_key_indexes (
    network    TEXT NOT NULL,
    xpub       TEXT NOT NULL,
    next_index INTEGER NOT NULL,
    PRIMARY KEY (network, xpub)
) STRICT;

-- The orders a watcher decides, with what it needs to decide them (the order document is the kind's).
CREATE TABLE watched_orders (
    order_id       TEXT PRIMARY KEY,
    network        TEXT NOT NULL,
    address        TEXT NOT NULL,
    token_contract TEXT,
    amount         TEXT NOT NULL,
    confirmations  INTEGER NOT NULL,
    expired_at     INTEGER NOT NULL,
    key_index      INTEGER,
    status         TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    closed_at      INTEGER
) STRICT;
CREATE INDEX watched_orders_by_network ON watched_orders (network, closed_at);

-- One row per watched network: the lease (one watcher across processes) and the last block finished.
CREATE TABLE chain_watchers (
    network        TEXT PRIMARY KEY,
    owner          TEXT,
    lease_until    INTEGER,
    finished_block INTEGER,
    finished_hash  TEXT,
    head           INTEGER,
    updated_at     INTEGER NOT NULL
) STRICT;

-- The latest finished blocks, to find the fork of a reorganisation.
CREATE TABLE chain_blocks (
    network     TEXT NOT NULL,
    number      INTEGER NOT NULL,
    hash        TEXT NOT NULL,
    parent_hash TEXT NOT NULL,
    timestamp   INTEGER NOT NULL,
    PRIMARY KEY (network, number)
) STRICT;

-- Every transfer seen to a watched order's address; log_index is -1 for a native transfer.
CREATE TABLE chain_transfers (
    network            TEXT NOT NULL,
    block_hash         TEXT NOT NULL,
    tx_hash            TEXT NOT NULL,
    log_index          INTEGER NOT NULL,
    block_number       INTEGER NOT NULL,
    block_time         INTEGER NOT NULL,
    order_id           TEXT NOT NULL,
    token_contract     TEXT,
    from_address       TEXT,
    amount             TEXT NOT NULL,
    kind               TEXT NOT NULL,
    seen_at            INTEGER NOT NULL,
    removed_at         INTEGER,
    removed_after_paid INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (network, block_hash, tx_hash, log_index)
) STRICT;
CREATE INDEX chain_transfers_by_order ON chain_transfers (order_id);
CREATE INDEX chain_transfers_by_block ON chain_transfers (network, block_number);
CREATE INDEX chain_transfers_removed_after_paid ON chain_transfers (removed_at) WHERE removed_after_paid;
