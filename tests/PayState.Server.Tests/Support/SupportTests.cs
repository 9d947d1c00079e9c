using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace PayState.Server.Tests.Support;

public sealed class FakeTimeProviderTests
{
    private static readonly TimeSpan RealWait = TimeSpan.FromSeconds(5);

    [Fact]
    public void Starts_at_default_instant_in_utc_and_elapsed_time_follows_the_fake_clock()
    {
        var clock = new FakeTimeProvider();
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero), clock.GetUtcNow());
        Assert.Equal(TimeZoneInfo.Utc, clock.LocalTimeZone);

        var started = clock.GetTimestamp();
        clock.Advance(TimeSpan.FromSeconds(90));

        Assert.Equal(TimeSpan.FromSeconds(90), clock.GetElapsedTime(started));
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 12, 1, 30, TimeSpan.Zero), clock.GetUtcNow());
    }

    [Fact]
    public void Custom_start_is_normalised_to_utc()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.FromHours(2)));
        Assert.Equal(TimeSpan.Zero, clock.GetUtcNow().Offset);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero), clock.GetUtcNow());
    }

    [Fact]
    public void Clock_only_moves_forward()
    {
        var clock = new FakeTimeProvider();
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromTicks(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.SetUtcNow(FakeTimeProvider.DefaultStart.AddSeconds(-1)));

        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromMinutes(5), Timeout.InfiniteTimeSpan);
        clock.SetUtcNow(FakeTimeProvider.DefaultStart.AddMinutes(5));

        Assert.Equal(1, fired);
        Assert.Equal(FakeTimeProvider.DefaultStart.AddMinutes(5), clock.GetUtcNow());
    }

    [Fact]
    public async Task Task_delay_completes_only_after_advancing_past_its_due_time()
    {
        var clock = new FakeTimeProvider();
        var delay = Task.Delay(TimeSpan.FromSeconds(5), clock);

        Assert.False(delay.IsCompleted);
        Assert.Equal(1, clock.ActiveTimerCount);

        clock.Advance(TimeSpan.FromMilliseconds(4999));
        Assert.False(delay.IsCompleted);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        await delay.WaitAsync(RealWait);
        Assert.True(delay.IsCompletedSuccessfully);
        Assert.Equal(0, clock.ActiveTimerCount);
    }

    [Fact]
    public async Task Cancelled_task_delay_releases_its_timer()
    {
        var clock = new FakeTimeProvider();
        using var cts = new CancellationTokenSource();
        var delay = Task.Delay(TimeSpan.FromMinutes(1), clock, cts.Token);
        Assert.Equal(1, clock.ActiveTimerCount);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => delay.WaitAsync(RealWait));
        Assert.Equal(0, clock.ActiveTimerCount);
    }

    [Fact]
    public void Cancellation_token_source_with_provider_cancels_after_advance_and_honours_cancel_after()
    {
        var clock = new FakeTimeProvider();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30), clock);

        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.False(cts.IsCancellationRequested);

        // CancelAfter goes through ITimer.Change: now due at t=50s.
        cts.CancelAfter(TimeSpan.FromSeconds(30));
        clock.Advance(TimeSpan.FromSeconds(15));
        Assert.False(cts.IsCancellationRequested);

        clock.Advance(TimeSpan.FromSeconds(15));
        Assert.True(cts.IsCancellationRequested);
    }

    [Fact]
    public async Task Periodic_timer_from_the_bcl_ticks_on_advance()
    {
        var clock = new FakeTimeProvider();
        using var periodic = new PeriodicTimer(TimeSpan.FromMinutes(1), clock);

        var tick = periodic.WaitForNextTickAsync().AsTask();
        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.False(tick.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await tick.WaitAsync(RealWait));
    }

    [Fact]
    public void Timers_fire_in_due_time_order_with_the_clock_at_each_due_time()
    {
        var clock = new FakeTimeProvider();
        var start = clock.GetUtcNow();
        var fired = new List<(string Name, DateTimeOffset At)>();
        var timers = new[]
        {
            clock.CreateTimer(_ => fired.Add(("three", clock.GetUtcNow())), null, TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan),
            clock.CreateTimer(_ => fired.Add(("one", clock.GetUtcNow())), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan),
            clock.CreateTimer(_ => fired.Add(("two", clock.GetUtcNow())), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan),
        };

        clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(
            [("one", start.AddSeconds(1)), ("two", start.AddSeconds(2)), ("three", start.AddSeconds(3))],
            fired);
        Assert.Equal(start.AddSeconds(10), clock.GetUtcNow());
        foreach (var timer in timers)
        {
            timer.Dispose();
        }
    }

    [Fact]
    public void Periodic_timer_fires_once_per_period_even_within_one_large_advance()
    {
        var clock = new FakeTimeProvider();
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, fired);

        clock.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.Equal(1, fired);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, fired);

        // Now at t=3s; due at 5, 7, 9, 11, 13.
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(7, fired);
        Assert.Equal(1, clock.ActiveTimerCount);
    }

    [Fact]
    public void Change_reschedules_from_now_and_infinite_disarms()
    {
        var clock = new FakeTimeProvider();
        var fired = 0;
        var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.True(timer.Change(TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan));

        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(0, fired);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, fired);

        Assert.True(timer.Change(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan));
        Assert.True(timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        Assert.Equal(0, clock.ActiveTimerCount);
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, fired);

        timer.Dispose();
        Assert.False(timer.Change(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan));
    }

    [Fact]
    public async Task Disposed_timers_never_fire()
    {
        var clock = new FakeTimeProvider();
        var fired = 0;
        var disposed = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        var disposedAsync = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        Assert.Equal(2, clock.ActiveTimerCount);

        disposed.Dispose();
        await disposedAsync.DisposeAsync();
        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(0, fired);
        Assert.Equal(0, clock.ActiveTimerCount);
    }

    [Fact]
    public void Zero_due_time_fires_on_the_creating_thread_and_infinite_never_fires()
    {
        var clock = new FakeTimeProvider();
        var firedOn = -1;
        using var immediate = clock.CreateTimer(
            _ => firedOn = Environment.CurrentManagedThreadId, null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        Assert.Equal(Environment.CurrentManagedThreadId, firedOn);

        var neverFired = true;
        using var never = clock.CreateTimer(_ => neverFired = false, null, Timeout.InfiniteTimeSpan, TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromDays(1));
        Assert.True(neverFired);
        Assert.Equal(0, clock.ActiveTimerCount);
    }

    [Fact]
    public void Throwing_callback_does_not_stop_other_timers_or_the_clock()
    {
        var clock = new FakeTimeProvider();
        var fired = 0;
        using var bad = clock.CreateTimer(_ => throw new InvalidOperationException("boom"), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using var good = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);

        var thrown = Assert.Throws<InvalidOperationException>(() => clock.Advance(TimeSpan.FromSeconds(5)));

        Assert.Equal("boom", thrown.Message);
        Assert.Equal(1, fired);
        Assert.Equal(FakeTimeProvider.DefaultStart.AddSeconds(5), clock.GetUtcNow());
    }

    [Fact]
    public async Task Timers_created_concurrently_while_advancing_all_fire_once_and_never_early()
    {
        const int Threads = 8;
        const int PerThread = 250;
        var clock = new FakeTimeProvider();
        var fireCounts = new int[Threads * PerThread];
        var early = new ConcurrentBag<int>();
        var timers = new ConcurrentBag<ITimer>();
        using var go = new ManualResetEventSlim();

        var creators = Enumerable.Range(0, Threads).Select(t => Task.Run(() =>
        {
            var random = new Random(t);
            go.Wait();
            for (var i = 0; i < PerThread; i++)
            {
                var id = (t * PerThread) + i;
                var due = TimeSpan.FromMilliseconds(random.Next(1, 2000));
                var notBefore = clock.GetUtcNow() + due;
                timers.Add(clock.CreateTimer(
                    _ =>
                    {
                        Interlocked.Increment(ref fireCounts[id]);
                        if (clock.GetUtcNow() < notBefore)
                        {
                            early.Add(id);
                        }
                    },
                    null,
                    due,
                    Timeout.InfiniteTimeSpan));
            }
        })).ToArray();

        go.Set();
        var all = Task.WhenAll(creators);
        while (!all.IsCompleted)
        {
            clock.Advance(TimeSpan.FromMilliseconds(7));
        }

        await all.WaitAsync(RealWait);
        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(Threads * PerThread, timers.Count);
        Assert.All(fireCounts, count => Assert.Equal(1, count));
        Assert.Empty(early);
        Assert.Equal(0, clock.ActiveTimerCount);
    }

    [Fact]
    public async Task Wait_for_timers_returns_once_a_background_task_arms_its_timer()
    {
        var clock = new FakeTimeProvider();
        var delayed = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
            await Task.Delay(TimeSpan.FromHours(1), clock);
        });

        await clock.WaitForTimersAsync(1, RealWait);
        clock.Advance(TimeSpan.FromHours(1));

        await delayed.WaitAsync(RealWait);
    }

    [Fact]
    public async Task Wait_for_timers_times_out_in_real_time()
    {
        var clock = new FakeTimeProvider();
        var elapsed = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<TimeoutException>(() => clock.WaitForTimersAsync(1, TimeSpan.FromMilliseconds(100)));

        Assert.Contains("at least 1 armed timer", ex.Message);
        Assert.InRange(elapsed.Elapsed, TimeSpan.FromMilliseconds(90), RealWait);
    }
}

