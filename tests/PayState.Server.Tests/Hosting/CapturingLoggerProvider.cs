using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace PayState.Server.Tests.Hosting;

/// One captured log entry: its rendered text and every structured property it carried, its own and its scopes'.
public sealed record CapturedLog(string Category, LogLevel Level, string Text, IReadOnlyList<KeyValuePair<string, string?>> Properties)
{
    public string? Property(string name) => Properties.FirstOrDefault(p => p.Key == name).Value;
}

/// Keeps every entry the server logs, scopes included, as a log store fed by the JSON formatter would see them.
public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<CapturedLog> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = new List<KeyValuePair<string, string?>>();
            var text = new List<string> { formatter(state, exception), exception?.ToString() ?? "" };
            Collect(state, properties, text);
            provider._scopes.ForEachScope((scope, _) => Collect(scope, properties, text), (object?)null);
            provider._entries.Enqueue(new CapturedLog(category, logLevel, string.Join(" | ", text), properties));
        }

        private static void Collect(object? state, List<KeyValuePair<string, string?>> properties, List<string> text)
        {
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (var (key, value) in pairs)
                {
                    var rendered = Convert.ToString(value, CultureInfo.InvariantCulture);
                    properties.Add(new(key, rendered));
                    text.Add(rendered ?? "");
                }
            }
            text.Add(Convert.ToString(state, CultureInfo.InvariantCulture) ?? "");
        }
    }
}
