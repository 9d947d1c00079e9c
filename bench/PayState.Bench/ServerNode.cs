using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PayState.Bench;

/// One PayState server process, built in Release beside the bench, on a free loopback port.
public sealed class ServerNode : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _errors = new();
    private readonly string _credentials;

    private ServerNode(Process process, Uri baseUri, string credentials)
    {
        _process = process;
        BaseUri = baseUri;
        _credentials = credentials;
    }

    public Uri BaseUri { get; }

    public int ProcessId => _process.Id;

    /// CPU time the server process has used so far, user and kernel (the kernel's clock ticks: 10 ms).
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// The server process's resident memory now, in MiB.
    public double RssMegabytes => StatusMegabytes("VmRSS");

    /// Where the resident memory is: anonymous (GC heap, stacks, native), file-backed (code), shared.
    public string RssParts => $"anon {StatusMegabytes("RssAnon"):0}, file {StatusMegabytes("RssFile"):0}, shmem {StatusMegabytes("RssShmem"):0} MB";

    private double StatusMegabytes(string field)
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
    }

    public static async Task<ServerNode> StartAsync(string database, int perHost, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PayState.Server.dll"));
        start.Environment["PAYSTATE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["PAYSTATE_DB"] = database;
        start.Environment["PAYSTATE_SANDBOX"] = "true";
        // Its own sandbox credentials file: on PostgreSQL the default would be the working directory, every node's.
        var credentials = Path.Combine(Path.GetTempPath(), $"paystate-bench-{Guid.NewGuid():N}.env");
        start.Environment["PAYSTATE_CREDENTIALS_FILE"] = credentials;
        start.Environment["PAYSTATE_ADMIN_TOKEN"] = Tokens.Admin;
        start.Environment["PAYSTATE_PROCESSOR_TOKEN"] = Tokens.Processor;
        start.Environment["PAYSTATE_DELIVERY_PER_HOST"] = perHost.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // One bench merchant sends everything: its share is what the one host may take.
        start.Environment["PAYSTATE_DELIVERY_PER_MERCHANT"] = perHost.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>()) start.Environment[name] = value;
        // Profiling aid: BENCH_SERVER_X=v sets X=v for the server only (runtime settings such as DOTNET_gcServer).
        foreach (var (name, value) in Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>().Select(e => ((string)e.Key, (string?)e.Value)))
        {
            if (name.StartsWith("BENCH_SERVER_", StringComparison.Ordinal)) start.Environment[name["BENCH_SERVER_".Length..]] = value;
        }
        var process = Process.Start(start)!;
        var node = new ServerNode(process, new Uri($"http://127.0.0.1:{port}/"), credentials);
        process.OutputDataReceived += (_, e) => node.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => node.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient();
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if ((await http.GetAsync(new Uri(node.BaseUri, "readyz"))).IsSuccessStatusCode) return node;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("The server did not start.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// The server's last lines (warnings and errors only, at the bench's log level), told if it died during a run.
    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_errors)
        {
            _errors.Enqueue(line);
            if (_errors.Count > 40) _errors.Dequeue();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process.HasExited)
        {
            lock (_errors) Console.WriteLine($"  the server on {BaseUri} had exited ({_process.ExitCode}); its last lines:{Environment.NewLine}    {string.Join($"{Environment.NewLine}    ", _errors)}");
        }
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        File.Delete(_credentials);
    }
}

public static class Tokens
{
    public const string Admin = "bench-admin";
    public const string Processor = "bench-processor";
}
