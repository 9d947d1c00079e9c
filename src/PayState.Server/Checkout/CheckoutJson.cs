using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using PayState.Server.Http;
using PayState.Server.Storage;

namespace PayState.Server.Checkout;

/// The stored document of a checkout, its wait answer, the identification event body, and (from the SDK's DTOs)
/// the create answer and the IPN.
///
/// The wait answer and the identification event stay hand-written: each of the fourteen actions has its own field
/// set (seed 000), written exactly as the processor gave it and in its order, with a screening's expires_in counted
/// down at answer time; the event adds the merchant's own webhook parameters as extra top-level fields. A DTO would
/// need one type per action plus dynamic members, so the SDK reads these as JSON (CheckoutWait.Fields). The stored
/// document is the server's own record, not a wire format.
public static class CheckoutJson
{
    public const string IdentificationEvent = "identification_action";

    private static readonly string[] Reserved = ["event", "action", "order_ref", "order_ref_1", "order_ref_2"];

    public static string WriteData(CheckoutState c) => Encoding.UTF8.GetString(JsonBytes.Write(json =>
    {
        json.WriteStartObject();
        json.WriteString("uuid", c.Uuid);
        json.WriteString("order_ref_1", c.OrderRef1);
        json.WriteString("order_ref_2", c.OrderRef2);
        json.WritePropertyName("amount");
        json.WriteRawValue(c.Amount.ToString(CultureInfo.InvariantCulture), skipInputValidation: true);
        json.WriteString("currency", c.Currency);
        json.WriteString("notify_url", c.NotifyUrl);
        json.WriteString("return_url", c.ReturnUrl);
        json.WriteString("action", c.Action);
        json.WritePropertyName("fields");
        json.WriteRawValue(c.Fields);
        json.WriteString("screening_deadline", c.ScreeningDeadline is { } d ? WireTime.Write(d) : null);
        if (c.Confirmed is { } confirmed) json.WriteString("confirmed", confirmed);
        json.WriteEndObject();
    }));

    public static CheckoutState ReadData(string data)
    {
        using var document = JsonDocument.Parse(data);
        var d = document.RootElement;
        return new CheckoutState
        {
            Uuid = d.GetProperty("uuid").GetString()!,
            OrderRef1 = d.GetProperty("order_ref_1").GetString(),
            OrderRef2 = d.GetProperty("order_ref_2").GetString(),
            Amount = BigInteger.Parse(d.GetProperty("amount").GetRawText(), CultureInfo.InvariantCulture),
            Currency = d.GetProperty("currency").GetString()!,
            NotifyUrl = d.GetProperty("notify_url").GetString()!,
            ReturnUrl = d.GetProperty("return_url").GetString()!,
            Action = d.GetProperty("action").GetString()!,
            Fields = d.GetProperty("fields").GetRawText(),
            ScreeningDeadline = d.GetProperty("screening_deadline").GetString() is { } deadline ? WireTime.Read(deadline) : null,
            Confirmed = d.TryGetProperty("confirmed", out var confirmed) ? confirmed.GetString() : null,
        };
    }

    /// The wait answer: the action and exactly its fields; a screening's expires_in counts down to now.
    public static byte[] Wait(CheckoutState c, DateTimeOffset now) => JsonBytes.Write(json =>
    {
        json.WriteStartObject();
        WriteAction(json, c, now);
        json.WriteEndObject();
    });

    /// The identification event: event, the action as the wait answer shows it, the order references, and
    /// the merchant's webhook parameters (never overriding those fields).
    public static byte[] Identification(CheckoutState c, DateTimeOffset now, IReadOnlyDictionary<string, string> webhookParams) => JsonBytes.Write(json =>
    {
        json.WriteStartObject();
        json.WriteString("event", IdentificationEvent);
        WriteAction(json, c, now);
        json.WriteString("order_ref", c.Uuid);
        json.WriteString("order_ref_1", c.OrderRef1);
        json.WriteString("order_ref_2", c.OrderRef2);
        using var fields = JsonDocument.Parse(c.Fields);
        foreach (var (key, value) in webhookParams)
        {
            if (!Reserved.Contains(key) && !fields.RootElement.TryGetProperty(key, out _)) json.WriteString(key, value);
        }
        json.WriteEndObject();
    });

    /// The IPN: which order the merchant is to confirm, and how.
    public static byte[] Ipn(CheckoutState c, string state) =>
        JsonSerializer.SerializeToUtf8Bytes(new PayState.Client.CheckoutIpn { OrderRef = c.Uuid, OrderRef1 = c.OrderRef1, OrderRef2 = c.OrderRef2, State = state }, CheckoutJsonContext.Wire.CheckoutIpn);

    /// The create answer: the uuid and the first action.
    public static byte[] Created(CheckoutState c) =>
        JsonSerializer.SerializeToUtf8Bytes(new PayState.Client.CreatedCheckout { Uuid = c.Uuid, Action = c.Action }, CheckoutJsonContext.Wire.CreatedCheckout);

    private static void WriteAction(Utf8JsonWriter json, CheckoutState c, DateTimeOffset now)
    {
        json.WriteString("action", c.Action);
        using var fields = JsonDocument.Parse(c.Fields);
        foreach (var field in fields.RootElement.EnumerateObject())
        {
            if (field.Name == CheckoutActions.ExpiresIn && c.ScreeningDeadline is { } deadline)
                json.WriteNumber(CheckoutActions.ExpiresIn, SecondsLeft(deadline, now));
            else
                field.WriteTo(json);
        }
    }

    /// Whole seconds left, never negative.
    public static long SecondsLeft(DateTimeOffset deadline, DateTimeOffset now) =>
        Math.Max(0, (long)Math.Floor((deadline - now).TotalSeconds));

    public static string Fingerprint(PayObject checkout) => $"\"{checkout.Version}\"";
}
