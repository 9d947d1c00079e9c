using System.Text.Json;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Checkout;

/// Spec section 4 on POST /api/v1/checkouts (the signed merchant API): a valid body creates a checkout that
/// shows the identification form; every bad body answers 400 problem+json naming the field and writes nothing.
public abstract class CreateCheckoutTests(Backend backend) : IAsyncLifetime
{
    private const string CheckoutsPath = "/api/v1/checkouts";

    private TestServer _server = null!;
    private MerchantClient _merchant = null!;

    // Declared before Cases, whose initializer reads it: static fields initialize in textual order.
    private static readonly (string Name, string Json)[] ValidFields =
    [
        ("order_ref_1", "\"merchant-ref-1\""),
        ("order_ref_2", "\"merchant-ref-2\""),
        ("amount", "12000"),
        ("currency", "\"EUR\""),
        ("notify_url", "\"https://shop.example/ipn\""),
        ("return_url", "\"https://shop.example/thanks\""),
    ];

    /// A bad body, the field its problem must name (null: the body as a whole), and the code.
    public sealed record BadCase(string Body, string? Field, string Code = "invalid_request");

    private static readonly Dictionary<string, BadCase> Cases = new()
    {
        ["MissingAmount"] = new(Without("amount"), "amount"),
        ["NullAmount"] = new(With("\"amount\":null"), "amount"),
        ["NegativeAmount"] = new(With("\"amount\":-12000"), "amount"),
        ["ZeroAmount"] = new(With("\"amount\":0"), "amount"),
        ["FractionalAmount"] = new(With("\"amount\":120.5"), "amount"),
        ["StringAmount"] = new(With("\"amount\":\"12000\""), "amount"),
        ["CurrencyLowercase"] = new(With("\"currency\":\"eur\""), "currency"),
        ["CurrencyFourLetters"] = new(With("\"currency\":\"EURO\""), "currency"),
        ["CurrencyNumber"] = new(With("\"currency\":978"), "currency"),
        ["MissingCurrency"] = new(Without("currency"), "currency"),
        ["MissingNotifyUrl"] = new(Without("notify_url"), "notify_url"),
        ["NotifyUrlNotUrl"] = new(With("\"notify_url\":\"not a url\""), "notify_url"),
        ["NotifyUrlFtp"] = new(With("\"notify_url\":\"ftp://x\""), "notify_url"),
        ["MissingReturnUrl"] = new(Without("return_url"), "return_url"),
        ["ReturnUrlFtp"] = new(With("\"return_url\":\"ftp://x\""), "return_url"),
        ["ReturnUrlRelative"] = new(With("\"return_url\":\"/thanks\""), "return_url"),
        ["UnknownField"] = new(With("\"notifyurl\":\"https://shop.example/ipn\""), "notifyurl"),
        ["ActionField"] = new(With("\"action\":\"finish\""), "action"),
        ["DuplicateField"] = new(Valid().TrimEnd('}') + ",\"amount\":1}", "amount"),
        ["OrderRef1Over255Chars"] = new(With($"\"order_ref_1\":\"{new string('a', 256)}\""), "order_ref_1"),
        ["OrderRef2Over255Chars"] = new(With($"\"order_ref_2\":\"{new string('b', 256)}\""), "order_ref_2"),
        ["OrderRef1Number"] = new(With("\"order_ref_1\":1"), "order_ref_1"),
        ["MalformedJson"] = new("""{"amount":12000,"currency":"EUR",""", null, "invalid_json"),
        ["JsonArray"] = new($"[{Valid()}]", null, "invalid_json"),
        ["EmptyBody"] = new("", null, "invalid_json"),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(backend: backend);
        _merchant = await _server.CreateMerchantAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task CreateCheckout_ValidBody_Answers201WithUuidAndIdentificationForm()
    {
        using var response = await _merchant.PostAsync(CheckoutsPath, Valid());

        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 201, $"Create answered {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(body);
        var uuid = document.RootElement.GetProperty("uuid").GetString()!;
        Assert.True(Guid.TryParseExact(uuid, "D", out _), $"{uuid} is not a GUID");
        Assert.Equal($$"""{"uuid":"{{uuid}}","action":"show_identification_form"}""", body);
        Assert.Equal(1, _server.CountRows("objects"));

        using var wait = await _server.Http.GetAsync(new Uri(_server.BaseUri, $"api/v1/checkout/{uuid}/wait"));
        Assert.Equal(200, (int)wait.StatusCode);
        Assert.Equal("""{"action":"show_identification_form"}""", await wait.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task CreateCheckout_WithoutOrderRefsAndWithLongestOrderRefs_Answers201()
    {
        using (var bare = await _merchant.PostAsync(CheckoutsPath,
            """{"amount":1,"currency":"USD","notify_url":"https://shop.example/ipn","return_url":"http://shop.example/thanks"}"""))
            Assert.Equal(201, (int)bare.StatusCode);

        using (var longest = await _merchant.PostAsync(CheckoutsPath, With($"\"order_ref_1\":\"{new string('a', 255)}\",\"order_ref_2\":\"{new string('b', 255)}\"")))
            Assert.Equal(201, (int)longest.StatusCode);

        Assert.Equal(2, _server.CountRows("objects"));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task CreateCheckout_BadInput_Answers400ProblemNamingFieldAndWritesNothing(string caseName)
    {
        var bad = Cases[caseName];
        var objects = _server.CountRows("objects");

        using var response = await _merchant.PostAsync(CheckoutsPath, bad.Body);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 400, $"{caseName}: expected 400, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(text);
        var problem = document.RootElement;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equal(bad.Code, problem.GetProperty("code").GetString());
        if (bad.Field is null)
            Assert.False(problem.TryGetProperty("field", out _), $"no field expected in {text}");
        else
            Assert.Equal(bad.Field, problem.GetProperty("field").GetString());
        Assert.Equal(objects, _server.CountRows("objects"));
        Assert.Equal(0, _server.CountRows("events"));
    }

    [Fact]
    public async Task CreateCheckout_Unsigned_Answers401AndWritesNothing()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_server.BaseUri, CheckoutsPath.TrimStart('/')))
        {
            Content = new StringContent(Valid(), System.Text.Encoding.UTF8, "application/json"),
        };

        using var response = await _server.Http.SendAsync(request);

        Assert.Equal(401, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, _server.CountRows("objects"));
    }

    [Fact]
    public async Task CreateCheckout_SignedWithWrongSecret_Answers401AndWritesNothing()
    {
        _merchant.ApiSecret = "not-the-secret";

        using var response = await _merchant.PostAsync(CheckoutsPath, Valid());

        Assert.Equal(401, (int)response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("invalid_signature", document.RootElement.GetProperty("code").GetString());
        Assert.Equal(0, _server.CountRows("objects"));
    }

    [Fact]
    public async Task CreateCheckout_Created_AddsNoEvent()
    {
        using var response = await _merchant.PostAsync(CheckoutsPath, Valid());
        Assert.Equal(201, (int)response.StatusCode);

        Assert.Equal(1, _server.CountRows("objects"));
        Assert.Equal(0, _server.CountRows("events"));
        Assert.Equal(0, _server.CountRows("deliveries"));
    }

    private static string Valid() => Body(ValidFields);

    /// The valid body with one field left out.
    private static string Without(string field) => Body(ValidFields.Where(f => f.Name != field));

    /// The valid body with the given "name":value text appended (or, for a field of the valid body, replacing it).
    private static string With(string fields)
    {
        var names = fields.Split(',').Select(f => f.Split(':')[0].Trim('"')).ToHashSet();
        return "{" + string.Join(",", ValidFields.Where(f => !names.Contains(f.Name)).Select(f => $"\"{f.Name}\":{f.Json}").Append(fields)) + "}";
    }

    private static string Body(IEnumerable<(string Name, string Json)> fields) =>
        "{" + string.Join(",", fields.Select(f => $"\"{f.Name}\":{f.Json}")) + "}";
}

public sealed class CreateCheckoutTestsOnSqlite() : CreateCheckoutTests(Backend.Sqlite);

public sealed class CreateCheckoutTestsOnPostgres() : CreateCheckoutTests(Backend.Postgres);
