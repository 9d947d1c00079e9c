namespace PayState.Server.Dashboard;

/// Who is signed in to the dashboard: an operator (MerchantId null) sees every object, a merchant only its own.
/// A merchant signs in with one terminal's key: sandbox test orders are created on that terminal.
public sealed record Viewer(string? MerchantId, string? TerminalId, DateTimeOffset ExpiresAt)
{
    public bool IsOperator => MerchantId is null;

    public bool CanSee(string merchantId) => IsOperator || MerchantId == merchantId;
}

public static class ViewerHttpContextExtensions
{
    public static Viewer Viewer(this HttpContext http) =>
        http.Items[typeof(Viewer)] as Viewer ?? throw new InvalidOperationException("The request is not signed in to the dashboard.");
}
