using PayState.Server.Http;

namespace PayState.Server.Dashboard;

/// Reads a dashboard form. Anyone can post to /signin, so a form that cannot be read (not a form, broken
/// multipart, over 64 KiB, too many fields, an over-long key) or that holds a control character (NUL, CR, LF...)
/// is the client's mistake: null, and one line in the log, bounded by RequestLogBudget, never an exception.
public sealed class DashboardForms(RequestLogBudget budget, ILogger<DashboardForms> log)
{
    public static IResult Refused() =>
        DashboardHtml.Status(400, "This form could not be read; reload the page and try again.");

    public async Task<IFormCollection?> ReadAsync(HttpContext http)
    {
        if (!http.Request.HasFormContentType) return Reject(http, "it is not a form");
        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException or InvalidOperationException
                                  && !http.RequestAborted.IsCancellationRequested)
        {
            return Reject(http, e.Message);
        }
        foreach (var (key, values) in form)
        {
            if (HasControl(key) || values.Any(v => HasControl(v))) return Reject(http, $"the field '{Printable(key)}' holds a control character");
        }
        return form;
    }

    private IFormCollection? Reject(HttpContext http, string reason)
    {
        if (budget.TryTake(out var leftOut))
        {
            log.LogWarning("Refused a form posted to {Path} from {Address}: {Reason} ({LeftOut} such lines left out before this one)",
                http.Request.Path, http.Connection.RemoteIpAddress, reason, leftOut);
        }
        return null;
    }

    private static bool HasControl(string? text) => text is not null && text.Any(char.IsControl);

    private static string Printable(string key) =>
        new([.. key.Take(40).Select(c => char.IsControl(c) ? '?' : c)]);
}
