namespace PayState.Server.Storage.Sqlite;

internal sealed partial class SqliteTransaction
{
    private ChainTransaction? _chain;

    // The chain's statements are few and rare: cached like the others, never disposed by their users.
    public IChainTransaction Chain => _chain ??= new ChainTransaction(commands.Get, disposeCommands: false);
}
