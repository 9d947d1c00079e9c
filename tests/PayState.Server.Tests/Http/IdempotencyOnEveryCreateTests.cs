using System.Text.Json;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Http;

/// Idempotency-Key on all three creates, as on acquiring orders (Acquiring/IdempotencyTests): the same key and
/// body answer the first answer and create nothing more; the same key with another body, or on another create,
/// answers 422 idempotency_key_reused.
public abstract class IdempotencyOnEveryCreateTests(Backend backend) : MerchantTestBase(backend)
{
    private const string OrderPath = "/api/public/v1/acquiring/order";
    private const string CheckoutPath = "/api/v1/checkouts";
    private const string SessionPath = "/api/v1/piv/sessions";

    private static readonly Dictionary<string, (string Body, string Other)> Bodies = new()
    {
        [OrderPath] = ("""{"amount":300,"currency":"USDT","network":"ethereum"}""", """{"amount":301,"currency":"USDT","network":"ethereum"}"""),
        [CheckoutPath] = (
            """{"order_ref_1":"r1","amount":100,"currency":"EUR","notify_url":"http://127.0.0.1:9/ipn","return_url":"https://shop.example/back"}""",
            """{"order_ref_1":"r2","amount":100,"currency":"EUR","notify_url":"http://127.0.0.1:9/ipn","return_url":"https://shop.example/back"}"""),
        [SessionPath] = ("""{"customerId":"c-1"}""", """{"customerId":"c-2"}"""),
    };

    public static TheoryData<string> Creates => [OrderPath, CheckoutPath, SessionPath];

    [Theory]
    [MemberData(nameof(Creates))]
    public async Task SameKeySameBody_SignedAgainLater_AnswersTheFirstAnswerAndCreatesOne(string path)
    {
        var (first, firstBody) = await CreateAsync(path, Bodies[path].Body, "key-1");
        Server.Clock.Advance(TimeSpan.FromSeconds(5));
        var (second, secondBody) = await CreateAsync(path, Bodies[path].Body, "key-1");

        Assert.Equal(201, first);
        Assert.Equal(201, second);
        Assert.Equal(firstBody, secondBody);
        Assert.Equal(1, Server.CountRows("objects"));
        Assert.Equal(1, Server.CountRows("idempotency_keys"));
    }

    [Theory]
    [MemberData(nameof(Creates))]
    public async Task SameKeyDifferentBody_Answers422AndCreatesNothing(string path)
    {
        await CreateAsync(path, Bodies[path].Body, "key-1");

        var (status, body) = await CreateAsync(path, Bodies[path].Other, "key-1");

        Assert.Equal(422, status);
        Assert.Equal("idempotency_key_reused", CodeOf(path, body));
        Assert.Equal(1, Server.CountRows("objects"));
    }

    [Theory]
    [MemberData(nameof(Creates))]
    public async Task TenConcurrentRequestsWithOneKey_CreateOneAndAnswerIdentically(string path)
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => CreateAsync(path, Bodies[path].Body, "concurrent")));

        Assert.All(answers, a => Assert.Equal(201, a.Status));
        Assert.Single(answers.Select(a => Convert.ToBase64String(a.Body)).Distinct());
        Assert.Equal(1, Server.CountRows("objects"));
    }

    [Fact]
    public async Task OneKeyOnTwoDifferentCreates_SecondAnswers422()
    {
        await CreateAsync(CheckoutPath, Bodies[CheckoutPath].Body, "shared");

        var (status, body) = await CreateAsync(SessionPath, Bodies[SessionPath].Body, "shared");

        Assert.Equal(422, status);
        Assert.Equal("idempotency_key_reused", CodeOf(SessionPath, body));
        Assert.Equal(1, Server.CountRows("objects"));
    }

    [Theory]
    [InlineData(CheckoutPath)]
    [InlineData(SessionPath)]
    public async Task KeyOver255Chars_Answers400NamingTheHeader(string path)
    {
        var (status, body) = await CreateAsync(path, Bodies[path].Body, new string('k', 256));

        Assert.Equal(400, status);
        Assert.Contains("Idempotency-Key", System.Text.Encoding.UTF8.GetString(body), StringComparison.Ordinal);
        Assert.Equal(0, Server.CountRows("objects"));
    }

    private async Task<(int Status, byte[] Body)> CreateAsync(string path, string body, string key)
    {
        using var response = await Merchant.PostAsync(path, body, r => r.Headers.Add("Idempotency-Key", key));
        return ((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync());
    }

    private static string? CodeOf(string path, byte[] body)
    {
        var root = JsonDocument.Parse(body).RootElement;
        return (path == OrderPath ? root.GetProperty("error").GetProperty("code") : root.GetProperty("code")).GetString();
    }
}

public sealed class IdempotencyOnEveryCreateTestsOnSqlite() : IdempotencyOnEveryCreateTests(Backend.Sqlite);

public sealed class IdempotencyOnEveryCreateTestsOnPostgres() : IdempotencyOnEveryCreateTests(Backend.Postgres);
