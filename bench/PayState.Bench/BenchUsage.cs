namespace PayState.Bench;

/// What `--help` prints: the options and the phases `--only` takes (docs/benchmarks.md says what each measures).
public static class BenchUsage
{
    public static readonly string[] Phases = ["deliveries", "reads", "waits", "steady", "relay"];

    public const string Text = """
        PayState.Bench: PayState against this machine's own HTTP ceiling, on loopback (docs/benchmarks.md).

          dotnet run -c Release --project bench/PayState.Bench -- [options]

          (none)              the full plan: ceiling, deliveries, latency, reads, held waits (100,000 requests a phase)
          --quick             the quick plan (20,000 requests a phase, 5,000 changes, 200 wakes)
          --runs N            the SQLite suite N times; medians and spread
          --only PHASE        one phase alone:
                                deliveries  the ceiling and the deliveries (with the budget line and bytes per change)
                                reads       signed status reads against raw GETs
                                waits       10,000 held long-polls: RSS, idle RSS, wake latency
                                steady      the database's size under steady load with a short retention
                                relay       PostgreSQL through the delay relay, one and two processes
          --hold S            keeps the held waits S seconds (0 to 45) for a look at the server
          --pg-delay-ms D     the relay's delay each way (default 2; 0 skips the relay runs)
          -h, --help          this text

        Environment: PAYSTATE_BENCH_POSTGRES (adds PostgreSQL runs), BENCH_KEEP_DB=1 (keeps the SQLite file),
        BENCH_SERVER_X=v (sets X=v for the server processes only, e.g. BENCH_SERVER_DOTNET_TieredPGO=1).
        """;
}
