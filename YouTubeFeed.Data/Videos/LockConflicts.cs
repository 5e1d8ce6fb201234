using MySqlConnector;

namespace YouTubeFeed.Data.Videos;

/// <summary>The retry that every writing transaction here shares.</summary>
internal static class LockConflicts
{
    private const int MaxAttempts = 3;

    /// <summary>
    /// Runs <paramref name="transaction"/> again, up to three times in all, when InnoDB answers a deadlock or a
    /// lock wait timeout. Safe because each attempt ends its own transaction on failure (InnoDB rolls a deadlock
    /// victim back; the callers roll back on anything else), so a retry starts from nothing.
    /// </summary>
    public static async Task<T> RetryAsync<T>(Func<Task<T>> transaction)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await transaction();
            }
            catch (MySqlException exception) when (exception.ErrorCode is MySqlErrorCode.LockDeadlock or MySqlErrorCode.LockWaitTimeout
                                                   && attempt < MaxAttempts)
            {
            }
        }
    }
}
