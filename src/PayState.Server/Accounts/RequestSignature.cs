using System.Security.Cryptography;
using System.Text;

namespace PayState.Server.Accounts;

/// "API Key + Signature": lowercase hex of HMAC-SHA256(api secret, "{timestamp}.{METHOD}.{path and query}.{raw body}").
public static class RequestSignature
{
    public static byte[] Compute(string apiSecret, string timestamp, string method, string pathAndQuery, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{timestamp}.{method}.{pathAndQuery}.");
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(apiSecret));
        hmac.AppendData(prefix);
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
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
