using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace PayState.Server.Accounts;

/// "API Key + Signature": lowercase hex of HMAC-SHA256(api secret, "{timestamp}.{METHOD}.{path and query}.{raw body}").
public static class RequestSignature
{
    // One-shot over one pooled buffer: an IncrementalHash per request (its native handle, its key set-up and its
    // finalizer) was half the signature's cost on a status read.
    public static byte[] Compute(string apiSecret, string timestamp, string method, string pathAndQuery, ReadOnlySpan<byte> body)
    {
        var message = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(timestamp.Length + method.Length + pathAndQuery.Length + 3) + body.Length);
        var keyMax = Encoding.UTF8.GetMaxByteCount(apiSecret.Length);
        Span<byte> key = keyMax <= 512 ? stackalloc byte[keyMax] : new byte[keyMax];
        try
        {
            var length = 0;
            foreach (var part in (ReadOnlySpan<string>)[timestamp, method, pathAndQuery])
            {
                length += Encoding.UTF8.GetBytes(part, message.AsSpan(length));
                message[length++] = (byte)'.';
            }
            body.CopyTo(message.AsSpan(length));
            length += body.Length;
            return HMACSHA256.HashData(key[..Encoding.UTF8.GetBytes(apiSecret, key)], message.AsSpan(0, length));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            ArrayPool<byte>.Shared.Return(message);
        }
    }

    public static string ComputeHex(string apiSecret, string timestamp, string method, string pathAndQuery, ReadOnlySpan<byte> body) =>
        Convert.ToHexStringLower(Compute(apiSecret, timestamp, method, pathAndQuery, body));

    /// Checks a hex signature in constant time; text that is not 64 hex digits never matches.
    public static bool Matches(byte[] expected, string given)
    {
        if (given.Length != expected.Length * 2) return false;
        Span<byte> bytes = stackalloc byte[expected.Length];
        if (Convert.FromHexString(given, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != bytes.Length)
            return false;
        return CryptographicOperations.FixedTimeEquals(expected, bytes);
    }
}
