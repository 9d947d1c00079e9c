using System.Net;
using System.Text;
using System.Text.Json;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Verification;

/// Spec section 5: the server's own SESSION_EXPIRED move when a session reaches its expiresAt.
public abstract class VerificationExpiryTests(Backend backend) : VerificationTestBase(backend)
{
    [Fact]
    public async Task Expiry_SessionStillActiveAtExpiresAt_FailsByItselfWithSessionExpired()
    {
        var id = await CreateSessionAsync(expiresIn: 60);
        var (_, before) = await GetSessionAsync(id);
        await Server.WaitForSettledAsync();

        Server.Clock.Advance(TimeSpan.FromSeconds(59));
        await Server.WaitForSettledAsync();
        Assert.Equal(Active, StatusOf((await GetSessionAsync(id)).Body));
        Assert.Equal(0, Server.CountRows("events"));

        Server.Clock.Advance(TimeSpan.FromSeconds(1));
        var after = await WaitForStatusAsync(id, Failed);

        Assert.Equal(Rewrite(before, Failed, "SESSION_EXPIRED"), Encoding.UTF8.GetString(after));
        Assert.Equal(1, Server.CountRows("events"));
        Assert.Equal(0, Server.CountRows("timers"));
    }

    [Theory]
    [InlineData(AwaitingUserInput)]
    [InlineData(OngoingVerification)]
    public async Task Expiry_SessionInProgressAtExpiresAt_FailsByItselfWithSessionExpired(string status)
    {
        var id = await CreateSessionAsync(expiresIn: 60);
        await MoveOkAsync(id, status);
        await Server.WaitForSettledAsync();

        Server.Clock.Advance(TimeSpan.FromSeconds(60));
        var after = JsonDocument.Parse(await WaitForStatusAsync(id, Failed)).RootElement;

        Assert.Equal("SESSION_EXPIRED", after.GetProperty("statusReason").GetString());
        Assert.Equal(2, Server.CountRows("events"));
    }

    [Fact]
    public async Task Expiry_DueWhileServerWasDown_FailsWithSessionExpiredAfterRestart()
    {
        var id = await CreateSessionAsync(expiresIn: 60);
        var (_, before) = await GetSessionAsync(id);
        await Server.StopAsync();

        Server.Clock.Advance(TimeSpan.FromSeconds(120));
        await Server.StartAsync();

        var after = await WaitForStatusAsync(id, Failed);
        Assert.Equal(Rewrite(before, Failed, "SESSION_EXPIRED"), Encoding.UTF8.GetString(after));
        Assert.Equal(1, Server.CountRows("events"));
    }

    [Fact]
    public async Task Expiry_CompletedSession_IsNotExpiredLater()
    {
        var id = await CreateSessionAsync(expiresIn: 60);
        await MoveOkAsync(id, OngoingVerification);
        await MoveOkAsync(id, Completed);
        var (_, before) = await GetSessionAsync(id);
        Assert.Equal(0, Server.CountRows("timers"));

        Server.Clock.Advance(TimeSpan.FromMinutes(5));
        await Server.WaitForSettledAsync();

        Assert.Equal(before, (await GetSessionAsync(id)).Body);
        Assert.Equal(Completed, StatusOf(before));
        Assert.Equal(2, Server.CountRows("events"));
        Assert.Equal(0, Server.CountRows("timers"));
    }

    [Fact]
    public async Task Expiry_FailedSession_KeepsItsReasonAndGetsNoSecondEvent()
    {
        var id = await CreateSessionAsync(expiresIn: 60);
        await MoveOkAsync(id, Failed, "NAME_MISMATCH");
        var (_, before) = await GetSessionAsync(id);

        Server.Clock.Advance(TimeSpan.FromMinutes(5));
        await Server.WaitForSettledAsync();

        Assert.Equal(before, (await GetSessionAsync(id)).Body);
        Assert.Equal(1, Server.CountRows("events"));
        Assert.Equal(0, Server.CountRows("timers"));
    }

    [Fact]
    public async Task Expiry_ExpiredSession_RefusesLaterProcessorMoves()
    {
        var id = await CreateSessionAsync(expiresIn: 60);
        await MoveOkAsync(id, OngoingVerification);
        await Server.WaitForSettledAsync();
        Server.Clock.Advance(TimeSpan.FromSeconds(61));
        var expired = await WaitForStatusAsync(id, Failed);

        using var response = await MoveAsync(id, """{"sessionStatus":"COMPLETED"}""");

        await AssertProblemAsync(response, HttpStatusCode.Conflict, "invalid_transition");
        Assert.Equal(expired, (await GetSessionAsync(id)).Body);
        Assert.Equal(2, Server.CountRows("events"));
    }

    [Fact]
    public async Task Expiry_ProcessorMoveAtExpiresAtBeforeTimerFired_IsRefusedAndSessionExpires()
    {
        // A fake-clock timer of the test's own, armed before the server's expiry wait and due at the same
        // instant: it runs first, while the clock reads expiresAt and the server's timer has not fired yet.
        var id = "";
        HttpStatusCode? answered = null;
        string? answer = null;
        using var atExpiry = Server.Clock.CreateTimer(
            _ => (answered, answer) = MoveBlocking(Server, id, """{"sessionStatus":"COMPLETED"}"""),
            null, TimeSpan.FromSeconds(60), Timeout.InfiniteTimeSpan);
        id = await CreateSessionAsync(expiresIn: 60);
        await MoveOkAsync(id, OngoingVerification);
        await Server.WaitForSettledAsync(); // the server's timer loop waits for the expiry (armed after ours)

        Server.Clock.Advance(TimeSpan.FromSeconds(60));

        Assert.True(answered == HttpStatusCode.Conflict, $"COMPLETED at expiresAt answered {(int?)answered}: {answer}");
        var session = JsonDocument.Parse(await WaitForStatusAsync(id, Failed)).RootElement;
        Assert.Equal("SESSION_EXPIRED", session.GetProperty("statusReason").GetString());
    }
}

public sealed class VerificationExpiryTestsOnSqlite() : VerificationExpiryTests(Backend.Sqlite);

public sealed class VerificationExpiryTestsOnPostgres() : VerificationExpiryTests(Backend.Postgres);
