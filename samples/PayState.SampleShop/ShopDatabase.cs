using Microsoft.Data.Sqlite;

namespace PayState.SampleShop;

/// The shop's SQLite file (Shop:Database), which also holds PayState's state and cursor tables.
public static class ShopDatabase
{
    public static string ConnectionString(IConfiguration configuration) =>
        $"Data Source={configuration["Shop:Database"] ?? "shop.db"};Default Timeout=30";

    public static SqliteConnection Open(IConfiguration configuration)
    {
        var connection = new SqliteConnection(ConnectionString(configuration));
        connection.Open();
        return connection;
    }

    public static async Task EnsureCreatedAsync(IConfiguration configuration)
    {
        await using var connection = Open(configuration);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "CREATE TABLE IF NOT EXISTS shop_orders (uuid TEXT PRIMARY KEY, cart TEXT NOT NULL, status TEXT NOT NULL);" +
            "CREATE TABLE IF NOT EXISTS shop_checkouts (uuid TEXT PRIMARY KEY, cart TEXT NOT NULL, state TEXT NOT NULL);";
        await command.ExecuteNonQueryAsync();
    }
}
