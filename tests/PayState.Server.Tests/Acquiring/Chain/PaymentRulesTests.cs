using System.Numerics;
using PayState.Server.Acquiring;
using PayState.Server.Acquiring.Chain;
using PayState.Server.Storage;

namespace PayState.Server.Tests.Acquiring.Chain;

/// The rules that turn an order's transfers into moves, on their own.
public sealed class PaymentRulesTests
{
    private static readonly DateTimeOffset Created = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Expires = Created.AddMinutes(30);
    private static readonly BigInteger Amount = 300;

    [Fact]
    public void Created_NothingSeen_WindowOpen_NoMove() =>
        Assert.Empty(Decide(OrderStatus.Created, [], Tip(100, Created.AddMinutes(1))));

    [Fact]
    public void Created_NothingSeen_ABlockAfterTheWindow_Expired() =>
        Assert.Equal([OrderStatus.Expired], Decide(OrderStatus.Created, [], Tip(100, Expires.AddSeconds(1), atHead: false)));

    [Fact]
    public void Created_NothingSeen_AtTheHeadPastTheWindow_Expired() =>
        Assert.Equal([OrderStatus.Expired], Decide(OrderStatus.Created, [], Tip(100, Created.AddMinutes(1), now: Expires.AddSeconds(1))));

    [Fact]
    public void Created_NothingSeen_BehindTheHeadPastTheWindow_Waits() =>
        Assert.Empty(Decide(OrderStatus.Created, [], Tip(100, Created.AddMinutes(1), atHead: false, now: Expires.AddHours(1))));

    [Fact]
    public void Created_PaymentInABlock_Pending() =>
        Assert.Equal([OrderStatus.Pending], Decide(OrderStatus.Created, [Payment(100, 300)], Tip(100, Created.AddMinutes(1))));

    [Fact]
    public void Created_PaymentAlreadyConfirmed_PendingThenPaid() =>
        Assert.Equal([OrderStatus.Pending, OrderStatus.Paid], Decide(OrderStatus.Created, [Payment(98, 300)], Tip(100, Created.AddMinutes(1))));

    [Fact]
    public void Pending_ConfirmedSumShort_WindowOpen_Waits() =>
        Assert.Empty(Decide(OrderStatus.Pending, [Payment(90, 100), Payment(91, 100)], Tip(100, Created.AddMinutes(1))));

    [Fact]
    public void Pending_EnoughButNotConfirmed_Waits() =>
        Assert.Empty(Decide(OrderStatus.Pending, [Payment(90, 200), Payment(100, 100)], Tip(100, Created.AddMinutes(1))));

    [Fact]
    public void Pending_OverPaidAndConfirmed_Paid() =>
        Assert.Equal([OrderStatus.Paid], Decide(OrderStatus.Pending, [Payment(90, 1000)], Tip(100, Created.AddMinutes(1))));

    [Fact]
    public void Pending_UnderPaid_WindowClosedAndAllConfirmed_Failed() =>
        Assert.Equal([OrderStatus.Failed], Decide(OrderStatus.Pending, [Payment(90, 100)], Tip(100, Expires.AddSeconds(1))));

    [Fact]
    public void Pending_UnderPaid_WindowClosedButATransferUnconfirmed_Waits() =>
        Assert.Empty(Decide(OrderStatus.Pending, [Payment(90, 100), Payment(100, 100)], Tip(100, Expires.AddSeconds(1))));

    [Fact]
    public void Pending_TransfersRemovedByAReorganisation_DoNotCount() =>
        Assert.Empty(Decide(OrderStatus.Pending, [Payment(90, 300) with { RemovedAt = Created }], Tip(100, Created.AddMinutes(1))));

    [Fact]
    public void Created_WrongTokenAndLate_DoNotCount() =>
        Assert.Empty(Decide(OrderStatus.Created,
            [Payment(90, 300) with { Kind = ChainTransfer.WrongToken }, Payment(91, 300) with { Kind = ChainTransfer.Late }], Tip(100, Created.AddMinutes(1))));

    [Theory]
    [InlineData("Paid")]
    [InlineData("Expired")]
    [InlineData("Failed")]
    public void FinalOrders_NeverMove(string status) =>
        Assert.Empty(Decide(OrderStatus.Find(status)!, [Payment(90, 300)], Tip(100, Expires.AddHours(1))));

    private static IReadOnlyList<OrderStatus> Decide(OrderStatus status, IReadOnlyList<ChainTransfer> transfers, ChainTip tip) =>
        PaymentRules.Decide(status, Amount, Expires, 3, transfers, tip);

    private static ChainTip Tip(long number, DateTimeOffset timestamp, bool atHead = true, DateTimeOffset? now = null) =>
        new(number, timestamp, atHead, now ?? timestamp);

    private static ChainTransfer Payment(long block, long amount) =>
        new("ethereum", $"0xb{block}", $"0xt{block}", 0, block, Created.AddMinutes(1), "order", "0xtoken", "0xfrom", amount, ChainTransfer.Payment, Created, null, false);
}
