using System.Globalization;

namespace PayState.Server.Http;

public static class QueryLimit
{
    public static int Read(IQueryCollection query, int fallback, int max)
    {
        var text = query["limit"].ToString();
        if (text.Length == 0) return fallback;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit >= 1 && limit <= max
            ? limit
            : throw ApiException.Invalid("limit", $"must be a whole number from 1 to {max}.");
    }
}
