using Microsoft.Playwright;

namespace PayState.Server.Tests.Dashboard;

/// One headless Chromium per test class, driven by Playwright's bundled driver without its browser download: the one
/// in PAYSTATE_TEST_CHROMIUM, or the machine's own (.ci/run installs Debian's chromium package when none is found).
public sealed class BrowserFixture : IAsyncLifetime
{
    private static readonly string[] Names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// PAYSTATE_TEST_CHROMIUM, else the first of /usr/bin/chromium, /usr/bin/chromium-browser, /usr/bin/google-chrome...
    /// and then the same names on the PATH.
    public static string? FindChromium()
    {
        if (Environment.GetEnvironmentVariable("PAYSTATE_TEST_CHROMIUM") is { Length: > 0 } configured) return configured;
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return Names.Select(n => Path.Combine("/usr/bin", n)).Concat(path.SelectMany(dir => Names.Select(n => Path.Combine(dir, n))))
            .FirstOrDefault(File.Exists);
    }

    public async Task InitializeAsync()
    {
        var chromium = FindChromium()
            ?? throw new InvalidOperationException("No Chromium found: apt-get install -y chromium (.ci/run does), or set PAYSTATE_TEST_CHROMIUM to its path.");
        if (!File.Exists(chromium)) throw new InvalidOperationException($"PAYSTATE_TEST_CHROMIUM names {chromium}, which does not exist.");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox"] });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
