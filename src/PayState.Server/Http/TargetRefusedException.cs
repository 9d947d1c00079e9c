namespace PayState.Server.Http;

/// A webhook target that resolves into the server's own networks, refused at send time.
public sealed class TargetRefusedException(string message) : Exception(message);
