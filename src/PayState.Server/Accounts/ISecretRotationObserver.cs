namespace PayState.Server.Accounts;

/// Hears of a terminal's secrets rotated on this process, so that what keeps them beyond a request (the dispatcher's
/// signing keys) reads them again at once instead of when its copy goes stale.
public interface ISecretRotationObserver
{
    void Rotated(string terminalId);
}
