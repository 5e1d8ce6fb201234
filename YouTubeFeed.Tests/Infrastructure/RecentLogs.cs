using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace YouTubeFeed.Tests.Infrastructure;

/// <summary>
/// Keeps the app's last log lines (resource output included) so a failed start can show them, and writes them to
/// the test's output too when given one (shown with a failed test).
/// </summary>
public sealed class RecentLogs(ITestOutputHelper? output = null) : ILoggerProvider
{
    private const int Capacity = 400;
    private readonly ConcurrentQueue<string> _lines = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public IReadOnlyList<string> Lines => [.. _lines];

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        try
        {
            output?.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test has ended; a background service logged after it.
        }

        _lines.Enqueue(line);
        while (_lines.Count > Capacity && _lines.TryDequeue(out _))
        {
        }
    }

    private sealed class Logger(RecentLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : " | " + exception.GetType().Name + ": " + exception.Message)}");
            }
        }
    }
}
