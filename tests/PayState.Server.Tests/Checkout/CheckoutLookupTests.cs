using PayState.Server.Checkout;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Checkout;

/// Spec section 4: a checkout's id, what an unknown or foreign id answers, and the wait's ETag.
public abstract class CheckoutLookupTests(Backend backend) : CheckoutActionTestBase(backend)
{
    [Fact]
    public async Task UnknownUuid_ActionApproveHoldAndWait_Answer404()
    {
        await CreateCheckoutAsync();
        var uuid = Guid.NewGuid().ToString();

        using (var action = await SetActionAsync(uuid, """{"action":"show_error"}"""))
            await AssertProblemAsync(action, 404, "not_found", null);
        using (var approve = await Server.ProcessorAsync($"processor/v1/checkout/{uuid}/approve", ""))
            await AssertProblemAsync(approve, 404, "not_found", null);
        using (var hold = await Server.ProcessorAsync($"processor/v1/checkout/{uuid}/hold", ""))
            await AssertProblemAsync(hold, 404, "not_found", null);
        using (var wait = await Server.Http.GetAsync(WaitUri(uuid)))
            await AssertProblemAsync(wait, 404, "not_found", null);

        Assert.Equal(1, Server.CountRows("objects"));
        Assert.Equal(0, Server.CountRows("events"));
    }

    [Fact]
    public async Task AcquiringOrderUuid_ActionApproveAndWait_Answer404AndChangeNothing()
    {
        var order = await Merchant.CreateOrderAsync();
        var uuid = order.GetProperty("uuid").GetString()!;
        var (_, orderBefore) = await Merchant.GetOrderAsync(uuid);

        using (var action = await SetActionAsync(uuid, """{"action":"reject"}"""))
            await AssertProblemAsync(action, 404, "not_found", null);
        using (var approve = await Server.ProcessorAsync($"processor/v1/checkout/{uuid}/approve", ""))
            await AssertProblemAsync(approve, 404, "not_found", null);
        using (var wait = await Server.Http.GetAsync(WaitUri(uuid)))
            await AssertProblemAsync(wait, 404, "not_found", null);

        var (_, orderAfter) = await Merchant.GetOrderAsync(uuid);
        Assert.Equal(orderBefore, orderAfter);
        Assert.Equal(0, Server.CountRows("events"));
    }

    [Fact]
    public async Task CreateCheckout_FiftyCheckouts_HaveDistinctVersion4Uuids()
    {
        var uuids = new List<string>();
        for (var i = 0; i < 50; i++) uuids.Add(await CreateCheckoutAsync());

        Assert.Equal(50, uuids.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(uuids, uuid =>
        {
            Assert.True(Guid.TryParseExact(uuid, "D", out var guid), $"{uuid} is not a GUID in 8-4-4-4-12 form");
            Assert.Equal(4, guid.Version);
            Assert.Contains(uuid[19], "89abAB"); // RFC 9562 variant
            Assert.NotEqual(Guid.Empty, guid);
        });
        // Random, not sequential: the 122 random bits differ widely between neighbours.
        var bytes = uuids.Select(u => Guid.Parse(u).ToByteArray()).ToList();
        for (var i = 1; i < bytes.Count; i++)
            Assert.True(bytes[i].Zip(bytes[i - 1]).Sum(p => System.Numerics.BitOperations.PopCount((uint)(p.First ^ p.Second))) > 20,
                $"{uuids[i]} and {uuids[i - 1]} look related");
    }

    [Fact]
    public async Task Wait_Answer_CarriesVersionAsETag()
    {
        var uuid = await CreateCheckoutAsync();

        var created = await WaitAsync(uuid);
        Assert.Equal("""{"action":"show_identification_form"}""", created.Body);
        Assert.Equal("\"1\"", created.ETag);

        await SetOkAsync(uuid, """{"action":"show_error"}""");
        var changed = await WaitAsync(uuid);
        Assert.Equal("""{"action":"show_error"}""", changed.Body);
        Assert.Equal("\"2\"", changed.ETag);

        // The same move again is the move made already: the version stays.
        await SetOkAsync(uuid, """{"action":"show_error"}""");
        Assert.Equal("\"2\"", (await WaitAsync(uuid)).ETag);

        await SetOkAsync(uuid, """{"action":"reject"}""");
        Assert.Equal("\"3\"", (await WaitAsync(uuid)).ETag);
    }
}

public sealed class CheckoutLookupTestsOnSqlite() : CheckoutLookupTests(Backend.Sqlite);

public sealed class CheckoutLookupTestsOnPostgres() : CheckoutLookupTests(Backend.Postgres);
