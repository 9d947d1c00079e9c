using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Npgsql;
using PayState.Server.Accounts;

namespace PayState.Bench;

/// N status changes committed through the processor API as fast as they are accepted, and the time until the
/// receiver holds all N webhooks.
public static class DeliveryRun
{
    private const int Concurrency = 64;

    public sealed record Result(string Setup, int Changes, double AcceptedPerSecond, double DeliveredPerSecond, int Duplicates);

    public static async Task<Result> MeasureAsync(string setup, int changes, string? database, int processes)
    {
        var schema = $"bench_{Guid.NewGuid():N}";
        var location = database is null ? Path.Combine(Path.GetTempPath(), $"paystate-bench-{Guid.NewGuid():N}.db") : $"{database};Search Path={schema}";
        await using var receiver = await Receiver.StartAsync();
        var nodes = new List<ServerNode>();
        for (var i = 0; i < processes; i++) nodes.Add(await ServerNode.StartAsync(location));
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Concurrency });
        try
        {
            var (key, secret) = await TerminalAsync(http, nodes[0].BaseUri);
            var orders = new string[changes];
            await Parallel.ForAsync(0, changes, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (i, _) =>
                orders[i] = await CreateOrderAsync(http, nodes[i % nodes.Count].BaseUri, key, secret, receiver.Url));

            var clock = Stopwatch.StartNew();
            await Parallel.ForAsync(0, changes, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (i, ct) =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(nodes[i % nodes.Count].BaseUri, $"processor/v1/acquiring/order/{orders[i]}/status"))
                {
                    Content = new StringContent("""{"status":"Pending"}""", Encoding.UTF8, "application/json"),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.Processor);
                using var response = await http.SendAsync(request, ct);
                response.EnsureSuccessStatusCode();
            });
            var accepted = clock.Elapsed;
            await receiver.WaitForAsync(changes, TimeSpan.FromMinutes(5));
            var delivered = clock.Elapsed;
            await Task.Delay(300);
            var result = new Result(setup, changes, changes / accepted.TotalSeconds, changes / delivered.TotalSeconds, receiver.Received - receiver.Distinct);
            Console.WriteLine($"{setup}: {changes} changes accepted in {accepted.TotalSeconds:0.00} s, delivered in {delivered.TotalSeconds:0.00} s");
            return result;
        }
        finally
        {
            foreach (var node in nodes) await node.DisposeAsync();
            if (database is not null) await DropSchemaAsync(database, schema);
            else foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(location + suffix);
        }
    }

    private static async Task<(string Key, string Secret)> TerminalAsync(HttpClient http, Uri server)
    {
        var merchant = await AdminAsync(http, new Uri(server, "admin/v1/merchants"), """{"name":"Bench"}""");
        var terminal = await AdminAsync(http, new Uri(server, $"admin/v1/merchants/{merchant.GetProperty("id").GetString()}/terminals"), "");
        return (terminal.GetProperty("api_key").GetString()!, terminal.GetProperty("api_secret").GetString()!);
    }

    private static async Task<JsonElement> AdminAsync(HttpClient http, Uri uri, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.Admin);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static async Task<string> CreateOrderAsync(HttpClient http, Uri server, string key, string secret, string webhookUrl)
    {
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { amount = 300, currency = "USDT", network = "ethereum", webhook_url = webhookUrl }));
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, "api/public/v1/acquiring/order")) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Api-Key", key);
        request.Headers.Add("X-Timestamp", timestamp);
        request.Headers.Add("X-Signature", RequestSignature.ComputeHex(secret, timestamp, "POST", "/api/public/v1/acquiring/order", body));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("data").GetProperty("uuid").GetString()!;
    }

    private static async Task DropSchemaAsync(string database, string schema)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }
}
