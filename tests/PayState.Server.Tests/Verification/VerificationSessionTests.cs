using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Verification;

/// Spec section 5: creating and reading verification sessions, the processor's status call against the
/// transition table and the reasons, and the server's own SESSION_EXPIRED move.
public abstract class VerificationSessionTests(Backend backend) : IAsyncLifetime
{
    private const string Active = "ACTIVE";
    private const string AwaitingUserInput = "AWAITING_USER_INPUT";
    private const string OngoingVerification = "ONGOING_VERIFICATION";
    private const string Completed = "COMPLETED";
    private const string Failed = "FAILED";
    private const string SessionsPath = "/api/v1/piv/sessions";

    private static readonly string[] Statuses = [Active, AwaitingUserInput, OngoingVerification, Completed, Failed];

    private static readonly HashSet<(string From, string To)> TableMoves =
    [
        (Active, AwaitingUserInput), (Active, OngoingVerification), (AwaitingUserInput, OngoingVerification),
        (OngoingVerification, AwaitingUserInput), (OngoingVerification, Completed),
        (Active, Failed), (AwaitingUserInput, Failed), (OngoingVerification, Failed),
    ];

    private TestServer _server = null!;
    private MerchantClient _merchant = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(backend: backend);
        _merchant = await _server.CreateMerchantAsync("PIV shop");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    // ---- create and read ----