public sealed class FakeReceiverTests
{
    [Fact]
    public async Task Post_is_recorded_with_path_body_and_case_insensitive_headers()
    {
        await using var receiver = await FakeReceiver.StartAsync();
        using var client = new HttpClient();
        using var content = new StringContent("""{"status":"paid"}""", Encoding.UTF8, "application/json");
        content.Headers.Add("X-Signature", "sha256=abc");
        content.Headers.Add("X-Multi", ["one", "two"]);

        Assert.Equal("127.0.0.1", receiver.BaseUri.Host);
        Assert.NotEqual(0, receiver.BaseUri.Port);
        Assert.Equal($"http://127.0.0.1:{receiver.BaseUri.Port}/hooks/merchant-1", receiver.UrlFor("/hooks/merchant-1"));

        using var response = await client.PostAsync(new Uri(receiver.UrlFor("hooks/merchant-1?attempt=2")), content);
        var received = await receiver.NextAsync();

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("POST", received.Method);
        Assert.Equal("/hooks/merchant-1?attempt=2", received.Path);
        Assert.Equal("""{"status":"paid"}""", received.BodyText);
        Assert.Equal(Encoding.UTF8.GetBytes("""{"status":"paid"}"""), received.Body);
        Assert.Equal("sha256=abc", received.Headers["x-signature"]);
        Assert.Equal("one, two", received.Header("X-MULTI"));
        Assert.StartsWith("application/json", received.Headers["Content-Type"]);
        Assert.InRange(received.ReceivedAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal([received], receiver.All);
    }

    [Fact]
    public async Task Received_at_uses_the_supplied_clock()
    {
        var clock = new FakeTimeProvider();
        await using var receiver = await FakeReceiver.StartAsync(clock);
        using var client = new HttpClient();

        using var response = await client.PostAsync(new Uri(receiver.UrlFor("a")), null);

        Assert.Equal(FakeTimeProvider.DefaultStart, (await receiver.NextAsync()).ReceivedAt);
    }

    [Fact]
    public async Task Answer_with_status_and_custom_responders_are_applied_per_request()
    {
        await using var receiver = await FakeReceiver.StartAsync();
        using var client = new HttpClient();
        var url = new Uri(receiver.UrlFor("hook"));

        receiver.AnswerWith(500);
        using (var response = await client.PostAsync(url, null))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        }

        receiver.Responder = _ => Task.FromResult(ReceiverAnswer.RetryAfter(503, "120"));
        using (var response = await client.PostAsync(url, null))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(120), response.Headers.RetryAfter?.Delta);
        }

        receiver.Responder = request => Task.FromResult(new ReceiverAnswer(
            200, "echo:" + request.BodyText, new Dictionary<string, string> { ["X-Reply"] = "yes" }));
        using (var body = new StringContent("hi"))
        using (var response = await client.PostAsync(url, body))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("echo:hi", await response.Content.ReadAsStringAsync());
            Assert.Equal("yes", response.Headers.GetValues("X-Reply").Single());
        }

        Assert.Equal(3, receiver.All.Count);
    }

    [Fact]
    public async Task Throwing_responder_yields_500_with_the_reason()
    {
        await using var receiver = await FakeReceiver.StartAsync();
        using var client = new HttpClient();
        receiver.Responder = _ => throw new InvalidOperationException("responder bug");

        using var response = await client.PostAsync(new Uri(receiver.UrlFor("x")), null);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("responder bug", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Non_post_requests_get_405_and_are_not_recorded()
    {
        await using var receiver = await FakeReceiver.StartAsync();
        using var client = new HttpClient();

        using var response = await client.GetAsync(new Uri(receiver.UrlFor("hook")));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Empty(receiver.All);
    }

    [Fact]
    public async Task Hang_makes_a_client_with_a_short_timeout_give_up_and_dispose_still_returns_promptly()
    {
        var receiver = await FakeReceiver.StartAsync();
        receiver.Hang();
        using var client = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };
        using var body = new StringContent("payload");

        await Assert.ThrowsAsync<TaskCanceledException>(() => client.PostAsync(new Uri(receiver.UrlFor("slow")), body));
        Assert.Equal("payload", (await receiver.NextAsync()).BodyText);

        // A second hung request still in flight must not hold up disposal.
        using var patient = new HttpClient { Timeout = TimeSpan.FromMinutes(1) };
        var pending = patient.PostAsync(new Uri(receiver.UrlFor("slow")), null);
        await receiver.NextAsync();
        var elapsed = Stopwatch.StartNew();
        await receiver.DisposeAsync();

        Assert.InRange(elapsed.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(4));
        await Assert.ThrowsAsync<HttpRequestException>(() => pending);
    }

    [Fact]
    public async Task Close_connection_makes_the_client_fail_after_the_request_was_recorded()
    {
        await using var receiver = await FakeReceiver.StartAsync();
        receiver.CloseConnection();
        using var client = new HttpClient();

        await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync(new Uri(receiver.UrlFor("drop")), null));
        Assert.Equal("/drop", (await receiver.NextAsync()).Path);
    }

    [Fact]
    public async Task Unreachable_url_refuses_connections()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var url = FakeReceiver.UnreachableUrl();

        Assert.Matches(@"^http://127\.0\.0\.1:\d+/down$", url);
        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync(new Uri(url), null));
        Assert.Equal(HttpRequestError.ConnectionError, ex.HttpRequestError);
    }

    [Fact]
    public async Task Next_async_times_out_with_a_clear_message()
    {
        await using var receiver = await FakeReceiver.StartAsync();

        var ex = await Assert.ThrowsAsync<TimeoutException>(() => receiver.NextAsync(TimeSpan.FromMilliseconds(100)));

        Assert.Contains("No webhook request reached the fake receiver", ex.Message);
        Assert.Contains(receiver.BaseUri.ToString(), ex.Message);
    }

    [Fact]
    public async Task Requests_channel_sees_every_delivery_in_order()
    {
        await using var receiver = await FakeReceiver.StartAsync();
        using var client = new HttpClient();
        for (var i = 0; i < 3; i++)
        {
            using var body = new StringContent(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            body.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            using var response = await client.PostAsync(new Uri(receiver.UrlFor("seq")), body);
        }

        var seen = new List<string>();
        while (seen.Count < 3 && receiver.Requests.TryRead(out var request))
        {
            seen.Add(request.BodyText);
        }

        Assert.Equal(["0", "1", "2"], seen);
    }
}
