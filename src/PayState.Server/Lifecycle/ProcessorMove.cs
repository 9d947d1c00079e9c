namespace PayState.Server.Lifecycle;

/// A move the processor may make on an object in its current state: what it is called, and what names it when
/// it is asked for (IObjectKind.MakeMove).
public sealed record ProcessorMove(string Label, string Value);

/// How a state reads at a glance: still moving, ended well, ended badly, or ended neither way.
public enum StateTone
{
    Active,
    Succeeded,
    Failed,
    Ended,
}

public static class Alternatives
{
    /// "A", "A or B", "A, B or C".
    public static string Either(IReadOnlyList<string> names) =>
        names.Count <= 1 ? string.Concat(names) : $"{string.Join(", ", names.Take(names.Count - 1))} or {names[^1]}";
}
