namespace PayState.Client.Reconciliation;

/// <summary>How one reconciler catches up; named after the terminal whose client it reads the events with.</summary>
public sealed class PayStateReconcilerOptions
{
    /// <summary>How long to wait after catching up before looking again; default 30 seconds.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Events per page, 1 to 500; default 100.</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>Where to start when no cursor is stored; default <see cref="ReconcilerStart.Beginning"/>.</summary>
    public ReconcilerStart StartFrom { get; set; } = ReconcilerStart.Beginning;

    /// <summary>
    /// This app's terminal: acquiring orders another terminal of the merchant created (another app's) are skipped. Checkout
    /// and session events name no terminal, so they always reach the handler: ignore objects your app does not know.
    /// </summary>
    public string? TerminalUuid { get; set; }

    /// <summary>The first wait after a failed pass; doubled (with jitter) on each failure in a row; default 1 second.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between failed passes; default 5 minutes.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long it may fail in a row before its health check says unhealthy (degraded before); default 10 minutes.</summary>
    public TimeSpan UnhealthyAfter { get; set; } = TimeSpan.FromMinutes(10);
}
