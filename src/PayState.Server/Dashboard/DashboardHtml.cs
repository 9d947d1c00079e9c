using System.Globalization;
using System.Net;

namespace PayState.Server.Dashboard;

/// Small pieces of HTML and formatting the pages share.
public static class DashboardHtml
{
    /// The stylesheet and icon every page links: files of the asset endpoint, so a strict Content-Security-Policy holds.
    public const string Head = "<link rel=\"stylesheet\" href=\"/dashboard/assets/dashboard.css\"><link rel=\"icon\" href=\"/dashboard/assets/favicon.svg\" type=\"image/svg+xml\">";

    /// A bare page with a status code and one sentence: refusals and "not found".
    public static IResult Status(int statusCode, string message) =>
        Results.Content(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>PayState</title>" + Head +
            $"</head><body><main class=\"narrow\"><p class=\"notice error\">{WebUtility.HtmlEncode(message)}</p><p><a href=\"/\">Back to the dashboard</a></p></main></body></html>",
            "text/html; charset=utf-8", statusCode: statusCode);

    public static string Time(DateTimeOffset? value) =>
        value is { } v ? v.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) : "";

    /// Where a POST goes back to, with the code of a DashboardMessage for the page to show (Post/Redirect/Get).
    public static IResult Back(string path, string message, int? count = null) =>
        Results.Redirect($"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}msg={message}" +
            (count is { } n ? $"&n={n.ToString(CultureInfo.InvariantCulture)}" : ""));

    /// Only paths on this server: a sign-in link must not send anyone elsewhere.
    public static string LocalPath(string? path) =>
        path is { Length: > 0 } p && p[0] == '/' && !p.StartsWith("//", StringComparison.Ordinal) && !p.StartsWith("/\\", StringComparison.Ordinal) ? p : "/";
}