    [Fact]
    public async Task CreateSession_CustomerIdOnly_Answers201WithExactlyTheSessionFieldsAndOneHourExpiry()
    {
        _server.Clock.Advance(TimeSpan.FromTicks(12_345_670)); // 1.234567 s: the six fractional digits show

        using var response = await _merchant.PostAsync(SessionsPath, """{"customerId":"c-123"}""");

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Create answered {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var id = JsonDocument.Parse(text).RootElement.GetProperty("sessionId").GetString()!;
        Assert.False(string.IsNullOrWhiteSpace(id));
        Assert.Equal(
            $$"""{"sessionId":"{{id}}","customerId":"c-123","sessionStatus":"ACTIVE","createdAt":"2026-01-01T12:00:01.234567Z","expiresAt":"2026-01-01T13:00:01.234567Z"}""",
            text);
    }

    [Theory]
    [InlineData(600, "2026-01-01T12:10:00.000000Z")]
    [InlineData(60, "2026-01-01T12:01:00.000000Z")]
    [InlineData(604800, "2026-01-08T12:00:00.000000Z")]
    public async Task CreateSession_WithExpiresIn_ExpiresAtIsCreatedAtPlusThatMany(int expiresIn, string expiresAt)
    {
        using var response = await _merchant.PostAsync(SessionsPath, $$"""{"customerId":"c-123","expiresIn":{{expiresIn}}}""");

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Create answered {(int)response.StatusCode}: {text}");
        var session = JsonDocument.Parse(text).RootElement;
        Assert.Equal(["sessionId", "customerId", "sessionStatus", "createdAt", "expiresAt"], session.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2026-01-01T12:00:00.000000Z", session.GetProperty("createdAt").GetString());
        Assert.Equal(expiresAt, session.GetProperty("expiresAt").GetString());
    }

    [Fact]
    public async Task CreateSession_CustomerIdOf255Characters_IsAccepted()
    {
        var customerId = new string('c', 255);

        using var response = await _merchant.PostAsync(SessionsPath, JsonSerializer.Serialize(new { customerId }));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Create answered {(int)response.StatusCode}: {text}");
        Assert.Equal(customerId, JsonDocument.Parse(text).RootElement.GetProperty("customerId").GetString());
    }

    [Fact]
    public async Task GetSession_AfterCreate_AnswersTheSameBytesAsTheCreate()
    {
        using var created = await _merchant.PostAsync(SessionsPath, """{"customerId":"c-123","expiresIn":600}""");
        var createdBytes = await created.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = JsonDocument.Parse(createdBytes).RootElement.GetProperty("sessionId").GetString()!;
        _server.Clock.Advance(TimeSpan.FromSeconds(5));

        using var fetched = await _merchant.GetAsync($"{SessionsPath}/{id}");

        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal("application/json", fetched.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Encoding.UTF8.GetString(createdBytes), await fetched.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task CreateSession_TwoSessions_GetDistinctIds()
    {
        var a = await CreateSessionAsync();
        var b = await CreateSessionAsync();

        Assert.NotEqual(a, b);
        Assert.Equal(Active, StatusOf((await GetSessionAsync(a)).Body));
        Assert.Equal(Active, StatusOf((await GetSessionAsync(b)).Body));
    }

    [Fact]
    public async Task GetSession_OfAnotherMerchant_Answers404ProblemJson()
    {
        var id = await CreateSessionAsync();
        var other = await _server.CreateMerchantAsync("Other shop");

        using var response = await other.GetAsync($"{SessionsPath}/{id}");

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "not_found");
        Assert.DoesNotContain("c-123", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetSession_UnknownId_Answers404ProblemJson()
    {
        using var response = await _merchant.GetAsync($"{SessionsPath}/{Guid.NewGuid()}");

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task GetSession_IdOfAnAcquiringOrder_Answers404()
    {
        var order = await _merchant.CreateOrderAsync();

        using var response = await _merchant.GetAsync($"{SessionsPath}/{order.GetProperty("uuid").GetString()}");

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task CreateSession_Unsigned_Answers401AndWritesNothing()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_server.BaseUri, "api/v1/piv/sessions"))
        {
            Content = new StringContent("""{"customerId":"c-123"}""", Encoding.UTF8, "application/json"),
        };

        using var response = await _server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, _server.CountRows("objects"));
    }

    [Fact]
    public async Task CreateSession_Created_AddsNoEventAndNoDelivery()
    {
        await CreateSessionAsync();

        Assert.Equal(1, _server.CountRows("objects"));
        Assert.Equal(0, _server.CountRows("events"));
        Assert.Equal(0, _server.CountRows("deliveries"));
        Assert.Equal(0, (await _merchant.GetJsonAsync("/api/v1/events")).GetProperty("data").GetArrayLength());
    }

    // ---- create validation ----

    public static TheoryData<string, string> InvalidCreateBodies() => new()
    {
        { "{}", "customerId" },
        { """{"expiresIn":600}""", "customerId" },
        { """{"customerId":null}""", "customerId" },
        { """{"customerId":123}""", "customerId" },
        { """{"customerId":["c-123"]}""", "customerId" },
        { """{"customerId":""}""", "customerId" },
        { """{"customerId":"   "}""", "customerId" },
        { $$"""{"customerId":"{{new string('c', 256)}}"}""", "customerId" },
        { """{"customerId":"c-123","expiresIn":"600"}""", "expiresIn" },
        { """{"customerId":"c-123","expiresIn":1.5}""", "expiresIn" },
        { """{"customerId":"c-123","expiresIn":10}""", "expiresIn" },
        { """{"customerId":"c-123","expiresIn":59}""", "expiresIn" },
        { """{"customerId":"c-123","expiresIn":0}""", "expiresIn" },
        { """{"customerId":"c-123","expiresIn":-600}""", "expiresIn" },
        { """{"customerId":"c-123","expiresIn":604801}""", "expiresIn" },
        { """{"customerId":"c-123","expiresIn":99999999999999999999}""", "expiresIn" },
        { """{"customerId":"c-123","expiresIn":true}""", "expiresIn" },
        { """{"customerID":"c-123"}""", "customerID" },
        { """{"customerId":"c-123","customer_id":"c-123"}""", "customer_id" },
        { """{"customerId":"c-123","sessionStatus":"COMPLETED"}""", "sessionStatus" },
    };

    [Theory]
    [MemberData(nameof(InvalidCreateBodies))]
    public async Task CreateSession_InvalidField_Answers400NamingFieldAndWritesNothing(string body, string field)
    {
        using var response = await _merchant.PostAsync(SessionsPath, body);

        await ProblemAssert.InvalidRequestAsync(response, field);
        Assert.Equal(0, _server.CountRows("objects"));
        Assert.Equal(0, _server.CountRows("timers"));
    }

    [Theory]
    [InlineData("""{"customerId":"c-123" """)]
    [InlineData("""{"customerId":'c-123'}""")]
    [InlineData("customerId=c-123")]
    [InlineData("""["c-123"]""")]
    [InlineData("")]
    public async Task CreateSession_MalformedJson_Answers400AndWritesNothing(string body)
    {
        using var response = await _merchant.PostAsync(SessionsPath, body);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"Expected 400, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrEmpty(JsonDocument.Parse(text).RootElement.GetProperty("code").GetString()));
        Assert.Equal(0, _server.CountRows("objects"));
    }

    // ---- the processor's status call ----

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
        var events = _server.CountRows("events");
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
            Assert.Equal(events + 1, _server.CountRows("events"));
        }
        else if (MadeAlready.Contains((from, to)))
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{from} -> {to} answered {(int)response.StatusCode}: {text}");
            Assert.Equal(Encoding.UTF8.GetString(before), text);
            Assert.Equal(before, after);
            Assert.Equal(events, _server.CountRows("events"));
        }
        else
        {
            Assert.True(response.StatusCode == HttpStatusCode.Conflict, $"{from} -> {to} answered {(int)response.StatusCode}: {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("invalid_transition", JsonDocument.Parse(text).RootElement.GetProperty("code").GetString());
            Assert.Equal(before, after);
            Assert.Equal(events, _server.CountRows("events"));
        }
    }

    [Fact]
    public async Task MoveSession_AwaitingAndOngoingBackAndForth_EachMoveIsOneEvent()
    {
        var id = await CreateSessionAsync();

        foreach (var status in new[] { AwaitingUserInput, OngoingVerification, AwaitingUserInput, OngoingVerification, Completed })
            await MoveOkAsync(id, status);

        Assert.Equal(Completed, StatusOf((await GetSessionAsync(id)).Body));
        Assert.Equal(5, _server.CountRows("events"));
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
        var events = _server.CountRows("events");

        using var response = await MoveAsync(id, body);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"Expected 400, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, (await GetSessionAsync(id)).Body);
        Assert.Equal(events, _server.CountRows("events"));
    }

    [Fact]
    public async Task MoveSession_UnknownId_Answers404AndWritesNoEvent()
    {
        using var response = await MoveAsync(Guid.NewGuid().ToString(), """{"sessionStatus":"ONGOING_VERIFICATION"}""");

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "not_found");
        Assert.Equal(0, _server.CountRows("events"));
    }

