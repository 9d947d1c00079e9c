namespace PayState.Server.Dashboard;

/// Filters of the dashboard's object list; null means "any". MerchantId is forced for a signed-in merchant.
public sealed record ObjectQuery(
    string? MerchantId = null,
    string? Kind = null,
    string? State = null,
    DateTimeOffset? From = null,
    DateTimeOffset? Until = null,
    string? ExternalId = null,
    ObjectPageKey? After = null,
    int Limit = 50);
