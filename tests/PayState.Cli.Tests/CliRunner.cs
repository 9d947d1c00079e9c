using System.Text;
using PayState.Server.Tests.Support;

namespace PayState.Cli.Tests;

public sealed record CliResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- output\n{Output}\n--- error\n{Error}";
}

/// Runs paystate in-process against a real server, with one merchant's credentials and the processor token as flags.
public sealed class CliRunner(TestServer server, MerchantClient merchant)
{
    public MerchantClient Merchant => merchant;

    public string Url => server.BaseUri.ToString().TrimEnd('/');

    /// With the merchant's credentials, the processor token and the server's URL.
    public Task<CliResult> RunAsync(params string[] args) =>
        RunRawAsync([.. args, "--url", Url, "--api-key", merchant.ApiKey, "--api-secret", merchant.ApiSecret, "--processor-token", TestServer.ProcessorToken]);

    /// Exactly the given arguments, with exactly the given environment (none by default): the test process's own
    /// environment is never read, so a developer's exported PAYSTATE_* variables cannot change a result.
    public static async Task<CliResult> RunRawAsync(
        string[] args, IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var variables = environment ?? new Dictionary<string, string>();
        var exitCode = await Cli.RunAsync(args, output, error, name => variables.GetValueOrDefault(name), cancellationToken);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}

/// A writer other threads may write to while a test reads it (listen prints from Kestrel's threads).
public sealed class ConcurrentWriter : TextWriter
{
    private readonly StringBuilder _text = new();
    private readonly Lock _gate = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_gate) _text.Append(value);
    }

    public override void Write(string? value)
    {
        lock (_gate) _text.Append(value);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        lock (_gate) _text.Append(buffer, index, count);
    }

    public override string ToString()
    {
        lock (_gate) return _text.ToString();
    }
}
