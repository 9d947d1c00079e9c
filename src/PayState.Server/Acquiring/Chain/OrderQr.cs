using PayState.Server.Dashboard;
using PayState.Server.Storage;

namespace PayState.Server.Acquiring.Chain;

/// An order's payment QR code as the image it is, for its dashboard panel.
public static class OrderQr
{
    public static readonly DashboardPage Image = new("/objects/{id}/qr.png", null, Show);

    public static async Task<IResult> Show(string id, HttpContext http, IStore store) =>
        await ObjectPages.FindAsync(id, http, store) is { Kind: AcquiringOrderKind.KindName } order
        && PaymentQr.Of(order) is { } qr
            ? Results.Bytes(qr.Png, "image/png")
            : ObjectPages.NotFound(id);
}
