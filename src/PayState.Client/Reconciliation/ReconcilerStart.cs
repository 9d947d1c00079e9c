namespace PayState.Client.Reconciliation;

/// <summary>Where a reconciler with no stored cursor starts.</summary>
public enum ReconcilerStart
{
    /// <summary>At the first event of the merchant: every past event goes through the handler (deduplicated as ever).</summary>
    Beginning,

    /// <summary>After the last event there is now: history is skipped, for a first deploy next to state that is already right.</summary>
    Now,
}
