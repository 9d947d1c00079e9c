using System.Text.Json;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Acquiring;

/// Spec section 8 on POST /api/public/v1/acquiring/order and on the processor's status call: every bad
/// input answers 4xx in the path's error envelope, names the field, and writes nothing.
public abstract class CreateOrderValidationTests(Backend backend) : IAsyncLifetime
{
    private const string OrderPath = "/api/public/v1/acquiring/order";
    private const string Valid = """{"amount":300,"currency":"USDT","network":"ethereum"}""";

    private TestServer _server = null!;
    private MerchantClient _merchant = null!;

    public sealed record BadCase(string Body, string? Field, int Status = 400, string Code = "invalid_request");

    /// A bad body, the field its message must name (null: the body as a whole), the status and the code.
    private static readonly Dictionary<string, BadCase> Cases = new()
    {
        ["MalformedJson"] = new("""{"amount":300,"currency":"USDT",""", null, Code: "invalid_json"),
        ["JsonArray"] = new($"[{Valid}]", null, Code: "invalid_json"),
        ["MissingAmount"] = new("""{"currency":"USDT","network":"ethereum"}""", "amount"),
        ["NegativeAmount"] = new("""{"amount":-300,"currency":"USDT","network":"ethereum"}""", "amount"),
        ["FractionalAmount"] = new("""{"amount":1.5,"currency":"USDT","network":"ethereum"}""", "amount"),
        ["ExponentAmount"] = new("""{"amount":1e3,"currency":"USDT","network":"ethereum"}""", "amount"),
        ["StringAmount"] = new("""{"amount":"300","currency":"USDT","network":"ethereum"}""", "amount"),
        ["ZeroAmount"] = new("""{"amount":0,"currency":"USDT","network":"ethereum"}""", "amount"),
        ["Amount79Digits"] = new($$"""{"amount":1{{new string('0', 78)}},"currency":"ETH","network":"ethereum"}""", "amount"),
        ["MissingCurrency"] = new("""{"amount":300,"network":"ethereum"}""", "currency"),
        ["UnknownCurrency"] = new("""{"amount":300,"currency":"DOGE","network":"ethereum"}""", "currency"),
        ["CurrencyNotOnNetwork"] = new("""{"amount":300,"currency":"ETH","network":"tron"}""", "currency"),
        ["CurrencyAsNumber"] = new("""{"amount":300,"currency":5,"network":"ethereum"}""", "currency"),
        ["MissingNetwork"] = new("""{"amount":300,"currency":"USDT"}""", "network"),
        ["UnknownNetwork"] = new("""{"amount":300,"currency":"USDT","network":"bitcoin"}""", "network"),
        ["ExternalOrderId256Chars"] = new(With($"\"external_order_id\":\"{new string('a', 256)}\""), "external_order_id"),
        ["ExternalClientIdNumber"] = new(With("\"external_client_id\":1"), "external_client_id"),
        ["ExternalDataArray"] = new(With("\"external_data\":[\"key\",\"value\"]"), "external_data"),
        ["ExternalDataOver16KiB"] = new(With($"\"external_data\":{ExternalDataOfCompactSize(16 * 1024 + 1)}"), "external_data"),
        ["UnknownField"] = new(With("\"webhookurl\":\"https://example.com/webhook\""), "webhookurl"),
        ["DuplicateField"] = new("""{"amount":300,"currency":"USDT","network":"ethereum","amount":300}""", "amount"),
        ["WebhookUrlNotUrl"] = new(With("\"webhook_url\":\"not a url\""), "webhook_url"),
        ["WebhookUrlFtp"] = new(With("\"webhook_url\":\"ftp://x\""), "webhook_url"),
        ["IsTestString"] = new(With("\"is_test\":\"yes\""), "is_test"),
        ["ExpiresInBelow60"] = new(With("\"expires_in\":10"), "expires_in"),
        ["ExpiresInFraction"] = new(With("\"expires_in\":1.5"), "expires_in"),
        ["BodyOver64KiB"] = new(With($"\"external_order_id\":\"{new string('a', 64 * 1024)}\""), null, 413, "payload_too_large"),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(backend: backend);
        _merchant = await _server.CreateMerchantAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task CreateOrder_BadInput_Answers4xxEnvelopeNamingFieldAndWritesNothing(string caseName)
    {
        var bad = Cases[caseName];
        var objects = _server.CountRows("objects");
        var keys = _server.CountRows("idempotency_keys");

        // With an Idempotency-Key, so a refused request that stored its key would show in idempotency_keys.
        using var response = await _merchant.PostAsync(OrderPath, bad.Body, r => r.Headers.Add("Idempotency-Key", $"key-{caseName}"));

        var error = await AssertAcquiringErrorAsync(response, bad.Status, bad.Code);
        if (bad.Field is not null)
            Assert.Contains(bad.Field, error.GetProperty("message").GetString()!, StringComparison.Ordinal);
        Assert.Equal(objects, _server.CountRows("objects"));
        Assert.Equal(keys, _server.CountRows("idempotency_keys"));
    }

    // RequestBody.ReadAsync sizes its buffer from Content-Length: new ArrayBufferWriter<byte>(0) throws
    // ArgumentException for "Content-Length: 0", which the error middleware answers as 500 internal_error.
    [Fact]
    public async Task CreateOrder_EmptyBody_Answers400InvalidJsonAndWritesNothing()
    {
        using var response = await _merchant.PostAsync(OrderPath, "", r => r.Headers.Add("Idempotency-Key", "key-empty"));

        await AssertAcquiringErrorAsync(response, 400, "invalid_json");
        Assert.Equal(0, _server.CountRows("objects"));
        Assert.Equal(0, _server.CountRows("idempotency_keys"));
    }

    [Fact]
    public async Task CreateOrder_EmptyChunkedBody_Answers400InvalidJsonAndWritesNothing()
    {
        // Without a Content-Length the server's buffer gets its default size, so this reaches the JSON check.
        using var response = await _merchant.PostAsync(OrderPath, "", r =>
        {
            r.Content = new StreamContent(new NonSeekableStream([]));
            r.Content.Headers.ContentType = new("application/json");
            r.Headers.TransferEncodingChunked = true;
        });

        await AssertAcquiringErrorAsync(response, 400, "invalid_json");
        Assert.Equal(0, _server.CountRows("objects"));
    }

    [Fact]
    public async Task CreateOrder_ChunkedBodyOver64KiB_Answers413AndWritesNothing()
    {
        var body = Cases["BodyOver64KiB"].Body;
        var bytes = System.Text.Encoding.UTF8.GetBytes(body);

        // No Content-Length: the limit must hold while the body streams in, not only on the declared length.
        using var response = await _merchant.PostAsync(OrderPath, body, r =>
        {
            r.Content = new StreamContent(new NonSeekableStream(bytes));
            r.Content.Headers.ContentType = new("application/json");
            r.Headers.TransferEncodingChunked = true;
        });

        await AssertAcquiringErrorAsync(response, 413, "payload_too_large");
        Assert.Equal(0, _server.CountRows("objects"));
    }

    [Fact]
    public async Task CreateOrder_ChunkedBodyInSmallPieces_IsReadWhole()
    {
        // No Content-Length, and a stream that hands out a few bytes at a time: the body is read to its end.
        var data = ExternalDataOfCompactSize(12 * 1024);
        var body = With($"\"external_data\":{data}");
        var bytes = System.Text.Encoding.UTF8.GetBytes(body);

        using var response = await _merchant.PostAsync(OrderPath, body, r =>
        {
            r.Content = new StreamContent(new NonSeekableStream(bytes), bufferSize: 7);
            r.Content.Headers.ContentType = new("application/json");
            r.Headers.TransferEncodingChunked = true;
        });

        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 201, $"Create answered {(int)response.StatusCode}: {text}");
        Assert.Equal(data, JsonDocument.Parse(text).RootElement.GetProperty("data").GetProperty("external_data").GetRawText());
    }

