using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PayState.Server.Accounts;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Accounts;

/// Spec section 2: the merchant API's "API Key + Signature", and the admin and processor bearer tokens.
/// Requests are built by hand here, so each part of the credentials can be broken on its own.
public abstract class MerchantAuthTests(Backend backend) : MerchantTestBase(backend)
{
    private const string Acquiring = "POST /api/public/v1/acquiring/order";
    private const string Events = "GET /api/v1/events";
    private const string OrderBody = """{"amount":300,"currency":"USDT","network":"ethereum"}""";

    /// What goes on the wire; a null header is left out.
    private sealed record RawRequest(string Method, string PathAndQuery, string? Body, string? ApiKey, string? Timestamp, string? Signature);

    [Theory]
    [InlineData(Acquiring)]
    [InlineData(Events)]
    public async Task Signed_CorrectRequest_IsAccepted(string target)
    {
        using var response = await SendAsync(Build(target));

        await AssertAcceptedAsync(response, target);
    }

    [Theory]
    [InlineData(Acquiring, "X-Api-Key")]
    [InlineData(Acquiring, "X-Timestamp")]
    [InlineData(Acquiring, "X-Signature")]
    [InlineData(Events, "X-Api-Key")]
    [InlineData(Events, "X-Timestamp")]
    [InlineData(Events, "X-Signature")]
    public async Task Signed_MissingHeader_Answers401MissingCredentials(string target, string header)
    {
        var request = Build(target);
        request = header switch
        {
            "X-Api-Key" => request with { ApiKey = null },
            "X-Timestamp" => request with { Timestamp = null },
            _ => request with { Signature = null },
        };

        using var response = await SendAsync(request);

        await AssertUnauthorizedAsync(response, target, "missing_credentials");
    }

    [Theory]
    [InlineData(Acquiring)]
    [InlineData(Events)]
    public async Task Signed_UnknownApiKey_Answers401InvalidApiKey(string target)
    {
        using var response = await SendAsync(Build(target) with { ApiKey = "pk_unknown_" + Guid.NewGuid().ToString("N") });

        await AssertUnauthorizedAsync(response, target, "invalid_api_key");
    }

    [Theory]
    [InlineData(Acquiring)]
    [InlineData(Events)]
    public async Task Signed_WithWrongSecret_Answers401InvalidSignature(string target)
    {
        using var response = await SendAsync(Build(target, secret: Merchant.ApiSecret + "x"));

        await AssertUnauthorizedAsync(response, target, "invalid_signature");
    }

    [Fact]
    public async Task Signed_WithAnotherTerminalsSecret_Answers401InvalidSignature()
    {
        var other = await Server.CreateMerchantAsync("Other shop");

        using var response = await SendAsync(Build(Acquiring, secret: other.ApiSecret));

        await AssertUnauthorizedAsync(response, Acquiring, "invalid_signature");
    }

    [Theory]
    [InlineData(Acquiring, """{"amount":1,"currency":"USDT","network":"ethereum"}""")]
    [InlineData(Acquiring, "")]
    [InlineData(Events, "{}")]
    public async Task Signed_OverDifferentBodyThanSent_Answers401InvalidSignature(string target, string signedBody)
    {
        using var response = await SendAsync(Build(target, signedBody: signedBody));

        await AssertUnauthorizedAsync(response, target, "invalid_signature");
    }

    [Theory]
    [InlineData(Acquiring, "/api/public/v1/acquiring/order?amount=1")]
    [InlineData(Acquiring, "/api/public/v1/acquiring/orders")]
    [InlineData(Events, "/api/v1/events?limit=1")]
    [InlineData(Events, "/api/v1/webhook-deliveries")]
    public async Task Signed_OverDifferentPathOrQueryThanSent_Answers401InvalidSignature(string target, string signedPathAndQuery)
    {
        using var response = await SendAsync(Build(target, signedPathAndQuery: signedPathAndQuery));

        await AssertUnauthorizedAsync(response, target, "invalid_signature");
    }

