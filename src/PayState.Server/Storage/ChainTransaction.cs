using System.Data.Common;

namespace PayState.Server.Storage;

/// The chain tables' writes on either database: the SQL is the same, only where commands come from differs.
internal sealed class ChainTransaction(Func<string, DbCommand> command, bool disposeCommands) : IChainTransaction
{
    public TerminalWallet? FindTerminalWallet(string terminalId, string network) =>
        Query($"SELECT {ChainRows.WalletColumns} FROM terminal_wallets WHERE terminal_id = @terminal AND network = @network",
            c => c.Text("@terminal", terminalId).Text("@network", network), ChainRows.Wallet).FirstOrDefault();

    public IReadOnlyList<TerminalWallet> FindTerminalWallets(string terminalId) =>
        Query($"SELECT {ChainRows.WalletColumns} FROM terminal_wallets WHERE terminal_id = @terminal ORDER BY network",
            c => c.Text("@terminal", terminalId), ChainRows.Wallet);

    public void SetTerminalWallet(TerminalWallet wallet) => Execute($"""
        INSERT INTO terminal_wallets ({ChainRows.WalletColumns}) VALUES (@terminal, @network, @xpub, @confirmations, @updated)
        ON CONFLICT (terminal_id, network) DO UPDATE SET xpub = excluded.xpub, confirmations = excluded.confirmations, updated_at = excluded.updated_at
        """,
        c => c.Text("@terminal", wallet.TerminalId).Text("@network", wallet.Network).Text("@xpub", wallet.Xpub)
            .Int("@confirmations", wallet.Confirmations).Time("@updated", wallet.UpdatedAt));

    public void DeleteTerminalWallet(string terminalId, string network) =>
        Execute("DELETE FROM terminal_wallets WHERE terminal_id = @terminal AND network = @network",
            c => c.Text("@terminal", terminalId).Text("@network", network));

    public string? FindKeyHolder(string network, string xpub) =>
        Query("SELECT terminal_id FROM terminal_wallets WHERE network = @network AND xpub = @xpub",
            c => c.Text("@network", network).Text("@xpub", xpub), r => r.GetString(0)).FirstOrDefault();

    public long TakeAddressIndex(string network, string xpub) =>
        Query("""
            INSERT INTO wallet_key_indexes (network, xpub, next_index) VALUES (@network, @xpub, 1)
            ON CONFLICT (network, xpub) DO UPDATE SET next_index = wallet_key_indexes.next_index + 1
            RETURNING next_index - 1
            """,
            c => c.Text("@network", network).Text("@xpub", xpub), r => r.GetInt64(0)).Single();

    public void InsertWatchedOrder(WatchedOrder order) => Execute($"""
        INSERT INTO watched_orders ({ChainRows.OrderColumns})
        VALUES (@order, @network, @address, @token, @amount, @confirmations, @expires, @index, @status, @created, @closed)
        """,
        c => c.Text("@order", order.OrderId).Text("@network", order.Network).Text("@address", order.Address).Text("@token", order.TokenContract)
            .Text("@amount", ChainRows.Text(order.Amount)).Int("@confirmations", order.Confirmations).Time("@expires", order.ExpiredAt)
            .Int("@index", order.KeyIndex).Text("@status", order.Status).Time("@created", order.CreatedAt).Time("@closed", order.ClosedAt));

    public void SetWatchedStatus(string orderId, string status, DateTimeOffset? closedAt) =>
        Execute("UPDATE watched_orders SET status = @status, closed_at = coalesce(closed_at, @closed) WHERE order_id = @order",
            c => c.Text("@order", orderId).Text("@status", status).Time("@closed", closedAt));

    public bool HoldWatcherLease(string network, string owner, DateTimeOffset now, DateTimeOffset until) =>
        Query($"""
            INSERT INTO chain_watchers ({ChainRows.WatcherColumns}) VALUES (@network, @owner, @until, NULL, NULL, NULL, @now)
            ON CONFLICT (network) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until, updated_at = excluded.updated_at
            WHERE chain_watchers.owner = excluded.owner OR chain_watchers.owner IS NULL OR chain_watchers.lease_until < excluded.updated_at
            RETURNING owner
            """,
            c => c.Text("@network", network).Text("@owner", owner).Time("@until", until).Time("@now", now), r => r.GetString(0)).Count == 1;

