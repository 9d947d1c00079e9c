using System.CommandLine;
using PayState.Client;

namespace PayState.Cli;

/// <summary>Where the server is and which credentials to use: flags first, then the environment.</summary>
internal sealed class CliSettings
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    private static readonly Option<string?> UrlOption = new("--url")
    {
        Description = $"The server's root URL [env: PAYSTATE_URL, default {DefaultUrl}]",
        Recursive = true,
    };

    private static readonly Option<string?> ApiKeyOption = new("--api-key")
    {
        Description = "The terminal's API key (pk_...) [env: PAYSTATE_API_KEY]",
        Recursive = true,
    };

    private static readonly Option<string?> ApiSecretOption = new("--api-secret")
    {
        Description = "The terminal's API secret (sk_...) [env: PAYSTATE_API_SECRET]",
        Recursive = true,
    };

    private static readonly Option<string?> ProcessorTokenOption = new("--processor-token")
    {
        Description = "The server's processor token, for trigger [env: PAYSTATE_PROCESSOR_TOKEN]",
        Recursive = true,
    };

    private static readonly Option<bool> JsonOption = new("--json")
    {
        Description = "Print the server's JSON answer as it is, instead of a table",
        Recursive = true,
    };

    private string? _apiKey;
    private string? _apiSecret;
    private string? _processorToken;

    public required Uri Url { get; init; }

    public bool Json { get; init; }

    /// PAYSTATE_WEBHOOK_SECRET, for listen (which takes it as its own --secret flag first).
    public string? WebhookSecret { get; private init; }

    public static void AddGlobalOptions(RootCommand root)
    {
        root.Options.Add(UrlOption);
        root.Options.Add(ApiKeyOption);
        root.Options.Add(ApiSecretOption);
        root.Options.Add(ProcessorTokenOption);
        root.Options.Add(JsonOption);
    }

    /// The settings of one run: each flag, else its variable from environment, else the default.
    public static CliSettings From(ParseResult parseResult, Func<string, string?> environment)
    {
        // An empty variable counts as unset, so `PAYSTATE_API_KEY= paystate ...` reports it missing. An unset one is
        // taken from the sandbox credentials file, read only when needed.
        var file = new Lazy<IReadOnlyDictionary<string, string>>(() => CredentialsFile.Find(environment(CredentialsFile.Variable)));
        string? Env(string name) => environment(name) is { Length: > 0 } value ? value
            : file.Value.TryGetValue(name, out var saved) && saved.Length > 0 ? saved : null;
        var url = parseResult.GetValue(UrlOption) ?? Env("PAYSTATE_URL") ?? DefaultUrl;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new CliException($"--url (or PAYSTATE_URL) must be an http(s) URL, not '{url}'.");
        return new CliSettings
        {
            Url = uri,
            Json = parseResult.GetValue(JsonOption),
            _apiKey = parseResult.GetValue(ApiKeyOption) ?? Env("PAYSTATE_API_KEY"),
            _apiSecret = parseResult.GetValue(ApiSecretOption) ?? Env("PAYSTATE_API_SECRET"),
            _processorToken = parseResult.GetValue(ProcessorTokenOption) ?? Env("PAYSTATE_PROCESSOR_TOKEN"),
            WebhookSecret = Env("PAYSTATE_WEBHOOK_SECRET"),
        };
    }

    /// An HTTP client on the server's root; the caller disposes it.
    public HttpClient CreateHttp() => new() { BaseAddress = Url };

    /// The merchant client; credentials are checked here so commands that need none (checkouts wait) run without them.
    public PayStateClient MerchantClient(HttpClient http) =>
        new(http, new PayStateCredentials(
            _apiKey ?? throw Missing("API key", "--api-key", "PAYSTATE_API_KEY"),
            _apiSecret ?? throw Missing("API secret", "--api-secret", "PAYSTATE_API_SECRET")));

    /// A merchant client for the unsigned public endpoints.
    public static PayStateClient PublicClient(HttpClient http) => new(http, new PayStateCredentials("", ""));

    public PayStateProcessorClient ProcessorClient(HttpClient http) =>
        new(http, _processorToken ?? throw Missing("processor token", "--processor-token", "PAYSTATE_PROCESSOR_TOKEN"));

    private static CliException Missing(string what, string flag, string variable) =>
        new($"no {what}: pass {flag} or set {variable}.");
}
