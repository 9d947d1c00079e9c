using System.Data;
using System.Data.Common;

namespace PayState.Client.Sql;

// What the SQL stores share: a connection per call from the app's factory, parameterised commands, and their tables
// created once per store on first use (retried once, as two processes starting together may race to create them).
internal sealed class SqlDatabase(Func<DbConnection> connectionFactory, IReadOnlyList<string> schema)
{
    private readonly Lock _gate = new();
    private Task? _creation;

    // One creation shared by every caller; a failed one is tried afresh by the next caller.
    public Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_creation is null || _creation.IsFaulted || _creation.IsCanceled) _creation = CreateWithRetryAsync();
            return _creation.WaitAsync(cancellationToken);
        }
    }

    private async Task CreateWithRetryAsync()
    {
        try
        {
            await CreateAsync(CancellationToken.None);
        }
        catch (DbException)
        {
            await CreateAsync(CancellationToken.None);
        }
    }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        return await OpenRawAsync(cancellationToken);
    }

    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
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

    public async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DBNull ? null : value;
    }

    private async Task CreateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenRawAsync(cancellationToken);
        foreach (var sql in schema)
        {
            await using var command = Command(connection, null, sql);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task<DbConnection> OpenRawAsync(CancellationToken cancellationToken)
    {
        var connection = connectionFactory();
        try
        {
            if (connection.State != ConnectionState.Open) await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
