using PayState.Server.Delivery;

namespace PayState.Server.Hosting;

/// The server's settings, from PAYSTATE_* keys (environment variables win over appsettings.json).
public sealed record PayStateOptions
{
    public const string DefaultUrls = "http://127.0.0.1:5080";
    public const string DefaultDatabase = "paystate.db";

    public required string Urls { get; init; }
    public required string Database { get; init; }
    public required string? AdminToken { get; init; }
    public required string? ProcessorToken { get; init; }

    /// Loopback webhook targets allowed, retries compressed to seconds, credentials printed at first start.
    public required bool Sandbox { get; init; }
    public required RetrySchedule Schedule { get; init; }
    public required TimeSpan AttemptTimeout { get; init; }
    public required bool DispatcherEnabled { get; init; }

    /// Webhook sends in flight at once, and to one target host.
    public required int DeliveryConcurrency { get; init; }
    public required int DeliveryPerHost { get; init; }

    /// How long a claimed delivery is held before another process may take it over; above the attempt timeout.
    public required TimeSpan DeliveryLease { get; init; }

    /// Client connections held at once; by default derived from the open-file limit (ConnectionLimit).
    public required long? MaxConnections { get; init; }

    /// Networks an operator opens as webhook targets outside sandbox mode (PAYSTATE_WEBHOOK_ALLOW, CIDRs).
    public required IReadOnlyList<System.Net.IPNetwork> WebhookAllow { get; init; }

    /// Where clients reach the server (PAYSTATE_PUBLIC_URL): the OpenAPI document's server; none when not set.
    public required Uri? PublicUrl { get; init; }

    /// Proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (PAYSTATE_TRUSTED_PROXIES, addresses or CIDRs).
    public required IReadOnlyList<System.Net.IPNetwork> TrustedProxies { get; init; }

    /// The bearer token GET /metrics asks for (PAYSTATE_METRICS_TOKEN); open when not set.
    public required string? MetricsToken { get; init; }

    /// Dashboard sign-in attempts a minute from one address (PAYSTATE_SIGNIN_LIMIT).
    public required int SignInLimit { get; init; }

    public bool IsPostgres => Database.Contains("Host=", StringComparison.OrdinalIgnoreCase);

    /// The database as it may be printed: a PostgreSQL connection string can hold a password, so it is named, not shown.
    public string DatabaseForDisplay => IsPostgres ? "PostgreSQL" : Database;

    public static PayStateOptions From(IConfiguration config, IHostEnvironment environment)
    {
        var sandbox = config["PAYSTATE_SANDBOX"] is { Length: > 0 } flag ? ParseBool("PAYSTATE_SANDBOX", flag) : environment.IsDevelopment();
        return new PayStateOptions
        {
            Urls = NonEmpty(config["PAYSTATE_URLS"]) ?? DefaultUrls,
            Database = NonEmpty(config["PAYSTATE_DB"]) ?? DefaultDatabase,
            AdminToken = NonEmpty(config["PAYSTATE_ADMIN_TOKEN"]),
            ProcessorToken = NonEmpty(config["PAYSTATE_PROCESSOR_TOKEN"]),
            Sandbox = sandbox,
            Schedule = NonEmpty(config["PAYSTATE_RETRY_SCHEDULE"]) is { } schedule
                ? RetrySchedule.Parse(schedule)
                : sandbox ? RetrySchedule.Sandbox : RetrySchedule.Production,
            AttemptTimeout = TimeSpan.FromSeconds(PositiveInt(config, "PAYSTATE_ATTEMPT_TIMEOUT", 15)),
            DeliveryConcurrency = PositiveInt(config, "PAYSTATE_DELIVERY_CONCURRENCY", 256),
            DeliveryPerHost = PositiveInt(config, "PAYSTATE_DELIVERY_PER_HOST", 32),
            DeliveryLease = TimeSpan.FromSeconds(PositiveInt(config, "PAYSTATE_DELIVERY_LEASE", 60)),
            MaxConnections = NonEmpty(config["PAYSTATE_MAX_CONNECTIONS"]) is null ? null : PositiveInt(config, "PAYSTATE_MAX_CONNECTIONS", 0),
            DispatcherEnabled = config["PAYSTATE_DISPATCHER"] is not { } d || ParseBool("PAYSTATE_DISPATCHER", d),
            WebhookAllow = Delivery.WebhookUrlPolicy.ParseAllowList(config["PAYSTATE_WEBHOOK_ALLOW"]),
            PublicUrl = NonEmpty(config["PAYSTATE_PUBLIC_URL"]) is { } url ? AbsoluteHttpUrl("PAYSTATE_PUBLIC_URL", url) : null,
            TrustedProxies = Hosting.TrustedProxies.Parse(config["PAYSTATE_TRUSTED_PROXIES"]),
            MetricsToken = NonEmpty(config["PAYSTATE_METRICS_TOKEN"]),
            SignInLimit = PositiveInt(config, "PAYSTATE_SIGNIN_LIMIT", 10),
        };
    }

    private static int PositiveInt(IConfiguration config, string key, int fallback) =>
        NonEmpty(config[key]) is not { } text ? fallback
        : int.TryParse(text, out var value) && value > 0 ? value
        : throw new FormatException($"{key} must be a positive whole number, not '{text}'.");

    private static Uri AbsoluteHttpUrl(string key, string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new FormatException($"{key} must be an absolute http or https URL, not '{value}'.");

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool ParseBool(string key, string value) =>
        bool.TryParse(value, out var b) ? b : throw new FormatException($"{key} must be true or false, not '{value}'.");
}
