namespace PayState.Server.Lifecycle;

/// A part of an object's dashboard page that its kind draws (an order's chain payment): a Razor component and the
/// parameters it is rendered with.
public sealed record ObjectPanel(Type Component, IDictionary<string, object> Parameters);
