using PayState.Server.Accounts;
using PayState.Server.Delivery;
using PayState.Server.Http;
using PayState.Server.Shared;

namespace PayState.Server.Hosting;

/// The server's settings, from PAYSTATE_* keys (environment variables win over appsettings.json).
public sealed record PayStateOptions
{
    public const string DefaultUrls = "http://127.0.0.1:5080";
    public const string DefaultDatabase = "paystate.db";

    /// Outside sandbox mode a bearer token is the only thing between the internet and the admin API.
    public const int MinTokenLength = 32;

    public required string Urls { get; init; }
    public required string Database { get; init; }
    public required string? AdminToken { get; init; }
    public required string? ProcessorToken { get; init; }

    /// Loopback webhook targets allowed, retries compressed to seconds, credentials printed at first start.
    public required bool Sandbox { get; init; }

    /// Sandbox only: the shell file the sandbox credentials are written to (PAYSTATE_CREDENTIALS_FILE; by default
    /// beside the SQLite file, or in the working directory for PostgreSQL).
    public required string CredentialsFile { get; init; }
    public required RetrySchedule Schedule { get; init; }
    public required TimeSpan AttemptTimeout { get; init; }
    public required bool DispatcherEnabled { get; init; }

    /// Webhook sends in flight at once, to one target host, and for one merchant.
    public required int DeliveryConcurrency { get; init; }
    public required int DeliveryPerHost { get; init; }
    public required int DeliveryPerMerchant { get; init; }

    /// How long a claimed delivery is held before another process may take it over; above the attempt timeout.
    public required TimeSpan DeliveryLease { get; init; }

    /// How long a write whose COMMIT got no answer (the PostgreSQL connection dropped) waits for the database to say
    /// what became of it before answering 503 commit_outcome_unknown (PAYSTATE_COMMIT_CHECK_SECONDS).
    public required TimeSpan CommitCheck { get; init; }

    /// Client connections held at once; by default derived from the open-file limit (ConnectionLimit).
    public required long? MaxConnections { get; init; }

    /// Networks an operator opens as webhook targets outside sandbox mode (PAYSTATE_WEBHOOK_ALLOW, CIDRs).
    public required IReadOnlyList<System.Net.IPNetwork> WebhookAllow { get; init; }

    /// What is kept of deliveries, and for how long (PAYSTATE_RETENTION_DAYS, PAYSTATE_EVENT_RETENTION_DAYS).
    public required Storage.RetentionPolicy Retention { get; init; }

    /// Where clients reach the server (PAYSTATE_PUBLIC_URL): the OpenAPI document's server; none when not set.
    public required Uri? PublicUrl { get; init; }

    /// Proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (PAYSTATE_TRUSTED_PROXIES, addresses or CIDRs).
    public required IReadOnlyList<System.Net.IPNetwork> TrustedProxies { get; init; }

    /// The bearer token GET /metrics asks for (PAYSTATE_METRICS_TOKEN); open when not set.
    public required string? MetricsToken { get; init; }

    /// Dashboard sign-in attempts a minute from one address (PAYSTATE_SIGNIN_LIMIT).
    public required int SignInLimit { get; init; }

    /// Kestrel serves TLS itself (an https:// address and a certificate in its configuration).
    public bool ServesHttps => Urls.Contains("https://", StringComparison.OrdinalIgnoreCase);

    public bool IsPostgres => Database.Contains("Host=", StringComparison.OrdinalIgnoreCase);

    /// The database as it may be printed: a PostgreSQL connection string can hold a password, so it is named, not shown.
    public string DatabaseForDisplay => IsPostgres ? "PostgreSQL" : Database;

