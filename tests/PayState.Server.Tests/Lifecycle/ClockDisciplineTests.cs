using System.Text.RegularExpressions;

namespace PayState.Server.Tests.Lifecycle;

/// Time comes from TimeProvider so expiry and retries can be tested without sleeping; reading the wall
/// clock directly anywhere in src/ would quietly break that.
public sealed partial class ClockDisciplineTests
{
    [Fact]
    public void Source_NeverReadsTheWallClockDirectly()
    {
        var src = Path.Combine(RepositoryRoot(), "src");
        var offenders = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(x => WallClock().IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(src, x.f)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();

        Assert.Empty(offenders);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PayState.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("PayState.slnx not found above the test binaries.");
    }

    [GeneratedRegex(@"\bDateTime(Offset)?\.(UtcNow|Now|Today)\b")]
    private static partial Regex WallClock();
}
