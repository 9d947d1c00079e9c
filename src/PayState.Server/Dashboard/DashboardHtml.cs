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

    /// Only a path on this server, as a browser will read it; anything else is the root. Browsers drop tabs and
    /// newlines from a URL and read a backslash as a slash, so "/\t/x" and "/\\x" lead to another host: a path must
    /// hold no control character, no backslash and nothing beyond ASCII (it goes into a Location header), must not
    /// start with two slashes, and neither may its path part once percent-decoded ("/%2F/x").
    public static string LocalPath(string? path)
    {
        if (path is not { Length: > 0 } p || p[0] != '/' || (p.Length > 1 && p[1] == '/')) return "/";
        if (p.Any(c => c is < (char)0x20 or > (char)0x7E or '\\')) return "/";
        var end = p.IndexOfAny(['?', '#']);
        var decoded = Uri.UnescapeDataString(end < 0 ? p : p[..end]);
        return decoded.StartsWith("//", StringComparison.Ordinal) || decoded.Any(c => char.IsControl(c) || c == '\\') ? "/" : p;
    }
}
