using System.Numerics;
using System.Text.Json;
using PayState.Server.Http;

namespace PayState.Server.Checkout;

public sealed record CheckoutRequest(string? OrderRef1, string? OrderRef2, BigInteger Amount, string Currency, string NotifyUrl, string ReturnUrl)
{
    // The names the SDK's CreateCheckoutRequest sends; any other field is refused.
    private static readonly string[] Fields = [.. CheckoutJsonContext.Wire.CreateCheckoutRequest.Properties.Select(p => p.Name)];

    public static CheckoutRequest Parse(ReadOnlyMemory<byte> body, WebhookUrlPolicy urls)
    {
        using var request = JsonRequest.Parse(body, Fields);
        var orderRef1 = request.OptionalString("order_ref_1");
        var orderRef2 = request.OptionalString("order_ref_2");
        var amount = request.RequiredAmount("amount", maxDigits: 18);
        var currency = request.RequiredString("currency");
        if (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper))
            throw ApiException.Invalid("currency", $"must be an ISO 4217 code of three capital letters, like EUR; got '{currency}'.");
        var notifyUrl = urls.Validate("notify_url", request.RequiredString("notify_url"));
        var returnUrl = request.RequiredString("return_url");
        if (!Uri.TryCreate(returnUrl, UriKind.Absolute, out var back) || (back.Scheme != Uri.UriSchemeHttps && back.Scheme != Uri.UriSchemeHttp))
            throw ApiException.Invalid("return_url", "must be an absolute http or https URL.");
        return new CheckoutRequest(orderRef1, orderRef2, amount, currency, notifyUrl, returnUrl);
    }
}

/// The processor's next action: a known action name and exactly that action's fields, each of its type.
public static class ActionRequest
{
    public static (string Action, IReadOnlyList<KeyValuePair<string, string>> Fields) Parse(ReadOnlyMemory<byte> body)
    {
        string action;
        using (var probe = JsonRequest.Parse(body, AllFieldNames))
        {
            action = probe.RequiredString("action");
            if (!CheckoutActions.IsKnown(action))
                throw ApiException.Invalid("action", $"'{action}' is not an action; use one of {string.Join(", ", CheckoutActions.Fields.Keys)}.");
        }
        var spec = CheckoutActions.Fields[action];
        using var request = JsonRequest.Parse(body, ["action", .. spec.Select(f => f.Name)]);
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var field in spec)
        {
            if (request.Root.TryGetProperty(field.Name, out var value)) fields.Add(new(field.Name, field.Read(value)));
            else if (field.Required) throw ApiException.Invalid(field.Name, $"is required for {action}.");
            else if (field.Default is not null) fields.Add(new(field.Name, field.Default));
        }
        return (action, fields);
    }

    // Any field of any action passes the first look; the second allows only the named action's.
    private static readonly string[] AllFieldNames =
        ["action", .. CheckoutActions.Fields.Values.SelectMany(f => f).Select(f => f.Name).Distinct()];

    /// Read from the raw query string: HttpRequest.Query would build a collection that stays with the request for
    /// as long as it is held, and a server holds thousands. Repeated, the values join as the collection joins them.
    public static int? ReadTimeout(QueryString query)
    {
        string? text = null;
        foreach (var pair in new Microsoft.AspNetCore.WebUtilities.QueryStringEnumerable(query.Value))
        {
            if (!pair.DecodeName().Span.Equals("timeout", StringComparison.OrdinalIgnoreCase)) continue;
            var value = pair.DecodeValue().ToString();
            text = text is null ? value : text + "," + value;
        }
        if (string.IsNullOrEmpty(text)) return null;
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds <= CheckoutEndpoints.MaxWaitSeconds
            ? seconds
            : throw ApiException.Invalid("timeout", $"must be whole seconds from 0 to {CheckoutEndpoints.MaxWaitSeconds}.");
    }

    /// The version an If-None-Match of the form "7" names, or null.
    public static int? ReadIfNoneMatch(HttpRequest request)
    {
        var tag = request.Headers.IfNoneMatch.ToString().Trim();
        if (tag.StartsWith("W/", StringComparison.Ordinal)) tag = tag[2..];
        return tag.Length > 2 && tag[0] == '"' && tag[^1] == '"' && int.TryParse(tag[1..^1], out var version) ? version : null;
    }

}
