using System.Text.Json;
using Polly;
using Polly.Retry;
using PayState.Server.Lifecycle;

namespace PayState.Server.Acquiring.Chain;

/// One network's watcher loop: a cycle every poll interval (at once while behind), through an outage of the node with
/// exponential backoff (the status says so meanwhile), and a failure of anything else logged and retried.
public sealed class ChainWatcher(ChainScanner scanner, EvmWatch watch, WatcherStatus status, TimeProvider clock, ILogger log) : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromMinutes(1);

    private readonly WakeSignal _wake = new();

    public WatcherStatus Status => status;

    /// Starts a cycle now instead of at the next poll (tests, and a sandbox payment just sent).
    public void Wake() => _wake.Wake();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pipeline = Backoff();
        log.LogInformation("Chain {Network}: watching through {Rpc}, {Confirmations} confirmations", watch.Network, watch.RpcForDisplay, watch.Confirmations);
        while (!stoppingToken.IsCancellationRequested)
        {
            var more = false;
            var cycle = status.CycleStarting();
            try
            {
                more = await pipeline.ExecuteAsync(async ct => await scanner.ScanAsync(clock.GetUtcNow(), ct).ConfigureAwait(false), stoppingToken)
                    .ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                log.LogError(e, "Chain {Network}: a watcher cycle failed; trying again at the next poll", watch.Network);
            }
            status.CycleFinished(cycle);
            if (more) continue;
            try
            {
                await _wake.WaitAsync(clock.GetUtcNow() + watch.PollInterval, clock, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        await scanner.ReleaseAsync().ConfigureAwait(false);
    }

    /// Retries a cycle the node failed (unreachable, an error answer, a chain that moved while read), without end:
    /// 1 s, doubling to a minute, with jitter. Failures of the database are not the node's: they end the cycle.
    private ResiliencePipeline Backoff() => new ResiliencePipelineBuilder { TimeProvider = clock }
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder()
                .Handle<HttpRequestException>().Handle<RpcException>().Handle<ChainMovedException>().Handle<JsonException>()
                .Handle<TaskCanceledException>(e => !e.CancellationToken.IsCancellationRequested || e.InnerException is TimeoutException),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = FirstRetry,
            MaxDelay = LongestRetry,
            MaxRetryAttempts = int.MaxValue,
            OnRetry = args =>
            {
                var error = args.Outcome.Exception?.Message ?? "no answer";
                if (args.Outcome.Exception is ChainMovedException)
                {
                    log.LogInformation("Chain {Network}: {Error}; reading again", watch.Network, error);
                }
                else
                {
                    if (status.State != WatcherState.RpcUnreachable)
                        log.LogWarning("Chain {Network}: the node at {Rpc} failed ({Error}); retrying with backoff", watch.Network, watch.RpcForDisplay, error);
                    status.Unreachable(error);
                }
                return default;
            },
        })
        .Build();
}
