-- Wallets and the chain watcher: tables of their own, written only by the chain slice.
--
-- A terminal's account-level extended public key per network, and its own confirmation count. One key is held by
-- one terminal per network, so two terminals never hand out the same address.
CREATE TABLE terminal_wallets (
    terminal_id   text NOT NULL,
    network       text NOT NULL,
    xpub          text,
    confirmations integer,
    updated_at    bigint NOT NULL,
    PRIMARY KEY (terminal_id, network)
);
CREATE UNIQUE INDEX terminal_wallets_by_key ON terminal_wallets (network, xpub) WHERE xpub IS NOT NULL;

-- The next child index of each key: kept by key, not by terminal, so a key removed and set again (or moved to
-- another terminal) never hands out an address twice.
CREATE TABLE wallet_key_indexes (
    network    text NOT NULL,
    xpub       text NOT NULL,
    next_index bigint NOT NULL,
    PRIMARY KEY (network, xpub)
);

-- The orders a watcher decides, with what it needs to decide them (the order document is the kind's).
CREATE TABLE watched_orders (
    order_id       text PRIMARY KEY,
    network        text NOT NULL,
    address        text NOT NULL,
    token_contract text,
    amount         text NOT NULL,
    confirmations  integer NOT NULL,
    expired_at     bigint NOT NULL,
    key_index      bigint,
    status         text NOT NULL,
    created_at     bigint NOT NULL,
    closed_at      bigint
);
CREATE INDEX watched_orders_by_network ON watched_orders (network, closed_at);

-- One row per watched network: the lease (one watcher across processes) and the last block finished.
CREATE TABLE chain_watchers (
    network        text PRIMARY KEY,
    owner          text,
    lease_until    bigint,
    finished_block bigint,
    finished_hash  text,
    head           bigint,
    updated_at     bigint NOT NULL
);

-- The latest finished blocks, to find the fork of a reorganisation.
CREATE TABLE chain_blocks (
    network     text NOT NULL,
    number      bigint NOT NULL,
    hash        text NOT NULL,
    parent_hash text NOT NULL,
    timestamp   bigint NOT NULL,
    PRIMARY KEY (network, number)
);

-- Every transfer seen to a watched order's address; log_index is -1 for a native transfer.
CREATE TABLE chain_transfers (
    network            text NOT NULL,
    block_hash         text NOT NULL,
    tx_hash            text NOT NULL,
    log_index          integer NOT NULL,
    block_number       bigint NOT NULL,
    block_time         bigint NOT NULL,
    order_id           text NOT NULL,
    token_contract     text,
    from_address       text,
    amount             text NOT NULL,
    kind               text NOT NULL,
    seen_at            bigint NOT NULL,
    removed_at         bigint,
    removed_after_paid boolean NOT NULL DEFAULT false,
    PRIMARY KEY (network, block_hash, tx_hash, log_index)
);
CREATE INDEX chain_transfers_by_order ON chain_transfers (order_id);
CREATE INDEX chain_transfers_by_block ON chain_transfers (network, block_number);
CREATE INDEX chain_transfers_removed_after_paid ON chain_transfers (removed_at) WHERE removed_after_paid;
