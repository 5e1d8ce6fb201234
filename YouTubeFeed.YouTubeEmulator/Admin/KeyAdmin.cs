using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using YouTubeFeed.YouTubeEmulator.Quota;

namespace YouTubeFeed.YouTubeEmulator.Admin;

/// <param name="DailyUnits">The daily units of the key's project. Absent: unchanged (a new key is a project of
/// its own with the configured default).</param>
/// <param name="Invalid">Absent: unchanged (a new key is valid).</param>
/// <param name="Expired">Absent: unchanged (a new key has not expired).</param>
internal sealed record KeyUpdate(int? DailyUnits, bool? Invalid, bool? Expired);

internal static class KeyAdmin
{
    public static void MapKeyAdmin(this RouteGroupBuilder admin)
    {
        admin.MapPut("/keys/{key}", Upsert);
        admin.MapGet("/keys", (ProjectRegistry projects) => TypedResults.Ok(projects.ListKeys()));
        admin.MapPost("/quota/reset", (ProjectRegistry projects) =>
        {
            projects.ResetSpent();
            return TypedResults.Ok(projects.ListKeys());
        });
    }

    private static Results<Ok<KeyStatus>, ValidationProblem> Upsert(string key, [FromBody] KeyUpdate? update, ProjectRegistry projects)
    {
        if (update?.DailyUnits < 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["dailyUnits"] = ["Must not be negative."],
            });
        }

        return TypedResults.Ok(projects.UpsertKey(key, update?.DailyUnits, update?.Invalid, update?.Expired));
    }
}
