using PayState.Server.Shared;

namespace PayState.Server.Hosting;

/// PAYSTATE_LOG_FORMAT: "text" (the default: one line per entry) or "json" (one JSON object per line, with
/// each entry's properties and scopes, such as ObjectId, EventId and DeliveryId, as fields for a log store).
public static class LogFormat
{
    public static ILoggingBuilder AddPayStateLogFormat(this ILoggingBuilder logging, IConfiguration config)
    {
        var format = config["PAYSTATE_LOG_FORMAT"]?.Trim().ToLowerInvariant();
        switch (format)
        {
            case null or "" or "text":
                return logging;
            case "json":
                return logging.AddJsonConsole(o =>
                {
                    o.IncludeScopes = true;
                    o.UseUtcTimestamp = true;
                    o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                });
            default:
                throw new ConfigurationException($"PAYSTATE_LOG_FORMAT must be text or json, not '{format}'.");
        }
    }
}
