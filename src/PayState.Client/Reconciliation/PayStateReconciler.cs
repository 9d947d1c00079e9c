using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PayState.Client.Webhooks;
using Polly;
using Polly.Retry;

namespace PayState.Client.Reconciliation;

/// <summary>
/// Catches up on missed webhooks: pages the events API from the stored cursor, puts every event through the same
/// <see cref="PayStateWebhookProcessor"/> as the receiver (so a message seen either way is handled once), stores the cursor
/// after each page, and waits <see cref="PayStateReconcilerOptions.Interval"/> once caught up. A failed pass (PayState
/// unreachable, credentials refused, a handler that throws) is logged, shown by its health check, and tried again from the
/// stored cursor after a growing wait; an event whose handler keeps failing holds the reconciler there, never skipped.
/// Registered by <c>services.AddPayStateReconciler(...)</c>.
/// </summary>
public sealed class PayStateReconciler : BackgroundService
{
    private const int SkipPageSize = 500;

    private readonly PayStateClient _client;
    private readonly ICursorStore _cursors;
    private readonly PayStateWebhookProcessor _processor;
    private readonly PayStateWebhookHandler _handler;
    private readonly IServiceScopeFactory _scopes;
    private readonly IOptionsMonitor<PayStateReconcilerOptions> _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<PayStateReconciler> _logger;
    private readonly ReconcilerHealth _health;
    private string? _currentEventId;

    /// <summary>Creates the reconciler named <paramref name="name"/> (see <see cref="PayStateReconcilerOptions"/>).</summary>
    /// <param name="name">Its name: the name of its options and of its cursor.</param>
    /// <param name="client">The client it reads the events API with.</param>
    /// <param name="cursors">Where its cursor is kept.</param>
    /// <param name="processor">The receiver's processor (same store).</param>
    /// <param name="handler">Applies one new event.</param>
    /// <param name="scopes">A scope per event, for the handler's services.</param>
    /// <param name="options">Its options, by name, read at each pass.</param>
    /// <param name="clock">The clock it waits on.</param>
    /// <param name="logger">Failures, recoveries and passes that handled events.</param>
    /// <param name="health">Where its outcomes are kept for the health check.</param>
    public PayStateReconciler(
        string name, PayStateClient client, ICursorStore cursors, PayStateWebhookProcessor processor, PayStateWebhookHandler handler,
        IServiceScopeFactory scopes, IOptionsMonitor<PayStateReconcilerOptions> options, TimeProvider clock, ILogger<PayStateReconciler> logger,
        ReconcilerHealth health)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
        (_client, _cursors, _processor, _handler, _scopes, _options, _clock, _logger, _health) =
            (client, cursors, processor, handler, scopes, options, clock, logger, health);
    }

    /// <summary>Its name (empty for the default terminal's).</summary>
    public string Name { get; }

    /// <summary>Pages until caught up, handling every event not handled yet; saves the cursor after each page.</summary>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>How many events the handler applied.</returns>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var options = _options.Get(Name);
        var cursor = await _cursors.LoadAsync(Name, cancellationToken);
        if (cursor is null && options.StartFrom == ReconcilerStart.Now)
        {
            cursor = await EndOfFeedAsync(cancellationToken);
            await _cursors.SaveAsync(Name, cursor, cancellationToken);
            _logger.LogInformation("PayState reconciler '{Name}' starts from now: past events skipped.", Name);
        }
        var handled = 0;
        while (true)
        {
            var page = await _client.ListEventsAsync(string.IsNullOrEmpty(cursor) ? null : cursor, options.PageSize, cancellationToken);
            foreach (var e in page.Data)
            {
                if (await HandleAsync(PayStateWebhook.FromEvent(e), options, cancellationToken)) handled++;
            }
            if (page.NextCursor is { } next && next != cursor) await _cursors.SaveAsync(Name, cursor = next, cancellationToken);
            if (page.Data.Count < options.PageSize) break;
        }
        if (_health.States.TryGetValue(Name, out var before) && before.FailingSince is { } since)
            _logger.LogInformation("PayState reconciler '{Name}' caught up again after failing since {Since}.", Name, since);
        _health.Succeeded(Name, _clock.GetUtcNow());
        if (handled > 0) _logger.LogInformation("PayState reconciler '{Name}' applied {Count} missed events.", Name, handled);
        return handled;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = _options.Get(Name);
        var retry = new ResiliencePipelineBuilder { TimeProvider = _clock }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is not null && !stoppingToken.IsCancellationRequested),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
                OnRetry = args =>
                {
                    Failed(args.Outcome.Exception!, args.AttemptNumber + 1, args.RetryDelay);
                    return default;
                },
            })
            .Build();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await retry.ExecuteAsync(async token => await RunOnceAsync(token), stoppingToken);
                await Task.Delay(_options.Get(Name).Interval, _clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    // True when the handler applied it. A RetryLater answer fails the pass, so the event is tried again after the wait.
    private async Task<bool> HandleAsync(PayStateWebhook webhook, PayStateReconcilerOptions options, CancellationToken cancellationToken)
    {
        if (options.TerminalUuid is { } terminal && webhook.Order is { } order && order.TerminalUuid != terminal) return false;
        _currentEventId = webhook.MessageId;
        await using var scope = _scopes.CreateAsyncScope();
        var result = await _processor.ProcessAsync(webhook, _handler, scope.ServiceProvider, cancellationToken);
        if (result.Outcome == WebhookOutcome.RetryLater) throw new ReconcilerRetryLaterException(webhook.MessageId);
        _currentEventId = null;
        return result.Outcome is WebhookOutcome.Processed or WebhookOutcome.Conflict;
    }

    // The cursor after the last event there is now ("" when there is none yet, so that later events are not skipped too).
    private async Task<string> EndOfFeedAsync(CancellationToken cancellationToken)
    {
        string? cursor = null;
        while (true)
        {
            var page = await _client.ListEventsAsync(cursor, SkipPageSize, cancellationToken);
            cursor = page.NextCursor ?? cursor;
            if (page.Data.Count < SkipPageSize) return cursor ?? "";
        }
    }

    private void Failed(Exception error, int failures, TimeSpan wait)
    {
        var eventId = _currentEventId;
        _currentEventId = null;
        var message = error switch
        {
            PayStateException { StatusCode: 401 } e => $"PayState refused the terminal's credentials ({e.Code}): is ApiKey/ApiSecret the terminal's current pair?",
            PayStateException e => $"PayState answered {e.StatusCode} {e.Code}: {e.Message}",
            HttpRequestException e => $"PayState is unreachable: {e.Message}",
            ReconcilerRetryLaterException => $"the handler asked for event {eventId} again later",
            _ when eventId is not null => $"the handler failed on event {eventId}: {error.GetType().Name}: {error.Message}",
            _ => $"{error.GetType().Name}: {error.Message}",
        };
        _health.Failed(Name, _clock.GetUtcNow(), message, eventId);
        _logger.Log(failures >= 3 ? LogLevel.Error : LogLevel.Warning, error is ReconcilerRetryLaterException ? null : error,
            "PayState reconciler '{Name}' failed ({Failures} in a row): {Problem}. Trying again in {Wait}, from the stored cursor.",
            Name, failures, message, wait);
    }

    private sealed class ReconcilerRetryLaterException(string eventId) : Exception($"The handler asked for event {eventId} again later.");
}
