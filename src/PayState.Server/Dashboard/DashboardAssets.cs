using System.Reflection;

namespace PayState.Server.Dashboard;

/// The dashboard's stylesheet and script, embedded in the assembly: nothing to build, nothing to deploy beside it.
public static class DashboardAssets
{
    private static readonly Dictionary<string, (byte[] Bytes, string ContentType)> Files = Load();

    public static IResult Serve(string name) =>
        Files.TryGetValue(name, out var file) ? Results.Bytes(file.Bytes, file.ContentType) : Results.NotFound();

    private static Dictionary<string, (byte[], string)> Load()
    {
        const string prefix = "PayState.Server.Dashboard.Assets.";
        var assembly = Assembly.GetExecutingAssembly();
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var name = resource[prefix.Length..];
            files[name] = (copy.ToArray(), name.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8");
        }
        return files;
    }
}
