using Microsoft.Data.Sqlite;
using PayState.Client.Webhooks;

namespace PayState.Client.Tests.Webhooks;

// The state stores the receiver tests run against: the same behaviour is expected of each.
internal static class StoreKinds
{
    public const string Memory = "memory";
    public const string Sqlite = "sqlite";

    private static readonly System.Collections.Concurrent.ConcurrentBag<string> Files = CleanUpOnExit();

    public static TheoryData<string> All => new() { Memory, Sqlite };

    public static async Task<IWebhookStateStore> CreateAsync(string kind)
    {
        if (kind == Memory) return new InMemoryWebhookStateStore();
        var path = Path.Combine(Path.GetTempPath(), $"paystate-client-{Guid.NewGuid():N}.db");
        Files.Add(path);
        var store = new SqlWebhookStateStore(() => new SqliteConnection($"Data Source={path};Default Timeout=30"));
        await store.EnsureCreatedAsync();
        return store;
    }

    // The SQLite files go when the test run ends.
    private static System.Collections.Concurrent.ConcurrentBag<string> CleanUpOnExit()
    {
        var files = new System.Collections.Concurrent.ConcurrentBag<string>();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in files)
            {
                try { File.Delete(file); }
                catch (IOException) { /* best effort */ }
            }
        };
        return files;
    }
}
