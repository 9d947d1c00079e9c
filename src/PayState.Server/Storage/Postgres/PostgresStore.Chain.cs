using System.Data.Common;

namespace PayState.Server.Storage.Postgres;

public sealed partial class PostgresStore : IRowQuery
{
    public IChainReads Chain => new ChainReads(this);

    Task<List<T>> IRowQuery.QueryRowsAsync<T>(string sql, Action<DbCommand> bind, Func<DbDataReader, T> map, CancellationToken cancellationToken) =>
        QueryAsync(sql, c => bind(c), r => map(r), cancellationToken);
}
