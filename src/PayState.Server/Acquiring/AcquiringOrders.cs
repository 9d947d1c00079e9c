using PayState.Server.Acquiring.Chain;
using PayState.Server.Acquiring.Wallets;
using PayState.Server.Http;
using PayState.Server.Shared;
using PayState.Server.Lifecycle;
using PayState.Server.Storage;

namespace PayState.Server.Acquiring;

/// Makes new orders (the kind's create path): the checked target, the wallet address and its QR code, the expiry, and
/// the watcher's row.
public sealed class AcquiringOrders(IWalletAddressSource wallets, WebhookUrlPolicy urls, TokenTable tokens, ChainOptions chain)
{
    /// How long after expired_at the expiry timer of a watched order fires. The watcher expires the order itself
    /// once it has seen the chain past expired_at (a payment mined in time then never meets an expired order); the
    /// timer only ends orders a stopped watcher left open.
    public static readonly TimeSpan WatchedExpiryGrace = TimeSpan.FromHours(24);

    public TokenTable Tokens => tokens;

    public OrderRequest Parse(ReadOnlyMemory<byte> body) => OrderRequest.Parse(body, urls, tokens);

    public async Task<NewObject> NewAsync(TerminalRecord terminal, OrderRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await urls.CheckResolvedAsync("webhook_url", request.WebhookUrl, cancellationToken);
        var network = request.Token.Network;
        var address = await wallets.NextAddressAsync(terminal, network, cancellationToken);
        var order = new Order
        {
            Uuid = SecureIds.NewUuid(),
            TerminalUuid = terminal.Id,
            Amount = request.Amount,
            Currency = request.Token,
            WalletAddress = address.Address,
            WalletQr = Wallets.PaymentQrCode.ToBase64Png(PaymentUri.For(request.Token, address.Address, request.Amount, tokens.Network(network)?.ChainId ?? PaymentUri.MainnetChainId)),
            ExternalOrderId = request.ExternalOrderId,
            ExternalClientId = request.ExternalClientId,
            ExternalData = request.ExternalData,
            Status = OrderStatus.Created,
            WebhookUrl = request.WebhookUrl,
            IsTest = request.IsTest,
            CreatedAt = now,
            TransactionEndAt = null,
            ExpiredAt = now + request.ExpiresIn,
        };
        var document = AcquiringOrderJson.WriteDocument(order);
        var watch = chain.For(network) is { } watcher ? Watched(order, address, watcher) : null;
        var expiry = new TimerRecord(order.Uuid, AcquiringOrderKind.ExpiryTimer, watch is null ? order.ExpiredAt : order.ExpiredAt + WatchedExpiryGrace);
        // The answer is the order's first document, as its GET answers it until it changes.
        return new NewObject(
            new PayObject(order.Uuid, AcquiringOrderKind.KindName, terminal.MerchantId, terminal.Id, order.Status.Name, 1, System.Text.Encoding.UTF8.GetString(document), now, now),
            [expiry], document)
        {
            AlsoWrite = watch is null ? null : tx => tx.Chain.InsertWatchedOrder(watch),
        };
    }

    private static WatchedOrder Watched(Order order, WalletAddress address, EvmWatch watcher) => new(
        order.Uuid, watcher.Network, EvmAddress.Lower(address.Address), order.Currency.TokenAddress is { } contract ? EvmAddress.Lower(contract) : null,
        order.Amount, address.Confirmations ?? watcher.Confirmations, order.ExpiredAt, address.KeyIndex, order.Status.Name, order.CreatedAt, null);
}
