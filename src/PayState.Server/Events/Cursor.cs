using System.Buffers.Binary;
using PayState.Server.Http;

namespace PayState.Server.Events;

/// Opaque paging cursors. They wrap a position (a commit sequence) so clients cannot build or depend on one.
public static class Cursor
{
    public static string Encode(char kind, long position)
    {
        Span<byte> bytes = stackalloc byte[9];
        bytes[0] = (byte)kind;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..], position);
        return Lifecycle.Base64Url.Encode(bytes.ToArray());
    }

    public static long Decode(char kind, string cursor, string field)
    {
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var bytes = Convert.FromBase64String(padded);
            if (bytes.Length == 9 && bytes[0] == (byte)kind && BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(1)) is >= 0 and var position)
                return position;
        }
        catch (FormatException)
        {
        }
        throw ApiException.Invalid(field, "is not a cursor this API gave out.");
    }
}
