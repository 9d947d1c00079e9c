namespace PayState.Server.Tests.Telemetry;

/// Activity sources are process-wide: while one server traces, every server in the process makes spans, and one
/// that should not trace would. The tests that trace, or check that nothing is traced, run alone.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TracingCollection
{
    public const string Name = "Tracing";
}
