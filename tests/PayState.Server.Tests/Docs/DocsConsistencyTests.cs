using System.Text.RegularExpressions;
using PayState.Server.Accounts;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Docs;

/// The repository's docs agree with each other and stand alone: their shell examples read only variables they set
/// themselves or that the sandbox credentials file sets (one set of names everywhere), and every file they name is in
/// the repository.
public sealed partial class DocsConsistencyTests
{
    // What a shell or the person running the examples already has.
    private static readonly HashSet<string> Ambient = ["PWD", "PATH", "HOME"];

    public static TheoryData<string> Docs()
    {
        var docs = new TheoryData<string> { "README.md", "src/PayState.Cli/README.md", "src/PayState.Client/README.md" };
        foreach (var path in Directory.GetFiles(Path.Combine(Repository.Root, "docs"), "*.md").Order(StringComparer.Ordinal))
            docs.Add(Path.GetRelativePath(Repository.Root, path));
        return docs;
    }

    [Theory]
    [MemberData(nameof(Docs))]
    public void ShellExamples_ReadOnlyVariablesTheySetOrTheCredentialsFileSets(string doc)
    {
        var blocks = ShellBlock().Matches(Read(doc)).Select(m => m.Groups["code"].Value).ToList();
        var code = string.Join('\n', blocks.Select(b => string.Join('\n', b.Split('\n').Select(l => Regex.Replace(l, @"(^|\s)#.*$", "")))));
        var fromFile = SandboxCredentials.Names.ToHashSet();
        var set = Assignment().Matches(code).Select(m => m.Groups["name"].Value).ToHashSet();

        var unknown = VariableRead().Matches(code).Select(m => m.Groups["name"].Value)
            .Where(name => !set.Contains(name) && !fromFile.Contains(name) && !Ambient.Contains(name)).Distinct().ToList();

        Assert.True(unknown.Count == 0, $"{doc} reads {string.Join(", ", unknown.Select(n => "$" + n))}, which neither it nor the credentials file sets.");
        // A credential has one name everywhere: following two docs never leaves one of them empty.
        var renamed = set.Where(name => CredentialName().IsMatch(name) && !fromFile.Contains(name)).ToList();
        Assert.True(renamed.Count == 0, $"{doc} names a credential {string.Join(", ", renamed)}; the CLI, the scripts and the credentials file call it PAYSTATE_...");
    }

    [Theory]
    [MemberData(nameof(Docs))]
    public void EveryFileItNames_IsInTheRepository(string doc)
    {
        var text = Read(doc);
        var folder = Path.GetDirectoryName(Path.Combine(Repository.Root, doc))!;
        var links = MarkdownLink().Matches(text).Select(m => m.Groups["target"].Value)
            .Where(t => !t.Contains("://", StringComparison.Ordinal) && !t.StartsWith('#'))
            .Select(t => Path.GetFullPath(Path.Combine(folder, t.Split('#')[0])));
        var named = RepositoryPath().Matches(text).Select(m => m.Groups["path"].Value.TrimEnd('.', ',', ':', ')'))
            // Build output and what the examples create are not in a clone.
            .Where(p => !p.Contains("/bin/", StringComparison.Ordinal) && !p.Contains("/obj/", StringComparison.Ordinal) && !p.EndsWith(".db", StringComparison.Ordinal)
                && !p.EndsWith(".env", StringComparison.Ordinal) && !p.Contains('*', StringComparison.Ordinal) && !p.Contains('$', StringComparison.Ordinal))
            .Select(p => Path.Combine(Repository.Root, p));

        var missing = links.Concat(named).Where(p => !File.Exists(p) && !Directory.Exists(p)).Select(p => Path.GetRelativePath(Repository.Root, p)).Distinct().ToList();

        Assert.DoesNotContain("shared/", text, StringComparison.Ordinal);
        Assert.True(missing.Count == 0, $"{doc} names what the repository does not have: {string.Join(", ", missing)}");
    }

    private static string Read(string doc) => File.ReadAllText(Path.Combine(Repository.Root, doc));

    [GeneratedRegex(@"```(?:sh|bash)\r?\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();

    // NAME=..., export NAME=..., for NAME in, read NAME.
    [GeneratedRegex(@"(?:^|[\s;(])(?:export\s+)?(?<name>[A-Za-z_][A-Za-z0-9_]*)=|\bfor\s+(?<name>[A-Za-z_][A-Za-z0-9_]*)\s+in\b", RegexOptions.Multiline)]
    private static partial Regex Assignment();

    [GeneratedRegex("(TOKEN|SECRET|API_KEY)$")]
    private static partial Regex CredentialName();

    [GeneratedRegex(@"\$\{?(?<name>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex VariableRead();

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"(?<![\w/.-])(?<path>(?:src|docs|scripts|tests|bench|\.ci)/[\w./-]+)")]
    private static partial Regex RepositoryPath();
}
