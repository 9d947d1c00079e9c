using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Verification;

/// Spec section 5: creating and reading verification sessions, and what a create refuses.
public abstract class VerificationSessionTests(Backend backend) : VerificationTestBase(backend)
{
    [Fact]
    public async Task CreateSession_CustomerIdOnly_Answers201WithExactlyTheSessionFieldsAndOneHourExpiry()
    {
        Server.Clock.Advance(TimeSpan.FromTicks(12_345_670)); // 1.234567 s: the six fractional digits show

        using var response = await Merchant.PostAsync(SessionsPath, """{"customerId":"c-123"}""");

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
        using var response = await Merchant.PostAsync(SessionsPath, $$"""{"customerId":"c-123","expiresIn":{{expiresIn}}}""");

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

        using var response = await Merchant.PostAsync(SessionsPath, JsonSerializer.Serialize(new { customerId }));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Create answered {(int)response.StatusCode}: {text}");
        Assert.Equal(customerId, JsonDocument.Parse(text).RootElement.GetProperty("customerId").GetString());
    }

    [Fact]
    public async Task GetSession_AfterCreate_AnswersTheSameBytesAsTheCreate()
    {
        using var created = await Merchant.PostAsync(SessionsPath, """{"customerId":"c-123","expiresIn":600}""");
        var createdBytes = await created.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = JsonDocument.Parse(createdBytes).RootElement.GetProperty("sessionId").GetString()!;
        Server.Clock.Advance(TimeSpan.FromSeconds(5));

        using var fetched = await Merchant.GetAsync($"{SessionsPath}/{id}");

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
        var other = await Server.CreateMerchantAsync("Other shop");

        using var response = await other.GetAsync($"{SessionsPath}/{id}");

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "not_found");
        Assert.DoesNotContain("c-123", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetSession_UnknownId_Answers404ProblemJson()
    {
        using var response = await Merchant.GetAsync($"{SessionsPath}/{Guid.NewGuid()}");

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task GetSession_IdOfAnAcquiringOrder_Answers404()
    {
        var order = await Merchant.CreateOrderAsync();

        using var response = await Merchant.GetAsync($"{SessionsPath}/{order.GetProperty("uuid").GetString()}");

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task CreateSession_Unsigned_Answers401AndWritesNothing()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Server.BaseUri, "api/v1/piv/sessions"))
        {
            Content = new StringContent("""{"customerId":"c-123"}""", Encoding.UTF8, "application/json"),
        };

        using var response = await Server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, Server.CountRows("objects"));
    }

    [Fact]
    public async Task CreateSession_Created_AddsNoEventAndNoDelivery()
    {
        await CreateSessionAsync();

        Assert.Equal(1, Server.CountRows("objects"));
        Assert.Equal(0, Server.CountRows("events"));
        Assert.Equal(0, Server.CountRows("deliveries"));
        Assert.Equal(0, (await Merchant.GetJsonAsync("/api/v1/events")).GetProperty("data").GetArrayLength());
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
        using var response = await Merchant.PostAsync(SessionsPath, body);

        await ProblemAssert.InvalidRequestAsync(response, field);
        Assert.Equal(0, Server.CountRows("objects"));
        Assert.Equal(0, Server.CountRows("timers"));
    }

    [Theory]
    [InlineData("""{"customerId":"c-123" """)]
    [InlineData("""{"customerId":'c-123'}""")]
    [InlineData("customerId=c-123")]
    [InlineData("""["c-123"]""")]
    [InlineData("")]
    public async Task CreateSession_MalformedJson_Answers400AndWritesNothing(string body)
    {
        using var response = await Merchant.PostAsync(SessionsPath, body);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"Expected 400, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrEmpty(JsonDocument.Parse(text).RootElement.GetProperty("code").GetString()));
        Assert.Equal(0, Server.CountRows("objects"));
    }
}

public sealed class VerificationSessionTestsOnSqlite() : VerificationSessionTests(Backend.Sqlite);

public sealed class VerificationSessionTestsOnPostgres() : VerificationSessionTests(Backend.Postgres);
