namespace PayState.Server.Storage;

/// Where an event stands in the events API's order: after the transaction that wrote it (Xid, PostgreSQL's
/// transaction id; 0 on SQLite, whose one writer commits in seq order, and for events written before PostgreSQL kept
/// it), then its commit sequence.
public readonly record struct EventPosition(long Xid, long Seq)
{
    public static readonly EventPosition Start = new(0, 0);

    /// A position by commit sequence alone (SQLite, and cursors given out before the transaction was kept).
    public static implicit operator EventPosition(long seq) => new(0, seq);

    public static EventPosition Of(EventRecord e) => new(e.Xid, e.Seq);
}
