using System.Buffers.Text;
using System.Security.Cryptography;

namespace PayState.Server.Shared;

/// Identifiers. Object uuids come from the system's CSPRNG because some (a checkout's) are the only
/// credential their holder has; event and delivery ids are time-ordered for readable logs and indexes.
public static class SecureIds
{
    public static string NewUuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4, in Guid's little-endian field layout
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes).ToString();
    }

    public static string NewEventId(DateTimeOffset now) => "evt_" + Guid.CreateVersion7(now).ToString("N");

    public static string NewDeliveryId(DateTimeOffset now) => "dlv_" + Guid.CreateVersion7(now).ToString("N");

    public static string NewMerchantId(DateTimeOffset now) => "mer_" + Guid.CreateVersion7(now).ToString("N");

    /// Random text of the given byte strength, URL-safe.
    public static string RandomToken(int bytes) => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));
}
