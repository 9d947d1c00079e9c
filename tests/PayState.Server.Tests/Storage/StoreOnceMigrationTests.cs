using System.Text;
using System.Text.Json;
using PayState.Server.Acquiring;
using PayState.Server.Acquiring.Wallets;
using PayState.Server.Checkout;
using PayState.Server.Storage;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Storage;

/// A database written by the build before each thing was stored once (SQLite schema 6, PostgreSQL 5: an order's document
/// in its row and again in its events, attempts by delivery id), migrated when the server starts on it: every answer the
/// old build gave is given again byte for byte, and the orders carry on (their QR codes unchanged) across a restart.
public abstract class StoreOnceMigrationTests(Backend backend) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(T0.AddMinutes(10));
    private OldDatabase _old = null!;
    private FakeReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _old = new OldDatabase(backend, backend == Backend.Postgres ? 5 : 6);
        _receiver = await FakeReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        _old.Dispose();
    }

    [Fact]
    public async Task OldDatabase_Migrated_AnswersAsBefore_AndItsOrdersCarryOn()
    {
        var old = WriteAsTheOldBuildDid();
        var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["PAYSTATE_DB"] = _old.ConnectionString }, _clock, backend: backend);
        try
        {
            var merchant = new MerchantClient(server, "mer_old", "trm_old", "pk_old", "sk_old", old.WebhookSecret);

            Assert.Equal(old.Created, await GetAsync(merchant, old.CreatedId));
            Assert.Equal(old.Pending, await GetAsync(merchant, old.PendingId));
            Assert.Equal(old.Events, await EventPayloadsAsync(merchant));
            Assert.Equal(old.Wait, await WaitAsync(server, old.CheckoutId));
            var attempt = Assert.Single((await merchant.GetJsonAsync($"/api/v1/webhook-deliveries/{old.DeliveryId}")).GetProperty("attempt_log").EnumerateArray());
            Assert.Equal(204, attempt.GetProperty("status_code").GetInt32());
            Assert.Equal((1, 1), (_old.Scalar("SELECT count(*) FROM creation_documents"), _old.Scalar("SELECT count(*) FROM objects WHERE data IS NOT NULL")));
            Assert.Equal(2, _old.Scalar("SELECT count(*) FROM events WHERE trace_context = (SELECT trace_context FROM events WHERE id = 'evt_old_1')"));

            // Carrying on: the order never changed takes its first document from where the migration put it, the other
            // from its newest event; both webhooks are their status answers, with the QR codes the orders were made with.
            await server.MoveOrderAsync(old.CreatedId, "Pending");
            await server.MoveOrderAsync(old.PendingId, "Paid");
            var webhooks = new[] { (await _receiver.NextAsync()).BodyText, (await _receiver.NextAsync()).BodyText };
            await server.RestartAsync();

            var answers = new[] { await GetAsync(merchant, old.CreatedId), await GetAsync(merchant, old.PendingId) };
            Assert.Equal(answers.Order(), webhooks.Order());
            Assert.Equal([QrOf(old.Created), QrOf(old.Pending)], answers.Select(QrOf));
            var events = await EventPayloadsAsync(merchant);
            Assert.Equal(old.Events, events.Take(2));
            Assert.Equal(webhooks.Order(), events.Skip(2).Order());
            Assert.Equal(0, _old.Scalar("SELECT count(*) FROM creation_documents"));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private sealed record OldAnswers(
        string CreatedId, string Created, string PendingId, string Pending, string CheckoutId, string Wait, string DeliveryId, List<string> Events,
        string WebhookSecret);

    /// A merchant, an order never changed, an order moved to Pending (its webhook delivered), and a checkout moved on:
    /// written with the old build's statements, and what that build answered for them.
    private OldAnswers WriteAsTheOldBuildDid()
    {
        var secret = "whsec_" + Convert.ToBase64String(new byte[32]);
        var micros = UnixMicros.From(T0);
        _old.Execute("""
            INSERT INTO merchants (id, name, send_action_events_in_identification, events_webhook, piv_events_url, webhook_params, created_at)
            VALUES ('mer_old', 'Shop', @send, NULL, NULL, '{}', @t)
            """, ("send", backend == Backend.Postgres ? false : 0), ("t", micros));
        _old.Execute("""
            INSERT INTO terminals (id, merchant_id, api_key, api_secret, webhook_secret, previous_webhook_secret, previous_secret_valid_until, created_at)
            VALUES ('trm_old', 'mer_old', 'pk_old', 'sk_old', @secret, NULL, NULL, @t)
            """, ("secret", secret), ("t", micros));

        var created = Order(OrderStatus.Created);
        InsertObject(created.Uuid, AcquiringOrderKind.KindName, "Created", 1, Data(created));
        _old.Execute(backend == Backend.Postgres
            ? "INSERT INTO timers (object_id, name, due_at) VALUES (@o, 'expire', @due)"
            : "INSERT INTO timers (object_id, object_created, name, due_at) VALUES (@o, @t, 'expire', @due)",
            ("o", created.Uuid), ("t", micros), ("due", UnixMicros.From(created.ExpiredAt)));

        var pending = Order(OrderStatus.Pending);
        InsertObject(pending.Uuid, AcquiringOrderKind.KindName, "Pending", 2, Data(pending));
        var pendingAnswer = "{\"success\":true,\"data\":" + Data(pending) + "}";
        InsertEvent("evt_old_1", pending.Uuid, AcquiringOrderKind.KindName, 2, "acquiring_order.pending", pendingAnswer);
        _old.Execute("""
            INSERT INTO deliveries (id, event_seq, merchant_id, terminal_id, object_kind, object_id, sequence, purpose, url, host, body,
                                    status, attempts, next_attempt_at, created_at, updated_at, lease_until, last_status_code)
            VALUES ('dlv_old_1', (SELECT seq FROM events WHERE id = 'evt_old_1'), 'mer_old', 'trm_old', 'acquiring_order', @o, 2, 'webhook', @url, @host, NULL,
                    'succeeded', 1, @t, @t, @t, NULL, 204)
            """, ("o", pending.Uuid), ("url", pending.WebhookUrl), ("host", DeliveryHost.Of(pending.WebhookUrl!)), ("t", micros));
        _old.Execute("""
            INSERT INTO attempts (delivery_id, attempted_at, duration_ms, status_code, error, response_body, node)
            VALUES ('dlv_old_1', @t, 3, 204, NULL, '', 'old:1')
            """, ("t", micros));

        var checkout = new CheckoutState
        {
            Uuid = Guid.NewGuid().ToString(), OrderRef1 = "r1", OrderRef2 = null, Amount = 100, Currency = "EUR", NotifyUrl = "http://127.0.0.1:9/ipn",
            ReturnUrl = "https://shop.example/back", Action = CheckoutActions.ShowError, Fields = "{}", ScreeningDeadline = null,
        };
        InsertObject(checkout.Uuid, CheckoutKind.KindName, checkout.Action, 2, CheckoutJson.WriteData(checkout));
        var identification = Encoding.UTF8.GetString(CheckoutJson.Identification(checkout, T0, new Dictionary<string, string>()));
        InsertEvent("evt_old_2", checkout.Uuid, CheckoutKind.KindName, 2, "checkout.show_error", identification);

        return new OldAnswers(
            created.Uuid, "{\"success\":true,\"data\":" + Data(created) + "}", pending.Uuid, pendingAnswer, checkout.Uuid,
            Encoding.UTF8.GetString(CheckoutJson.Wait(checkout, _clock.GetUtcNow())), "dlv_old_1", [pendingAnswer, identification], secret);
    }

    private Order Order(OrderStatus status)
    {
        var token = TokenTable.BuiltIn.Find("ethereum", "USDT")!;
        var address = SandboxAddresses.NextAddress("ethereum");
        return new Order
        {
            Uuid = Guid.NewGuid().ToString(), TerminalUuid = "trm_old", Amount = 300, Currency = token, WalletAddress = address,
            WalletQr = PaymentQrCode.ToBase64Png(PaymentUri.For(token, address, 300)), ExternalOrderId = "ext-1", ExternalClientId = null,
            ExternalData = null, Status = status, WebhookUrl = _receiver.UrlFor("/hook"), IsTest = false, CreatedAt = T0, TransactionEndAt = null,
            ExpiredAt = T0.AddHours(2),
        };
    }

    private static string Data(Order order) => Encoding.UTF8.GetString(AcquiringOrderJson.WriteData(order));

    private void InsertObject(string id, string kind, string state, int version, string data) =>
        _old.Execute("""
            INSERT INTO objects (id, kind, merchant_id, terminal_id, state, version, data, created_at, updated_at, external_id)
            VALUES (@id, @kind, 'mer_old', 'trm_old', @state, @version, @data, @t, @t, NULL)
            """, ("id", id), ("kind", kind), ("state", state), ("version", version), ("data", data), ("t", UnixMicros.From(T0)));

    private void InsertEvent(string id, string objectId, string kind, int sequence, string type, string payload) =>
        _old.Execute(backend == Backend.Postgres
            ? """
              INSERT INTO events (id, merchant_id, object_kind, object_id, sequence, type, created_at, payload, trace_context)
              VALUES (@id, 'mer_old', @kind, @o, @sequence, @type, @t, @payload, @trace)
              """
            : """
              INSERT INTO events (id, merchant_id, object_kind, object_id, object_created, sequence, type, created_at, payload, trace_context)
              VALUES (@id, 'mer_old', @kind, @o, @t, @sequence, @type, @t, @payload, @trace)
              """,
            ("id", id), ("kind", kind), ("o", objectId), ("sequence", sequence), ("type", type), ("t", UnixMicros.From(T0)),
            ("payload", Encoding.UTF8.GetBytes(payload)), ("trace", OldTrace));

    /// A traced change's trace context (25 bytes), which each later attempt of its event joins: kept by the migration.
    private static readonly byte[] OldTrace = [.. Enumerable.Range(1, 25).Select(i => (byte)i)];

    private static async Task<string> GetAsync(MerchantClient merchant, string uuid)
    {
        var (status, body) = await merchant.GetOrderAsync(uuid);
        Assert.Equal(200, status);
        return Encoding.UTF8.GetString(body);
    }

    private static async Task<string> WaitAsync(TestServer server, string uuid)
    {
        using var response = await server.Http.GetAsync(new Uri(server.BaseUri, $"api/v1/checkout/{uuid}/wait"));
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<List<string>> EventPayloadsAsync(MerchantClient merchant) =>
        [.. (await merchant.GetJsonAsync("/api/v1/events")).GetProperty("data").EnumerateArray().Select(e => e.GetProperty("payload").GetRawText())];

    private static string QrOf(string answer) =>
        JsonDocument.Parse(answer).RootElement.GetProperty("data").GetProperty("wallet").GetProperty("wallet_qr").GetString()!;
}

public sealed class StoreOnceMigrationTestsOnSqlite() : StoreOnceMigrationTests(Backend.Sqlite);

public sealed class StoreOnceMigrationTestsOnPostgres() : StoreOnceMigrationTests(Backend.Postgres);
