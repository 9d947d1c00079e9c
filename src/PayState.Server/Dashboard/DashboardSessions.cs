using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using PayState.Server.Storage;

namespace PayState.Server.Dashboard;

/// The dashboard's session cookie: who signed in and until when, protected by the same Data Protection keys as
/// the antiforgery tokens (kept in the database, so a restart, or another process on the same database, accepts
/// it). The expiry is checked on the injected clock. HttpOnly, SameSite=Strict.
public sealed class DashboardSessions(IDataProtectionProvider protection, TimeProvider clock)
{
    public const string CookieName = "paystate_session";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    private readonly IDataProtector _protector = protection.CreateProtector("PayState.Dashboard.Session");

    public void SignIn(HttpContext http, TerminalRecord? merchantTerminal)
    {
        var expires = clock.GetUtcNow() + Lifetime;
        var who = merchantTerminal is null ? "*" : $"{merchantTerminal.MerchantId} {merchantTerminal.Id}";
        http.Response.Cookies.Append(CookieName, _protector.Protect($"{who}|{expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}"), new CookieOptions
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
    public Viewer? Read(HttpContext http)
    {
        if (http.Request.Cookies[CookieName] is not { } cookie) return null;
        string payload;
        try
        {
            payload = _protector.Unprotect(cookie);
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
        if (payload.Split('|') is not [var who, var until] || !long.TryParse(until, CultureInfo.InvariantCulture, out var seconds)) return null;
        var expires = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (clock.GetUtcNow() >= expires) return null;
        return who.Split(' ') is [var merchant, var terminal] ? new Viewer(merchant, terminal, expires) : new Viewer(null, null, expires);
    }
}
