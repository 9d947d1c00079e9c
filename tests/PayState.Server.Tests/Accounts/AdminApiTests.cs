using System.Net;
using System.Text.Json;
using PayState.Server.Http;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Accounts;

public abstract class AdminApiTests(Backend backend) : IAsyncLifetime
{
    private static readonly string[] MerchantFields =
        ["id", "name", "send_action_events_in_identification", "events_webhook", "piv_events_url", "webhook_params"];

    private static readonly string[] CredentialFields = ["terminal_uuid", "api_key", "api_secret", "webhook_secret"];

    private TestServer _server = null!;
    private FakeReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(backend: backend);
        _receiver = await FakeReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    public static TheoryData<string, string> InvalidCreateBodies => new()
    {
        { """{}""", "name" },
        { """{"name":null}""", "name" },
        { """{"name":"   "}""", "name" },
        { """{"name":""}""", "name" },
        { """{"name":5}""", "name" },
        { $$"""{"name":"{{new string('n', 256)}}"}""", "name" },
        { """{"name":"Shop","colour":"red"}""", "colour" },
        { """{"name":"Shop","send_action_events_in_identification":"yes"}""", "send_action_events_in_identification" },
        { """{"name":"Shop","events_webhook":"not a url"}""", "events_webhook" },
        { """{"name":"Shop","events_webhook":"ftp://example.com/x"}""", "events_webhook" },
        { """{"name":"Shop","piv_events_url":"https://example.com/hooks"}""", "piv_events_url" },
        { """{"name":"Shop","piv_events_url":"https://example.com/piv/events/more"}""", "piv_events_url" },
        { """{"name":"Shop","webhook_params":"a=b"}""", "webhook_params" },
        { """{"name":"Shop","webhook_params":["a"]}""", "webhook_params" },
        { """{"name":"Shop","webhook_params":{"a":"b","k":1}}""", "webhook_params" },
        { """{"name":"Shop","webhook_params":{"k":{"nested":"x"}}}""", "webhook_params" },
    };

    public static TheoryData<string> PrivateTargets => new()
    {
        "http://127.0.0.1/x",
        "http://localhost/x",
        "http://10.0.0.1/x",
        "http://192.168.1.1/x",
        "http://169.254.169.254/x",
        "http://[::1]/x",
    };

    [Fact]
    public async Task CreateMerchant_NameOnly_Answers201WithDefaultOptions()
    {
        using var response = await _server.AdminAsync(HttpMethod.Post, "admin/v1/merchants", """{"name":"Acme"}""");
        var merchant = await JsonAsync(response, 201);

        Assert.Equal(MerchantFields, merchant.EnumerateObject().Select(p => p.Name).Where(MerchantFields.Contains));
        Assert.False(string.IsNullOrWhiteSpace(merchant.GetProperty("id").GetString()));
        Assert.Equal("Acme", merchant.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.False, merchant.GetProperty("send_action_events_in_identification").ValueKind);
        Assert.Equal(JsonValueKind.Null, merchant.GetProperty("events_webhook").ValueKind);
        Assert.Equal(JsonValueKind.Null, merchant.GetProperty("piv_events_url").ValueKind);
        Assert.Equal(JsonValueKind.Object, merchant.GetProperty("webhook_params").ValueKind);
        Assert.Empty(merchant.GetProperty("webhook_params").EnumerateObject());
    }

    [Fact]
    public async Task CreateMerchant_TwoMerchants_GetDistinctIds()
    {
        var first = await CreateAsync("""{"name":"One"}""");
        var second = await CreateAsync("""{"name":"One"}""");

        Assert.NotEqual(first.GetProperty("id").GetString(), second.GetProperty("id").GetString());
    }

