using System.Data.Common;

namespace PayState.SampleShop;

/// The shop's orders and checkouts, read and written on one connection (and transaction, when given).
public sealed class ShopTables(DbConnection connection, DbTransaction? transaction = null)
{
    public const string Open = "open";
    public const string Confirmed = "confirmed";
    public const string Cancelled = "cancelled";

    public Task AddOrderAsync(string uuid, string cart, string status, CancellationToken cancellationToken) =>
        ExecuteAsync("INSERT INTO shop_orders (uuid, cart, status) VALUES (@uuid, @cart, @status)", cancellationToken,
            ("@uuid", uuid), ("@cart", cart), ("@status", status));

    public Task SetOrderStatusAsync(string uuid, string status, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE shop_orders SET status = @status WHERE uuid = @uuid", cancellationToken, ("@uuid", uuid), ("@status", status));

    public Task<string?> OrderStatusAsync(string uuid, CancellationToken cancellationToken) =>
        ScalarAsync("SELECT status FROM shop_orders WHERE uuid = @uuid", cancellationToken, ("@uuid", uuid));

    public Task AddCheckoutAsync(string uuid, string cart, CancellationToken cancellationToken) =>
        ExecuteAsync("INSERT INTO shop_checkouts (uuid, cart, state) VALUES (@uuid, @cart, @state)", cancellationToken,
            ("@uuid", uuid), ("@cart", cart), ("@state", Open));

    public async Task<bool> CancelCheckoutAsync(string uuid, CancellationToken cancellationToken) =>
        await ExecuteAsync("UPDATE shop_checkouts SET state = @state WHERE uuid = @uuid AND state = @open", cancellationToken,
            ("@uuid", uuid), ("@state", Cancelled), ("@open", Open)) == 1;

    /// True when the checkout was open (now confirmed) or confirmed already; false when the shop cancelled it or never made it.
    public async Task<bool> ConfirmCheckoutAsync(string uuid, CancellationToken cancellationToken)
    {
        await ExecuteAsync("UPDATE shop_checkouts SET state = @state WHERE uuid = @uuid AND state = @open", cancellationToken,
            ("@uuid", uuid), ("@state", Confirmed), ("@open", Open));
        return await CheckoutStateAsync(uuid, cancellationToken) == Confirmed;
    }

    public Task<string?> CheckoutStateAsync(string uuid, CancellationToken cancellationToken) =>
        ScalarAsync("SELECT state FROM shop_checkouts WHERE uuid = @uuid", cancellationToken, ("@uuid", uuid));

    private async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<string?> ScalarAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private DbCommand Command(string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
