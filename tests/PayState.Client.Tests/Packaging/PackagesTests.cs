using System.Diagnostics;
using System.IO.Compression;
using System.Reflection.Metadata;
using System.Text;
using System.Xml.Linq;
using PayState.Server.Tests.Support;

namespace PayState.Client.Tests.Packaging;

/// The two packages as a release would make them: `dotnet pack -c Release` in a clone of this commit whose origin is the
/// repository's URL (as on a publishing machine), then what is in each .nupkg and .snupkg.
public sealed class PackagesTests : IAsyncLifetime
{
    private const string RepositoryUrl = "https://github.com/paystate/paystate";
    private readonly string _work = Path.Combine(Path.GetTempPath(), $"paystate-pack-{Guid.NewGuid():N}");
    private string _commit = "";

    private string Output => Path.Combine(_work, "out");

    public async Task InitializeAsync()
    {
        _commit = (await RunAsync("git", ["-C", Repository.Root, "rev-parse", "HEAD"], Repository.Root)).Trim();
        var clone = Path.Combine(_work, "clone");
        await RunAsync("git", ["clone", "--quiet", "--no-checkout", Repository.Root, clone], _work);
        await RunAsync("git", ["-C", clone, "checkout", "--quiet", _commit], _work);
        await RunAsync("git", ["-C", clone, "remote", "set-url", "origin", RepositoryUrl + ".git"], _work);
        // Packing the receiver builds both projects; the client's package then needs no second build.
        await RunAsync("dotnet", ["pack", Path.Combine(clone, "src", "PayState.Client.AspNetCore"), "-c", "Release", "-o", Output, "-p:ContinuousIntegrationBuild=true"], clone);
        await RunAsync("dotnet", ["pack", Path.Combine(clone, "src", "PayState.Client"), "-c", "Release", "-o", Output, "-p:ContinuousIntegrationBuild=true",
            "--no-build", "--no-restore"], clone);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_work, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public void EachPackage_HasVersionLicenceReadmeRepositoryAndSymbols_AndOnlyTheReceiverNeedsAspNetCore()
    {
        var version = XDocument.Load(Path.Combine(Repository.Root, "src", "Package.props")).Descendants("VersionPrefix").Single().Value;
        var licence = File.ReadAllText(Path.Combine(Repository.Root, "LICENSE"));

        foreach (var id in new[] { "PayState.Client", "PayState.Client.AspNetCore" })
        {
            using var package = ZipFile.OpenRead(Path.Combine(Output, $"{id}.{version}.nupkg"));
            var nuspec = Nuspec(package, id);
            XNamespace ns = nuspec.Root!.Name.Namespace;
            var metadata = nuspec.Root.Element(ns + "metadata")!;
            Assert.Equal(version, metadata.Element(ns + "version")!.Value);
            Assert.Equal(("file", "LICENSE"), (metadata.Element(ns + "license")!.Attribute("type")!.Value, metadata.Element(ns + "license")!.Value));
            Assert.Equal(licence, Text(package, "LICENSE"));
            Assert.Equal("README.md", metadata.Element(ns + "readme")!.Value);
            Assert.Contains("# PayState.Client", Text(package, "README.md"), StringComparison.Ordinal);
            var repository = metadata.Element(ns + "repository")!;
            Assert.Equal((RepositoryUrl, _commit), (repository.Attribute("url")!.Value.Replace(".git", "", StringComparison.Ordinal), repository.Attribute("commit")!.Value));
            Assert.Contains(package.Entries, e => e.FullName == $"lib/net10.0/{id}.xml");
            Assert.True(File.Exists(Path.Combine(Output, $"{id}.{version}.snupkg")), $"{id} has no symbols package.");

            var frameworks = metadata.Descendants(ns + "frameworkReference").Select(f => f.Attribute("name")!.Value).ToList();
            var dependencies = metadata.Descendants(ns + "dependency").ToDictionary(d => d.Attribute("id")!.Value, d => d.Attribute("version")!.Value);
            if (id == "PayState.Client")
            {
                Assert.Empty(frameworks);
                Assert.DoesNotContain(dependencies.Keys, d => d.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
                Assert.Contains("Polly.Core", dependencies.Keys);
            }
            else
            {
                Assert.Equal(["Microsoft.AspNetCore.App"], frameworks);
                Assert.Equal(version, dependencies["PayState.Client"]);
            }
        }
    }

    [Fact]
    public void SymbolPackages_MapTheSourcesToThisCommitOnTheRepository()
    {
        var version = XDocument.Load(Path.Combine(Repository.Root, "src", "Package.props")).Descendants("VersionPrefix").Single().Value;
        using var symbols = ZipFile.OpenRead(Path.Combine(Output, $"PayState.Client.{version}.snupkg"));
        using var pdb = new MemoryStream();
        using (var entry = symbols.GetEntry("lib/net10.0/PayState.Client.pdb")!.Open()) entry.CopyTo(pdb);
        pdb.Position = 0;
        using var provider = MetadataReaderProvider.FromPortablePdbStream(pdb);
        var reader = provider.GetMetadataReader();
        var sourceLinkKind = new Guid("CC110556-A091-4D38-9FEC-25AB9A351A6A");
        var sourceLink = reader.CustomDebugInformation.Select(reader.GetCustomDebugInformation)
            .Where(info => reader.GetGuid(info.Kind) == sourceLinkKind)
            .Select(info => Encoding.UTF8.GetString(reader.GetBlobBytes(info.Value)))
            .Single();

        Assert.Contains($"https://raw.githubusercontent.com/paystate/paystate/{_commit}/*", sourceLink, StringComparison.Ordinal);
    }

    private static XDocument Nuspec(ZipArchive package, string id) => XDocument.Parse(Text(package, $"{id}.nuspec"));

    private static string Text(ZipArchive package, string name)
    {
        using var reader = new StreamReader(package.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }

    private static async Task<string> RunAsync(string file, string[] arguments, string directory)
    {
        Directory.CreateDirectory(directory);
        var start = new ProcessStartInfo(file, arguments) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)} exited {process.ExitCode}:\n{await output}\n{await error}");
        return await output;
    }
}
