using System.CommandLine;

namespace PayState.Cli;

/// <summary>
/// What a command line that does not parse prints: for a mistyped command one line naming it and the nearest command
/// (<c>'order' is not a paystate command. Did you mean 'orders'?</c>), otherwise each error once.
/// </summary>
internal static class UsageErrors
{
    public static IReadOnlyList<string> Describe(ParseResult parseResult)
    {
        var command = parseResult.CommandResult.Command;
        if (command.Subcommands.Count > 0 && parseResult.UnmatchedTokens is [var typed, ..] && !typed.StartsWith('-'))
        {
            // The root is named after the executable (testhost in a test run): always paystate here.
            var path = string.Join(' ', command.Parents().Reverse().Append(command).Where(c => c is not RootCommand).Select(c => c.Name).Prepend("paystate"));
            var names = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
            return [Nearest(typed, names) is { } nearest
                ? $"'{typed}' is not a {path} command. Did you mean '{nearest}'?"
                : $"'{typed}' is not a {path} command; the commands are {string.Join(", ", names)}."];
        }
        return [.. parseResult.Errors.Select(e => e.Message).Distinct()];
    }

    /// The closest name within a few edits (or one the typed word starts, or that starts it), if any.
    private static string? Nearest(string typed, IReadOnlyList<string> names)
    {
        var best = names.Select(n => (Name: n, Distance: Distance(typed.ToLowerInvariant(), n)))
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault();
        if (best.Name is null) return null;
        var close = best.Distance <= Math.Max(2, typed.Length * 2 / 5)
            || best.Name.StartsWith(typed, StringComparison.OrdinalIgnoreCase) || typed.StartsWith(best.Name, StringComparison.OrdinalIgnoreCase);
        return close ? best.Name : null;
    }

    /// Levenshtein distance: insertions, deletions and substitutions.
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }

    private static IEnumerable<Command> Parents(this Command command)
    {
        for (var parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null; parent = parent.Parents.OfType<Command>().FirstOrDefault())
            yield return parent;
    }
}
