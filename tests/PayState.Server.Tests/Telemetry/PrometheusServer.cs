using System.Diagnostics;
using System.Text.Json;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Telemetry;

/// A real Prometheus (Debian's package: apt-get install prometheus) on a loopback port, in a temporary directory of
/// its own, scraping one target every second and evaluating the repository's alert rules.
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dir;

    private PrometheusServer(Process process, string dir, Uri baseUri)
    {
        _process = process;
        _dir = dir;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// The repository's deploy/prometheus folder (the tests run from tests/PayState.Server.Tests/bin/...).
    public static string DeployDirectory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var deploy = Path.Combine(dir.FullName, "deploy", "prometheus");
                if (Directory.Exists(deploy)) return deploy;
            }
            throw new DirectoryNotFoundException("No deploy/prometheus above the test's directory.");
        }
    }

    public static async Task<PrometheusServer> StartAsync(Uri target)
    {
        var dir = Directory.CreateTempSubdirectory("paystate-prometheus-").FullName;
        var port = LoopbackPort.Free();
        await File.WriteAllTextAsync(Path.Combine(dir, "prometheus.yml"), $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files:
              - {Path.Combine(DeployDirectory, "alerts.yml")}
            scrape_configs:
              - job_name: paystate
                static_configs:
                  - targets: ["{target.Authority}"]
            """);
        var start = new ProcessStartInfo("prometheus")
        {
            ArgumentList =
            {
                $"--config.file={Path.Combine(dir, "prometheus.yml")}", $"--storage.tsdb.path={Path.Combine(dir, "data")}",
                $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn",
            },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("Prometheus is not installed: apt-get install prometheus (.ci/run does).", e);
        }
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var server = new PrometheusServer(process, dir, new Uri($"http://127.0.0.1:{port}/"));
        await server.UntilAsync(async () => (await server.Http.GetAsync(new Uri(server.BaseUri, "-/ready"))).IsSuccessStatusCode, "Prometheus never became ready");
        return server;
    }

    /// The result of an instant query: its series' values (a query that fails fails the test).
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)>> QueryAsync(string promql)
    {
        var body = await Http.GetStringAsync(new Uri(BaseUri, $"api/v1/query?query={Uri.EscapeDataString(promql)}"));
        var root = JsonDocument.Parse(body).RootElement;
        Assert.True(root.GetProperty("status").GetString() == "success", $"{promql}: {body}");
        return root.GetProperty("data").GetProperty("result").EnumerateArray()
            .Select(r => ((IReadOnlyDictionary<string, string>)r.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
                double.Parse(r.GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
    }

    /// Polls (up to 30 s): scrapes and rule evaluations come every second.
    public Task UntilAsync(Func<Task<bool>> condition, string failure) =>
        Eventually.HoldsAsync(
            async () =>
            {
                if (_process.HasExited) throw new InvalidOperationException($"Prometheus exited with {_process.ExitCode}.");
                try
                {
                    return await condition();
                }
                catch (HttpRequestException)
                {
                    return false; // Not listening yet.
                }
            },
            failure,
            TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
