using System.Collections.Concurrent;
using System.Text;

namespace PayState.Server.Acquiring.Wallets;

/// The QR codes of payment URIs rendered lately, as the UTF-8 of their base64 text. A stored order keeps its payment
/// URI in place of its QR code (StoredOrder), and rendering one takes a few hundred microseconds, so an order read or
/// sent again soon after (a merchant polling a pending order, a retried webhook) renders it once. Two generations of
/// at most Kept entries: when the young one fills, the old one is dropped and the young one takes its place, so what
/// is in use stays and the memory held is bounded (about 1.5 MB).
public static class PaymentQrCache
{
    private const int Kept = 512;
    private static readonly Lock Turning = new();
    private static Generation _young = new();
    private static Generation _old = new();

    /// The base64 PNG of the URI's QR code, as UTF-8.
    public static byte[] For(string uri)
    {
        var young = Volatile.Read(ref _young);
        if (young.Entries.TryGetValue(uri, out var qr)) return qr;
        if (!Volatile.Read(ref _old).Entries.TryGetValue(uri, out qr)) qr = Encoding.UTF8.GetBytes(PaymentQrCode.ToBase64Png(uri));
        // The dictionary's own Count takes all its locks: counted here.
        if (young.Entries.TryAdd(uri, qr) && Interlocked.Increment(ref young.Count) >= Kept) Turn(young);
        return qr;
    }

    private static void Turn(Generation full)
    {
        lock (Turning)
        {
            if (_young != full) return;
            Volatile.Write(ref _old, full);
            Volatile.Write(ref _young, new Generation());
        }
    }

    private sealed class Generation
    {
        public readonly ConcurrentDictionary<string, byte[]> Entries = new(StringComparer.Ordinal);
        public int Count;
    }
}
