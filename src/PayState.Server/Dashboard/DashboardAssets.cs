using System.Reflection;

namespace PayState.Server.Dashboard;

/// The dashboard's stylesheet, script and icon, embedded in the assembly: nothing to build, nothing to deploy beside
/// it, and every page's style and script come from here (no inline ones), so a strict Content-Security-Policy holds.
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
            files[name] = (copy.ToArray(), ContentType(name));
        }
        return files;
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "text/css; charset=utf-8",
    };
}
