namespace PayState.Server.Tests.Support;

public static class TheoryPairs
{
    /// Every (from, to) pair of the values: a state machine's whole transition table, allowed moves or not.
    public static TheoryData<string, string> Of(IEnumerable<string> values)
    {
        var list = values.ToList();
        var data = new TheoryData<string, string>();
        foreach (var from in list)
        {
            foreach (var to in list) data.Add(from, to);
        }
        return data;
    }
}