    [Fact]
    public async Task Signed_SentQueryNotSigned_Answers401InvalidSignature()
    {
        var request = Build(Events) with { PathAndQuery = "/api/v1/events?limit=1" };

        using var response = await SendAsync(request);

        await AssertUnauthorizedAsync(response, Events, "invalid_signature");
    }

    [Fact]
    public async Task Signed_WithDifferentMethodThanSent_Answers401InvalidSignature()
    {
        var request = Build(Acquiring);
        var signature = RequestSignature.ComputeHex(Merchant.ApiSecret, request.Timestamp!, "PUT", request.PathAndQuery, Encoding.UTF8.GetBytes(OrderBody));

        using var response = await SendAsync(request with { Signature = signature });

        await AssertUnauthorizedAsync(response, Acquiring, "invalid_signature");
    }

    // The spec asks clients for lowercase hex; the server decodes the hex case-insensitively
    // (RequestSignature.Matches uses Convert.FromHexString), so the same value in uppercase is accepted.
    [Theory]
    [InlineData(Acquiring)]
    [InlineData(Events)]
    public async Task Signed_UppercaseHexOfRightValue_IsAccepted(string target)
    {
        var request = Build(target);

        using var response = await SendAsync(request with { Signature = request.Signature!.ToUpperInvariant() });

        await AssertAcceptedAsync(response, target);
    }

    [Theory]
    [InlineData(Acquiring, "zz")]
    [InlineData(Acquiring, "not-hex")]
    [InlineData(Events, "g")]
    [InlineData(Events, "not-hex")]
    public async Task Signed_NonHexSignature_Answers401InvalidSignature(string target, string filler)
    {
        // Same length as a real signature (64 chars), so only the hex decoding can refuse it.
        var signature = string.Concat(Enumerable.Repeat(filler, 64))[..64];

        using var response = await SendAsync(Build(target) with { Signature = signature });

        await AssertUnauthorizedAsync(response, target, "invalid_signature");
    }

    [Theory]
    [InlineData(Acquiring)]
    [InlineData(Events)]
    public async Task Signed_TruncatedSignature_Answers401InvalidSignature(string target)
    {
        var request = Build(target);

        using var response = await SendAsync(request with { Signature = request.Signature![..62] });

        await AssertUnauthorizedAsync(response, target, "invalid_signature");
    }

    [Theory]
    [InlineData(Acquiring, -301)]
    [InlineData(Acquiring, 301)]
    [InlineData(Events, -301)]
    [InlineData(Events, 301)]
    [InlineData(Events, -86400)]
    public async Task Signed_TimestampOver300sFromServerClock_Answers401InvalidTimestamp(string target, int skewSeconds)
    {
        // Correctly signed over the skewed timestamp: only the clock check can refuse it.
        using var response = await SendAsync(Build(target, skew: TimeSpan.FromSeconds(skewSeconds)));

        await AssertUnauthorizedAsync(response, target, "invalid_timestamp");
    }

    [Theory]
    [InlineData(Acquiring, -299)]
    [InlineData(Acquiring, 299)]
    [InlineData(Events, -299)]
    [InlineData(Events, 299)]
    [InlineData(Events, -300)]
    [InlineData(Events, 300)]
    public async Task Signed_TimestampWithin300sOfServerClock_IsAccepted(string target, int skewSeconds)
    {
        using var response = await SendAsync(Build(target, skew: TimeSpan.FromSeconds(skewSeconds)));

        await AssertAcceptedAsync(response, target);
    }

    [Fact]
    public async Task Signed_ReplayedAfterServerClockMoves301s_Answers401InvalidTimestamp()
    {
        var request = Build(Events);
        using (var fresh = await SendAsync(request))
            await AssertAcceptedAsync(fresh, Events);

        Server.Clock.Advance(TimeSpan.FromSeconds(301));

        using var replayed = await SendAsync(request);
        await AssertUnauthorizedAsync(replayed, Events, "invalid_timestamp");
    }

