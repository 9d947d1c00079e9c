namespace PayState.Server.Delivery;

/// How many more sends may start to each target host and for each merchant: the ones named have what is named
/// (0 when full), every other host PerHost and every other merchant PerMerchant.
public sealed record SendRoom(int PerHost, int PerMerchant, IReadOnlyDictionary<string, int> Hosts, IReadOnlyDictionary<string, int> Merchants)
{
    private static readonly IReadOnlyDictionary<string, int> NoneNamed = new Dictionary<string, int>();

    /// A full share for every host and merchant.
    public static SendRoom Full(int perHost, int perMerchant) => new(perHost, perMerchant, NoneNamed, NoneNamed);
}
