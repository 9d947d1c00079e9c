using System.Text.RegularExpressions;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Docs;

/// The server's folders import one way, as docs/architecture.md draws them ("Which folder may import which"): a folder
/// names only folders below it, so no import circle comes back. What a file names is read from its using directives
/// and from the names it qualifies with a folder (PayState.Server.Delivery.X, Delivery.X).
public sealed partial class FolderLayersTests
{
    // Top to bottom; folders on one line are side by side and do not name each other.
    private static readonly string[][] Layers =
    [
        ["Hosting"],
        ["Acquiring", "Checkout", "Verification"],
        ["Dashboard"],
        ["Delivery"],
        ["Events"],
        ["Lifecycle"],
        ["Accounts"],
        ["Http"],
        ["Telemetry"],
        ["Metrics"],
        ["Shared", "Storage"],
    ];

    // The two databases implement the store's interfaces (Storage's, and those Delivery and the Dashboard own for their
    // models) and name nothing else; only Hosting chooses one.
    private static readonly string[] Implementations = ["Storage.Sqlite", "Storage.Postgres"];
    private static readonly string[] Implemented = ["Storage", "Delivery", "Dashboard"];

    [Fact]
    public void Each_folder_imports_only_folders_below_it()
    {
        var server = Path.Combine(Repository.Root, "src", "PayState.Server");
        var wrong = new List<string>();
        foreach (var path in Directory.EnumerateFiles(server, "*.*", SearchOption.AllDirectories)
                     .Where(p => (p.EndsWith(".cs", StringComparison.Ordinal) || p.EndsWith(".razor", StringComparison.Ordinal))
                         && !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                         && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var relative = Path.GetRelativePath(server, path).Replace(Path.DirectorySeparatorChar, '/');
            if (!relative.Contains('/', StringComparison.Ordinal)) continue;
            var from = FolderOf(relative.Replace('/', '.'));
            foreach (var to in Named(File.ReadAllText(path)).Select(FolderOf).Distinct().Where(to => to != from && !May(from, to)))
                wrong.Add($"{relative} ({from}) names {to}");
        }
        Assert.True(wrong.Count == 0, "Imports against the layers:\n" + string.Join('\n', wrong.Order(StringComparer.Ordinal)));
    }

    [Theory]
    [InlineData("Lifecycle", "Delivery", false)]
    [InlineData("Delivery", "Lifecycle", true)]
    [InlineData("Acquiring", "Checkout", false)]
    [InlineData("Storage", "Storage.Sqlite", false)]
    [InlineData("Storage.Sqlite", "Storage", true)]
    [InlineData("Storage.Postgres", "Events", false)]
    [InlineData("Storage.Sqlite", "Delivery", true)]
    [InlineData("Storage.Postgres", "Dashboard", true)]
    [InlineData("Storage.Sqlite", "Acquiring", false)]
    [InlineData("Delivery", "Storage.Postgres", false)]
    [InlineData("Hosting", "Storage.Postgres", true)]
    [InlineData("Dashboard", "Hosting", false)]
    [InlineData("Dashboard", "Acquiring", false)]
    [InlineData("Acquiring", "Dashboard", true)]
    public void The_rule_reads_as_drawn(string from, string to, bool allowed) => Assert.Equal(allowed, May(from, to));

    private static bool May(string from, string to)
    {
        if (from == "Hosting") return true;
        if (Implementations.Contains(from)) return Implemented.Contains(to);
        if (Implementations.Contains(to)) return false;
        return Layer(to) > Layer(from);
    }

    private static int Layer(string folder) => Array.FindIndex(Layers, layer => layer.Contains(folder)) is var i and >= 0
        ? i
        : throw new InvalidOperationException($"Folder {folder} is in no layer; add it to FolderLayersTests and docs/architecture.md.");

    /// A namespace below PayState.Server (or a file's folder path with dots), as the folder the layers name.
    private static string FolderOf(string name)
    {
        var parts = name.Split('.');
        return parts[0] == "Storage" && parts.Length > 1 && parts[1] is "Sqlite" or "Postgres" ? $"Storage.{parts[1]}" : parts[0];
    }

    /// The namespaces below PayState.Server a file's code names: using directives, and qualified names.
    private static IEnumerable<string> Named(string source)
    {
        var code = Comment().Replace(Text().Replace(source, "\"\""), "");
        foreach (Match m in UsingDirective().Matches(code)) yield return m.Groups["ns"].Value;
        foreach (Match m in FullyQualified().Matches(code)) yield return m.Groups["ns"].Value;
        foreach (Match m in FolderQualified().Matches(code)) yield return m.Groups["folder"].Value + ".";
    }

    [GeneratedRegex(@"^@?using\s+(?:static\s+)?(?:\w+\s*=\s*)?PayState\.Server\.(?<ns>[\w.]+)", RegexOptions.Multiline)]
    private static partial Regex UsingDirective();

    [GeneratedRegex(@"(?<![\w.])(?:global::)?PayState\.Server\.(?<ns>[A-Z]\w*(?:\.[A-Z]\w*)?)")]
    private static partial Regex FullyQualified();

    [GeneratedRegex(@"(?<![\w.""])(?<folder>Storage\.Sqlite|Storage\.Postgres|Accounts|Acquiring|Checkout|Dashboard|Delivery|Events|Hosting|Http|Lifecycle|Metrics|Shared|Storage|Telemetry|Verification)\.[A-Z]\w*")]
    private static partial Regex FolderQualified();

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/|@\*.*?\*@", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"""(?:\\.|[^""\\\n])*""")]
    private static partial Regex Text();
}