    [Theory]
    [InlineData(Acquiring, "yesterday")]
    [InlineData(Acquiring, "1767268800.5")]
    [InlineData(Events, "-1767268800")]
    [InlineData(Events, "1.7e9")]
    public async Task Signed_NonNumericTimestamp_Answers401InvalidTimestamp(string target, string timestamp)
    {
        // Signed over the odd timestamp itself, so the signature is not what refuses it.
        using var response = await SendAsync(Build(target, timestamp: timestamp));

        await AssertUnauthorizedAsync(response, target, "invalid_timestamp");
    }

    public static TheoryData<string, string, int> BearerCases => new()
    {
        { "admin", "none", 401 },
        { "admin", "wrong", 401 },
        { "admin", "right", 201 },
        { "processor", "none", 401 },
        { "processor", "wrong", 401 },
        { "processor", "right", 200 },
    };

    [Theory]
    [MemberData(nameof(BearerCases))]
    public async Task Bearer_Token_MissingWrongRight_Answer401_401_2xx(string api, string token, int expected)
    {
        var uuid = (await Merchant.CreateOrderAsync()).GetProperty("uuid").GetString()!;
        var merchants = Server.CountRows("merchants");
        var events = Server.CountRows("events");
        var rightToken = api == "admin" ? TestServer.AdminToken : TestServer.ProcessorToken;
        var (path, body) = api == "admin"
            ? ("admin/v1/merchants", """{"name":"Bearer shop"}""")
            : ($"processor/v1/acquiring/order/{uuid}/status", """{"status":"Pending"}""");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Server.BaseUri, path))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (token != "none") request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token == "right" ? rightToken : rightToken + "x");

        using var response = await Server.Http.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expected, $"Expected {expected}, got {(int)response.StatusCode}: {text}");
        if (expected == 401)
        {
            AssertProblem(response, text, token == "none" ? "missing_credentials" : "invalid_token");
            Assert.Equal(merchants, Server.CountRows("merchants"));
            Assert.Equal(events, Server.CountRows("events"));
            Assert.Equal("Created", await StatusOfAsync(uuid));
        }
    }

    [Theory]
    [InlineData("admin/v1/merchants", TestServer.ProcessorToken)]
    [InlineData("processor/v1/acquiring/order/{uuid}/status", TestServer.AdminToken)]
    public async Task Bearer_OtherApisToken_Answers401InvalidToken(string path, string token)
    {
        var uuid = (await Merchant.CreateOrderAsync()).GetProperty("uuid").GetString()!;
        var merchants = Server.CountRows("merchants");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Server.BaseUri, path.Replace("{uuid}", uuid, StringComparison.Ordinal)))
        {
            Content = new StringContent(path.StartsWith("admin", StringComparison.Ordinal) ? """{"name":"X"}""" : """{"status":"Pending"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await Server.Http.SendAsync(request);

        Assert.Equal(401, (int)response.StatusCode);
        AssertProblem(response, await response.Content.ReadAsStringAsync(), "invalid_token");
        Assert.Equal(merchants, Server.CountRows("merchants"));
        Assert.Equal("Created", await StatusOfAsync(uuid));
    }

    [Theory]
    [InlineData("signature headers")]
    [InlineData("bearer api key")]
    [InlineData("bearer api secret")]
    public async Task Processor_MerchantCredentials_AreNotAccepted(string how)
    {
        var uuid = (await Merchant.CreateOrderAsync()).GetProperty("uuid").GetString()!;
        var path = $"/processor/v1/acquiring/order/{uuid}/status";
        const string body = """{"status":"Pending"}""";
        var events = Server.CountRows("events");

        HttpResponseMessage response;
        if (how == "signature headers")
        {
            // Signed exactly as the merchant API wants it: still not the processor's credential.
            response = await Merchant.PostAsync(path, body);
        }
        else
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Server.BaseUri, path.TrimStart('/')))
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", how == "bearer api key" ? Merchant.ApiKey : Merchant.ApiSecret);
            response = await Server.Http.SendAsync(request);
        }

        using (response)
        {
            Assert.Equal(401, (int)response.StatusCode);
            AssertProblem(response, await response.Content.ReadAsStringAsync(), how == "signature headers" ? "missing_credentials" : "invalid_token");
        }
        Assert.Equal("Created", await StatusOfAsync(uuid));
        Assert.Equal(events, Server.CountRows("events"));
    }

    /// A correctly signed request for target, with one part optionally signed differently from what is sent.
    private RawRequest Build(
        string target, TimeSpan? skew = null, string? secret = null, string? signedBody = null, string? signedPathAndQuery = null, string? timestamp = null)
    {
        var (method, path) = Split(target);
        var body = method == "POST" ? OrderBody : null;
        timestamp ??= (Server.Clock.GetUtcNow() + (skew ?? TimeSpan.Zero)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = RequestSignature.ComputeHex(
            secret ?? Merchant.ApiSecret, timestamp, method, signedPathAndQuery ?? path, Encoding.UTF8.GetBytes(signedBody ?? body ?? ""));
        return new RawRequest(method, path, body, Merchant.ApiKey, timestamp, signature);
    }

    private Task<HttpResponseMessage> SendAsync(RawRequest raw)
    {
        var request = new HttpRequestMessage(new HttpMethod(raw.Method), new Uri(Server.BaseUri, raw.PathAndQuery.TrimStart('/')));
        if (raw.Body is not null)
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(raw.Body)) { Headers = { { "Content-Type", "application/json" } } };
        if (raw.ApiKey is not null) request.Headers.TryAddWithoutValidation("X-Api-Key", raw.ApiKey);
        if (raw.Timestamp is not null) request.Headers.TryAddWithoutValidation("X-Timestamp", raw.Timestamp);
        if (raw.Signature is not null) request.Headers.TryAddWithoutValidation("X-Signature", raw.Signature);
        return Server.Http.SendAsync(request);
    }

    private static (string Method, string Path) Split(string target)
    {
        var space = target.IndexOf(' ', StringComparison.Ordinal);
        return (target[..space], target[(space + 1)..]);
    }

    private async Task AssertAcceptedAsync(HttpResponseMessage response, string target)
    {
        var text = await response.Content.ReadAsStringAsync();
        var expected = target == Acquiring ? 201 : 200;
        Assert.True((int)response.StatusCode == expected, $"Expected {expected}, got {(int)response.StatusCode}: {text}");
        if (target == Acquiring) Assert.Equal(1, Server.CountRows("objects"));
    }

    /// A 401 in the path's envelope, and (for a create) no order written.
    private async Task AssertUnauthorizedAsync(HttpResponseMessage response, string target, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 401, $"Expected 401 {code}, got {(int)response.StatusCode}: {text}");
        if (target == Acquiring)
        {
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            var root = JsonDocument.Parse(text).RootElement;
            Assert.False(root.GetProperty("success").GetBoolean());
            Assert.Equal(code, root.GetProperty("error").GetProperty("code").GetString());
            Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("error").GetProperty("message").GetString()));
        }
        else
        {
            AssertProblem(response, text, code);
        }
        Assert.Equal(0, Server.CountRows("objects"));
    }

    private static void AssertProblem(HttpResponseMessage response, string text, string code)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var root = JsonDocument.Parse(text).RootElement;
        Assert.Equal(code, root.GetProperty("code").GetString());
        Assert.Equal((int)response.StatusCode, root.GetProperty("status").GetInt32());
    }

    private async Task<string?> StatusOfAsync(string uuid)
    {
        var (status, body) = await Merchant.GetOrderAsync(uuid);
        Assert.Equal(200, status);
        return JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("status").GetString();
    }
}

public sealed class MerchantAuthTestsOnSqlite() : MerchantAuthTests(Backend.Sqlite);

public sealed class MerchantAuthTestsOnPostgres() : MerchantAuthTests(Backend.Postgres);
