using System.Text.Json;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Checkout;

public abstract class CheckoutSmokeTests(Backend backend) : ServerTestBase(backend)
{
    [Fact]
    public async Task Approve_MerchantAnswers2xx_CheckoutFinishesWithReturnUrl()
    {
        using var created = await Merchant.PostAsync("/api/v1/checkouts", JsonSerializer.Serialize(new
        {
            order_ref_1 = "merchant-ref-1", order_ref_2 = "merchant-ref-2", amount = 12000, currency = "EUR",
            notify_url = Receiver.UrlFor("/ipn"), return_url = "https://shop.example/thanks",
        }));
        var body = await created.Content.ReadAsStringAsync();
        Assert.Equal(201, (int)created.StatusCode);
        var uuid = JsonDocument.Parse(body).RootElement.GetProperty("uuid").GetString()!;
        Assert.Equal($$"""{"uuid":"{{uuid}}","action":"show_identification_form"}""", body);

        using var approve = await Server.ProcessorAsync($"processor/v1/checkout/{uuid}/approve", "");
        Assert.Equal("""{"action":"wait_for_confirmation"}""", await approve.Content.ReadAsStringAsync());
        var ipn = await Receiver.NextAsync();
        Assert.Equal($$"""{"order_ref":"{{uuid}}","order_ref_1":"merchant-ref-1","order_ref_2":"merchant-ref-2","state":"approved"}""", ipn.BodyText);
        WebhookAssert.SignedWith(ipn, Merchant.WebhookSecret);

        Assert.Equal("""{"action":"finish","return_url":"https://shop.example/thanks"}""", await Server.WaitForCheckoutActionAsync(uuid, "finish"));
    }
}

public sealed class CheckoutSmokeTestsOnSqlite() : CheckoutSmokeTests(Backend.Sqlite);

public sealed class CheckoutSmokeTestsOnPostgres() : CheckoutSmokeTests(Backend.Postgres);