    public void ReleaseWatcherLease(string network, string owner) =>
        Execute("UPDATE chain_watchers SET owner = NULL, lease_until = NULL WHERE network = @network AND owner = @owner",
            c => c.Text("@network", network).Text("@owner", owner));

    public bool FinishRange(FinishedRange range, int keepBlocks)
    {
        var last = range.Blocks[^1];
        var held = Execute("""
            UPDATE chain_watchers SET finished_block = @number, finished_hash = @hash, head = @head, updated_at = @now
            WHERE network = @network AND owner = @owner AND lease_until >= @now
            """,
            c => c.Text("@network", range.Network).Text("@owner", range.Owner).Int("@number", last.Number).Text("@hash", last.Hash)
                .Int("@head", range.Head).Time("@now", range.Now));
        if (held != 1) return false;
        foreach (var block in range.Blocks) InsertBlock(block);
        foreach (var transfer in range.Transfers) InsertTransfer(transfer);
        Execute("DELETE FROM chain_blocks WHERE network = @network AND number <= @oldest",
            c => c.Text("@network", range.Network).Int("@oldest", last.Number - keepBlocks));
        return true;
    }

    public IReadOnlyList<ChainTransfer>? Rewind(string network, string owner, ChainBlock fork, DateTimeOffset now)
    {
        var held = Execute("""
            UPDATE chain_watchers SET finished_block = @number, finished_hash = @hash, updated_at = @now
            WHERE network = @network AND owner = @owner AND lease_until >= @now
            """,
            c => c.Text("@network", network).Text("@owner", owner).Int("@number", fork.Number).Text("@hash", fork.Hash).Time("@now", now));
        if (held != 1) return null;
        Execute("DELETE FROM chain_blocks WHERE network = @network AND number > @number", c => c.Text("@network", network).Int("@number", fork.Number));
        return Query($"""
            UPDATE chain_transfers SET removed_at = @now,
                removed_after_paid = coalesce((SELECT w.status = 'Paid' FROM watched_orders w WHERE w.order_id = chain_transfers.order_id), false)
            WHERE network = @network AND block_number > @number AND removed_at IS NULL
            RETURNING {ChainRows.TransferColumns}
            """,
            c => c.Text("@network", network).Int("@number", fork.Number).Time("@now", now), ChainRows.Transfer);
    }

    private void InsertBlock(ChainBlock block) => Execute($"""
        INSERT INTO chain_blocks ({ChainRows.BlockColumns}) VALUES (@network, @number, @hash, @parent, @time)
        ON CONFLICT (network, number) DO UPDATE SET hash = excluded.hash, parent_hash = excluded.parent_hash, timestamp = excluded.timestamp
        """,
        c => c.Text("@network", block.Network).Int("@number", block.Number).Text("@hash", block.Hash).Text("@parent", block.ParentHash)
            .Time("@time", block.Timestamp));

    private void InsertTransfer(ChainTransfer t) => Execute($"""
        INSERT INTO chain_transfers ({ChainRows.TransferColumns})
        VALUES (@network, @block, @tx, @log, @number, @time, @order, @token, @from, @amount, @kind, @seen, NULL, false)
        ON CONFLICT (network, block_hash, tx_hash, log_index) DO NOTHING
        """,
        c => c.Text("@network", t.Network).Text("@block", t.BlockHash).Text("@tx", t.TxHash).Int("@log", t.LogIndex).Int("@number", t.BlockNumber)
            .Time("@time", t.BlockTime).Text("@order", t.OrderId).Text("@token", t.TokenContract).Text("@from", t.From)
            .Text("@amount", ChainRows.Text(t.Amount)).Text("@kind", t.Kind).Time("@seen", t.SeenAt));

    private int Execute(string sql, Action<DbCommand> bind)
    {
        var c = command(sql);
        try
        {
            bind(c);
            return c.ExecuteNonQuery();
        }
        finally
        {
            if (disposeCommands) c.Dispose();
        }
    }

    private List<T> Query<T>(string sql, Action<DbCommand> bind, Func<DbDataReader, T> map)
    {
        var c = command(sql);
        try
        {
            bind(c);
            using var reader = c.ExecuteReader();
            var rows = new List<T>();
            while (reader.Read()) rows.Add(map(reader));
            return rows;
        }
        finally
        {
            if (disposeCommands) c.Dispose();
        }
    }
}
