using System.Text.Json;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Lifecycle;

/// A refused move says what the processor may do instead, listing only the moves the object's state allows, and
/// the message reads as sent: quotes are quotes, not \u0027.
public sealed class RefusalMessageTests() : MerchantTestBase(Backend.Sqlite)
{
    [Fact]
    public async Task MoveOrder_UnknownStatus_ListsOnlyTheStatusesTheProcessorSets_WithPlainQuotes()
    {
        var uuid = await OrderAsync();

        var (status, text) = await MoveOrderAsync(uuid, "Bogus");

        Assert.Equal(400, status);
        Assert.Contains("status: 'Bogus' is not a status the processor sets; use one of Pending, Paid, Failed.", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], "Paid", "An order cannot move from Created to Paid: from Created the processor may set Pending or Failed.")]
    [InlineData(new string[0], "Expired", "Expired is set by the server itself when expired_at passes: from Created the processor may set Pending or Failed.")]
    [InlineData(new[] { "Pending" }, "Created", "An order cannot move from Pending to Created: from Pending the processor may set Paid or Failed.")]
    [InlineData(new[] { "Pending", "Paid" }, "Failed", "An order cannot move from Paid to Failed: Paid is final.")]
    public async Task MoveOrder_NotAllowedFromItsStatus_ListsWhatIs(string[] path, string to, string message)
    {
        var uuid = await OrderAsync();
        foreach (var step in path) await Server.MoveOrderAsync(uuid, step);

        var (status, text) = await MoveOrderAsync(uuid, to);

        Assert.Equal(409, status);
        Assert.Equal(message, Detail(text));
    }

    [Fact]
    public async Task MoveSession_NotAllowedFromItsStatus_ListsWhatIs_AndAnUnknownStatusListsOnlyWhatTheProcessorSets()
    {
        using var created = await Merchant.PostAsync("/api/v1/piv/sessions", """{"customerId":"c-1"}""");
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("sessionId").GetString();

        var (completed, completedText) = await ProcessorAsync($"processor/v1/piv/sessions/{id}/status", """{"sessionStatus":"COMPLETED"}""");
        var (active, activeText) = await ProcessorAsync($"processor/v1/piv/sessions/{id}/status", """{"sessionStatus":"ACTIVE"}""");
        var (unknown, unknownText) = await ProcessorAsync($"processor/v1/piv/sessions/{id}/status", """{"sessionStatus":"DONE"}""");

        Assert.Equal(409, completed);
        Assert.Equal("A session cannot move from ACTIVE to COMPLETED: from ACTIVE the processor may set AWAITING_USER_INPUT, ONGOING_VERIFICATION or FAILED.",
            Detail(completedText));
        Assert.Equal(409, active);
        Assert.Equal("A session cannot move from ACTIVE to ACTIVE: from ACTIVE the processor may set AWAITING_USER_INPUT, ONGOING_VERIFICATION or FAILED.",
            Detail(activeText));
        Assert.Equal(400, unknown);
        Assert.Equal("sessionStatus: 'DONE' is not a status the processor sets; use one of AWAITING_USER_INPUT, ONGOING_VERIFICATION, COMPLETED, FAILED.",
            Detail(unknownText));
    }

    private async Task<string> OrderAsync() =>
        (await Merchant.CreateOrderAsync(new { amount = 300, currency = "USDT", network = "ethereum" })).GetProperty("uuid").GetString()!;

    private Task<(int Status, string Text)> MoveOrderAsync(string uuid, string status) =>
        ProcessorAsync($"processor/v1/acquiring/order/{uuid}/status", JsonSerializer.Serialize(new { status }));

    private async Task<(int Status, string Text)> ProcessorAsync(string path, string body)
    {
        using var response = await Server.ProcessorAsync(path, body);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Detail(string problem)
    {
        Assert.DoesNotContain("\\u0027", problem, StringComparison.Ordinal);
        return JsonDocument.Parse(problem).RootElement.GetProperty("detail").GetString()!;
    }
}
