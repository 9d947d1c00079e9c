namespace PayState.Server.Storage.Postgres;

internal sealed partial class PostgresTransaction
{
    private ChainTransaction? _chain;

    public IChainTransaction Chain => _chain ??= new ChainTransaction(Sql, disposeCommands: true);
}
