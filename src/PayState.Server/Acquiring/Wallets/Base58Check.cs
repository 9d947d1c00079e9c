using System.Security.Cryptography;

namespace PayState.Server.Acquiring.Wallets;

/// Base58 with the Bitcoin alphabet plus a 4-byte double-SHA256 checksum, as Tron addresses use.
public static class Base58Check
{
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private const int ChecksumLength = 4;

    public static string Encode(ReadOnlySpan<byte> payload)
    {
        var data = new byte[payload.Length + ChecksumLength];
        payload.CopyTo(data);
        Checksum(payload).CopyTo(data.AsSpan(payload.Length));
        return EncodeRaw(data);
    }

    public static byte[]? Decode(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        var data = DecodeRaw(text);
        if (data is null || data.Length < ChecksumLength)
        {
            return null;
        }
        var payload = data.AsSpan(0, data.Length - ChecksumLength);
        if (!Checksum(payload).AsSpan().SequenceEqual(data.AsSpan(payload.Length)))
        {
            return null;
        }
        return payload.ToArray();
    }

    private static byte[] Checksum(ReadOnlySpan<byte> payload)
    {
        Span<byte> first = stackalloc byte[32];
        SHA256.HashData(payload, first);
        return SHA256.HashData(first)[..ChecksumLength];
    }

    // Schoolbook base conversion; inputs are a few dozen bytes, so O(n^2) is fine.
    private static string EncodeRaw(ReadOnlySpan<byte> data)
    {
        var leadingZeros = 0;
        while (leadingZeros < data.Length && data[leadingZeros] == 0)
        {
            leadingZeros++;
        }

        // log(256)/log(58) < 1.37, so this many digits always suffice.
        var digits = new byte[(data.Length * 138 / 100) + 1];
        var length = 0;
        foreach (var b in data[leadingZeros..])
        {
            int carry = b;
            for (var i = 0; i < length; i++)
            {
                carry += digits[i] << 8;
                digits[i] = (byte)(carry % 58);
                carry /= 58;
            }
            while (carry > 0)
            {
                digits[length++] = (byte)(carry % 58);
                carry /= 58;
            }
        }

        var chars = new char[leadingZeros + length];
        chars.AsSpan(0, leadingZeros).Fill('1');
        for (var i = 0; i < length; i++)
        {
            chars[leadingZeros + i] = Alphabet[digits[length - 1 - i]];
        }
        return new string(chars);
    }

    private static byte[]? DecodeRaw(string text)
    {
        var leadingOnes = 0;
        while (leadingOnes < text.Length && text[leadingOnes] == '1')
        {
            leadingOnes++;
        }

        // log(58)/log(256) < 0.733.
        var bytes = new byte[(text.Length * 733 / 1000) + 1];
        var length = 0;
        foreach (var ch in text.AsSpan(leadingOnes))
        {
            var carry = Alphabet.IndexOf(ch, StringComparison.Ordinal);
            if (carry < 0)
            {
                return null;
            }
            for (var i = 0; i < length; i++)
            {
                carry += bytes[i] * 58;
                bytes[i] = (byte)carry;
                carry >>= 8;
            }
            while (carry > 0)
            {
                bytes[length++] = (byte)carry;
                carry >>= 8;
            }
        }

        var result = new byte[leadingOnes + length];
        for (var i = 0; i < length; i++)
        {
            result[leadingOnes + i] = bytes[length - 1 - i];
        }
        return result;
    }
}
