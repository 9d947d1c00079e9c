using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using PayState.Server.Accounts;
using PayState.Server.Storage;

namespace PayState.Server.Dashboard;

/// The dashboard's sessions. The cookie holds 32 random bytes (HttpOnly, SameSite=Strict, Secure when the browser's
/// request came over TLS); the database holds the session under their SHA-256, so every process on the database
/// knows it and sign-out ends it for all of them. A session is as good as the credential that opened it: its stamp,
/// an HMAC of that credential keyed with the cookie's bytes, must still match the admin token or the terminal's API
/// secret, and the terminal must still be enabled; a rotation, a disable or a new admin token ends it. The expiry
/// is checked on the injected clock; expired rows are removed by AccessRecordsCleanup.
public sealed class DashboardSessions(IDashboardStore store, ServiceTokens tokens, TimeProvider clock)
{
    public const string CookieName = "paystate_session";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);
    private const int SecretBytes = 32;

    public async Task SignInAsync(HttpContext http, TerminalRecord? merchantTerminal)
    {
        var secret = RandomNumberGenerator.GetBytes(SecretBytes);
        var now = clock.GetUtcNow();
        var session = new DashboardSessionRecord(
            SHA256.HashData(secret), merchantTerminal?.MerchantId, merchantTerminal?.Id, Stamp(secret, merchantTerminal?.ApiSecret ?? tokens.AdminToken), now, now + Lifetime);
        await store.WriteAsync(tx => { tx.InsertDashboardSession(session); return true; }, http.RequestAborted);
        http.Response.Cookies.Append(CookieName, Base64Url.EncodeToString(secret), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = http.Request.IsHttps,
            Path = "/",
            MaxAge = Lifetime,
        });
    }

    public async Task SignOutAsync(HttpContext http)
    {
        if (Secret(http) is { } secret) await store.WriteAsync(tx => { tx.DeleteDashboardSession(SHA256.HashData(secret)); return true; }, http.RequestAborted);
        http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/" });
    }

    /// The signed-in viewer, or null when the cookie is missing or made up, or its session has ended.
    public async Task<Viewer?> ReadAsync(HttpContext http)
    {
        if (Secret(http) is not { } secret) return null;
        var session = await store.FindDashboardSessionAsync(SHA256.HashData(secret), http.RequestAborted);
        if (session is null || clock.GetUtcNow() >= session.ExpiresAt) return null;
        var credential = tokens.AdminToken;
        if (session.TerminalId is { } terminalId)
        {
            var terminal = await store.FindTerminalAsync(terminalId, http.RequestAborted);
            if (terminal is null || terminal.Disabled) return null;
            credential = terminal.ApiSecret;
        }
        if (credential.Length == 0 || !CryptographicOperations.FixedTimeEquals(session.Stamp, Stamp(secret, credential))) return null;
        return new Viewer(session.MerchantId, session.TerminalId, session.ExpiresAt);
    }

    private static byte[] Stamp(byte[] secret, string credential) => HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(credential));

    private static byte[]? Secret(HttpContext http)
    {
        if (http.Request.Cookies[CookieName] is not { Length: > 0 } cookie) return null;
        var secret = new byte[SecretBytes];
        return Base64Url.DecodeFromChars(cookie, secret, out _, out var written) == System.Buffers.OperationStatus.Done && written == SecretBytes ? secret : null;
    }
}
