using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Numerics;

namespace PayState.Server.Storage;

/// Column lists, row readers and parameters of the chain tables. Both databases take the same SQL text:
/// '@name' parameters are SQLite's as well as PostgreSQL's.
internal static class ChainRows
{
    public const string WalletColumns = "terminal_id, network, xpub, confirmations, updated_at";

    public const string OrderColumns =
        "order_id, network, address, token_contract, amount, confirmations, expired_at, key_index, status, created_at, closed_at";

    public const string WatcherColumns = "network, owner, lease_until, finished_block, finished_hash, head, updated_at";

    public const string BlockColumns = "network, number, hash, parent_hash, timestamp";

    public const string TransferColumns =
        "network, block_hash, tx_hash, log_index, block_number, block_time, order_id, token_contract, from_address, amount, kind, " +
        "seen_at, removed_at, removed_after_paid";

    public static TerminalWallet Wallet(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetStringOrNull(2), r.GetInt32OrNull(3), r.GetTime(4));

    public static WatchedOrder Order(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetStringOrNull(3), Amount(r.GetString(4)), r.GetInt32(5), r.GetTime(6),
        r.IsDBNull(7) ? null : r.GetInt64(7), r.GetString(8), r.GetTime(9), r.GetTimeOrNull(10));

    public static WatcherProgress Watcher(DbDataReader r) => new(
        r.GetString(0), r.GetStringOrNull(1), r.GetTimeOrNull(2), r.IsDBNull(3) ? null : r.GetInt64(3), r.GetStringOrNull(4),
        r.IsDBNull(5) ? null : r.GetInt64(5), r.GetTime(6));

    public static ChainBlock Block(DbDataReader r) => new(r.GetString(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetTime(4));

    public static ChainTransfer Transfer(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.GetInt64(4), r.GetTime(5), r.GetString(6), r.GetStringOrNull(7),
        r.GetStringOrNull(8), Amount(r.GetString(9)), r.GetString(10), r.GetTime(11), r.GetTimeOrNull(12),
        Convert.ToBoolean(r.GetValue(13), CultureInfo.InvariantCulture));

    public static string Text(BigInteger amount) => amount.ToString(CultureInfo.InvariantCulture);

    private static BigInteger Amount(string text) => BigInteger.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);

    /// Adds a parameter typed explicitly, so a null is a typed null on PostgreSQL too.
    public static DbCommand Param(this DbCommand command, string name, object? value, DbType type)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }

    public static DbCommand Text(this DbCommand command, string name, string? value) => command.Param(name, value, DbType.String);

    public static DbCommand Int(this DbCommand command, string name, long? value) => command.Param(name, value, DbType.Int64);

    public static DbCommand Time(this DbCommand command, string name, DateTimeOffset? value) =>
        command.Param(name, value is { } v ? UnixMicros.From(v) : null, DbType.Int64);
}
