-- The events API without a global write lock (docs/architecture.md, "Several processes on PostgreSQL"): batches of
-- several processes commit at once, so a smaller seq may commit after a larger one. Each event keeps the transaction
-- that wrote it (xid), the API lists in (xid, seq) order, and only events of transactions older than every one still
-- in flight (pg_snapshot_xmin of the reader's snapshot): nothing can commit later below that horizon. Events written
-- before this migration get xid 0, so they come first, in seq order, as they were listed before.
ALTER TABLE events ADD COLUMN xid xid8 NOT NULL DEFAULT '0';
ALTER TABLE events ALTER COLUMN xid SET DEFAULT pg_current_xact_id();
DROP INDEX events_by_merchant;
CREATE INDEX events_by_merchant ON events (merchant_id, xid, seq);
