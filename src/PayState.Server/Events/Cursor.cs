using System.Buffers.Binary;
using PayState.Server.Http;
using PayState.Server.Storage;

namespace PayState.Server.Events;

/// Opaque paging cursors. They wrap a position (a commit sequence, or an event's EventPosition) so clients cannot
/// build or depend on one.
public static class Cursor
{
    public static string Encode(char kind, long position) => Encode(kind, [position]);

    /// An event's position; one written without a transaction id (SQLite) is the commit sequence alone.
    public static string Encode(char kind, EventPosition position) =>
        position.Xid == 0 ? Encode(kind, [position.Seq]) : Encode(kind, [position.Xid, position.Seq]);

    public static long Decode(char kind, string cursor, string field) =>
        Parse(kind, cursor) is [var position] ? position : throw Invalid(field);

    public static EventPosition DecodePosition(char kind, string cursor, string field) => Parse(kind, cursor) switch
    {
        [var seq] => seq,
        [var xid, var seq] => new EventPosition(xid, seq),
        _ => throw Invalid(field),
    };

    private static string Encode(char kind, long[] parts)
    {
        var bytes = new byte[1 + 8 * parts.Length];
        bytes[0] = (byte)kind;
        for (var i = 0; i < parts.Length; i++) BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(1 + 8 * i), parts[i]);
        return System.Buffers.Text.Base64Url.EncodeToString(bytes);
    }

    /// The cursor's numbers, or none when it is not one this API gave out for this kind.
    private static long[] Parse(char kind, string cursor)
    {
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var bytes = Convert.FromBase64String(padded);
            if (bytes.Length is not (9 or 17) || bytes[0] != (byte)kind) return [];
            var parts = new long[(bytes.Length - 1) / 8];
            for (var i = 0; i < parts.Length; i++) parts[i] = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(1 + 8 * i));
            return parts.All(p => p >= 0) ? parts : [];
        }
        catch (FormatException)
        {
            return [];
        }
    }

    private static ApiException Invalid(string field) => ApiException.Invalid(field, "is not a cursor this API gave out.");
}
