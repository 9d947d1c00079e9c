using System.Text;
using System.Text.RegularExpressions;

namespace PayState.Server.Accounts;

/// What a newcomer needs to call the sandbox, as the variables the CLI and scripts/paystate-curl read.
public sealed record SandboxCredentials(
    string Url, string MerchantId, string TerminalUuid, string ApiKey, string ApiSecret, string WebhookSecret, string AdminToken, string ProcessorToken)
{
    /// The variables, in the file's order.
    public static readonly IReadOnlyList<string> Names =
    [
        "PAYSTATE_URL", "PAYSTATE_MERCHANT_ID", "PAYSTATE_TERMINAL_UUID", "PAYSTATE_API_KEY", "PAYSTATE_API_SECRET", "PAYSTATE_WEBHOOK_SECRET",
        "PAYSTATE_ADMIN_TOKEN", "PAYSTATE_PROCESSOR_TOKEN",
    ];

    public IEnumerable<(string Name, string Value)> Variables =>
        Names.Zip([Url, MerchantId, TerminalUuid, ApiKey, ApiSecret, WebhookSecret, AdminToken, ProcessorToken]);
}

/// The sandbox credentials as a file a shell can `source`, beside the database and readable by its owner only:
/// the printout on the first start is no longer the only copy. The paystate CLI reads it too.
public static partial class SandboxCredentialsFile
{
    /// Beside a SQLite file, named after it (paystate.db: paystate.env); PostgreSQL has no file, so the working directory.
    public static string DefaultPath(string database)
    {
        if (database.Contains("Host=", StringComparison.OrdinalIgnoreCase)) return Path.GetFullPath("paystate.env");
        var full = Path.GetFullPath(database);
        var path = Path.ChangeExtension(full, ".env");
        return path == full ? full + ".env" : path;
    }

    /// Written whole under a temporary name and renamed, so a reader never sees half a file; mode 0600 from creation.
    public static void Write(string path, SandboxCredentials credentials, string database)
    {
        var text = new StringBuilder()
            .Append("# PayState sandbox credentials for ").Append(database).Append(", written by the server at each sandbox start.\n")
            .Append("# Load them into a shell with: source ").Append(path).Append('\n');
        foreach (var (name, value) in credentials.Variables) text.Append("export ").Append(name).Append('=').Append(Quoted(value)).Append('\n');
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new FileStream(temporary, options))
        {
            file.Write(Encoding.UTF8.GetBytes(text.ToString()));
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// As is when the shell reads it so; otherwise single-quoted, a quote inside written as '\''.
    public static string Quoted(string value) =>
        PlainWord().IsMatch(value) ? value : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex("^[A-Za-z0-9_./:+=@%,-]+$")]
    private static partial Regex PlainWord();
}
