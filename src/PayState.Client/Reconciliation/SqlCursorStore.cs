using System.Data.Common;
using PayState.Client.Sql;

namespace PayState.Client.Reconciliation;

/// <summary>
/// An <see cref="ICursorStore"/> in the app's own database (SQLite or PostgreSQL), on a table it creates on first use:
/// <c>paystate_reconciler_cursors(name, next_cursor)</c>, one row per reconciler.
/// </summary>
/// <param name="connectionFactory">Makes a new, unopened connection per call.</param>
public sealed class SqlCursorStore(Func<DbConnection> connectionFactory) : ICursorStore
{
    private readonly SqlDatabase _database = new(connectionFactory,
    [
        "CREATE TABLE IF NOT EXISTS paystate_reconciler_cursors (name VARCHAR(255) NOT NULL PRIMARY KEY, next_cursor VARCHAR(1000) NOT NULL)",
    ]);

    /// <inheritdoc />
    public async Task<string?> LoadAsync(string name, CancellationToken cancellationToken) =>
        (string?)await _database.ScalarAsync("SELECT next_cursor FROM paystate_reconciler_cursors WHERE name = @name", cancellationToken, ("@name", name));

    /// <inheritdoc />
    public async Task SaveAsync(string name, string cursor, CancellationToken cancellationToken) =>
        await _database.ScalarAsync(
            "INSERT INTO paystate_reconciler_cursors (name, next_cursor) VALUES (@name, @cursor) ON CONFLICT (name) DO UPDATE SET next_cursor = @cursor",
            cancellationToken, ("@name", name), ("@cursor", cursor));
}