    [Fact]
    public async Task CreateOrder_ExternalOrderIdOf255Chars_IsAccepted()
    {
        var id = new string('a', 255);

        using var response = await _merchant.PostAsync(OrderPath, With($"\"external_order_id\":\"{id}\""));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 201, $"Create answered {(int)response.StatusCode}: {text}");
        Assert.Equal(id, JsonDocument.Parse(text).RootElement.GetProperty("data").GetProperty("external_order_id").GetString());
        Assert.Equal(1, _server.CountRows("objects"));
    }

    [Fact]
    public async Task CreateOrder_ExternalDataOfExactly16KiB_IsAccepted()
    {
        var data = ExternalDataOfCompactSize(16 * 1024);

        using var response = await _merchant.PostAsync(OrderPath, With($"\"external_data\":{data}"));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 201, $"Create answered {(int)response.StatusCode}: {text}");
        Assert.Equal(data, JsonDocument.Parse(text).RootElement.GetProperty("data").GetProperty("external_data").GetRawText());
        Assert.Equal(1, _server.CountRows("objects"));
    }

    public static TheoryData<string, string> BadStatusBodies => new()
    {
        { "{}", "status" },
        { """{"status":"Shipped"}""", "status" },
        { """{"status":2}""", "status" },
        { """{"status":"Pending","reason":"seen on chain"}""", "reason" },
    };

    [Theory]
    [MemberData(nameof(BadStatusBodies))]
    public async Task MoveOrder_BadBody_Answers400ProblemNamingFieldAndLeavesOrderUnchanged(string body, string field)
    {
        var uuid = (await _merchant.CreateOrderAsync()).GetProperty("uuid").GetString()!;
        var (_, before) = await _merchant.GetOrderAsync(uuid);
        var events = _server.CountRows("events");

        using var response = await _server.ProcessorAsync($"processor/v1/acquiring/order/{uuid}/status", body);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 400, $"Move answered {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal("invalid_request", problem.GetProperty("code").GetString());
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        var (status, after) = await _merchant.GetOrderAsync(uuid);
        Assert.Equal(200, status);
        Assert.Equal(before, after);
        Assert.Equal("Created", JsonDocument.Parse(after).RootElement.GetProperty("data").GetProperty("status").GetString());
        Assert.Equal(events, _server.CountRows("events"));
    }

    private static string With(string member) => $$"""{"amount":300,"currency":"USDT","network":"ethereum",{{member}}}""";

    /// {"k":"xxx..."} whose compact form is exactly size bytes.
    private static string ExternalDataOfCompactSize(int size) => $$"""{"k":"{{new string('x', size - """{"k":""}""".Length)}}"}""";

    private static async Task<JsonElement> AssertAcquiringErrorAsync(HttpResponseMessage response, int status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var root = JsonDocument.Parse(text).RootElement;
        Assert.Equal(["success", "error"], root.EnumerateObject().Select(p => p.Name));
        Assert.False(root.GetProperty("success").GetBoolean());
        var error = root.GetProperty("error");
        Assert.Equal(["code", "message"], error.EnumerateObject().Select(p => p.Name));
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        return error.Clone();
    }

    /// Hides the length, so HttpClient cannot send a Content-Length.
    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}

public sealed class CreateOrderValidationTestsOnSqlite() : CreateOrderValidationTests(Backend.Sqlite);

public sealed class CreateOrderValidationTestsOnPostgres() : CreateOrderValidationTests(Backend.Postgres);
