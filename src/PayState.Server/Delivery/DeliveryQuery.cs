namespace PayState.Server.Delivery;

/// One page of a merchant's deliveries, newest first: of one status or any (null), before a seq or from the newest.
public sealed record DeliveryQuery(string MerchantId, string? Status, long? BeforeSeq, int Limit);