    [Fact]
    public async Task CreateMerchant_WithAllOptions_AnswersThem()
    {
        var merchant = await CreateAsync("""
            {"name":"Options shop","send_action_events_in_identification":true,
             "events_webhook":"https://shop.example/events","piv_events_url":"https://shop.example/piv/events",
             "webhook_params":{"shop_id":"42","region":"eu"}}
            """);

        Assert.Equal("Options shop", merchant.GetProperty("name").GetString());
        Assert.True(merchant.GetProperty("send_action_events_in_identification").GetBoolean());
        Assert.Equal("https://shop.example/events", merchant.GetProperty("events_webhook").GetString());
        Assert.Equal("https://shop.example/piv/events", merchant.GetProperty("piv_events_url").GetString());
        Assert.Equal(
            new Dictionary<string, string> { ["shop_id"] = "42", ["region"] = "eu" },
            merchant.GetProperty("webhook_params").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!));
    }

    [Fact]
    public async Task CreateMerchant_NameOf255Characters_IsAccepted()
    {
        var name = new string('n', 255);

        var merchant = await CreateAsync(JsonSerializer.Serialize(new { name }));

        Assert.Equal(name, merchant.GetProperty("name").GetString());
    }

    [Theory]
    [MemberData(nameof(InvalidCreateBodies))]
    public async Task CreateMerchant_InvalidBody_Answers400NamingFieldAndWritesNothing(string body, string field)
    {
        var before = _server.CountRows("merchants");

        using var response = await _server.AdminAsync(HttpMethod.Post, "admin/v1/merchants", body);

        await AssertProblemAsync(response, 400, field);
        Assert.Equal(before, _server.CountRows("merchants"));
    }

    [Fact]
    public async Task CreateMerchant_NotJson_Answers400AndWritesNothing()
    {
        var before = _server.CountRows("merchants");

        using var response = await _server.AdminAsync(HttpMethod.Post, "admin/v1/merchants", """{"name":""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, _server.CountRows("merchants"));
    }

    [Fact]
    public async Task AdminApi_MissingOrWrongToken_Answers401()
    {
        using var missing = await _server.Http.PostAsync(new Uri(_server.BaseUri, "admin/v1/merchants"),
            new StringContent("""{"name":"Shop"}""", System.Text.Encoding.UTF8, "application/json"));
        using var wrong = new HttpRequestMessage(HttpMethod.Get, new Uri(_server.BaseUri, "admin/v1/merchants"));
        wrong.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestServer.ProcessorToken);
        using var wrongAnswer = await _server.Http.SendAsync(wrong);

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongAnswer.StatusCode);
    }

    [Fact]
    public async Task UpdateMerchant_SomeFields_ChangesOnlyThoseAndNullClearsUrl()
    {
        var created = await CreateAsync("""
            {"name":"Before","send_action_events_in_identification":true,
             "events_webhook":"https://shop.example/events","piv_events_url":"https://shop.example/piv/events",
             "webhook_params":{"a":"1"}}
            """);
        var id = created.GetProperty("id").GetString()!;

        using var renamed = await _server.AdminAsync(HttpMethod.Patch, $"admin/v1/merchants/{id}", """{"name":"After"}""");
        var afterRename = await JsonAsync(renamed, 200);
        Assert.Equal("After", afterRename.GetProperty("name").GetString());
        AssertSameExcept(created, afterRename, "name");

        using var cleared = await _server.AdminAsync(HttpMethod.Patch, $"admin/v1/merchants/{id}", """{"events_webhook":null}""");
        var afterClear = await JsonAsync(cleared, 200);
        Assert.Equal(JsonValueKind.Null, afterClear.GetProperty("events_webhook").ValueKind);
        AssertSameExcept(afterRename, afterClear, "events_webhook");

        using var options = await _server.AdminAsync(HttpMethod.Patch, $"admin/v1/merchants/{id}",
            """{"send_action_events_in_identification":false,"piv_events_url":null,"webhook_params":{"b":"2"}}""");
        var afterOptions = await JsonAsync(options, 200);
        Assert.False(afterOptions.GetProperty("send_action_events_in_identification").GetBoolean());
        Assert.Equal(JsonValueKind.Null, afterOptions.GetProperty("piv_events_url").ValueKind);
        Assert.Equal("""{"b":"2"}""", afterOptions.GetProperty("webhook_params").GetRawText());
        AssertSameExcept(afterClear, afterOptions, "send_action_events_in_identification", "piv_events_url", "webhook_params");

        var fetched = await GetMerchantAsync(id);
        Assert.Equal(afterOptions.GetRawText(), fetched.GetRawText());
    }

    [Fact]
    public async Task UpdateMerchant_EmptyPatch_ChangesNothing()
    {
        var created = await CreateAsync("""{"name":"Same","events_webhook":"https://shop.example/events"}""");
        var id = created.GetProperty("id").GetString()!;

        using var response = await _server.AdminAsync(HttpMethod.Patch, $"admin/v1/merchants/{id}", "{}");

        Assert.Equal(created.GetRawText(), (await JsonAsync(response, 200)).GetRawText());
    }

    [Theory]
    [InlineData("""{"name":"  "}""", "name")]
    [InlineData("""{"events_webhook":"nope"}""", "events_webhook")]
    [InlineData("""{"piv_events_url":"https://shop.example/events"}""", "piv_events_url")]
    [InlineData("""{"webhook_params":{"k":true}}""", "webhook_params")]
    [InlineData("""{"id":"m_other"}""", "id")]
    public async Task UpdateMerchant_InvalidField_Answers400AndChangesNothing(string body, string field)
    {
        var created = await CreateAsync("""{"name":"Kept","events_webhook":"https://shop.example/events","webhook_params":{"a":"1"}}""");
        var id = created.GetProperty("id").GetString()!;

        using var response = await _server.AdminAsync(HttpMethod.Patch, $"admin/v1/merchants/{id}", body);

        await AssertProblemAsync(response, 400, field);
        Assert.Equal(created.GetRawText(), (await GetMerchantAsync(id)).GetRawText());
    }

    [Fact]
    public async Task GetMerchant_OneAndList_AnswerWhatWasCreated()
    {
        var first = await CreateAsync("""{"name":"First","webhook_params":{"x":"y"}}""");
        var second = await CreateAsync("""{"name":"Second"}""");

        var one = await GetMerchantAsync(first.GetProperty("id").GetString()!);
        using var listResponse = await _server.AdminAsync(HttpMethod.Get, "admin/v1/merchants");
        var list = (await JsonAsync(listResponse, 200)).GetProperty("data").EnumerateArray().ToList();

        Assert.Equal(first.GetRawText(), one.GetRawText());
        Assert.Equal(first.GetRawText(), Assert.Single(list, m => m.GetProperty("id").GetString() == first.GetProperty("id").GetString()).GetRawText());
        Assert.Equal(second.GetRawText(), Assert.Single(list, m => m.GetProperty("id").GetString() == second.GetProperty("id").GetString()).GetRawText());
        Assert.Equal(_server.CountRows("merchants"), list.Count);
    }

    [Fact]
    public async Task UnknownMerchant_GetPatchAndNewTerminal_Answer404()
    {
        const string path = "admin/v1/merchants/m_does_not_exist";
        var terminalsBefore = _server.CountRows("terminals");

        using var get = await _server.AdminAsync(HttpMethod.Get, path);
        using var patch = await _server.AdminAsync(HttpMethod.Patch, path, """{"name":"X"}""");
        using var terminal = await _server.AdminAsync(HttpMethod.Post, path + "/terminals", "");
        using var rotate = await _server.AdminAsync(HttpMethod.Post, $"admin/v1/terminals/{Guid.NewGuid()}/rotate", "");

        foreach (var response in new[] { get, patch, terminal, rotate })
        {
            var problem = await JsonAsync(response, 404);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("not_found", problem.GetProperty("code").GetString());
        }
        Assert.Equal(terminalsBefore, _server.CountRows("terminals"));
    }

    [Fact]
    public async Task CreateTerminal_AnswersCredentials_ThatSignMerchantCallsAndWebhooks()
    {
        var merchantId = (await CreateAsync("""{"name":"Terminal shop"}""")).GetProperty("id").GetString()!;

        using var response = await _server.AdminAsync(HttpMethod.Post, $"admin/v1/merchants/{merchantId}/terminals", "");
        var credentials = await JsonAsync(response, 201);

        Assert.Equal(CredentialFields, credentials.EnumerateObject().Select(p => p.Name));
        foreach (var field in CredentialFields) Assert.False(string.IsNullOrWhiteSpace(credentials.GetProperty(field).GetString()), field);
        var webhookSecret = credentials.GetProperty("webhook_secret").GetString()!;
        Assert.StartsWith("whsec_", webhookSecret, StringComparison.Ordinal);
        Assert.True(Convert.FromBase64String(webhookSecret["whsec_".Length..]).Length >= 24, webhookSecret);
        var client = ClientFor(merchantId, credentials);

        using var signed = await client.GetAsync("/api/v1/events");
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        var uuid = (await client.CreateOrderAsync(new { amount = 1, currency = "USDT", network = "ethereum", webhook_url = _receiver.UrlFor("/t") }))
            .GetProperty("uuid").GetString()!;
        Assert.Equal(credentials.GetProperty("terminal_uuid").GetString(), (await GetOrderDataAsync(client, uuid)).GetProperty("terminal_uuid").GetString());
        await _server.MoveOrderAsync(uuid, "Pending");
        WebhookAssert.SignedWith(await _receiver.NextAsync(), webhookSecret);

        client.ApiSecret = "sk_wrong";
        using var badlySigned = await client.GetAsync("/api/v1/events");
        Assert.Equal(HttpStatusCode.Unauthorized, badlySigned.StatusCode);
    }

    [Fact]
    public async Task CreateTerminal_TwoTerminals_GetDistinctCredentials()
    {
        var merchantId = (await CreateAsync("""{"name":"Two terminals"}""")).GetProperty("id").GetString()!;

        using var first = await _server.AdminAsync(HttpMethod.Post, $"admin/v1/merchants/{merchantId}/terminals", "");
        using var second = await _server.AdminAsync(HttpMethod.Post, $"admin/v1/merchants/{merchantId}/terminals", "");
        var a = await JsonAsync(first, 201);
        var b = await JsonAsync(second, 201);

        foreach (var field in CredentialFields) Assert.NotEqual(a.GetProperty(field).GetString(), b.GetProperty(field).GetString());
    }

    [Fact]
    public async Task GetMerchant_AfterTerminalsAndRotation_NeverShowsSecrets()
    {
        var merchantId = (await CreateAsync("""{"name":"Quiet shop"}""")).GetProperty("id").GetString()!;
        using var created = await _server.AdminAsync(HttpMethod.Post, $"admin/v1/merchants/{merchantId}/terminals", "");
        var credentials = await JsonAsync(created, 201);
        using var rotated = await _server.AdminAsync(HttpMethod.Post, $"admin/v1/terminals/{credentials.GetProperty("terminal_uuid").GetString()}/rotate", "");
        var rotatedCredentials = await JsonAsync(rotated, 200);
        var secrets = new[]
        {
            credentials.GetProperty("api_secret").GetString()!, credentials.GetProperty("webhook_secret").GetString()!,
            rotatedCredentials.GetProperty("api_secret").GetString()!, rotatedCredentials.GetProperty("webhook_secret").GetString()!,
        };

        using var one = await _server.AdminAsync(HttpMethod.Get, $"admin/v1/merchants/{merchantId}");
        using var list = await _server.AdminAsync(HttpMethod.Get, "admin/v1/merchants");
        using var patch = await _server.AdminAsync(HttpMethod.Patch, $"admin/v1/merchants/{merchantId}", """{"name":"Still quiet"}""");

        foreach (var response in new[] { one, list, patch })
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, text);
            foreach (var secret in secrets) Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain("secret", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("whsec_", text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("http://127.0.0.1/x")]
    [InlineData("http://localhost/x")]
    [InlineData("http://[::1]/x")]
    public async Task LoopbackWebhook_InSandbox_IsAccepted(string url)
    {
        var merchant = await CreateAsync(JsonSerializer.Serialize(new { name = "Sandbox shop", events_webhook = url }));
        var client = await _server.CreateMerchantAsync();
        var order = await client.CreateOrderAsync(new { amount = 1, currency = "USDT", network = "ethereum", webhook_url = url });

        Assert.Equal(url, merchant.GetProperty("events_webhook").GetString());
        Assert.Equal(url, order.GetProperty("webhook_url").GetString());
    }

    [Theory]
    [MemberData(nameof(PrivateTargets))]
    public async Task EventsWebhook_PrivateTargetOutsideSandbox_Answers400(string url)
    {
        await using var production = await TestServer.StartAsync(new Dictionary<string, string?> { ["PAYSTATE_SANDBOX"] = "false" }, backend: backend);
        using var existingResponse = await production.AdminAsync(HttpMethod.Post, "admin/v1/merchants", """{"name":"Existing"}""");
        var existing = await JsonAsync(existingResponse, 201);
        var before = production.CountRows("merchants");

        using var create = await production.AdminAsync(HttpMethod.Post, "admin/v1/merchants", JsonSerializer.Serialize(new { name = "Shop", events_webhook = url }));
        await AssertProblemAsync(create, 400, "events_webhook");
        Assert.Equal(before, production.CountRows("merchants"));

        using var patch = await production.AdminAsync(HttpMethod.Patch, $"admin/v1/merchants/{existing.GetProperty("id").GetString()}",
            JsonSerializer.Serialize(new { events_webhook = url }));
        await AssertProblemAsync(patch, 400, "events_webhook");

        var pivUrl = url[..url.LastIndexOf('/')] + "/piv/events";
        using var piv = await production.AdminAsync(HttpMethod.Post, "admin/v1/merchants", JsonSerializer.Serialize(new { name = "Shop", piv_events_url = pivUrl }));
        await AssertProblemAsync(piv, 400, "piv_events_url");
        Assert.Equal(before, production.CountRows("merchants"));
    }

    [Theory]
    [MemberData(nameof(PrivateTargets))]
    public async Task OrderWebhookUrl_PrivateTargetOutsideSandbox_Answers400(string url)
    {
        await using var production = await TestServer.StartAsync(new Dictionary<string, string?> { ["PAYSTATE_SANDBOX"] = "false" }, backend: backend);
        var client = await production.CreateMerchantAsync();
        var before = production.CountRows("objects");

        using var response = await client.PostAsync("/api/public/v1/acquiring/order",
            JsonSerializer.Serialize(new { amount = 300, currency = "USDT", network = "ethereum", webhook_url = url }));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url} answered {(int)response.StatusCode}: {text}");
        var error = JsonDocument.Parse(text).RootElement;
        Assert.False(error.GetProperty("success").GetBoolean());
        Assert.Contains("webhook_url", error.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, production.CountRows("objects"));
    }

    [Theory]
    [InlineData("http://172.16.0.1/x")]
    [InlineData("http://0.0.0.0/x")]
    [InlineData("http://224.0.0.1/x")]
    [InlineData("http://127.1/x")]
    [InlineData("http://2130706433/x")]
    [InlineData("http://[::ffff:127.0.0.1]/x")]
    [InlineData("http://[fe80::1]/x")]
    [InlineData("http://[fd00::1]/x")]
    [InlineData("http://sub.localhost/x")]
    public async Task EventsWebhook_OtherNonPublicSpellingsOutsideSandbox_Answer400(string url)
    {
        await using var production = await TestServer.StartAsync(new Dictionary<string, string?> { ["PAYSTATE_SANDBOX"] = "false" }, backend: backend);
        var before = production.CountRows("merchants");

        using var create = await production.AdminAsync(HttpMethod.Post, "admin/v1/merchants", JsonSerializer.Serialize(new { name = "Shop", events_webhook = url }));

        await AssertProblemAsync(create, 400, "events_webhook");
        Assert.Equal(before, production.CountRows("merchants"));
    }

    [Fact]
    public async Task PublicWebhook_OutsideSandbox_IsAccepted()
    {
        // DNS as the public internet answers it, so the test does not depend on the machine's network.
        var dns = new FakeHostResolver();
        dns.Set("example.com", [IPAddress.Parse("93.184.215.14")]);
        await using var production = await TestServer.StartAsync(
            new Dictionary<string, string?> { ["PAYSTATE_SANDBOX"] = "false" }, services: s => s.AddSingleton<PayState.Server.Http.IHostResolver>(dns),
            backend: backend);

        using var create = await production.AdminAsync(HttpMethod.Post, "admin/v1/merchants",
            """{"name":"Public shop","events_webhook":"https://example.com/x","piv_events_url":"https://example.com/piv/events"}""");
        var merchant = await JsonAsync(create, 201);
        using var patch = await production.AdminAsync(HttpMethod.Patch, $"admin/v1/merchants/{merchant.GetProperty("id").GetString()}",
            """{"events_webhook":"https://example.com/y"}""");
        var client = await production.CreateMerchantAsync();
        await client.SetWalletKeyAsync();
        var order = await client.CreateOrderAsync(new { amount = 300, currency = "USDT", network = "ethereum", webhook_url = "https://example.com/x" });

        Assert.Equal("https://example.com/x", merchant.GetProperty("events_webhook").GetString());
        Assert.Equal("https://example.com/y", (await JsonAsync(patch, 200)).GetProperty("events_webhook").GetString());
        Assert.Equal("https://example.com/x", order.GetProperty("webhook_url").GetString());
    }

    [Fact]
    public async Task OrderWebhook_LoopbackTargetAfterSwitchToProduction_IsNotSentAtSendTime()
    {
        // Spec section 6: a private target is refused at creation "and again at send time". An order made in
        // sandbox mode with a loopback webhook_url must not be delivered once the server runs in production mode.
        var client = await _server.CreateMerchantAsync();
        var uuid = (await client.CreateOrderAsync(new { amount = 1, currency = "USDT", network = "ethereum", webhook_url = _receiver.UrlFor("/internal") }))
            .GetProperty("uuid").GetString()!;
        await _server.RestartAsync(new Dictionary<string, string?> { ["PAYSTATE_SANDBOX"] = "false" });

        await _server.MoveOrderAsync(uuid, "Pending");
        await WaitForDeliveryAsync(client, d => d.GetProperty("status").GetString() is "failed" or "dead", "the refused delivery recorded");
        await Task.Delay(TimeSpan.FromMilliseconds(200));

        Assert.Empty(_receiver.All);
    }

    [Fact]
    public async Task RotateTerminal_Answers_NewSecretsAndOldApiSecretIsRefusedAtOnce()
    {
        var client = await _server.CreateMerchantAsync();
        var oldApiSecret = client.ApiSecret;
        var oldWebhookSecret = client.WebhookSecret;
        // Signed once before the rotation, so the server has the terminal in hand when the secret changes.
        using (var before = await client.GetAsync("/api/v1/events"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using var rotateResponse = await _server.AdminAsync(HttpMethod.Post, $"admin/v1/terminals/{client.TerminalUuid}/rotate", "");
        var rotated = await JsonAsync(rotateResponse, 200);
        var newApiSecret = rotated.GetProperty("api_secret").GetString()!;
        var newWebhookSecret = rotated.GetProperty("webhook_secret").GetString()!;

        Assert.Equal(client.TerminalUuid, rotated.GetProperty("terminal_uuid").GetString());
        Assert.NotEqual(oldApiSecret, newApiSecret);
        Assert.NotEqual(oldWebhookSecret, newWebhookSecret);
        Assert.StartsWith("whsec_", newWebhookSecret, StringComparison.Ordinal);
        Assert.True(Convert.FromBase64String(newWebhookSecret["whsec_".Length..]).Length >= 24, newWebhookSecret);
        using (var withOld = await client.GetAsync("/api/v1/events"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, withOld.StatusCode);
        }
        client.ApiSecret = newApiSecret;
        using (var withNew = await client.GetAsync("/api/v1/events"))
        {
            Assert.Equal(HttpStatusCode.OK, withNew.StatusCode);
        }
    }

    [Fact]
    public async Task RotateTerminal_WebhookDuringOverlap_CarriesBothSignaturesThenOnlyNewAfter24Hours()
    {
        var client = await _server.CreateMerchantAsync();
        var oldWebhookSecret = client.WebhookSecret;
        var uuid = await CreateOrderWithWebhookAsync(client);
        await RotateAsync(client);

        await _server.MoveOrderAsync(uuid, "Pending");
        var during = await _receiver.NextAsync();
        var duringSignatures = during.Header("webhook-signature")!.Split(' ');
        Assert.Equal(2, duringSignatures.Length);
        Assert.All(duringSignatures, s => Assert.StartsWith("v1,", s, StringComparison.Ordinal));
        WebhookAssert.SignedWith(during, client.WebhookSecret);
        WebhookAssert.SignedWith(during, oldWebhookSecret);

        // Recorded first: an attempt still in flight when the clock jumps a day would outlive its lease and be sent again.
        await WaitForSucceededDeliveriesAsync(client, 1);
        // The order is Pending, so its expiry timer does not fire on the way.
        _server.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        await _server.MoveOrderAsync(uuid, "Paid");
        var after = await _receiver.NextAsync();

        Assert.Equal("3", after.Header("PayState-Sequence"));
        Assert.StartsWith("v1,", Assert.Single(after.Header("webhook-signature")!.Split(' ')), StringComparison.Ordinal);
        WebhookAssert.SignedWith(after, client.WebhookSecret);
        Assert.Throws<Xunit.Sdk.ContainsException>(() => WebhookAssert.SignedWith(after, oldWebhookSecret));
    }

    [Fact]
    public async Task RotateTerminal_WebhookOneSecondBeforeOverlapEnds_StillCarriesOldSignature()
    {
        var client = await _server.CreateMerchantAsync();
        var oldWebhookSecret = client.WebhookSecret;
        await RotateAsync(client);

        _server.Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        var uuid = await CreateOrderWithWebhookAsync(client);
        await _server.MoveOrderAsync(uuid, "Pending");
        var webhook = await _receiver.NextAsync();

        Assert.Equal(2, webhook.Header("webhook-signature")!.Split(' ').Length);
        WebhookAssert.SignedWith(webhook, client.WebhookSecret);
        WebhookAssert.SignedWith(webhook, oldWebhookSecret);
    }

    private async Task RotateAsync(MerchantClient client)
    {
        using var response = await _server.AdminAsync(HttpMethod.Post, $"admin/v1/terminals/{client.TerminalUuid}/rotate", "");
        var rotated = await JsonAsync(response, 200);
        client.ApiSecret = rotated.GetProperty("api_secret").GetString()!;
        client.WebhookSecret = rotated.GetProperty("webhook_secret").GetString()!;
    }

    private static async Task WaitForSucceededDeliveriesAsync(MerchantClient client, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var page = await client.GetJsonAsync("/api/v1/webhook-deliveries?status=succeeded");
            if (page.GetProperty("data").GetArrayLength() >= count) return;
            Assert.True(DateTime.UtcNow < deadline, $"Fewer than {count} succeeded deliveries after 10 s: {page.GetRawText()}");
            await Task.Delay(20);
        }
    }

    private static async Task WaitForDeliveryAsync(MerchantClient client, Func<JsonElement, bool> match, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var page = await client.GetJsonAsync("/api/v1/webhook-deliveries");
            if (page.GetProperty("data").EnumerateArray().Any(match)) return;
            Assert.True(DateTime.UtcNow < deadline, $"Not seen within 10 s: {what}. Deliveries: {page.GetRawText()}");
            await Task.Delay(20);
        }
    }

    private async Task<string> CreateOrderWithWebhookAsync(MerchantClient client) =>
        (await client.CreateOrderAsync(new { amount = 300, currency = "USDT", network = "ethereum", webhook_url = _receiver.UrlFor("/x") }))
        .GetProperty("uuid").GetString()!;

    private MerchantClient ClientFor(string merchantId, JsonElement credentials) => new(
        _server, merchantId, credentials.GetProperty("terminal_uuid").GetString()!, credentials.GetProperty("api_key").GetString()!,
        credentials.GetProperty("api_secret").GetString()!, credentials.GetProperty("webhook_secret").GetString()!);

    private static async Task<JsonElement> GetOrderDataAsync(MerchantClient client, string uuid)
    {
        var (status, body) = await client.GetOrderAsync(uuid);
        Assert.Equal(200, status);
        return JsonDocument.Parse(body).RootElement.GetProperty("data").Clone();
    }

    private async Task<JsonElement> CreateAsync(string body)
    {
        using var response = await _server.AdminAsync(HttpMethod.Post, "admin/v1/merchants", body);
        return await JsonAsync(response, 201);
    }

    private async Task<JsonElement> GetMerchantAsync(string id)
    {
        using var response = await _server.AdminAsync(HttpMethod.Get, $"admin/v1/merchants/{id}");
        return await JsonAsync(response, 200);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, int expectedStatus)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, expected {expectedStatus}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, int status, string field)
    {
        var problem = await JsonAsync(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("invalid_request", problem.GetProperty("code").GetString());
        Assert.Contains(field, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        if (problem.TryGetProperty("field", out var named)) Assert.StartsWith(field, named.GetString(), StringComparison.Ordinal);
    }

    private static void AssertSameExcept(JsonElement before, JsonElement after, params string[] changed)
    {
        var names = before.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(names, after.EnumerateObject().Select(p => p.Name));
        foreach (var name in names.Where(n => !changed.Contains(n)))
            Assert.True(before.GetProperty(name).GetRawText() == after.GetProperty(name).GetRawText(),
                $"{name} changed from {before.GetProperty(name).GetRawText()} to {after.GetProperty(name).GetRawText()}");
    }
}

public sealed class AdminApiTestsOnSqlite() : AdminApiTests(Backend.Sqlite);

public sealed class AdminApiTestsOnPostgres() : AdminApiTests(Backend.Postgres);
