using System.Text;

namespace PayState.Cli;

/// <summary>
/// The sandbox credentials file the server writes beside its database (<c>paystate.env</c>, shell <c>export</c> lines):
/// the CLI takes from it each PAYSTATE_* variable that is unset, so a newcomer copies no secret by hand.
/// </summary>
internal static class CredentialsFile
{
    public const string Variable = "PAYSTATE_CREDENTIALS_FILE";

    /// Where it is looked for when PAYSTATE_CREDENTIALS_FILE is unset: the working directory, then where
    /// <c>dotnet run --project src/PayState.Server</c> puts it, seen from the repository's root.
    public static readonly string[] DefaultPaths = ["paystate.env", Path.Combine("src", "PayState.Server", "paystate.env")];

    /// The variables of the first file that exists (none when none does).
    public static IReadOnlyDictionary<string, string> Find(string? configured)
    {
        foreach (var path in configured is { Length: > 0 } ? [configured] : DefaultPaths)
        {
            if (File.Exists(path)) return Parse(File.ReadAllLines(path));
        }
        return new Dictionary<string, string>();
    }

    /// <c>[export ]NAME=value</c> lines, the value as a shell reads it: plain, 'single-quoted' (a quote inside
    /// written '\''), or "double-quoted"; comments and anything else are skipped.
    public static Dictionary<string, string> Parse(IEnumerable<string> lines)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.StartsWith("export ", StringComparison.Ordinal)) line = line["export ".Length..].TrimStart();
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (line.StartsWith('#') || equals <= 0) continue;
            variables[line[..equals]] = Unquote(line[(equals + 1)..]);
        }
        return variables;
    }

    private static string Unquote(string value)
    {
        var text = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is '\'' or '"')
            {
                var end = value.IndexOf(c, i + 1);
                if (end < 0) end = value.Length;
                text.Append(value, i + 1, end - i - 1);
                i = end;
            }
            else if (c == '\\' && i + 1 < value.Length)
            {
                text.Append(value[++i]);
            }
            else
            {
                text.Append(c);
            }
        }
        return text.ToString();
    }
}
