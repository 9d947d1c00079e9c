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

    public static NpgsqlCommand WithArray(this NpgsqlCommand command, string name, IEnumerable<string> values)
    {
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() });
        return command;
    }

    public static NpgsqlCommand WithByteaArray(this NpgsqlCommand command, string name, IEnumerable<byte[]?> values)
    {
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = values.ToArray() });
        return command;
    }

    /// The command as one statement of an NpgsqlBatch (sent with the others in one round trip), its parameters
    /// moved over, so batch statements are written with the same helpers as commands.
    public static NpgsqlBatchCommand ToBatchCommand(this NpgsqlCommand command)
    {
        var statement = new NpgsqlBatchCommand(command.CommandText);
        var parameters = command.Parameters.ToArray();
        command.Parameters.Clear();
        foreach (var parameter in parameters) statement.Parameters.Add(parameter);
        command.Dispose();
        return statement;
    }
}
