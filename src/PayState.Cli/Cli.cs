using System.CommandLine;
using System.Text.Json;
using PayState.Client;

namespace PayState.Cli;

/// <summary>The <c>paystate</c> command line, runnable in-process so tests can drive it with their own writers.</summary>
public static class Cli
{
    /// <summary>Parses and runs one command line, reading PAYSTATE_* settings from the process environment.</summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <param name="output">Where results go.</param>
    /// <param name="error">Where error messages go.</param>
    /// <param name="cancellationToken">Stops the command (Ctrl+C).</param>
    /// <returns>0 on success, 1 on any failure, 2 on a usage error.</returns>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        RunAsync(args, output, error, Environment.GetEnvironmentVariable, cancellationToken);

    /// <summary>Parses and runs one command line with the given environment (tests pass their own instead of changing the process's).</summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <param name="output">Where results go.</param>
    /// <param name="error">Where error messages go.</param>
    /// <param name="environment">Looks up an environment variable (PAYSTATE_URL, PAYSTATE_API_KEY, ...); null when unset.</param>
    /// <param name="cancellationToken">Stops the command (Ctrl+C).</param>
    /// <returns>0 on success, 1 on any failure, 2 on a usage error.</returns>
    public static async Task<int> RunAsync(
        string[] args, TextWriter output, TextWriter error, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(environment);
        var context = new CliContext(output, error, environment);
        var root = new RootCommand("PayState command line: create and read objects, drive them through their lifecycle, watch events and webhooks.");
        CliSettings.AddGlobalOptions(root);
        root.Subcommands.Add(OrdersCommands.Create(context));
        root.Subcommands.Add(CheckoutsCommands.Create(context));
        root.Subcommands.Add(PivCommands.Create(context));
        root.Subcommands.Add(TriggerCommands.Create(context));
        root.Subcommands.Add(EventsCommands.Create(context));
        root.Subcommands.Add(DeliveriesCommands.Create(context));
        root.Subcommands.Add(ListenCommand.Create(context));
        root.Subcommands.Add(PayCommand.Create(context));

        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            // Usage errors exit 2, apart from the 1 of failures, so scripts can tell a typo from a refusal.
            foreach (var line in UsageErrors.Describe(parseResult)) await error.WriteLineAsync($"error: {line}").ConfigureAwait(false);
            await error.WriteLineAsync("Run 'paystate --help' for usage.").ConfigureAwait(false);
            return 2;
        }
        // The caller owns Ctrl+C (Program.cs), so in-process runs register no signal handlers.
        var configuration = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false };
        return await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>The writers of one run and the error handling every command shares.</summary>
internal sealed class CliContext(TextWriter output, TextWriter error, Func<string, string?> environment)
{
    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    /// Runs a command body, turning every expected failure into one "error: ..." line and exit code 1.
    public async Task<int> RunAsync(ParseResult parseResult, Func<CliSettings, Task<int>> body, CancellationToken cancellationToken)
    {
        CliSettings? settings = null;
        try
        {
            settings = CliSettings.From(parseResult, environment);
            return await body(settings).ConfigureAwait(false);
        }
        catch (CliException e)
        {
            return await FailAsync(e.Message).ConfigureAwait(false);
        }
        catch (PayStateException e)
        {
            return await FailAsync($"{e.StatusCode} {e.Code}: {e.Message}").ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            return await FailAsync($"cannot reach PayState at {settings?.Url}: {e.Message}").ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return await FailAsync($"the request to PayState at {settings?.Url} timed out.").ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return await FailAsync("cancelled.").ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            return await FailAsync($"unexpected answer from PayState: {e.Message}").ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug still ends in one clear line and exit 1, not a stack trace a script would have to parse.
            return await FailAsync($"{e.GetType().Name}: {e.Message}").ConfigureAwait(false);
        }
    }

    private async Task<int> FailAsync(string message)
    {
        await Error.WriteLineAsync($"error: {message}").ConfigureAwait(false);
        return 1;
    }
}

/// <summary>A failure the CLI itself detects (missing credentials, a bad flag value), printed as it is.</summary>
internal sealed class CliException(string message) : Exception(message);
