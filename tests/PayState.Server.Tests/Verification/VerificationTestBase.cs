using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Verification;

/// Spec section 5's verification sessions on a started server: the statuses, the transition table, and the calls the
/// session tests share (create, read, move, reach a status, wait for the timer loop's change).
public abstract class VerificationTestBase(Backend backend) : IAsyncLifetime
{
    protected const string Active = "ACTIVE";
    protected const string AwaitingUserInput = "AWAITING_USER_INPUT";
    protected const string OngoingVerification = "ONGOING_VERIFICATION";
    protected const string Completed = "COMPLETED";
    protected const string Failed = "FAILED";
    protected const string SessionsPath = "/api/v1/piv/sessions";

    protected static readonly string[] Statuses = [Active, AwaitingUserInput, OngoingVerification, Completed, Failed];

    protected static readonly HashSet<(string From, string To)> TableMoves =
    [
        (Active, AwaitingUserInput), (Active, OngoingVerification), (AwaitingUserInput, OngoingVerification),
        (OngoingVerification, AwaitingUserInput), (OngoingVerification, Completed),
        (Active, Failed), (AwaitingUserInput, Failed), (OngoingVerification, Failed),
    ];

    protected TestServer Server { get; private set; } = null!;
    protected MerchantClient Merchant { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await TestServer.StartAsync(backend: backend);
        Merchant = await Server.CreateMerchantAsync("PIV shop");
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    protected async Task<string> CreateSessionAsync(int? expiresIn = null)
    {
        var body = expiresIn is { } seconds ? $$"""{"customerId":"c-123","expiresIn":{{seconds}}}""" : """{"customerId":"c-123"}""";
        using var response = await Merchant.PostAsync(SessionsPath, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Create answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("sessionId").GetString()!;
    }

    protected async Task<(int Status, byte[] Body)> GetSessionAsync(string id)
    {
        using var response = await Merchant.GetAsync($"{SessionsPath}/{id}");
        return ((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync());
    }

    protected Task<HttpResponseMessage> MoveAsync(string id, string body) =>
        Server.ProcessorAsync($"processor/v1/piv/sessions/{id}/status", body);

    protected async Task MoveOkAsync(string id, string status, string? reason = null)
    {
        var body = reason is null ? $$"""{"sessionStatus":"{{status}}"}""" : $$"""{"sessionStatus":"{{status}}","statusReason":"{{reason}}"}""";
        using var response = await MoveAsync(id, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Moving {id} to {status} answered {(int)response.StatusCode}: {text}");
    }

    /// A new session brought to status by allowed moves only.
    protected async Task<string> ReachAsync(string status)
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
    protected async Task AssertRefusedAsync(string id, string body, string field)
    {
        var (_, before) = await GetSessionAsync(id);
        var events = Server.CountRows("events");

        using var response = await MoveAsync(id, body);

        await ProblemAssert.InvalidRequestAsync(response, field);
        Assert.Equal(before, (await GetSessionAsync(id)).Body);
        Assert.Equal(events, Server.CountRows("events"));
    }

    /// The session once the timer loop's background change has made it status.
    protected async Task<byte[]> WaitForStatusAsync(string id, string status)
    {
        var body = Array.Empty<byte>();
        await Eventually.HoldsAsync(
            async () =>
            {
                (var code, body) = await GetSessionAsync(id);
                Assert.Equal(200, code);
                return StatusOf(body) == status;
            },
            $"session {id} is {status}");
        return body;
    }

    /// The session document as it must read after a move: same id, customer and times, the new status,
    /// statusReason (only when FAILED) right after it.
    protected static string Rewrite(byte[] before, string status, string? reason)
    {
        var s = JsonDocument.Parse(before).RootElement;
        var reasonField = reason is null ? "" : ",\"statusReason\":\"" + reason + "\"";
        return $$"""{"sessionId":"{{s.GetProperty("sessionId").GetString()}}","customerId":"{{s.GetProperty("customerId").GetString()}}","sessionStatus":"{{status}}"{{reasonField}},"createdAt":"{{s.GetProperty("createdAt").GetString()}}","expiresAt":"{{s.GetProperty("expiresAt").GetString()}}"}""";
    }

    /// Called from a fake-clock timer callback, which must not return before the call is done.
    protected static (HttpStatusCode, string) MoveBlocking(TestServer server, string id, string body)
    {
        using var response = server.ProcessorAsync($"processor/v1/piv/sessions/{id}/status", body).GetAwaiter().GetResult();
        return (response.StatusCode, response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
    }

    protected static string? StatusOf(byte[] body) => JsonDocument.Parse(body).RootElement.GetProperty("sessionStatus").GetString();

    protected static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, JsonDocument.Parse(text).RootElement.GetProperty("code").GetString());
    }
}
