using System.Data.Common;

namespace PayState.Server.Storage.Sqlite;

public sealed partial class SqliteStore : IRowQuery
{
    public IChainReads Chain => new ChainReads(this);

    Task<List<T>> IRowQuery.QueryRowsAsync<T>(string sql, Action<DbCommand> bind, Func<DbDataReader, T> map, CancellationToken cancellationToken) =>
        QueryAsync(sql, c => bind(c), r => map(r), cancellationToken);
}
