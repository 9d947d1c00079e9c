using Microsoft.Data.Sqlite;

namespace PayState.Server.Storage.Sqlite;

/// Prepared statements kept per connection: the writer runs the same few statements all day.
internal sealed class SqliteCommandCache(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SqliteStatement> _statements = new(StringComparer.Ordinal);

    /// The same, run through SQLite's own API (SqliteStatement): for the statements of every change.
    public SqliteStatement Statement(string sql)
    {
        if (!_statements.TryGetValue(sql, out var statement))
        {
            statement = new SqliteStatement(connection, sql);
            _statements[sql] = statement;
        }
        return statement;
    }

    public SqliteCommand Get(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            _commands[sql] = command;
        }
        command.Parameters.Clear();
        return command;
    }

    public void Dispose()
    {
        foreach (var statement in _statements.Values) statement.Dispose();
        _statements.Clear();
        foreach (var command in _commands.Values) command.Dispose();
        _commands.Clear();
    }
}
