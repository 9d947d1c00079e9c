namespace PayState.Server.Checkout;

/// How many minor units an ISO 4217 currency has to its major unit (the exponent): two for most, none for the
/// yen and a few others, three for some dinars.
public static class CurrencyExponent
{
    private static readonly HashSet<string> None =
        ["BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"];

    private static readonly HashSet<string> Three = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];

    public static int Of(string currency) => None.Contains(currency) ? 0 : Three.Contains(currency) ? 3 : 2;
}
