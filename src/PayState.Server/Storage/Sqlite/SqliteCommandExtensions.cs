using Microsoft.Data.Sqlite;

namespace PayState.Server.Storage.Sqlite;

internal static class SqliteCommandExtensions
{
    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    public static SqliteCommand With(this SqliteCommand command, string name, DateTimeOffset value) =>
        command.With(name, UnixMicros.From(value));

    public static SqliteCommand With(this SqliteCommand command, string name, DateTimeOffset? value) =>
        command.With(name, value is { } v ? UnixMicros.From(v) : null);
}
