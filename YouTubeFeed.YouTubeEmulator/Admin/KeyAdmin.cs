using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using YouTubeFeed.YouTubeEmulator.Quota;

namespace YouTubeFeed.YouTubeEmulator.Admin;

/// <param name="DailyUnits">Absent: unchanged (a new key gets the configured default).</param>
/// <param name="Invalid">Absent: unchanged (a new key is valid).</param>
internal sealed record KeyUpdate(int? DailyUnits, bool? Invalid);

internal static class KeyAdmin
{
    public static void MapKeyAdmin(this RouteGroupBuilder admin)
    {
        admin.MapPut("/keys/{key}", Upsert);
        admin.MapGet("/keys", (KeyRegistry keys) => TypedResults.Ok(keys.List()));
        admin.MapPost("/quota/reset", (KeyRegistry keys) =>
        {
            keys.ResetSpent();
            return TypedResults.Ok(keys.List());
        });
    }

    private static Results<Ok<KeyStatus>, ValidationProblem> Upsert(string key, [FromBody] KeyUpdate? update, KeyRegistry keys)
    {
        if (update?.DailyUnits < 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["dailyUnits"] = ["Must not be negative."],
            });
        }

        return TypedResults.Ok(keys.Upsert(key, update?.DailyUnits, update?.Invalid));
    }
}
