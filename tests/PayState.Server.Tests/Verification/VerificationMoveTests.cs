using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Verification;

/// Spec section 5: the processor's status call against the transition table and the reasons.
public abstract class VerificationMoveTests(Backend backend) : VerificationTestBase(backend)
{
    public static TheoryData<string, string> AllPairs() => TheoryPairs.Of(Statuses);

    /// The same move sent again (its answer lost): answered with the session as it is, nothing written. FAILED is
    /// reached with another reason than the move's NAME_MISMATCH, so FAILED -> FAILED is another move (409).
    private static readonly HashSet<(string From, string To)> MadeAlready =
        [(AwaitingUserInput, AwaitingUserInput), (OngoingVerification, OngoingVerification), (Completed, Completed)];

    [Theory]
    [MemberData(nameof(AllPairs))]
    public async Task MoveSession_FromTo_TableMovesAnswer200SameAgainAnswers200UnchangedOthersAnswer409(string from, string to)
    {
        var id = await ReachAsync(from);
        var (_, before) = await GetSessionAsync(id);
        Assert.Equal(from, StatusOf(before));
        var events = Server.CountRows("events");
        var body = to == Failed ? """{"sessionStatus":"FAILED","statusReason":"NAME_MISMATCH"}""" : $$"""{"sessionStatus":"{{to}}"}""";

        using var response = await MoveAsync(id, body);

        var text = await response.Content.ReadAsStringAsync();
        var (_, after) = await GetSessionAsync(id);
        if (TableMoves.Contains((from, to)))
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{from} -> {to} answered {(int)response.StatusCode}: {text}");
            Assert.Equal(Encoding.UTF8.GetString(after), text);
            var expected = Rewrite(before, to, to == Failed ? "NAME_MISMATCH" : null);
            Assert.Equal(expected, text);
            Assert.Equal(events + 1, Server.CountRows("events"));
        }
        else if (MadeAlready.Contains((from, to)))
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{from} -> {to} answered {(int)response.StatusCode}: {text}");
            Assert.Equal(Encoding.UTF8.GetString(before), text);
            Assert.Equal(before, after);
            Assert.Equal(events, Server.CountRows("events"));
        }
        else
        {
            Assert.True(response.StatusCode == HttpStatusCode.Conflict, $"{from} -> {to} answered {(int)response.StatusCode}: {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("invalid_transition", JsonDocument.Parse(text).RootElement.GetProperty("code").GetString());
            Assert.Equal(before, after);
            Assert.Equal(events, Server.CountRows("events"));
        }
    }

    [Fact]
    public async Task MoveSession_AwaitingAndOngoingBackAndForth_EachMoveIsOneEvent()
    {
        var id = await CreateSessionAsync();

        foreach (var status in new[] { AwaitingUserInput, OngoingVerification, AwaitingUserInput, OngoingVerification, Completed })
            await MoveOkAsync(id, status);

        Assert.Equal(Completed, StatusOf((await GetSessionAsync(id)).Body));
        Assert.Equal(5, Server.CountRows("events"));
    }

    [Fact]
    public async Task MoveSession_FailedWithoutStatusReason_Answers400NamingStatusReasonAndChangesNothing()
    {
        var id = await CreateSessionAsync();

        await AssertRefusedAsync(id, """{"sessionStatus":"FAILED"}""", "statusReason");
        await AssertRefusedAsync(id, """{"sessionStatus":"FAILED","statusReason":null}""", "statusReason");
    }

    [Theory]
    [InlineData(Active, AwaitingUserInput)]
    [InlineData(Active, OngoingVerification)]
    [InlineData(OngoingVerification, AwaitingUserInput)]
    [InlineData(OngoingVerification, Completed)]
    [InlineData(AwaitingUserInput, OngoingVerification)]
    public async Task MoveSession_StatusReasonOnAllowedNonFailedMove_Answers400NamingStatusReasonAndChangesNothing(string from, string to)
    {
        var id = await ReachAsync(from);

        await AssertRefusedAsync(id, $$"""{"sessionStatus":"{{to}}","statusReason":"NAME_MISMATCH"}""", "statusReason");
    }

    [Theory]
    [InlineData("\"EXPIRED\"")]
    [InlineData("\"name_mismatch\"")]
    [InlineData("\"\"")]
    [InlineData("3")]
    [InlineData("[\"OTHER\"]")]
    public async Task MoveSession_FailedWithUnknownReason_Answers400NamingStatusReasonAndChangesNothing(string reason)
    {
        var id = await CreateSessionAsync();

        await AssertRefusedAsync(id, $$"""{"sessionStatus":"FAILED","statusReason":{{reason}}}""", "statusReason");
    }

    [Theory]
    [InlineData("""{"sessionStatus":"DONE"}""", "sessionStatus")]
    [InlineData("""{"sessionStatus":"completed"}""", "sessionStatus")]
    [InlineData("""{"sessionStatus":""}""", "sessionStatus")]
    [InlineData("""{"sessionStatus":4}""", "sessionStatus")]
    [InlineData("""{"sessionStatus":null}""", "sessionStatus")]
    [InlineData("""{}""", "sessionStatus")]
    [InlineData("""{"statusReason":"OTHER"}""", "sessionStatus")]
    [InlineData("""{"sessionStatus":"ONGOING_VERIFICATION","status":"x"}""", "status")]
    [InlineData("""{"status":"ONGOING_VERIFICATION"}""", "status")]
    public async Task MoveSession_BadStatusBody_Answers400NamingFieldAndChangesNothing(string body, string field)
    {
        var id = await CreateSessionAsync();

        await AssertRefusedAsync(id, body, field);
    }

    [Theory]
    [InlineData("""{"sessionStatus":"COMPLETED" """)]
    [InlineData("not json")]
    [InlineData("""["FAILED"]""")]
    [InlineData("")]
    public async Task MoveSession_MalformedJson_Answers400AndChangesNothing(string body)
    {
        var id = await ReachAsync(OngoingVerification);
        var (_, before) = await GetSessionAsync(id);
        var events = Server.CountRows("events");

        using var response = await MoveAsync(id, body);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"Expected 400, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, (await GetSessionAsync(id)).Body);
        Assert.Equal(events, Server.CountRows("events"));
    }

    [Fact]
    public async Task MoveSession_UnknownId_Answers404AndWritesNoEvent()
    {
        using var response = await MoveAsync(Guid.NewGuid().ToString(), """{"sessionStatus":"ONGOING_VERIFICATION"}""");

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "not_found");
        Assert.Equal(0, Server.CountRows("events"));
    }

    [Fact]
    public async Task MoveSession_IdOfAnAcquiringOrder_Answers404AndLeavesTheOrderAlone()
    {
        var uuid = (await Merchant.CreateOrderAsync()).GetProperty("uuid").GetString()!;
        var (_, before) = await Merchant.GetOrderAsync(uuid);

        using var response = await MoveAsync(uuid, """{"sessionStatus":"FAILED","statusReason":"OTHER"}""");

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "not_found");
        Assert.Equal(before, (await Merchant.GetOrderAsync(uuid)).Body);
        Assert.Equal(0, Server.CountRows("events"));
    }

    [Fact]
    public async Task MoveSession_WithoutProcessorToken_Answers401AndChangesNothing()
    {
        var id = await CreateSessionAsync();
        var (_, before) = await GetSessionAsync(id);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Server.BaseUri, $"processor/v1/piv/sessions/{id}/status"))
        {
            Content = new StringContent("""{"sessionStatus":"ONGOING_VERIFICATION"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestServer.AdminToken);

        using var response = await Server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, (await GetSessionAsync(id)).Body);
        Assert.Equal(0, Server.CountRows("events"));
    }

    public static TheoryData<string> Reasons() =>
    [
        "UNSUPPORTED_BANK", "NAME_MISMATCH", "INSTRUMENT_NOT_UNIQUE", "MISSING_DETAILS", "INTERNAL_ERROR",
        "SESSION_EXPIRED", "USER_ABANDONED_PROCESS", "USER_INTERACTION_ERROR", "OTHER",
    ];

    [Theory]
    [MemberData(nameof(Reasons))]
    public async Task MoveSession_FailedWithSeedReason_IsAcceptedAndShowsAsStatusReason(string reason)
    {
        var id = await CreateSessionAsync();
        var (_, before) = await GetSessionAsync(id);
        Server.Clock.Advance(TimeSpan.FromSeconds(3));

        using var response = await MoveAsync(id, $$"""{"sessionStatus":"FAILED","statusReason":"{{reason}}"}""");

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"FAILED/{reason} answered {(int)response.StatusCode}: {text}");
        var (code, after) = await GetSessionAsync(id);
        Assert.Equal(200, code);
        Assert.Equal(Rewrite(before, Failed, reason), Encoding.UTF8.GetString(after));
        Assert.Equal(text, Encoding.UTF8.GetString(after));
        Assert.Equal(
            ["sessionId", "customerId", "sessionStatus", "statusReason", "createdAt", "expiresAt"],
            JsonDocument.Parse(after).RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task MoveSession_FromAwaitingUserInputToFailed_KeepsReasonInGet()
    {
        var id = await ReachAsync(AwaitingUserInput);

        await MoveOkAsync(id, Failed, "USER_ABANDONED_PROCESS");

        var session = JsonDocument.Parse((await GetSessionAsync(id)).Body).RootElement;
        Assert.Equal(Failed, session.GetProperty("sessionStatus").GetString());
        Assert.Equal("USER_ABANDONED_PROCESS", session.GetProperty("statusReason").GetString());
    }
}

public sealed class VerificationMoveTestsOnSqlite() : VerificationMoveTests(Backend.Sqlite);

public sealed class VerificationMoveTestsOnPostgres() : VerificationMoveTests(Backend.Postgres);
