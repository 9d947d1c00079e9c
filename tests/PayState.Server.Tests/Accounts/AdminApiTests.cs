using System.Net;
using System.Text.Json;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Accounts;

/// The admin API's merchants: create, read, update, and what each refuses.
public abstract class AdminApiTests(Backend backend) : AdminApiTestBase(backend)
{
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

    [Fact]
    public async Task CreateMerchant_NameOnly_Answers201WithDefaultOptions()
    {
        using var response = await Server.AdminAsync(HttpMethod.Post, "admin/v1/merchants", """{"name":"Acme"}""");
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
        var before = Server.CountRows("merchants");

        using var response = await Server.AdminAsync(HttpMethod.Post, "admin/v1/merchants", body);

        await AssertProblemAsync(response, 400, field);
        Assert.Equal(before, Server.CountRows("merchants"));
    }

    [Fact]
    public async Task CreateMerchant_NotJson_Answers400AndWritesNothing()
    {
        var before = Server.CountRows("merchants");

        using var response = await Server.AdminAsync(HttpMethod.Post, "admin/v1/merchants", """{"name":""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, Server.CountRows("merchants"));
    }

    [Fact]
    public async Task AdminApi_MissingOrWrongToken_Answers401()
    {
        using var missing = await Server.Http.PostAsync(new Uri(Server.BaseUri, "admin/v1/merchants"),
            new StringContent("""{"name":"Shop"}""", System.Text.Encoding.UTF8, "application/json"));
        using var wrong = new HttpRequestMessage(HttpMethod.Get, new Uri(Server.BaseUri, "admin/v1/merchants"));
        wrong.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestServer.ProcessorToken);
        using var wrongAnswer = await Server.Http.SendAsync(wrong);

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

        using var renamed = await Server.AdminAsync(HttpMethod.Patch, $"admin/v1/merchants/{id}", """{"name":"After"}""");
        var afterRename = await JsonAsync(renamed, 200);
        Assert.Equal("After", afterRename.GetProperty("name").GetString());
        AssertSameExcept(created, afterRename, "name");

        using var cleared = await Server.AdminAsync(HttpMethod.Patch, $"admin/v1/merchants/{id}", """{"events_webhook":null}""");
        var afterClear = await JsonAsync(cleared, 200);
        Assert.Equal(JsonValueKind.Null, afterClear.GetProperty("events_webhook").ValueKind);
        AssertSameExcept(afterRename, afterClear, "events_webhook");

        using var options = await Server.AdminAsync(HttpMethod.Patch, $"admin/v1/merchants/{id}",
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

        using var response = await Server.AdminAsync(HttpMethod.Patch, $"admin/v1/merchants/{id}", "{}");

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

        using var response = await Server.AdminAsync(HttpMethod.Patch, $"admin/v1/merchants/{id}", body);

        await AssertProblemAsync(response, 400, field);
        Assert.Equal(created.GetRawText(), (await GetMerchantAsync(id)).GetRawText());
    }

    [Fact]
    public async Task GetMerchant_OneAndList_AnswerWhatWasCreated()
    {
        var first = await CreateAsync("""{"name":"First","webhook_params":{"x":"y"}}""");
        var second = await CreateAsync("""{"name":"Second"}""");

        var one = await GetMerchantAsync(first.GetProperty("id").GetString()!);
        using var listResponse = await Server.AdminAsync(HttpMethod.Get, "admin/v1/merchants");
        var list = (await JsonAsync(listResponse, 200)).GetProperty("data").EnumerateArray().ToList();

        Assert.Equal(first.GetRawText(), one.GetRawText());
        Assert.Equal(first.GetRawText(), Assert.Single(list, m => m.GetProperty("id").GetString() == first.GetProperty("id").GetString()).GetRawText());
        Assert.Equal(second.GetRawText(), Assert.Single(list, m => m.GetProperty("id").GetString() == second.GetProperty("id").GetString()).GetRawText());
        Assert.Equal(Server.CountRows("merchants"), list.Count);
    }

    [Fact]
    public async Task UnknownMerchant_GetPatchAndNewTerminal_Answer404()
    {
        const string path = "admin/v1/merchants/m_does_not_exist";
        var terminalsBefore = Server.CountRows("terminals");

        using var get = await Server.AdminAsync(HttpMethod.Get, path);
        using var patch = await Server.AdminAsync(HttpMethod.Patch, path, """{"name":"X"}""");
        using var terminal = await Server.AdminAsync(HttpMethod.Post, path + "/terminals", "");
        using var rotate = await Server.AdminAsync(HttpMethod.Post, $"admin/v1/terminals/{Guid.NewGuid()}/rotate", "");

        foreach (var response in new[] { get, patch, terminal, rotate })
        {
            var problem = await JsonAsync(response, 404);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("not_found", problem.GetProperty("code").GetString());
        }
        Assert.Equal(terminalsBefore, Server.CountRows("terminals"));
    }
}

public sealed class AdminApiTestsOnSqlite() : AdminApiTests(Backend.Sqlite);

public sealed class AdminApiTestsOnPostgres() : AdminApiTests(Backend.Postgres);
