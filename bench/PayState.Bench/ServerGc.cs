namespace PayState.Bench;

/// The server's garbage collections so far, from its /metrics: the difference of two readings says what the
/// collector did between them, and how long it held every request still.
public sealed record ServerGc(double Gen0, double Gen1, double Gen2, double PauseSeconds)
{
    public static async Task<ServerGc> ReadAsync(HttpClient http, Uri server)
    {
        var metrics = await ServerMetrics.ReadAsync(http, server);
        return new ServerGc(
            metrics["paystate_gc_collections_total{generation=\"0\"}"], metrics["paystate_gc_collections_total{generation=\"1\"}"],
            metrics["paystate_gc_collections_total{generation=\"2\"}"], metrics["paystate_gc_pause_seconds_total"]);
    }

    public static ServerGc operator -(ServerGc after, ServerGc before) =>
        new(after.Gen0 - before.Gen0, after.Gen1 - before.Gen1, after.Gen2 - before.Gen2, after.PauseSeconds - before.PauseSeconds);

    public override string ToString() =>
        $"server GC: {Gen0:0} gen0, {Gen1:0} gen1, {Gen2:0} gen2 collections, {PauseSeconds * 1000:0.0} ms paused";
}
