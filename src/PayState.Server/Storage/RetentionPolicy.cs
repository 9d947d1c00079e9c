namespace PayState.Server.Storage;

/// How long what PayState keeps stays. Attempts, settled (succeeded or dead) deliveries and sandbox inbox entries go
/// after Retention; events and objects are kept for good unless EventRetention is set, and an object's newest event
/// (its document) is kept whatever its age.
public sealed record RetentionPolicy(TimeSpan Retention, TimeSpan? EventRetention)
{
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(30);

    /// Rows looked at per write transaction: a few milliseconds of the writer's time, so changes queued behind a
    /// sweep wait for one batch, not for the sweep.
    public int Batch { get; init; } = 256;

    /// How often the sweep runs: a twentieth of the shortest retention, between a second and a minute.
    public TimeSpan Period
    {
        get
        {
            var shortest = EventRetention is { } events && events < Retention ? events : Retention;
            return TimeSpan.FromTicks(Math.Clamp(shortest.Ticks / 20, TimeSpan.TicksPerSecond, TimeSpan.TicksPerMinute));
        }
    }
}
