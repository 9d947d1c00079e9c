using System.Text.Json;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Checkout;

/// wait_for_screening's deadline: expires_in counts down on the server clock, and when it runs out the server
/// itself moves the checkout to resume_after_screening, through a durable timer that survives restarts.
public abstract class ScreeningTests(Backend backend) : ServerTestBase(backend)
{
    [Fact]
    public async Task Screening_DeadlinePasses_CountsDownThenResumesAfterScreeningByItself()
    {
        var uuid = await CreateCheckoutAsync();

        Assert.Equal("""{"action":"wait_for_screening","expires_in":120}""", await Server.SetCheckoutActionAsync(uuid, """{"action":"wait_for_screening","expires_in":120}"""));
        Assert.Equal("""{"action":"wait_for_screening","expires_in":120}""", await Server.CheckoutWaitAsync(uuid));
        Assert.Equal(1, Server.CountRows("timers"));

        Server.Clock.Advance(TimeSpan.FromSeconds(119));
        await Server.WaitForDueTimersFiredAsync();
        Assert.Equal("""{"action":"wait_for_screening","expires_in":1}""", await Server.CheckoutWaitAsync(uuid));

        Server.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("""{"action":"resume_after_screening"}""", await Server.WaitForCheckoutActionAsync(uuid, "resume_after_screening"));
        Assert.Equal(0, Server.CountRows("timers"));
        var events = await CheckoutEventsAsync(uuid);
        Assert.Equal(["checkout.wait_for_screening", "checkout.resume_after_screening"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(3, events[1].GetProperty("sequence").GetInt32());
    }

    [Fact]
    public async Task Screening_DeadlinePassesWhileServerIsDown_ResumesAfterScreeningOnStart()
    {
        var uuid = await CreateCheckoutAsync();
        await Server.SetCheckoutActionAsync(uuid, """{"action":"wait_for_screening","expires_in":60}""");

        await Server.StopAsync();
        Server.Clock.Advance(TimeSpan.FromSeconds(120));
        await Server.StartAsync();

        Assert.Equal("""{"action":"resume_after_screening"}""", await Server.WaitForCheckoutActionAsync(uuid, "resume_after_screening"));
        Assert.Equal(0, Server.CountRows("timers"));
        Assert.Single(await CheckoutEventsAsync(uuid), e => e.GetProperty("type").GetString() == "checkout.resume_after_screening");
    }

    [Fact]
    public async Task Screening_RestartBeforeDeadline_StillCountsDownAndResumesAtTheDeadline()
    {
        var uuid = await CreateCheckoutAsync();
        await Server.SetCheckoutActionAsync(uuid, """{"action":"wait_for_screening","expires_in":60}""");

        Server.Clock.Advance(TimeSpan.FromSeconds(20));
        await Server.RestartAsync();
        Assert.Equal("""{"action":"wait_for_screening","expires_in":40}""", await Server.CheckoutWaitAsync(uuid));

        Server.Clock.Advance(TimeSpan.FromSeconds(39));
        await Server.WaitForDueTimersFiredAsync();
        Assert.Equal("""{"action":"wait_for_screening","expires_in":1}""", await Server.CheckoutWaitAsync(uuid));
        Server.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("""{"action":"resume_after_screening"}""", await Server.WaitForCheckoutActionAsync(uuid, "resume_after_screening"));
    }

    [Fact]
    public async Task Screening_ProcessorMovesOnBeforeDeadline_TimerCancelledAndNoResume()
    {
        var uuid = await CreateCheckoutAsync();
        await Server.SetCheckoutActionAsync(uuid, """{"action":"wait_for_screening","expires_in":60}""");
        Assert.Equal(1, Server.CountRows("timers"));

        Server.Clock.Advance(TimeSpan.FromSeconds(30));
        await Server.SetCheckoutActionAsync(uuid, """{"action":"require_validate_otp"}""");
        Assert.Equal(0, Server.CountRows("timers"));

        Server.Clock.Advance(TimeSpan.FromSeconds(31));
        await Server.WaitForDueTimersFiredAsync();
        Server.Clock.Advance(TimeSpan.FromSeconds(600));
        await Server.WaitForDueTimersFiredAsync();

        Assert.Equal("""{"action":"require_validate_otp"}""", await Server.CheckoutWaitAsync(uuid));
        Assert.DoesNotContain(await CheckoutEventsAsync(uuid), e => e.GetProperty("type").GetString() == "checkout.resume_after_screening");
    }

    [Fact]
    public async Task Screening_ApprovedBeforeDeadline_TimerCancelledAndCheckoutStaysFinished()
    {
        var uuid = await CreateCheckoutAsync();
        await Server.SetCheckoutActionAsync(uuid, """{"action":"wait_for_screening","expires_in":60}""");

        using (var approve = await Server.ProcessorAsync($"processor/v1/checkout/{uuid}/approve", ""))
        {
            Assert.Equal(200, (int)approve.StatusCode);
        }
        Assert.Equal(0, Server.CountRows("timers"));
        await Server.WaitForCheckoutActionAsync(uuid, "finish");

        Server.Clock.Advance(TimeSpan.FromSeconds(120));
        await Server.WaitForDueTimersFiredAsync();

        Assert.Equal("""{"action":"finish","return_url":"https://shop.example/thanks"}""", await Server.CheckoutWaitAsync(uuid));
        Assert.DoesNotContain(await CheckoutEventsAsync(uuid), e => e.GetProperty("type").GetString() == "checkout.resume_after_screening");
    }

    [Fact]
    public async Task Screening_ResetWithLongerExpiresIn_OldDeadlineNoLongerApplies()
    {
        var uuid = await CreateCheckoutAsync();
        await Server.SetCheckoutActionAsync(uuid, """{"action":"wait_for_screening","expires_in":30}""");

        Server.Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal("""{"action":"wait_for_screening","expires_in":120}""", await Server.SetCheckoutActionAsync(uuid, """{"action":"wait_for_screening","expires_in":120}"""));
        Assert.Equal(1, Server.CountRows("timers"));

        Server.Clock.Advance(TimeSpan.FromSeconds(20));
        await Server.WaitForDueTimersFiredAsync();
        Assert.Equal("""{"action":"wait_for_screening","expires_in":100}""", await Server.CheckoutWaitAsync(uuid));

        Server.Clock.Advance(TimeSpan.FromSeconds(99));
        await Server.WaitForDueTimersFiredAsync();
        Assert.Equal("""{"action":"wait_for_screening","expires_in":1}""", await Server.CheckoutWaitAsync(uuid));

        Server.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("""{"action":"resume_after_screening"}""", await Server.WaitForCheckoutActionAsync(uuid, "resume_after_screening"));
        Assert.Single(await CheckoutEventsAsync(uuid), e => e.GetProperty("type").GetString() == "checkout.resume_after_screening");
    }

    [Fact]
    public async Task Screening_ResetWithShorterExpiresIn_ResumesAtTheNewDeadline()
    {
        var uuid = await CreateCheckoutAsync();
        await Server.SetCheckoutActionAsync(uuid, """{"action":"wait_for_screening","expires_in":120}""");

        Server.Clock.Advance(TimeSpan.FromSeconds(60));
        await Server.SetCheckoutActionAsync(uuid, """{"action":"wait_for_screening","expires_in":10}""");
        Assert.Equal("""{"action":"wait_for_screening","expires_in":10}""", await Server.CheckoutWaitAsync(uuid));

        Server.Clock.Advance(TimeSpan.FromSeconds(9));
        await Server.WaitForDueTimersFiredAsync();
        Assert.Equal("""{"action":"wait_for_screening","expires_in":1}""", await Server.CheckoutWaitAsync(uuid));
        Server.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("""{"action":"resume_after_screening"}""", await Server.WaitForCheckoutActionAsync(uuid, "resume_after_screening"));
        Assert.Equal(0, Server.CountRows("timers"));
    }

    private async Task<string> CreateCheckoutAsync()
    {
        using var created = await Merchant.PostAsync("/api/v1/checkouts", JsonSerializer.Serialize(new
        {
            order_ref_1 = "merchant-ref-1", order_ref_2 = "merchant-ref-2", amount = 12000, currency = "EUR",
            notify_url = Receiver.UrlFor("/ipn"), return_url = "https://shop.example/thanks",
        }));
        var body = await created.Content.ReadAsStringAsync();
        Assert.True((int)created.StatusCode == 201, $"Create answered {(int)created.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("uuid").GetString()!;
    }

    private async Task<List<JsonElement>> CheckoutEventsAsync(string uuid)
    {
        var data = (await Merchant.GetJsonAsync("/api/v1/events?limit=500")).GetProperty("data");
        return [.. data.EnumerateArray().Where(e => e.GetProperty("object_id").GetString() == uuid)];
    }
}

public sealed class ScreeningTestsOnSqlite() : ScreeningTests(Backend.Sqlite);

public sealed class ScreeningTestsOnPostgres() : ScreeningTests(Backend.Postgres);
