using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace PayState.Server.Tests.Support;

public sealed class TimerWatchingClockTests
{
    private static readonly TimeSpan RealWait = TimeSpan.FromSeconds(5);

    [Fact]
    public void ArmedTimers_CountsTimersUntilTheyFireOrAreDisposed()
    {
        var clock = new TimerWatchingClock();
        var fired = 0;
        using var once = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
        var periodic = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        using var unarmed = clock.CreateTimer(_ => fired++, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Assert.Equal(2, clock.ArmedTimers);

        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(1, clock.ArmedTimers);
        Assert.True(fired >= 2, $"fired {fired}");
        periodic.Dispose();
        Assert.Equal(0, clock.ArmedTimers);
        Assert.Equal(TestServer.ClockStart.AddSeconds(5), clock.GetUtcNow());
    }

    [Fact]
    public async Task WaitForTimers_ReturnsOnceABackgroundTaskArmsItsTimer()
    {
        var clock = new TimerWatchingClock();
        var delayed = Task.Run(async () =>
        {
            // The behaviour under test: a timer armed a moment later, in real time, on another thread.
            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
            await Task.Delay(TimeSpan.FromHours(1), clock);
        });

        await clock.WaitForTimersAsync(1, RealWait);
        clock.Advance(TimeSpan.FromHours(1));

        await delayed.WaitAsync(RealWait);
        Assert.Equal(0, clock.ArmedTimers);
    }

    [Fact]
    public async Task WaitForTimers_TimesOutInRealTime()
    {
        var clock = new TimerWatchingClock();
        var elapsed = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<TimeoutException>(() => clock.WaitForTimersAsync(1, TimeSpan.FromMilliseconds(100)));

        Assert.Contains("at least 1 armed timer", ex.Message, StringComparison.Ordinal);
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

        Assert.Equal(clock.Start, (await receiver.NextAsync()).ReceivedAt);
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
