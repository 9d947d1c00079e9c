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
            foreach (var field in Fields)
            {
                if (document.RootElement.TryGetProperty(field, out var found) && found.ValueKind == JsonValueKind.String) return found.GetString();
            }
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
