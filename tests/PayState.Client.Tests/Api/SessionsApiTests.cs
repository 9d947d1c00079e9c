namespace PayState.Client.Tests.Api;

public sealed class SessionsApiTests : IAsyncLifetime
{
    private ApiTestContext _api = null!;

    public async Task InitializeAsync() => _api = await ApiTestContext.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task CreateSessionAsync_WithExpiresIn_ReturnsActiveSession()
    {
        var session = await _api.Client.CreateSessionAsync(new CreateSessionRequest { CustomerId = "c-123", ExpiresIn = 600 });

        Assert.Equal("c-123", session.CustomerId);
        Assert.Equal("ACTIVE", session.SessionStatus);
        Assert.Null(session.StatusReason);
        Assert.Equal(_api.Server.Clock.GetUtcNow(), session.CreatedAt);
        Assert.Equal(session.CreatedAt.AddSeconds(600), session.ExpiresAt);
    }

    [Fact]
    public async Task CreateSessionAsync_WithoutExpiresIn_DefaultsToAnHour()
    {
        var session = await _api.Client.CreateSessionAsync(new CreateSessionRequest { CustomerId = "c-123" });

        Assert.Equal(session.CreatedAt.AddHours(1), session.ExpiresAt);
    }

    [Fact]
    public async Task GetSessionAsync_AfterProcessorFails_ShowsFailedWithReason()
    {
        var created = await _api.Client.CreateSessionAsync(new CreateSessionRequest { CustomerId = "c-123" });

        var moved = await _api.Processor.MoveSessionAsync(created.SessionId, "FAILED", "NAME_MISMATCH");
        var read = await _api.Client.GetSessionAsync(created.SessionId);

        Assert.Equal(200, moved.StatusCode);
        Assert.Equal(created.SessionId, read.SessionId);
        Assert.Equal("FAILED", read.SessionStatus);
        Assert.Equal("NAME_MISMATCH", read.StatusReason);
    }

    [Fact]
    public async Task MoveSessionAsync_WithoutReason_MovesToOngoing()
    {
        var created = await _api.Client.CreateSessionAsync(new CreateSessionRequest { CustomerId = "c-123" });

        await _api.Processor.MoveSessionAsync(created.SessionId, "ONGOING_VERIFICATION");

        Assert.Equal("ONGOING_VERIFICATION", (await _api.Client.GetSessionAsync(created.SessionId)).SessionStatus);
    }

    [Fact]
    public async Task MoveSessionAsync_FailedWithoutReason_ThrowsInvalidRequest()
    {
        var created = await _api.Client.CreateSessionAsync(new CreateSessionRequest { CustomerId = "c-123" });

        var error = await Assert.ThrowsAsync<PayStateException>(() => _api.Processor.MoveSessionAsync(created.SessionId, "FAILED"));

        Assert.Equal((400, "invalid_request"), (error.StatusCode, error.Code));
        Assert.StartsWith("statusReason", error.Message, StringComparison.Ordinal);
    }
}
