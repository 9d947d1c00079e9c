using Microsoft.Playwright;

namespace PayState.Server.Tests.Dashboard;

/// One headless Chromium per test class: Debian's /usr/bin/chromium driven by Playwright's bundled driver, so no
/// `playwright install` download is needed (.ci/run installs the chromium package when it is missing).
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath)) throw new InvalidOperationException($"{ChromiumPath} is missing: apt-get install -y chromium (.ci/run does).");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true, Args = ["--no-sandbox"] });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
