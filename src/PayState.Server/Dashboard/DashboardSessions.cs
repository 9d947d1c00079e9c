using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PayState.Server.Storage;

namespace PayState.Server.Dashboard;

/// The dashboard's session cookie: who signed in and until when, signed with HMAC-SHA256 under a key kept in the
/// database (so a restart, or another process on the same database, accepts it). HttpOnly, SameSite=Strict.
public sealed class DashboardSessions(IStore store, TimeProvider clock)
{
    public const string CookieName = "paystate_session";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);
    private const string KeySetting = "dashboard_session_key";
    private byte[]? _key;

    public async Task SignInAsync(HttpContext http, TerminalRecord? merchantTerminal)
    {
        var expires = clock.GetUtcNow() + Lifetime;
        var who = merchantTerminal is null ? "*" : $"{merchantTerminal.MerchantId} {merchantTerminal.Id}";
        var payload = $"{who}|{expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}";
        var value = $"{Encode(Encoding.UTF8.GetBytes(payload))}.{Encode(await SignAsync(payload))}";
        http.Response.Cookies.Append(CookieName, value, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = http.Request.IsHttps,
            Path = "/",
            MaxAge = Lifetime,
        });
    }

    public static void SignOut(HttpContext http) => http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/" });

    /// The signed-in viewer, or null when the cookie is missing, forged or expired.
    public async Task<Viewer?> ReadAsync(HttpContext http)
    {
        if (http.Request.Cookies[CookieName] is not { } cookie || cookie.Split('.') is not [var body, var signature]) return null;
        string payload;
        byte[] given;
        try
        {
            payload = Encoding.UTF8.GetString(Decode(body));
            given = Decode(signature);
        }
        catch (FormatException)
        {
            return null;
        }
        if (!CryptographicOperations.FixedTimeEquals(await SignAsync(payload), given)) return null;
        if (payload.Split('|') is not [var who, var until] || !long.TryParse(until, CultureInfo.InvariantCulture, out var seconds)) return null;
        var expires = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (clock.GetUtcNow() >= expires) return null;
        return who.Split(' ') is [var merchant, var terminal] ? new Viewer(merchant, terminal, expires) : new Viewer(null, null, expires);
    }

    private async Task<byte[]> SignAsync(string payload) => HMACSHA256.HashData(await KeyAsync(), Encoding.UTF8.GetBytes(payload));

    private async Task<byte[]> KeyAsync()
    {
        if (_key is { } known) return known;
        var fresh = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        // Set once, in a transaction: processes starting together agree on one key.
        var stored = await store.WriteAsync(tx =>
        {
            if (tx.GetSetting(KeySetting) is { } existing) return existing;
            tx.SetSetting(KeySetting, fresh);
            return fresh;
        });
        return _key = Convert.FromBase64String(stored);
    }

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Decode(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - (padded.Length % 4)) % 4));
    }
}