    public static PayStateOptions From(IConfiguration config, IHostEnvironment environment)
    {
        var sandbox = config["PAYSTATE_SANDBOX"] is { Length: > 0 } flag ? ParseBool("PAYSTATE_SANDBOX", flag) : environment.IsDevelopment();
        var database = NonEmpty(config["PAYSTATE_DB"]) ?? DefaultDatabase;
        var attemptTimeout = TimeSpan.FromSeconds(PositiveInt(config, "PAYSTATE_ATTEMPT_TIMEOUT", 15));
        var lease = TimeSpan.FromSeconds(PositiveInt(config, "PAYSTATE_DELIVERY_LEASE", 60));
        if (lease <= attemptTimeout)
            throw new ConfigurationException("PAYSTATE_DELIVERY_LEASE must be longer than PAYSTATE_ATTEMPT_TIMEOUT.");
        var concurrency = PositiveInt(config, "PAYSTATE_DELIVERY_CONCURRENCY", 256);
        return new PayStateOptions
        {
            Urls = NonEmpty(config["PAYSTATE_URLS"]) ?? DefaultUrls,
            Database = database,
            AdminToken = Token(config, "PAYSTATE_ADMIN_TOKEN", sandbox),
            ProcessorToken = Token(config, "PAYSTATE_PROCESSOR_TOKEN", sandbox),
            Sandbox = sandbox,
            CredentialsFile = NonEmpty(config["PAYSTATE_CREDENTIALS_FILE"]) ?? SandboxCredentialsFile.DefaultPath(database),
            Schedule = NonEmpty(config["PAYSTATE_RETRY_SCHEDULE"]) is { } schedule
                ? Parsed(() => RetrySchedule.Parse(schedule))
                : sandbox ? RetrySchedule.Sandbox : RetrySchedule.Production,
            AttemptTimeout = attemptTimeout,
            DeliveryConcurrency = concurrency,
            DeliveryPerHost = PositiveInt(config, "PAYSTATE_DELIVERY_PER_HOST", 32),
            // A quarter of the slots: four merchants whose every target hangs are needed to fill them.
            DeliveryPerMerchant = PositiveInt(config, "PAYSTATE_DELIVERY_PER_MERCHANT", Math.Max(1, concurrency / 4)),
            DeliveryLease = lease,
            CommitCheck = TimeSpan.FromSeconds(PositiveInt(config, "PAYSTATE_COMMIT_CHECK_SECONDS", 10)),
            MaxConnections = NonEmpty(config["PAYSTATE_MAX_CONNECTIONS"]) is null ? null : PositiveInt(config, "PAYSTATE_MAX_CONNECTIONS", 0),
            DispatcherEnabled = config["PAYSTATE_DISPATCHER"] is not { } d || ParseBool("PAYSTATE_DISPATCHER", d),
            WebhookAllow = Parsed(() => WebhookUrlPolicy.ParseAllowList(config["PAYSTATE_WEBHOOK_ALLOW"]), "PAYSTATE_WEBHOOK_ALLOW"),
            Retention = new Storage.RetentionPolicy(
                Days(config, "PAYSTATE_RETENTION_DAYS") ?? Storage.RetentionPolicy.DefaultRetention, Days(config, "PAYSTATE_EVENT_RETENTION_DAYS")),
            PublicUrl = NonEmpty(config["PAYSTATE_PUBLIC_URL"]) is { } url ? AbsoluteHttpUrl("PAYSTATE_PUBLIC_URL", url) : null,
            TrustedProxies = Parsed(() => Hosting.TrustedProxies.Parse(config["PAYSTATE_TRUSTED_PROXIES"])),
            MetricsToken = OptionalToken(config, "PAYSTATE_METRICS_TOKEN", sandbox),
            SignInLimit = PositiveInt(config, "PAYSTATE_SIGNIN_LIMIT", 10),
        };
    }

    /// A configured token wins (sandbox mode makes one when none is set). Outside sandbox mode the server refuses to
    /// start without one, or with one short enough to guess.
    private static string? Token(IConfiguration config, string key, bool sandbox)
    {
        var token = NonEmpty(config[key]);
        if (sandbox) return token;
        if (token is null) throw new ConfigurationException($"{key} must be set outside sandbox mode.");
        if (token.Length < MinTokenLength)
            throw new ConfigurationException(
                $"{key} must be at least {MinTokenLength} characters outside sandbox mode, not {token.Length} (make one with: openssl rand -hex 32).");
        return token;
    }

    /// A token that may be left unset (no protection wanted); when set outside sandbox mode, as long as the others.
    private static string? OptionalToken(IConfiguration config, string key, bool sandbox) =>
        NonEmpty(config[key]) is null ? null : Token(config, key, sandbox);

    /// A parser of another slice reports a bad value as a FormatException; here it becomes a configuration error,
    /// named by key when its own message does not name it.
    private static T Parsed<T>(Func<T> parse, string? key = null)
    {
        try
        {
            return parse();
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new ConfigurationException(key is null || e.Message.Contains(key, StringComparison.Ordinal) ? e.Message : $"{key}: {e.Message}", e);
        }
    }

    private static int PositiveInt(IConfiguration config, string key, int fallback) =>
        NonEmpty(config[key]) is not { } text ? fallback
        : int.TryParse(text, out var value) && value > 0 ? value
        : throw new ConfigurationException($"{key} must be a positive whole number, not '{text}'.");

    /// A number of days, fractions allowed (0.5 is twelve hours); null when the key is not set.
    private static TimeSpan? Days(IConfiguration config, string key) =>
        NonEmpty(config[key]) is not { } text ? null
        : decimal.TryParse(text, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var days)
          && days > 0 && days <= 36_500
            ? TimeSpan.FromSeconds((double)(days * 86_400))
            : throw new ConfigurationException($"{key} must be a positive number of days (fractions allowed, at most 36500), not '{text}'.");

    private static Uri AbsoluteHttpUrl(string key, string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new ConfigurationException($"{key} must be an absolute http or https URL, not '{value}'.");

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool ParseBool(string key, string value) =>
        bool.TryParse(value, out var b) ? b : throw new ConfigurationException($"{key} must be true or false, not '{value}'.");
}
