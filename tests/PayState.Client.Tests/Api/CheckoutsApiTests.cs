using PayState.Server.Tests.Support;

namespace PayState.Client.Tests.Api;

public sealed class CheckoutsApiTests : IAsyncLifetime
{
    private ApiTestContext _api = null!;

    public async Task InitializeAsync() => _api = await ApiTestContext.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    // Two checkouts of a test need references of their own: the fake clock stands still, and two equal creates signed
    // in the same second are one request sent twice, which the server refuses as a replay.
    private Task<CreatedCheckout> CreateAsync(string reference = "ref-1") => _api.Client.CreateCheckoutAsync(new CreateCheckoutRequest
    {
        OrderRef1 = reference, OrderRef2 = "ref-2", Amount = 12000, Currency = "EUR", NotifyUrl = "http://127.0.0.1:9/ipn", ReturnUrl = "https://shop.example/thanks",
    });

    [Fact]
    public async Task CreateCheckoutAsync_ValidRequest_ShowsIdentificationForm()
    {
        var created = await CreateAsync();

        Assert.True(Guid.TryParse(created.Uuid, out _));
        Assert.Equal("show_identification_form", created.Action);
    }

    [Fact]
    public async Task WaitCheckoutAsync_TimeoutZero_AnswersAtOnceWithETag()
    {
        var created = await CreateAsync();

        var wait = await _api.Client.WaitCheckoutAsync(created.Uuid, timeoutSeconds: 0);

        Assert.Equal("show_identification_form", wait.Action);
        Assert.Equal("show_identification_form", wait.Fields.GetProperty("action").GetString());
        Assert.Equal("\"1\"", wait.ETag);
    }

    [Fact]
    public async Task WaitCheckoutAsync_WithETagAfterProcessorAction_AnswersTheNewAction()
    {
        var created = await CreateAsync();
        var first = await _api.Client.WaitCheckoutAsync(created.Uuid, timeoutSeconds: 0);

        var set = await _api.Processor.SetCheckoutActionAsync(created.Uuid,
            """{"action":"wait_for_id_verification","session_url":"https://verify.example/v/abc","status":"STARTED","message":""}""");
        // The change happened between polls: the old ETag makes the long-poll answer at once.
        var next = await _api.Client.WaitCheckoutAsync(created.Uuid, timeoutSeconds: 30, etag: first.ETag);

        Assert.Equal(200, set.StatusCode);
        Assert.Equal("wait_for_id_verification", next.Action);
        Assert.Equal("https://verify.example/v/abc", next.Fields.GetProperty("session_url").GetString());
        Assert.Equal("STARTED", next.Fields.GetProperty("status").GetString());
        Assert.NotEqual(first.ETag, next.ETag);
    }

    [Fact]
    public async Task SetCheckoutActionAsync_ShowError_WaitShowsIt()
    {
        var created = await CreateAsync();

        await _api.Processor.SetCheckoutActionAsync(created.Uuid, """{"action":"show_error"}""");
        var wait = await _api.Client.WaitCheckoutAsync(created.Uuid);

        Assert.Equal("show_error", wait.Action);
    }

    [Fact]
    public async Task WaitCheckoutAsync_LongPoll_WakesOnProcessorChange()
    {
        var created = await CreateAsync();
        var first = await _api.Client.WaitCheckoutAsync(created.Uuid);

        var waiting = _api.Client.WaitCheckoutAsync(created.Uuid, timeoutSeconds: 30, etag: first.ETag);
        await _api.Server.WaitForHeldWaitsAsync(1);
        await _api.Processor.SetCheckoutActionAsync(created.Uuid, """{"action":"show_error"}""");
        var next = await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("show_error", next.Action);
    }

    [Fact]
    public async Task ApproveAndHoldCheckoutAsync_ShowWaitingActions()
    {
        var approved = await CreateAsync("ref-approved");
        var held = await CreateAsync("ref-held");

        await _api.Processor.ApproveCheckoutAsync(approved.Uuid);
        await _api.Processor.HoldCheckoutAsync(held.Uuid);

        Assert.Equal("wait_for_confirmation", (await _api.Client.WaitCheckoutAsync(approved.Uuid)).Action);
        Assert.Equal("wait_for_on_hold", (await _api.Client.WaitCheckoutAsync(held.Uuid)).Action);
    }

    [Fact]
    public async Task SetCheckoutActionAsync_UnknownAction_ThrowsInvalidRequest()
    {
        var created = await CreateAsync();

        var error = await Assert.ThrowsAsync<PayStateException>(
            () => _api.Processor.SetCheckoutActionAsync(created.Uuid, """{"action":"dance"}"""));

        Assert.Equal((400, "invalid_request"), (error.StatusCode, error.Code));
    }

    [Fact]
    public async Task WaitCheckoutAsync_UnknownCheckout_ThrowsNotFound()
    {
        var error = await Assert.ThrowsAsync<PayStateException>(() => _api.Client.WaitCheckoutAsync(Guid.NewGuid().ToString()));

        Assert.Equal((404, "not_found"), (error.StatusCode, error.Code));
    }
}
