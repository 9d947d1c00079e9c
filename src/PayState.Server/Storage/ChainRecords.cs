using System.Numerics;

namespace PayState.Server.Storage;

// The chain slice's rows: terminals' wallet keys, the orders a chain watcher watches, its progress and what it saw.
// Addresses, hashes and contracts are lower-case 0x hex; amounts are decimal text (they exceed 64 bits).

/// A terminal's wallet on one network: its account-level extended public key and its own confirmation count.
public sealed record TerminalWallet(string TerminalId, string Network, string? Xpub, int? Confirmations, DateTimeOffset UpdatedAt);

/// An order a chain watcher decides: where it is paid, in what, how much, until when, and its status as the watcher
/// last wrote or found it. ClosedAt is set once the order is final.
public sealed record WatchedOrder(
    string OrderId,
    string Network,
    string Address,
    string? TokenContract,
    BigInteger Amount,
    int Confirmations,
    DateTimeOffset ExpiredAt,
    long? KeyIndex,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ClosedAt);

/// A watcher's row: who holds its lease until when, and the last block it finished (all of it stored).
public sealed record WatcherProgress(string Network, string? Owner, DateTimeOffset? LeaseUntil, long? FinishedBlock, string? FinishedHash, long? Head, DateTimeOffset UpdatedAt);

/// A block the watcher finished, kept a while to find where a reorganisation forked.
public sealed record ChainBlock(string Network, long Number, string Hash, string ParentHash, DateTimeOffset Timestamp);

/// A transfer to a watched order's address. Kind says what it counts as; RemovedAt is set when its block left the chain.
public sealed record ChainTransfer(
    string Network,
    string BlockHash,
    string TxHash,
    int LogIndex,
    long BlockNumber,
    DateTimeOffset BlockTime,
    string OrderId,
    string? TokenContract,
    string? From,
    BigInteger Amount,
    string Kind,
    DateTimeOffset SeenAt,
    DateTimeOffset? RemovedAt,
    bool RemovedAfterPaid)
{
    /// Counts toward the order's amount.
    public const string Payment = "payment";

    /// Another token than the order's (or the native coin for a token order): recorded, never counted.
    public const string WrongToken = "wrong_token";

    /// In a block after the order's window closed, or after the order was final: recorded, never counted.
    public const string Late = "late";
}

/// A blocks range a watcher finished: its blocks, the transfers found in them, and the new progress.
public sealed record FinishedRange(string Network, string Owner, long Head, IReadOnlyList<ChainBlock> Blocks, IReadOnlyList<ChainTransfer> Transfers, DateTimeOffset Now);
