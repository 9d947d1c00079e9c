using System.Collections.Concurrent;
using System.Diagnostics;

namespace PayState.Server.Tests.Support;

/// The real server as a separate OS process, so a test can kill it with SIGKILL mid-flight and start it
/// again on the same database file, or read what it printed.
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;
    private readonly int? _openFileLimit;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    /// openFileLimit, when given, starts the server under `ulimit -n` of that many descriptors. An empty
    /// value in environment unsets that key (the server treats an empty setting as absent).
    public ServerProcess(string databasePath, IDictionary<string, string>? environment = null, int? openFileLimit = null)
    {
        _openFileLimit = openFileLimit;
        DatabasePath = databasePath;
        Port = LoopbackPort.Free();
        _environment = new Dictionary<string, string>
        {
            ["PAYSTATE_URLS"] = $"http://127.0.0.1:{Port}",
            ["PAYSTATE_DB"] = databasePath,
            ["PAYSTATE_ADMIN_TOKEN"] = TestServer.AdminToken,
            ["PAYSTATE_PROCESSOR_TOKEN"] = TestServer.ProcessorToken,
            ["PAYSTATE_SANDBOX"] = "true",
            ["PAYSTATE_CREDENTIALS_FILE"] = Path.Combine(Path.GetTempPath(), $"paystate-process-{Guid.NewGuid():N}.env"),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) _environment[key] = value;
    }

    public string DatabasePath { get; }

    /// Where a sandbox start writes the sandbox credentials (empty: the server's default, beside the database).
    public string CredentialsFile => _environment["PAYSTATE_CREDENTIALS_FILE"];

    public int Port { get; }

    public Uri BaseUri => new($"http://127.0.0.1:{Port}/");

    public bool HasExited => _process?.HasExited ?? true;

    public int? ExitCode => _process is { HasExited: true } process ? process.ExitCode : null;

    /// Every line the server wrote to stdout and stderr, across starts, in arrival order per stream.
    public string Output => string.Join('\n', _output);

    /// Waits (real time, up to 10 s) until the output holds text, for lines read after the server answered.
    public async Task<string> WaitForOutputAsync(string text)
    {
        try
        {
            await Eventually.HoldsAsync(() => Output.Contains(text, StringComparison.Ordinal), $"the server printed '{text}'");
        }
        catch (TimeoutException)
        {
            Assert.Fail($"The server never printed '{text}'. It printed:\n{Output}");
        }
        return Output;
    }

    /// The server's OS threads now (the `exec` under ulimit keeps the same process).
    public int ThreadCount
    {
        get
        {
            _process!.Refresh();
            return _process.Threads.Count;
        }
    }

    /// How the server names itself in the attempt log (host name and process id), while it runs.
    public string Node => $"{Environment.MachineName}:{(_process ?? throw new InvalidOperationException("The server is not running.")).Id}";

    public async Task StartAsync()
    {
        Launch();
        await WaitUntilServingAsync();
    }

    /// Starts the server and waits (real time, up to 30 s) for it to exit by itself: a start that must fail.
    public async Task<int> RunToExitAsync()
    {
        Launch();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process!.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    private void Launch()
    {
        var start = new ProcessStartInfo(_openFileLimit is null ? "dotnet" : "bash")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (_openFileLimit is { } limit)
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add($"ulimit -n {limit} && exec dotnet \"$0\"");
        }
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PayState.Server.dll"));
        foreach (var (key, value) in _environment) start.Environment[key] = value;
        _process = Process.Start(start)!;
        // Drain output so a chatty server never blocks on a full pipe, and keep it for tests that read it.
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// SIGKILL: no shutdown code runs, exactly like a crash or an OOM kill.
    public async Task KillAsync()
    {
        if (_process is null) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    /// SIGTERM: the server shuts down as an orchestrator would stop it; waits until it has exited.
    public async Task TerminateAsync()
    {
        if (_process is null) return;
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
        _process.Dispose();
        _process = null;
    }

    private async Task WaitUntilServingAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.HoldsAsync(
            async () =>
            {
                if (_process!.HasExited)
                {
                    await _process.WaitForExitAsync(); // lets the output readers reach the end of both streams
                    throw new InvalidOperationException($"The server exited with code {_process.ExitCode} while starting.");
                }
                try
                {
                    using var response = await http.GetAsync(new Uri(BaseUri, "readyz"));
                    return response.IsSuccessStatusCode;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    return false;
                }
            },
            "the server process answers /readyz",
            TimeSpan.FromSeconds(15));
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        if (CredentialsFile.Length > 0) File.Delete(CredentialsFile);
    }
}
