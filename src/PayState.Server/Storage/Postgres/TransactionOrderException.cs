namespace PayState.Server.Storage.Postgres;

/// A change found its object changed by a transaction younger than its own (one that held the row until it committed):
/// written now, it would be listed before that change by the events API. Its batch runs again in a new transaction.
internal sealed class TransactionOrderException(string objectId)
    : Exception($"Object {objectId} was changed by a younger transaction; the batch runs again in a new one.");
