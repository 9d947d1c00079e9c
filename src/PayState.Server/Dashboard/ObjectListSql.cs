using PayState.Server.Storage;

namespace PayState.Server.Dashboard;

/// The dashboard's object list as SQL for either database (parameters as @name, as in StoreSql). Only the filters
/// given become conditions, so each query can walk one of the newest-first indexes (created_at last, SQLite migration
/// 0007 and PostgreSQL 0006; or the external id's of 0003) and stop after a page.
internal static class ObjectListSql
{
    public static (string Sql, List<(string Name, object Value)> Parameters) Build(ObjectQuery query, string columns)
    {
        var where = new List<string>();
        var parameters = new List<(string, object)>();
        void Add(string condition, string name, object value)
        {
            where.Add(condition.Replace("?", "@" + name, StringComparison.Ordinal));
            parameters.Add(("@" + name, value));
        }
        if (query.MerchantId is not null) Add("merchant_id = ?", "merchant", query.MerchantId);
        if (query.Kind is not null) Add("kind = ?", "kind", query.Kind);
        if (query.State is not null) Add("state = ?", "state", query.State);
        if (query.From is { } from) Add("created_at >= ?", "from", UnixMicros.From(from));
        if (query.Until is { } until) Add("created_at < ?", "until", UnixMicros.From(until));
        if (query.ExternalId is not null) Add("external_id = ?", "external", query.ExternalId);
        if (query.After is { } after)
        {
            // The index on (..., created_at) seeks to the page's start by the time; the row value then leaves out, of the
            // rows made in that microsecond, those already listed.
            where.Add("created_at <= @afterAt AND (created_at, id) < (@afterAt, @afterId)");
            parameters.Add(("@afterAt", UnixMicros.From(after.CreatedAt)));
            parameters.Add(("@afterId", after.Id));
        }
        var condition = where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);
        parameters.Add(("@limit", query.Limit));
        return ($"SELECT {columns} FROM objects o {condition} ORDER BY created_at DESC, id DESC LIMIT @limit", parameters);
    }
}
