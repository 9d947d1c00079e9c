namespace PayState.Server.Storage;

/// The connection dropped while a COMMIT was on its way, and whether the database committed could not be found out
/// (it did not come back in time, or it no longer knows the transaction). The work may or may not be done.
public sealed class CommitOutcomeUnknownException(string message, Exception inner) : Exception(message, inner);
