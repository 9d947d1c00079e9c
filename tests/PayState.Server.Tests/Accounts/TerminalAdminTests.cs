using System.Net;
using System.Text.Json;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Accounts;

/// PATCH /admin/v1/terminals/{terminal_uuid}: a terminal disabled refuses its API key (401 terminal_disabled) until
/// it is enabled again; the body is read like every admin body (unknown members refused by name).
public abstract class TerminalAdminTests(Backend backend) : MerchantTestBase(backend)
{
    [Fact]
    public async Task Disable_ApiKeyRefused401_EnableAgain_Accepted()
    {
        using var disabled = await PatchAsync(Merchant.TerminalUuid, """{"disabled":true}""");
        using var refused = await Merchant.PostAsync("/api/public/v1/acquiring/order", """{"amount":300,"currency":"USDT","network":"ethereum"}""");
        using var refusedRead = await Merchant.GetAsync("/api/v1/events");
        using var enabled = await PatchAsync(Merchant.TerminalUuid, """{"disabled":false}""");
        using var accepted = await Merchant.GetAsync("/api/v1/events");

        var terminal = await JsonAsync(disabled, 200);
        Assert.Equal(Merchant.TerminalUuid, terminal.GetProperty("terminal_uuid").GetString());
        Assert.Equal(Merchant.MerchantId, terminal.GetProperty("merchant_id").GetString());
        Assert.True(terminal.GetProperty("disabled").GetBoolean());
        Assert.False(terminal.TryGetProperty("api_secret", out _));
        Assert.False(terminal.TryGetProperty("webhook_secret", out _));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("terminal_disabled", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, refusedRead.StatusCode);
        Assert.False((await JsonAsync(enabled, 200)).GetProperty("disabled").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(0, Server.CountRows("objects"));
    }

    [Fact]
    public async Task Disable_OneTerminal_OtherTerminalsOfTheMerchantStillWork()
    {
        var second = await Server.CreateTerminalAsync(Merchant.MerchantId);

        using var disabled = await PatchAsync(Merchant.TerminalUuid, """{"disabled":true}""");
        using var other = await second.GetAsync("/api/v1/events");

        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Disable_AfterRestart_StillDisabled()
    {
        using var disabled = await PatchAsync(Merchant.TerminalUuid, """{"disabled":true}""");

        await Server.RestartAsync();
        using var refused = await Merchant.GetAsync("/api/v1/events");

        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Theory]
    [InlineData("""{"disabled":true,"colour":"red"}""", "colour")]
    [InlineData("""{"disabled":"yes"}""", "disabled")]
    [InlineData("""{"disabled":null}""", "disabled")]
    public async Task Patch_InvalidBody_Answers400NamingTheMemberAndChangesNothing(string body, string field)
    {
        using var response = await PatchAsync(Merchant.TerminalUuid, body);

        await ProblemAssert.InvalidRequestAsync(response, field);
        using var stillWorks = await Merchant.GetAsync("/api/v1/events");
        Assert.Equal(HttpStatusCode.OK, stillWorks.StatusCode);
    }

    [Fact]
    public async Task Patch_EmptyObject_ChangesNothing()
    {
        using var response = await PatchAsync(Merchant.TerminalUuid, "{}");

        Assert.False((await JsonAsync(response, 200)).GetProperty("disabled").GetBoolean());
    }

    [Fact]
    public async Task Patch_UnknownTerminal_Answers404()
    {
        using var response = await PatchAsync(Guid.NewGuid().ToString(), """{"disabled":true}""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Patch_WithoutAdminToken_Answers401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, new Uri(Server.BaseUri, $"admin/v1/terminals/{Merchant.TerminalUuid}"))
        {
            Content = new StringContent("""{"disabled":true}""", System.Text.Encoding.UTF8, "application/json"),
        };

        using var response = await Server.Http.SendAsync(request);
        using var stillWorks = await Merchant.GetAsync("/api/v1/events");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillWorks.StatusCode);
    }

    private Task<HttpResponseMessage> PatchAsync(string terminal, string body) =>
        Server.AdminAsync(HttpMethod.Patch, $"admin/v1/terminals/{terminal}", body);

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}

public sealed class TerminalAdminTestsOnSqlite() : TerminalAdminTests(Backend.Sqlite);

public sealed class TerminalAdminTestsOnPostgres() : TerminalAdminTests(Backend.Postgres);
