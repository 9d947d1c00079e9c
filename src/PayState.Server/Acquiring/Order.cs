using System.Numerics;
using System.Text.Json;

namespace PayState.Server.Acquiring;

/// A crypto acquiring order as seed 001 shows it.
public sealed record Order
{
    public required string Uuid { get; init; }
    public required string TerminalUuid { get; init; }
    public required BigInteger Amount { get; init; }
    public required Token Currency { get; init; }
    public required string WalletAddress { get; init; }
    public required string WalletQr { get; init; }
    public required string? ExternalOrderId { get; init; }
    public required string? ExternalClientId { get; init; }

    /// The merchant's JSON object, written back exactly as it was sent (RawJsonElementConverter).
    public required JsonElement? ExternalData { get; init; }
    public required OrderStatus Status { get; init; }
    public required string? WebhookUrl { get; init; }
    public required bool IsTest { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset? TransactionEndAt { get; init; }
    public required DateTimeOffset ExpiredAt { get; init; }
}
