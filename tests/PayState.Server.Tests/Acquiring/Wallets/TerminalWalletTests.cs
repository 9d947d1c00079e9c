using System.Net;
using System.Text.Json;
using NBitcoin;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Acquiring.Wallets;

/// PATCH /admin/v1/terminals/{id} with wallet keys, and the addresses orders get from them: child 0/n of the key,
/// each index once, across restarts; production refuses an order on a network without a key.
public abstract class TerminalWalletTests(Backend backend) : IAsyncLifetime
{
    private const string Mnemonic = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
    private static readonly ExtKey Master = new Mnemonic(Mnemonic).DeriveExtKey();
    private static readonly string EthereumKey = Master.Derive(new KeyPath("m/44'/60'/0'")).Neuter().ToString(Network.Main);
    private static readonly string TronKey = Master.Derive(new KeyPath("m/44'/195'/0'")).Neuter().ToString(Network.Main);

    private TestServer _server = null!;
    private MerchantClient _merchant = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(backend: backend);
        _merchant = await _server.CreateMerchantAsync();
    }

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    [Fact]
    public async Task Patch_SetsTheKey_OrdersGetTheChildrenAt0SlashN()
    {
        var answer = await PatchOkAsync(new { wallets = new { ethereum = new { xpub = EthereumKey, confirmations = 6 } } });

        Assert.Equal(EthereumKey, answer.GetProperty("wallets").GetProperty("ethereum").GetProperty("xpub").GetString());
        Assert.Equal(6, answer.GetProperty("wallets").GetProperty("ethereum").GetProperty("confirmations").GetInt32());
        Assert.Equal("0x9858EfFD232B4033E47d90003D41EC34EcaEda94", Address(await _merchant.CreateOrderAsync()));
        Assert.Equal(Derived(60, 1), Address(await _merchant.CreateOrderAsync()));
    }

    [Fact]
    public async Task Patch_DisabledAndAWalletInOneRequest_BothApplied_TheAnswerShowsBoth()
    {
        var answer = await PatchOkAsync(new { disabled = true, wallets = new { ethereum = new { xpub = EthereumKey } } });

        Assert.True(answer.GetProperty("disabled").GetBoolean());
        Assert.Equal(EthereumKey, answer.GetProperty("wallets").GetProperty("ethereum").GetProperty("xpub").GetString());
        var enabled = await PatchOkAsync(new { disabled = false });
        Assert.False(enabled.GetProperty("disabled").GetBoolean());
        Assert.Equal(EthereumKey, enabled.GetProperty("wallets").GetProperty("ethereum").GetProperty("xpub").GetString());
        Assert.Equal("0x9858EfFD232B4033E47d90003D41EC34EcaEda94", Address(await _merchant.CreateOrderAsync()));
    }

    [Fact]
    public async Task Patch_DisabledWithAnInvalidWallet_400_TheTerminalStaysEnabled()
    {
        using var response = await _server.AdminAsync(HttpMethod.Patch, $"admin/v1/terminals/{_merchant.TerminalUuid}",
            """{"disabled":true,"wallets":{"ethereum":{"xpub":"xpub-not-a-key"}}}""");

        await ProblemAssert.InvalidRequestAsync(response, "wallets.ethereum.xpub");
        Assert.False((await PatchOkAsync(new { })).GetProperty("disabled").GetBoolean());
        Assert.Equal(0, _server.CountRows("terminal_wallets"));
    }

    [Fact]
    public async Task Patch_NullRemovesTheKey_SettingItAgainNeverReusesAnIndex()
    {
        await PatchOkAsync(new { wallets = new { ethereum = new { xpub = EthereumKey } } });
        await _merchant.CreateOrderAsync();

        var removed = await PatchOkAsync(JsonDocument.Parse("""{"wallets":{"ethereum":null}}""").RootElement);
        Assert.Empty(removed.GetProperty("wallets").EnumerateObject());
        Assert.NotEqual(Derived(60, 1), Address(await _merchant.CreateOrderAsync()));

        await PatchOkAsync(new { wallets = new { ethereum = new { xpub = EthereumKey } } });
        Assert.Equal(Derived(60, 1), Address(await _merchant.CreateOrderAsync()));
    }

    [Fact]
    public async Task Patch_TronKey_TronOrdersGetTronAddressesOfTheSameKeys()
    {
        await PatchOkAsync(new { wallets = new { tron = new { xpub = TronKey } } });

        var order = await _merchant.CreateOrderAsync(new { amount = 5, currency = "USDT", network = "tron" });

        Assert.Equal("TUEZSdKsoDHQMeZwihtdoBiN46zxhGWYdH", Address(order));
    }

    [Fact]
    public async Task Patch_PrivateKey_RefusedWithoutRepeatingIt()
    {
        var secret = Master.Derive(new KeyPath("m/44'/60'/0'")).ToString(Network.Main);

        using var response = await _server.AdminAsync(HttpMethod.Patch, $"admin/v1/terminals/{_merchant.TerminalUuid}",
            JsonSerializer.Serialize(new { wallets = new { ethereum = new { xpub = secret } } }));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("private key", text, StringComparison.Ordinal);
        Assert.DoesNotContain(secret[4..20], text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patch_KeyHeldByAnotherTerminal_409_NothingWritten()
    {
        await PatchOkAsync(new { wallets = new { ethereum = new { xpub = EthereumKey } } });
        var other = await _server.CreateTerminalAsync(_merchant.MerchantId);

        using var response = await _server.AdminAsync(HttpMethod.Patch, $"admin/v1/terminals/{other.TerminalUuid}",
            JsonSerializer.Serialize(new { wallets = new { ethereum = new { xpub = EthereumKey } } }));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("xpub_in_use", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
        Assert.Equal(1, _server.CountRows("terminal_wallets"));
    }

    [Fact]
    public async Task Patch_UnknownTerminal_404()
    {
        using var response = await _server.AdminAsync(HttpMethod.Patch, $"admin/v1/terminals/{Guid.NewGuid()}", """{"wallets":{}}""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Production_OrderOnANetworkWithoutKey_409SayingWhatToSet_NothingWritten()
    {
        await _server.RestartAsync(new Dictionary<string, string?> { ["PAYSTATE_SANDBOX"] = "false" });

        using var response = await _merchant.PostAsync("/api/public/v1/acquiring/order", """{"amount":300,"currency":"USDT","network":"ethereum"}""");
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("wallet_not_configured", error.GetProperty("code").GetString());
        Assert.Contains($"PATCH /admin/v1/terminals/{_merchant.TerminalUuid}", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, _server.CountRows("objects"));
    }

    [Fact]
    public async Task Production_WithAKey_DerivedAddresses_TheCountSurvivesARestart()
    {
        await _server.RestartAsync(new Dictionary<string, string?> { ["PAYSTATE_SANDBOX"] = "false" });
        await PatchOkAsync(new { wallets = new { ethereum = new { xpub = EthereumKey } } });
        await _merchant.CreateOrderAsync();
        await _merchant.CreateOrderAsync();

        await _server.RestartAsync();

        Assert.Equal(Derived(60, 2), Address(await _merchant.CreateOrderAsync()));
    }

    private async Task<JsonElement> PatchOkAsync(object body)
    {
        using var response = await _server.AdminAsync(HttpMethod.Patch, $"admin/v1/terminals/{_merchant.TerminalUuid}", JsonSerializer.Serialize(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"PATCH answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static string Address(JsonElement order) => order.GetProperty("wallet").GetProperty("wallet_address").GetString()!;

    /// The address of m/44'/coin'/0'/0/n, derived from the private master key: what the merchant's wallet shows.
    private static string Derived(int coin, int n) =>
        PayState.Server.Acquiring.Wallets.NetworkAddress.Of("ethereum",
            PayState.Server.Acquiring.Wallets.AccountPublicKey.AccountBytesOf(Master.Derive(new KeyPath($"m/44'/{coin}'/0'/0/{n}")).PrivateKey.PubKey));
}

public sealed class TerminalWalletTestsOnSqlite() : TerminalWalletTests(Backend.Sqlite);

public sealed class TerminalWalletTestsOnPostgres() : TerminalWalletTests(Backend.Postgres);

/// The PATCH body's checks, made before anything is read or written: on one backend.
public sealed class TerminalPatchValidationTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private MerchantClient _merchant = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _merchant = await _server.CreateMerchantAsync();
    }

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"colour":"red"}""", "colour" },
        { """{"wallets":null}""", "wallets" },
        { """{"wallets":[]}""", "wallets" },
        { """{"wallets":{"bitcoin":{"xpub":"x"}}}""", "wallets.bitcoin" },
        { """{"wallets":{"ethereum":"xpub"}}""", "wallets.ethereum" },
        { """{"wallets":{"ethereum":{"xpub":"xpub-not-a-key"}}}""", "wallets.ethereum.xpub" },
        { """{"wallets":{"ethereum":{"xpub":5}}}""", "wallets.ethereum.xpub" },
        { """{"wallets":{"ethereum":{"xpub":"xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8"}}}""", "wallets.ethereum.xpub" },
        { """{"wallets":{"ethereum":{"confirmations":0}}}""", "wallets.ethereum.confirmations" },
        { """{"wallets":{"ethereum":{"confirmations":"six"}}}""", "wallets.ethereum.confirmations" },
        { """{"wallets":{"ethereum":{"xpub":null,"label":"x"}}}""", "wallets.ethereum.label" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Patch_InvalidBody_400NamingTheField_NothingWritten(string body, string field)
    {
        using var response = await _server.AdminAsync(HttpMethod.Patch, $"admin/v1/terminals/{_merchant.TerminalUuid}", body);

        await ProblemAssert.InvalidRequestAsync(response, field);
        Assert.Equal(0, _server.CountRows("terminal_wallets"));
    }
}

