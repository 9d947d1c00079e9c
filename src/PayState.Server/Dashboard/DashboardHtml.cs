using System.Globalization;
using System.Net;

namespace PayState.Server.Dashboard;

/// Small pieces of HTML and formatting the pages share.
public static class DashboardHtml
{
    /// A bare page with a status code and one sentence: refusals and "not found".
    public static IResult Status(int statusCode, string message) =>
        Results.Content(
            $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>PayState</title><link rel=\"stylesheet\" href=\"/dashboard/assets/dashboard.css\"></head>" +
            $"<body><main><p class=\"notice\">{WebUtility.HtmlEncode(message)}</p><p><a href=\"/\">Back to the dashboard</a></p></main></body></html>",
            "text/html; charset=utf-8", statusCode: statusCode);

    public static string Time(DateTimeOffset? value) =>
        value is { } v ? v.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) : "";

    /// Where a POST goes back to, with a message for the page to show (Post/Redirect/Get).
    public static IResult Back(string path, string message) =>
        Results.Redirect($"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}msg={Uri.EscapeDataString(message)}");

    /// Only paths on this server: a sign-in link must not send anyone elsewhere.
    public static string LocalPath(string? path) =>
        path is { Length: > 0 } p && p[0] == '/' && !p.StartsWith("//", StringComparison.Ordinal) && !p.StartsWith("/\\", StringComparison.Ordinal) ? p : "/";
}