    [Fact]
    public async Task MoveSession_IdOfAnAcquiringOrder_Answers404AndLeavesTheOrderAlone()
    {
        var uuid = (await _merchant.CreateOrderAsync()).GetProperty("uuid").GetString()!;
        var (_, before) = await _merchant.GetOrderAsync(uuid);

        using var response = await MoveAsync(uuid, """{"sessionStatus":"FAILED","statusReason":"OTHER"}""");

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "not_found");
        Assert.Equal(before, (await _merchant.GetOrderAsync(uuid)).Body);
        Assert.Equal(0, _server.CountRows("events"));
    }

    [Fact]
    public async Task MoveSession_WithoutProcessorToken_Answers401AndChangesNothing()
    {
        var id = await CreateSessionAsync();
        var (_, before) = await GetSessionAsync(id);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_server.BaseUri, $"processor/v1/piv/sessions/{id}/status"))
        {
            Content = new StringContent("""{"sessionStatus":"ONGOING_VERIFICATION"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestServer.AdminToken);

        using var response = await _server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, (await GetSessionAsync(id)).Body);
        Assert.Equal(0, _server.CountRows("events"));
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
        _server.Clock.Advance(TimeSpan.FromSeconds(3));

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

    // ---- expiry ----

    [Fact]
    public async Task Expiry_SessionStillActiveAtExpiresAt_FailsByItselfWithSessionExpired()
    {
        var id = await CreateSessionAsync(expiresIn: 60);
        var (_, before) = await GetSessionAsync(id);
        await Task.Delay(200); // let the timer loop arm its wait for this session

        _server.Clock.Advance(TimeSpan.FromSeconds(59));
        await Task.Delay(300);
        Assert.Equal(Active, StatusOf((await GetSessionAsync(id)).Body));
        Assert.Equal(0, _server.CountRows("events"));

        _server.Clock.Advance(TimeSpan.FromSeconds(1));
        var after = await WaitForStatusAsync(id, Failed);

        Assert.Equal(Rewrite(before, Failed, "SESSION_EXPIRED"), Encoding.UTF8.GetString(after));
        Assert.Equal(1, _server.CountRows("events"));
        Assert.Equal(0, _server.CountRows("timers"));
    }

    [Theory]
    [InlineData(AwaitingUserInput)]
    [InlineData(OngoingVerification)]
    public async Task Expiry_SessionInProgressAtExpiresAt_FailsByItselfWithSessionExpired(string status)
    {
        var id = await CreateSessionAsync(expiresIn: 60);
        await MoveOkAsync(id, status);
        await Task.Delay(200);

        _server.Clock.Advance(TimeSpan.FromSeconds(60));
        var after = JsonDocument.Parse(await WaitForStatusAsync(id, Failed)).RootElement;

        Assert.Equal("SESSION_EXPIRED", after.GetProperty("statusReason").GetString());
        Assert.Equal(2, _server.CountRows("events"));
    }

    [Fact]
    public async Task Expiry_DueWhileServerWasDown_FailsWithSessionExpiredAfterRestart()
    {
        var id = await CreateSessionAsync(expiresIn: 60);
        var (_, before) = await GetSessionAsync(id);
        await _server.StopAsync();

        _server.Clock.Advance(TimeSpan.FromSeconds(120));
        await _server.StartAsync();

        var after = await WaitForStatusAsync(id, Failed);
        Assert.Equal(Rewrite(before, Failed, "SESSION_EXPIRED"), Encoding.UTF8.GetString(after));
        Assert.Equal(1, _server.CountRows("events"));
    }

    [Fact]
    public async Task Expiry_CompletedSession_IsNotExpiredLater()
    {
        var id = await CreateSessionAsync(expiresIn: 60);
        await MoveOkAsync(id, OngoingVerification);
        await MoveOkAsync(id, Completed);
        var (_, before) = await GetSessionAsync(id);
        Assert.Equal(0, _server.CountRows("timers"));

        _server.Clock.Advance(TimeSpan.FromMinutes(5));
        await Task.Delay(300);

        Assert.Equal(before, (await GetSessionAsync(id)).Body);
        Assert.Equal(Completed, StatusOf(before));
        Assert.Equal(2, _server.CountRows("events"));
        Assert.Equal(0, _server.CountRows("timers"));
    }

    [Fact]
    public async Task Expiry_FailedSession_KeepsItsReasonAndGetsNoSecondEvent()
    {
        var id = await CreateSessionAsync(expiresIn: 60);
        await MoveOkAsync(id, Failed, "NAME_MISMATCH");
        var (_, before) = await GetSessionAsync(id);

        _server.Clock.Advance(TimeSpan.FromMinutes(5));
        await Task.Delay(300);

        Assert.Equal(before, (await GetSessionAsync(id)).Body);
        Assert.Equal(1, _server.CountRows("events"));
        Assert.Equal(0, _server.CountRows("timers"));
    }

    [Fact]
    public async Task Expiry_ExpiredSession_RefusesLaterProcessorMoves()
    {
        var id = await CreateSessionAsync(expiresIn: 60);
        await MoveOkAsync(id, OngoingVerification);
        await Task.Delay(200);
        _server.Clock.Advance(TimeSpan.FromSeconds(61));
        var expired = await WaitForStatusAsync(id, Failed);

        using var response = await MoveAsync(id, """{"sessionStatus":"COMPLETED"}""");

        await AssertProblemAsync(response, HttpStatusCode.Conflict, "invalid_transition");
        Assert.Equal(expired, (await GetSessionAsync(id)).Body);
        Assert.Equal(2, _server.CountRows("events"));
    }

    [Fact]
    public async Task Expiry_ProcessorMoveAtExpiresAtBeforeTimerFired_IsRefusedAndSessionExpires()
    {
        // A fake-clock timer of the test's own, armed before the server's expiry wait and due at the same
        // instant: it runs first, while the clock reads expiresAt and the server's timer has not fired yet.
        var id = "";
        HttpStatusCode? answered = null;
        string? answer = null;
        using var atExpiry = _server.Clock.CreateTimer(
            _ => (answered, answer) = MoveBlocking(_server, id, """{"sessionStatus":"COMPLETED"}"""),
            null, TimeSpan.FromSeconds(60), Timeout.InfiniteTimeSpan);
        id = await CreateSessionAsync(expiresIn: 60);
        await MoveOkAsync(id, OngoingVerification);
        await Task.Delay(200); // the server's timer loop arms its wait (after ours)

        _server.Clock.Advance(TimeSpan.FromSeconds(60));

        Assert.True(answered == HttpStatusCode.Conflict, $"COMPLETED at expiresAt answered {(int?)answered}: {answer}");
        var session = JsonDocument.Parse(await WaitForStatusAsync(id, Failed)).RootElement;
        Assert.Equal("SESSION_EXPIRED", session.GetProperty("statusReason").GetString());
    }

    // ---- helpers ----

    private async Task<string> CreateSessionAsync(int? expiresIn = null)
    {
        var body = expiresIn is { } seconds ? $$"""{"customerId":"c-123","expiresIn":{{seconds}}}""" : """{"customerId":"c-123"}""";
        using var response = await _merchant.PostAsync(SessionsPath, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Create answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("sessionId").GetString()!;
    }

    private async Task<(int Status, byte[] Body)> GetSessionAsync(string id)
    {
        using var response = await _merchant.GetAsync($"{SessionsPath}/{id}");
        return ((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync());
    }

    private Task<HttpResponseMessage> MoveAsync(string id, string body) =>
        _server.ProcessorAsync($"processor/v1/piv/sessions/{id}/status", body);

    private async Task MoveOkAsync(string id, string status, string? reason = null)
    {
        var body = reason is null ? $$"""{"sessionStatus":"{{status}}"}""" : $$"""{"sessionStatus":"{{status}}","statusReason":"{{reason}}"}""";
        using var response = await MoveAsync(id, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Moving {id} to {status} answered {(int)response.StatusCode}: {text}");
    }

    /// A new session brought to status by allowed moves only.
    private async Task<string> ReachAsync(string status)
    {
        var id = await CreateSessionAsync();
        switch (status)
        {
            case Active:
                break;
            case AwaitingUserInput:
                await MoveOkAsync(id, AwaitingUserInput);
                break;
            case OngoingVerification:
                await MoveOkAsync(id, OngoingVerification);
                break;
            case Completed:
                await MoveOkAsync(id, OngoingVerification);
                await MoveOkAsync(id, Completed);
                break;
            case Failed:
                await MoveOkAsync(id, Failed, "OTHER");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(status), status, "Not a session status.");
        }
        return id;
    }

    /// A refused call: 400 naming the field, the session byte-identical, no event.
    private async Task AssertRefusedAsync(string id, string body, string field)
    {
        var (_, before) = await GetSessionAsync(id);
        var events = _server.CountRows("events");

        using var response = await MoveAsync(id, body);

        await ProblemAssert.InvalidRequestAsync(response, field);
        Assert.Equal(before, (await GetSessionAsync(id)).Body);
        Assert.Equal(events, _server.CountRows("events"));
    }

    /// Polls in real time for the timer loop's background change.
    private async Task<byte[]> WaitForStatusAsync(string id, string status)
    {
        var elapsed = Stopwatch.StartNew();
        while (true)
        {
            var (code, body) = await GetSessionAsync(id);
            Assert.Equal(200, code);
            if (StatusOf(body) == status) return body;
            Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(10), $"Session {id} did not become {status} within 10 s; it is {StatusOf(body)}.");
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    /// The session document as it must read after a move: same id, customer and times, the new status,
    /// statusReason (only when FAILED) right after it.
    private static string Rewrite(byte[] before, string status, string? reason)
    {
        var s = JsonDocument.Parse(before).RootElement;
        var reasonField = reason is null ? "" : ",\"statusReason\":\"" + reason + "\"";
        return $$"""{"sessionId":"{{s.GetProperty("sessionId").GetString()}}","customerId":"{{s.GetProperty("customerId").GetString()}}","sessionStatus":"{{status}}"{{reasonField}},"createdAt":"{{s.GetProperty("createdAt").GetString()}}","expiresAt":"{{s.GetProperty("expiresAt").GetString()}}"}""";
    }

    /// Called from a fake-clock timer callback, which must not return before the call is done.
    private static (HttpStatusCode, string) MoveBlocking(TestServer server, string id, string body)
    {
        using var response = server.ProcessorAsync($"processor/v1/piv/sessions/{id}/status", body).GetAwaiter().GetResult();
        return (response.StatusCode, response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
    }

    private static string? StatusOf(byte[] body) => JsonDocument.Parse(body).RootElement.GetProperty("sessionStatus").GetString();

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, JsonDocument.Parse(text).RootElement.GetProperty("code").GetString());
    }
}

public sealed class VerificationSessionTestsOnSqlite() : VerificationSessionTests(Backend.Sqlite);

public sealed class VerificationSessionTestsOnPostgres() : VerificationSessionTests(Backend.Postgres);
