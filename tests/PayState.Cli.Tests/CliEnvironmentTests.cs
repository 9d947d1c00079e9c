using System.Text.Json;
using PayState.Server.Tests.Support;

namespace PayState.Cli.Tests;

/// PAYSTATE_URL, PAYSTATE_API_KEY, PAYSTATE_API_SECRET and PAYSTATE_PROCESSOR_TOKEN, given through Cli.RunAsync's
/// environment parameter (the test process's own environment is never changed).
public sealed class CliEnvironmentTests : CliTestBase
{
    private Dictionary<string, string> Environment() => new()
    {
        ["PAYSTATE_URL"] = Runner.Url,
        ["PAYSTATE_API_KEY"] = Runner.Merchant.ApiKey,
        ["PAYSTATE_API_SECRET"] = Runner.Merchant.ApiSecret,
        ["PAYSTATE_PROCESSOR_TOKEN"] = TestServer.ProcessorToken,
    };

    [Fact]
    public async Task Environment_AloneConfiguresMerchantAndProcessorCommands()
    {
        var created = await CliRunner.RunRawAsync(["orders", "create", "--amount", "300", "--currency", "USDT", "--network", "ethereum", "--json"], Environment());
        Assert.True(created.ExitCode == 0, created.ToString());
        var uuid = JsonDocument.Parse(created.Output).RootElement.GetProperty("data").GetProperty("uuid").GetString()!;

        var moved = await CliRunner.RunRawAsync(["trigger", "order", uuid, "Pending", "--json"], Environment());

        Assert.True(moved.ExitCode == 0, moved.ToString());
        Assert.Equal("Pending", JsonDocument.Parse(moved.Output).RootElement.GetProperty("data").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Flags_OverrideEveryVariable()
    {
        var wrong = new Dictionary<string, string>
        {
            ["PAYSTATE_URL"] = FakeReceiver.UnreachableUrl(),
            ["PAYSTATE_API_KEY"] = "pk_from_env",
            ["PAYSTATE_API_SECRET"] = "sk_from_env",
            ["PAYSTATE_PROCESSOR_TOKEN"] = "prc_from_env",
        };
        string[] flags = ["--url", Runner.Url, "--api-key", Runner.Merchant.ApiKey, "--api-secret", Runner.Merchant.ApiSecret, "--processor-token", TestServer.ProcessorToken];

        var created = await CliRunner.RunRawAsync(["orders", "create", "--amount", "300", "--currency", "USDT", "--network", "ethereum", "--json", .. flags], wrong);
        Assert.True(created.ExitCode == 0, created.ToString());
        var uuid = JsonDocument.Parse(created.Output).RootElement.GetProperty("data").GetProperty("uuid").GetString()!;
        var moved = await CliRunner.RunRawAsync(["trigger", "order", uuid, "Pending", .. flags], wrong);

        Assert.True(moved.ExitCode == 0, moved.ToString());
    }

    [Fact]
    public async Task OneFlag_OverridesItsVariable_TheOthersStillComeFromTheEnvironment()
    {
        var environment = Environment();
        environment["PAYSTATE_API_SECRET"] = "sk_wrong";

        var wrongSecret = await CliRunner.RunRawAsync(["events", "tail", "--once"], environment);
        var fixedByFlag = await CliRunner.RunRawAsync(["events", "tail", "--once", "--api-secret", Runner.Merchant.ApiSecret], environment);

        Assert.Equal(1, wrongSecret.ExitCode);
        Assert.StartsWith("error: 401 invalid_signature", wrongSecret.Error, StringComparison.Ordinal);
        Assert.True(fixedByFlag.ExitCode == 0, fixedByFlag.ToString());
    }

    [Theory]
    [InlineData("PAYSTATE_API_KEY", "no API key: pass --api-key or set PAYSTATE_API_KEY.")]
    [InlineData("PAYSTATE_API_SECRET", "no API secret: pass --api-secret or set PAYSTATE_API_SECRET.")]
    public async Task MissingCredential_Exits1WithOneClearLine(string variable, string message)
    {
        var environment = Environment();
        environment.Remove(variable);

        var result = await CliRunner.RunRawAsync(["orders", "get", Guid.NewGuid().ToString()], environment);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"error: {message}{System.Environment.NewLine}", result.Error);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public async Task MissingProcessorToken_Exits1WithOneClearLine()
    {
        var environment = Environment();
        environment.Remove("PAYSTATE_PROCESSOR_TOKEN");

        var result = await CliRunner.RunRawAsync(["trigger", "order", Guid.NewGuid().ToString(), "Paid"], environment);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"error: no processor token: pass --processor-token or set PAYSTATE_PROCESSOR_TOKEN.{System.Environment.NewLine}", result.Error);
    }

    [Fact]
    public async Task EmptyVariable_CountsAsUnset()
    {
        var environment = Environment();
        environment["PAYSTATE_API_KEY"] = "";

        var result = await CliRunner.RunRawAsync(["orders", "get", Guid.NewGuid().ToString()], environment);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("PAYSTATE_API_KEY", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadUrlVariable_Exits1NamingIt()
    {
        var environment = Environment();
        environment["PAYSTATE_URL"] = "ftp://example.com";

        var result = await CliRunner.RunRawAsync(["orders", "get", Guid.NewGuid().ToString()], environment);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"error: --url (or PAYSTATE_URL) must be an http(s) URL, not 'ftp://example.com'.{System.Environment.NewLine}", result.Error);
    }
}
