using PayState.Server.Delivery;

namespace PayState.Server.Dashboard;

/// The dashboard's writes, inside one store transaction (IDashboardStore.WriteAsync).
public interface IDashboardTransaction : IDeliveryTransaction
{
    void InsertDashboardSession(DashboardSessionRecord value);

    void DeleteDashboardSession(byte[] id);

    /// Keeps a request the sandbox inbox received, and only the latest keep of them.
    void InsertInboxMessage(string name, DateTimeOffset receivedAt, string headers, string body, int keep);
}
