using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using PayState.Server.Dashboard.Pages;
using PayState.Server.Http;
using PayState.Server.Storage;

namespace PayState.Server.Dashboard;

/// Sandbox only: a webhook target on the server itself (POST /sandbox/inbox/{name}) that keeps what it receives,
/// in the database, and a page that shows it, so a newcomer sees the whole loop from the browser.
public static class SandboxInbox
{
    public const int Keep = 200;

    public static async Task<IResult> Receive(string name, HttpContext http, IDashboardStore store, TimeProvider clock)
    {
        var body = await RequestBody.ReadAsync(http);
        var headers = string.Join("\n", http.Request.Headers
            .Where(h => h.Key.StartsWith("webhook-", StringComparison.OrdinalIgnoreCase) || h.Key.StartsWith("PayState-", StringComparison.OrdinalIgnoreCase)
                || h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) || h.Key.Equals("User-Agent", StringComparison.OrdinalIgnoreCase))
            .OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .Select(h => $"{h.Key}: {h.Value}"));
        var text = Encoding.UTF8.GetString(body.Span);
        await store.WriteAsync(tx => { tx.InsertInboxMessage(name, clock.GetUtcNow(), headers, text, Keep); return true; }, http.RequestAborted);
        return Results.Text("received", "text/plain", statusCode: 200);
    }

    public static async Task<RazorComponentResult<InboxPage>> Page(HttpContext http, IDashboardStore store, DashboardMode mode, IAntiforgery antiforgery)
    {
        var page = await PageContexts.ForAsync(http, mode, antiforgery, store);
        var messages = await store.ListInboxAsync(Keep, http.RequestAborted);
        return new(new { Model = new InboxModel(page, messages, UrlFor(http, "shop")) });
    }

    /// The inbox as this server is reached: loopback in the sandbox, which its webhook policy allows.
    public static string UrlFor(HttpContext http, string name) => $"{http.Request.Scheme}://{http.Request.Host}/sandbox/inbox/{name}";
}
