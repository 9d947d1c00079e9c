namespace PayState.Client.Reconciliation;

/// <summary>One reconciler's last outcomes.</summary>
public sealed record ReconcilerState
{
    /// <summary>When a pass last caught up; null when none has yet.</summary>
    public DateTimeOffset? LastSuccessAt { get; init; }

    /// <summary>When the current run of failures began; null while it succeeds.</summary>
    public DateTimeOffset? FailingSince { get; init; }

    /// <summary>Failed passes in a row.</summary>
    public int Failures { get; init; }

    /// <summary>The last failure, as logged (no secrets); null while it succeeds.</summary>
    public string? LastError { get; init; }

    /// <summary>The event the handler failed on, when a handler failed; null when the failure was reading the feed.</summary>
    public string? FailingEventId { get; init; }
}
