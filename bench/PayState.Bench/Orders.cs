namespace PayState.Bench;

/// Acquiring orders made ready for a run, their webhooks aimed at the rig's receiver.
public static class Orders
{
    public static async Task<string[]> CreateAsync(Rig rig, int count)
    {
        var orders = new string[count];
        await Load.RunAsync(count, Rig.Concurrency, async i => orders[i] = await rig.ApiFor(i).CreateOrderAsync(rig.Receiver.Url));
        return orders;
    }
}
