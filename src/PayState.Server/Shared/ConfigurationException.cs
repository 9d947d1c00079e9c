namespace PayState.Server.Shared;

/// A setting the server cannot start with. The message names the key and what it takes: the server prints it as
/// one line and exits 1, since a stack trace says nothing more to the person who set it.
public sealed class ConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
