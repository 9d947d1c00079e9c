using System.Reflection;

namespace PayState.Server.Storage;

/// The numbered SQL files embedded for one database, in order.
public static class MigrationScripts
{
    public static IReadOnlyList<(int Version, string Name, string Sql)> Load(string database)
    {
        var prefix = $"PayState.Server.Storage.Migrations.{database}.";
        var assembly = Assembly.GetExecutingAssembly();
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n[prefix.Length..];
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return (int.Parse(name[..name.IndexOf('_', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture), name, reader.ReadToEnd());
            })
            .OrderBy(m => m.Item1)
            .ToList();
    }
}
