using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace YouTubeFeed.Tests.Infrastructure;

/// <summary>
/// The tests' one logger provider: keeps each log line (time, level, category, message, structured values, exception)
/// and each scope, for assertions (a secret must appear in none) and for the message of a failed start, and writes
/// them to the test's output when given one (shown with a failed test).
/// </summary>
/// <param name="minimumLevel">Lines below it are not kept.</param>
/// <param name="capacity">How many lines are kept; the oldest go first.</param>
/// <param name="output">The test's output, or null.</param>
public class TestLogs(LogLevel minimumLevel = LogLevel.Trace, int capacity = int.MaxValue, ITestOutputHelper? output = null) : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>The lowest level kept; scopes are kept at <see cref="LogLevel.Trace"/> only.</summary>
    public LogLevel MinimumLevel { get; } = minimumLevel;

    /// <summary>The lines kept, oldest first.</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
        GC.SuppressFinalize(this);
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
        while (_lines.Count > capacity && _lines.TryDequeue(out _))
        {
        }
    }

    private static string Describe<TState>(TState state) =>
        state is IEnumerable<KeyValuePair<string, object?>> values
            ? string.Join("; ", values.Where(pair => pair.Key != "{OriginalFormat}").Select(pair => $"{pair.Key}={pair.Value}"))
            : state?.ToString() ?? "";

    private sealed class Logger(TestLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            if (owner.MinimumLevel <= LogLevel.Trace)
            {
                owner.Add($"{DateTime.UtcNow:HH:mm:ss.fff} scope {category}: {Describe(state)}");
            }

            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= owner.MinimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var values = Describe(state);
            owner.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}"
                + (values.Length > 0 ? $" | {values}" : "")
                + (exception is null ? "" : $" | {exception}"));
        }
    }
}
