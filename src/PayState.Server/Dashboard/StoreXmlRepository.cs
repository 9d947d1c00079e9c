using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using PayState.Server.Storage;

namespace PayState.Server.Dashboard;

/// Keeps ASP.NET Core Data Protection's keys (what antiforgery tokens are protected with) in the database, so
/// every process on one database accepts the tokens of the others, and a restart keeps them valid.
public sealed class StoreXmlRepository(IStore store) : IXmlRepository
{
    private const string Setting = "dataprotection_keys";

    // Data Protection calls this synchronously, and rarely: at start and when its cached key ring expires.
    public IReadOnlyCollection<XElement> GetAllElements() =>
        Parse(store.GetSettingAsync(Setting, CancellationToken.None).GetAwaiter().GetResult()).Elements().ToList();

    // Called when a key is created (every 90 days): read, add and write in one transaction, so two processes
    // creating a key at once keep both.
    public void StoreElement(XElement element, string friendlyName) =>
        store.WriteAsync(tx =>
        {
            var keys = Parse(tx.GetSetting(Setting));
            keys.Add(element);
            tx.SetSetting(Setting, keys.ToString(SaveOptions.DisableFormatting));
            return true;
        }).GetAwaiter().GetResult();

    private static XElement Parse(string? xml) => xml is null ? new XElement("keys") : XElement.Parse(xml);
}
