using System.Numerics;

namespace PayState.Server.Acquiring.Chain;

/// A block as the watcher reads it; Transactions only when asked for (native transfers).
public sealed record RpcBlock(long Number, string Hash, string ParentHash, DateTimeOffset Timestamp, IReadOnlyList<RpcTransaction> Transactions);

/// A transaction's native value transfer.
public sealed record RpcTransaction(string Hash, string From, string? To, BigInteger Value);

/// An ERC-20 Transfer log.
public sealed record RpcTransferLog(string Contract, string From, string To, BigInteger Value, long BlockNumber, string BlockHash, string TxHash, int LogIndex);

/// The node answered with a JSON-RPC error, or something that is not an answer.
public sealed class RpcException(string message) : Exception(message);

/// What the node answered no longer fits together (a block's parent, a log's block): the chain moved while it was read.
public sealed class ChainMovedException(string message) : Exception(message);
