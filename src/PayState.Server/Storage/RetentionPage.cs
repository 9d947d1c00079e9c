namespace PayState.Server.Storage;

/// One page of a retention sweep: how many rows it removed, the last row it passed (where the next page starts) and
/// whether the sweep is done (the rest is too new, or a row that must stay blocks the way).
public sealed record RetentionPage(int Removed, long Last, bool Done)
{
    /// What a page of rows read oldest first comes to: the rows up to the first too new (or one that blocks), and of
    /// them those to remove. Fewer rows than asked for means the table's end was reached.
    public static (List<long> Remove, long Last, bool Done) Scan(IReadOnlyList<RetentionRow> rows, long after, int limit)
    {
        var remove = new List<long>();
        var last = after;
        foreach (var row in rows)
        {
            if (row.TooNew || row.Blocks) return (remove, last, true);
            if (row.Remove) remove.Add(row.Key);
            last = row.Key;
        }
        return (remove, last, rows.Count < limit);
    }
}

/// A row as retention sees it: its key in age order, whether it is newer than the cut, whether it goes, and whether
/// it must stay and hold back everything after it (an event a delivery still waits on: the events API lists from the
/// horizon on, so the horizon may not pass it).
public sealed record RetentionRow(long Key, bool TooNew, bool Remove, bool Blocks = false);
