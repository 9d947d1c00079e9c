namespace PayState.Server.Storage;

/// A delivery's status: the outbox's column, which the store's SQL, the dispatcher, the metrics and the dashboard all
/// read, so it sits below them all.
public static class DeliveryStatus
{
    public const string Pending = "pending";
    public const string Failed = "failed";
    public const string Succeeded = "succeeded";
    public const string Dead = "dead";

    public static bool IsKnown(string status) => status is Pending or Failed or Succeeded or Dead;
}
