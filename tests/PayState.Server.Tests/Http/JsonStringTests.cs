using System.Text;
using System.Text.Json;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Http;

/// A JSON string that is not text (invalid UTF-8, a lone surrogate) or holds a NUL is refused with 400
/// invalid_request naming the field, on every create, admin and processor endpoint, and nothing is written;
/// valid text in external_data comes back byte for byte.
public abstract class JsonStringTests(Backend backend) : MerchantTestBase(backend)
{
    private const string Bad = "§";

    /// Not text: a byte that never starts a UTF-8 sequence, an escaped lone surrogate, an escaped NUL.
    public static readonly (string Name, byte[] Bytes)[] Badness =
    [
        ("invalid UTF-8", [0xC3, 0x28, 0xFF]),
        ("lone surrogate", Encoding.ASCII.GetBytes("\\ud800")),
        ("NUL", Encoding.ASCII.GetBytes("\\u0000")),
    ];

    [Fact]
    public async Task EveryEndpoint_BadStringInAField_Answers400NamingItAndWritesNothing()
    {
        var order = (await Merchant.CreateOrderAsync()).GetProperty("uuid").GetString()!;
        var checkout = await Merchant.CreateCheckoutAsync();
        var session = await CreateSessionAsync();
        var cases = new (string Who, HttpMethod Method, string Path, string Template, string Field)[]
        {
            ("merchant", HttpMethod.Post, "/api/public/v1/acquiring/order", """{"amount":300,"currency":"USDT","network":"ethereum","external_order_id":"o-§"}""", "external_order_id"),
            ("merchant", HttpMethod.Post, "/api/public/v1/acquiring/order", """{"amount":300,"currency":"USDT","network":"ethereum","external_data":{"note":"n-§"}}""", "external_data.note"),
            ("merchant", HttpMethod.Post, "/api/public/v1/acquiring/order", """{"amount":300,"currency":"USDT","network":"ethereum","external_data":{"list":["ok","n-§"]}}""", "external_data.list[1]"),
            ("merchant", HttpMethod.Post, "/api/v1/checkouts", """{"order_ref_1":"r-§","amount":100,"currency":"EUR","notify_url":"http://127.0.0.1:9/ipn","return_url":"https://shop.example/back"}""", "order_ref_1"),
            ("merchant", HttpMethod.Post, "/api/v1/piv/sessions", """{"customerId":"c-§"}""", "customerId"),
            ("admin", HttpMethod.Post, "admin/v1/merchants", """{"name":"Shop §"}""", "name"),
            ("admin", HttpMethod.Patch, $"admin/v1/merchants/{Merchant.MerchantId}", """{"webhook_params":{"shop":"s-§"}}""", "webhook_params.shop"),
            ("admin", HttpMethod.Patch, $"admin/v1/merchants/{Merchant.MerchantId}", """{"webhook_params":{"s-§":"shop"}}""", "webhook_params"),
            ("admin", HttpMethod.Patch, $"admin/v1/terminals/{Merchant.TerminalUuid}", """{"disabled":true,"x-§":1}""", ""),
            ("processor", HttpMethod.Post, $"processor/v1/acquiring/order/{order}/status", """{"status":"Pending§"}""", "status"),
            ("processor", HttpMethod.Post, $"processor/v1/checkout/{checkout}/action", """{"action":"show_on_hold","return_url":"https://shop.example/§"}""", "return_url"),
            ("processor", HttpMethod.Post, $"processor/v1/piv/sessions/{session}/status", """{"sessionStatus":"FAILED","statusReason":"R§"}""", "statusReason"),
        };
        var failures = new List<string>();

        foreach (var (who, method, path, template, field) in cases)
        {
            foreach (var (name, bytes) in Badness)
            {
                var before = Counts();
                using var response = await SendAsync(who, method, path, Splice(template, bytes));
                var problem = await ProblemOfAsync(response, field);
                if (problem is not null) failures.Add($"{method} {path} with {name} in {field}: {problem}");
                if (Counts() != before) failures.Add($"{method} {path} with {name} wrote something");
                Server.Clock.Advance(TimeSpan.FromSeconds(1));
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.False(await TerminalDisabledAsync());
    }

    [Fact]
    public async Task ExternalData_AnyValidText_ComesBackByteForByte()
    {
        const string data = """{"note":"café 😀 中文 \u00e9 \/ \"q\" \ud83d\ude00","n":[1,2.50,1e3,-0.0],"deep":{"a":null,"b":true}}""";
        var body = $$"""{"amount":300,"currency":"USDT","network":"ethereum","external_data":{{data}}}""";

        using var created = await Merchant.PostAsync("/api/public/v1/acquiring/order", body);
        var answer = await created.Content.ReadAsByteArrayAsync();
        var uuid = JsonDocument.Parse(answer).RootElement.GetProperty("data").GetProperty("uuid").GetString()!;
        var (_, read) = await Merchant.GetOrderAsync(uuid);

        Assert.Equal(201, (int)created.StatusCode);
        Assert.Contains($"\"external_data\":{data},", Encoding.UTF8.GetString(answer), StringComparison.Ordinal);
        Assert.Contains($"\"external_data\":{data},", Encoding.UTF8.GetString(read), StringComparison.Ordinal);
    }

    private static byte[] Splice(string template, byte[] bad)
    {
        var at = template.IndexOf(Bad, StringComparison.Ordinal);
        return [.. Encoding.UTF8.GetBytes(template[..at]), .. bad, .. Encoding.UTF8.GetBytes(template[(at + Bad.Length)..])];
    }

    private Task<HttpResponseMessage> SendAsync(string who, HttpMethod method, string path, byte[] body) => who switch
    {
        "merchant" => Merchant.SendAsync(method, path, body),
        "admin" => Server.BearerAsync(method, path, body, TestServer.AdminToken),
        _ => Server.BearerAsync(method, path, body, TestServer.ProcessorToken),
    };

    /// What is wrong with the answer, or null when it is a 400 invalid_request naming the field.
    private static async Task<string?> ProblemOfAsync(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != 400) return $"answered {(int)response.StatusCode}: {text}";
        var root = JsonDocument.Parse(text).RootElement;
        var acquiring = root.TryGetProperty("error", out var error);
        var code = (acquiring ? error.GetProperty("code") : root.GetProperty("code")).GetString();
        var message = (acquiring ? error.GetProperty("message") : root.GetProperty("detail")).GetString()!;
        if (code != "invalid_request") return $"code {code}: {text}";
        if (!message.StartsWith(field, StringComparison.Ordinal)) return $"the message does not start with {field}: {text}";
        return null;
    }

    private (long, long, long, long) Counts() =>
        (Server.CountRows("objects"), Server.CountRows("events"), Server.CountRows("merchants"), Server.CountRows("idempotency_keys"));

    private async Task<string> CreateSessionAsync()
    {
        using var response = await Merchant.PostAsync("/api/v1/piv/sessions", """{"customerId":"c-1"}""");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("sessionId").GetString()!;
    }

    private async Task<bool> TerminalDisabledAsync()
    {
        using var response = await Merchant.GetAsync("/api/v1/events");
        return (int)response.StatusCode == 401;
    }
}

public sealed class JsonStringTestsOnSqlite() : JsonStringTests(Backend.Sqlite);

public sealed class JsonStringTestsOnPostgres() : JsonStringTests(Backend.Postgres);
