using System.Text.RegularExpressions;
using PayState.Server.Tests.Support;

namespace PayState.Client.Tests.Samples;

/// Every C# snippet of src/PayState.Client/README.md is code of the sample apps, which the build compiles and
/// SampleShopTests runs: a snippet that drifts from the samples fails here.
public sealed partial class ReadmeSnippetTests
{
    [Fact]
    public void EveryCSharpSnippet_IsInTheSamples()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "src", "PayState.Client", "README.md"));
        var samples = Directory.EnumerateFiles(Path.Combine(Repository.Root, "samples"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(path => (Path: Path.GetRelativePath(Repository.Root, path), Lines: Normalized(File.ReadAllText(path))))
            .ToList();
        var snippets = CSharpBlock().Matches(readme).Select(m => Normalized(m.Groups["code"].Value)).ToList();

        Assert.True(snippets.Count >= 8, $"Only {snippets.Count} C# snippets found in the README.");
        Assert.All(snippets, snippet => Assert.True(samples.Any(file => file.Lines.Contains(snippet, StringComparison.Ordinal)),
            $"This README snippet is in no file under samples/:\n{snippet}"));
    }

    // Lines without their indentation (a snippet is shown de-indented), joined, framed by newlines to match whole lines.
    private static string Normalized(string code) =>
        "\n" + string.Join('\n', code.ReplaceLineEndings("\n").Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0)) + "\n";

    [GeneratedRegex(@"^```csharp\r?\n(?<code>.*?)\r?\n```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
