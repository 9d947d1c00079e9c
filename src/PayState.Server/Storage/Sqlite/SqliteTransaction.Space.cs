namespace PayState.Server.Storage.Sqlite;

internal sealed partial class SqliteTransaction
{
    /// Gives back up to most free pages beyond an eighth of the pages in use (kept for the rows that come next, which
    /// would otherwise grow the file again at once); how many it gave back.
    public int ReleaseFreePages(int most)
    {
        var free = Count("PRAGMA freelist_count");
        var used = Count("PRAGMA page_count") - free;
        var release = (int)Math.Min(most, free - used / 8);
        if (release <= 0) return 0;
        commands.Get($"PRAGMA incremental_vacuum({release})").ExecuteNonQuery();
        return release;
    }

    private long Count(string pragma) => Convert.ToInt64(commands.Get(pragma).ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
}
