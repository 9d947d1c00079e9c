using Npgsql;
using NpgsqlTypes;

namespace PayState.Server.Storage.Postgres;

internal static class NpgsqlCommandExtensions
{
    public static NpgsqlCommand With(this NpgsqlCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    public static NpgsqlCommand With(this NpgsqlCommand command, string name, DateTimeOffset value) =>
        command.With(name, UnixMicros.From(value));

    public static NpgsqlCommand With(this NpgsqlCommand command, string name, DateTimeOffset? value)
    {
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Bigint) { Value = value is { } v ? UnixMicros.From(v) : DBNull.Value });
        return command;
    }

    public static NpgsqlCommand WithText(this NpgsqlCommand command, string name, string? value)
    {
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value });
        return command;
    }

    public static NpgsqlCommand WithInt(this NpgsqlCommand command, string name, int? value)
    {
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Integer) { Value = (object?)value ?? DBNull.Value });
        return command;
    }

    public static NpgsqlCommand WithBytes(this NpgsqlCommand command, string name, byte[]? value)
    {
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Bytea) { Value = (object?)value ?? DBNull.Value });
        return command;
    }
}
