namespace PayState.Server.Hosting;

/// ASP.NET Core's per-request "Request starting/finished" lines (category Microsoft.AspNetCore.Hosting.Diagnostics).
/// While that category is enabled at any level, hosting gives every request an Activity and a log scope, kept
/// for as long as the request is open: about 400 bytes on each of ten thousand held long-polls, and work on
/// every status read. PayState logs per object and counts requests in /metrics, so the lines are off unless the
/// operator names the category (Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics=Information).
public static class RequestDiagnostics
{
    public const string Category = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static ILoggingBuilder WithoutRequestDiagnostics(this ILoggingBuilder logging, IConfiguration config) =>
        config[$"Logging:LogLevel:{Category}"] is null ? logging.AddFilter(Category, LogLevel.None) : logging;
}
