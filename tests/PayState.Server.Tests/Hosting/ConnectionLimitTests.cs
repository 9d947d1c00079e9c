using Microsoft.Extensions.Hosting.Internal;
using PayState.Server.Hosting;
using PayState.Server.Shared;

namespace PayState.Server.Tests.Hosting;

/// The cap on client connections: below the open-file limit by the webhook sends and a fixed reserve, or
/// exactly what PAYSTATE_MAX_CONNECTIONS says. (HeldWaitsTests checks a server process keeps to it.)
public sealed class ConnectionLimitTests
{
    [Theory]
    [InlineData(1024, 256, 640)]
    [InlineData(1024, 16, 880)]
    [InlineData(20_000, 256, 19_616)]
    public void FromOpenFileLimit_KnownLimit_ReservesTheWebhookSendsAndABase(long openFiles, int deliveryConcurrency, long expected) =>
        Assert.Equal(expected, ConnectionLimit.FromOpenFileLimit(openFiles, deliveryConcurrency));

    [Theory]
    [InlineData(100, 256)]
    [InlineData(400, 256)]
    [InlineData(144, 16)]
    public void FromOpenFileLimit_LimitBelowTheReserve_KeepsAFewConnections(long openFiles, int deliveryConcurrency) =>
        Assert.Equal(16, ConnectionLimit.FromOpenFileLimit(openFiles, deliveryConcurrency));

    [Fact]
    public void FromOpenFileLimit_UnknownLimit_NoCap() =>
        Assert.Null(ConnectionLimit.FromOpenFileLimit(null, 256));

    [Fact]
    public void For_MaxConnectionsSet_IsThatNumberWhateverTheOpenFileLimit()
    {
        var options = Options(("PAYSTATE_MAX_CONNECTIONS", "7"), ("PAYSTATE_DELIVERY_CONCURRENCY", "100000"));

        Assert.Equal(7, options.MaxConnections);
        Assert.Equal(7, ConnectionLimit.For(options));
    }

    [Fact]
    public void For_MaxConnectionsUnset_FollowsThisProcesssOpenFileLimitAndDeliveryConcurrency()
    {
        var options = Options(("PAYSTATE_DELIVERY_CONCURRENCY", "40"));

        Assert.Null(options.MaxConnections);
        Assert.Equal(ConnectionLimit.FromOpenFileLimit(ConnectionLimit.ReadOpenFileLimit(), 40), ConnectionLimit.For(options));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("lots")]
    public void From_MaxConnectionsNotAPositiveNumber_RefusesToStart(string value)
    {
        var error = Assert.Throws<ConfigurationException>(() => Options(("PAYSTATE_MAX_CONNECTIONS", value)));
        Assert.Contains("PAYSTATE_MAX_CONNECTIONS", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadOpenFileLimit_OnLinux_IsTheSoftLimitUlimitReports()
    {
        if (!OperatingSystem.IsLinux()) return;
        // A child inherits this process's limits; ulimit -Sn reads them through getrlimit, not /proc.
        var start = new System.Diagnostics.ProcessStartInfo("bash", ["-c", "ulimit -Sn"]) { RedirectStandardOutput = true };
        using var ulimit = System.Diagnostics.Process.Start(start)!;
        var soft = (await ulimit.StandardOutput.ReadToEndAsync()).Trim();
        await ulimit.WaitForExitAsync();

        Assert.Equal(soft, ConnectionLimit.ReadOpenFileLimit()?.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static PayStateOptions Options(params (string Key, string Value)[] settings)
    {
        var all = settings.ToDictionary(s => s.Key, s => (string?)s.Value);
        all["PAYSTATE_SANDBOX"] = "true";
        var config = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        return PayStateOptions.From(config, new HostingEnvironment { EnvironmentName = "Production" });
    }
}
