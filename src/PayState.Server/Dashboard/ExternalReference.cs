using System.Text.Json;
using PayState.Server.Storage;

namespace PayState.Server.Dashboard;

/// The merchant's own reference of an object, whichever kind: what support is usually given to search by.
public static class ExternalReference
{
    // The same fields, in the same order, as the index of migration 0002 the list filter uses.
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
