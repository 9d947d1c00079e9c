using PayState.Server.Checkout;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Checkout;

/// Spec section 4: nothing moves out of a final action, and a confirm waits for the merchant's IPN answer.
public abstract class CheckoutFinalActionTests(Backend backend) : CheckoutActionTestBase(backend)
{
    public static TheoryData<string> FinalActions => ["finish", "show_conflict", "show_on_hold", "reject"];

    /// The first confirm call, the second one while the first one's IPN is still unanswered, and the waiting action.
    public static TheoryData<string, string, string> ConfirmPairs => new()
    {
        { "approve", "hold", "wait_for_confirmation" },
        { "hold", "approve", "wait_for_on_hold" },
    };

    [Theory]
    [MemberData(nameof(FinalActions))]
    public async Task SetAction_AfterFinalAction_Answers409InvalidTransitionAndChangesNothing(string final)
    {
        var uuid = await CreateCheckoutAsync();
        await SetOkAsync(uuid, $$"""{"action":"{{final}}"}""");
        var before = await WaitAsync(uuid);
        var events = Server.CountRows("events");
        Assert.Equal(1, events);

        // Every valid move of the table, the final action itself included: with its own fields again it is the move
        // made already (200, the checkout as it is), with any other fields refused.
        foreach (var (name, accepted) in CheckoutActionTests.Accepted)
        {
            using var response = await SetActionAsync(uuid, accepted.Request);
            if (accepted.Expected == before.Body)
            {
                Assert.True((int)response.StatusCode == 200, $"{name} after {final} answered {(int)response.StatusCode}");
                Assert.Equal(before.Body, await response.Content.ReadAsStringAsync());
                continue;
            }
            var problem = await AssertProblemAsync(response, 409, "invalid_transition", null, $"{name} after {final}");
            Assert.Contains(final, problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        }

        var after = await WaitAsync(uuid);
        Assert.Equal(before.Body, after.Body);
        Assert.Equal(before.ETag, after.ETag);
        Assert.Equal(events, Server.CountRows("events"));
        Assert.Equal(0, Server.CountRows("deliveries"));
    }

    [Theory]
    [MemberData(nameof(FinalActions))]
    public async Task ApproveAndHold_OnFinalCheckout_Answer409AndChangeNothing(string final)
    {
        var uuid = await CreateCheckoutAsync();
        await SetOkAsync(uuid, $$"""{"action":"{{final}}"}""");
        var before = await WaitAsync(uuid);
        var events = Server.CountRows("events");

        foreach (var call in new[] { "approve", "hold" })
        {
            using var response = await Server.ProcessorAsync($"processor/v1/checkout/{uuid}/{call}", "");
            await AssertProblemAsync(response, 409, "invalid_transition", null, $"{call} after {final}");
        }

        var after = await WaitAsync(uuid);
        Assert.Equal(before.Body, after.Body);
        Assert.Equal(before.ETag, after.ETag);
        Assert.Equal(events, Server.CountRows("events"));
        Assert.Equal(0, Server.CountRows("deliveries"));
    }

    [Fact]
    public async Task SetAction_AfterFinishFromMerchantsIpnAnswer_Answers409AndChangesNothing()
    {
        await using var receiver = await FakeReceiver.StartAsync();
        var uuid = await CreateCheckoutAsync(receiver.UrlFor("/ipn"));
        using (var approve = await Server.ProcessorAsync($"processor/v1/checkout/{uuid}/approve", ""))
            Assert.Equal(200, (int)approve.StatusCode);
        await receiver.NextAsync();
        var finished = $$"""{"action":"finish","return_url":"{{ReturnUrl}}"}""";
        await WaitForBodyAsync(uuid, finished);
        var events = Server.CountRows("events");

        using var response = await SetActionAsync(uuid, """{"action":"show_error"}""");

        await AssertProblemAsync(response, 409, "invalid_transition", null);
        Assert.Equal(finished, (await WaitAsync(uuid)).Body);
        Assert.Equal(events, Server.CountRows("events"));
    }

    [Theory]
    [MemberData(nameof(ConfirmPairs))]
    public async Task Confirm_TheOtherWhileFirstIpnUnanswered_Answers409AndChangesNothing(string first, string second, string waiting)
    {
        await using var receiver = await FakeReceiver.StartAsync();
        receiver.AnswerWith(500); // not confirmed: retried later on the (fake, stopped) clock, so the checkout keeps waiting
        var uuid = await CreateCheckoutAsync(receiver.UrlFor("/ipn"));

        using (var firstResponse = await Server.ProcessorAsync($"processor/v1/checkout/{uuid}/{first}", ""))
        {
            Assert.Equal(200, (int)firstResponse.StatusCode);
            Assert.Equal($$"""{"action":"{{waiting}}"}""", await firstResponse.Content.ReadAsStringAsync());
        }
        await receiver.NextAsync();
        var before = await WaitAsync(uuid);
        Assert.Equal($$"""{"action":"{{waiting}}"}""", before.Body);
        var events = Server.CountRows("events");
        var deliveries = Server.CountRows("deliveries");

        using var response = await Server.ProcessorAsync($"processor/v1/checkout/{uuid}/{second}", "");

        await AssertProblemAsync(response, 409, "invalid_transition", null);
        var after = await WaitAsync(uuid);
        Assert.Equal(before.Body, after.Body);
        Assert.Equal(before.ETag, after.ETag);
        Assert.Equal(events, Server.CountRows("events"));
        Assert.Equal(deliveries, Server.CountRows("deliveries"));
    }

    [Theory]
    [InlineData("wait_for_confirmation", "approve")]
    [InlineData("wait_for_on_hold", "hold")]
    public async Task SetAction_WaitingActionDirectly_SendsNoIpnAndConfirmAnswers409(string waiting, string confirm)
    {
        // /action takes the waiting actions like any other: no IPN goes, and approve/hold then refuse as if one were in flight.
        await using var receiver = await FakeReceiver.StartAsync();
        var uuid = await CreateCheckoutAsync(receiver.UrlFor("/ipn"));

        await SetOkAsync(uuid, $$"""{"action":"{{waiting}}"}""");
        using (var response = await Server.ProcessorAsync($"processor/v1/checkout/{uuid}/{confirm}", ""))
            await AssertProblemAsync(response, 409, "invalid_transition", null);
        await Server.WaitForSettledAsync();

        Assert.Equal($$"""{"action":"{{waiting}}"}""", (await WaitAsync(uuid)).Body);
        Assert.Equal(0, Server.CountRows("deliveries"));
        Assert.Empty(receiver.All);
    }

    [Fact]
    public async Task SetAction_FinishDirectly_SendsNoIpnAndShowsTheCheckoutsReturnUrl()
    {
        await using var receiver = await FakeReceiver.StartAsync();
        var uuid = await CreateCheckoutAsync(receiver.UrlFor("/ipn"));

        await SetOkAsync(uuid, """{"action":"finish"}""");
        await Server.WaitForSettledAsync();

        Assert.Equal($$"""{"action":"finish","return_url":"{{ReturnUrl}}"}""", (await WaitAsync(uuid)).Body);
        Assert.Equal(0, Server.CountRows("deliveries"));
        Assert.Empty(receiver.All);
    }
}

public sealed class CheckoutFinalActionTestsOnSqlite() : CheckoutFinalActionTests(Backend.Sqlite);

public sealed class CheckoutFinalActionTestsOnPostgres() : CheckoutFinalActionTests(Backend.Postgres);
