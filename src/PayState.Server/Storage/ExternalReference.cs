using System.Text.Json;
namespace PayState.Server.Storage;

/// The merchant's own reference of an object, whichever kind: what support is usually given to search by. Taken
/// from the document once, at creation, into its own column (migration 0003): it never changes afterwards.
public static class ExternalReference
{
    // In this order; migration 0003 fills the column of older rows from the same fields.
    private static readonly string[] Fields = ["external_order_id", "order_ref_1", "customerId"];

    public static string? Of(PayObject value)
    {
        try
        {
            using var document = JsonDocument.Parse(value.Data);
            // An acquiring order's document is its envelope: the order is its data.
            var root = document.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object ? data : document.RootElement;
            foreach (var field in Fields)
            {
                if (root.TryGetProperty(field, out var found) && found.ValueKind == JsonValueKind.String) return found.GetString();
            }
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
