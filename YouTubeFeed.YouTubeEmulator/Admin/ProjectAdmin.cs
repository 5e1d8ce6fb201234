using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using YouTubeFeed.YouTubeEmulator.Quota;

namespace YouTubeFeed.YouTubeEmulator.Admin;

/// <param name="Keys">Exactly the project's keys (they share its bucket); absent: unchanged. The body holds
/// keys, so like every body it is never logged.</param>
/// <param name="DailyUnits">Of the search bucket. Absent: unchanged (a new project gets DailyUnitsPerProject).</param>
/// <param name="GeneralDailyUnits">Of the general bucket (videos.list). Absent: unchanged (a new project gets
/// DailyGeneralUnitsPerProject).</param>
/// <param name="ApiEnabled">Whether the YouTube Data API is enabled for the project; absent: unchanged.</param>
/// <param name="EnableAt">The API becomes enabled at this (virtual) time: a key that starts working later.</param>
internal sealed record ProjectUpdate(
    IReadOnlyList<string>? Keys,
    int? DailyUnits,
    bool? ApiEnabled,
    DateTimeOffset? EnableAt,
    int? GeneralDailyUnits = null);

internal static class ProjectAdmin
{
    public static void MapProjectAdmin(this RouteGroupBuilder admin)
    {
        admin.MapGet("/projects", (ProjectRegistry projects) => TypedResults.Ok(projects.ListProjects()));
        admin.MapPut("/projects/{name}", Upsert);
    }

    private static Results<Ok<ProjectStatus>, ValidationProblem> Upsert(string name, [FromBody] ProjectUpdate? update, ProjectRegistry projects)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(name))
        {
            errors["name"] = ["A project needs a name."];
        }

        if (update?.DailyUnits < 0)
        {
            errors["dailyUnits"] = ["Must not be negative."];
        }

        if (update?.GeneralDailyUnits < 0)
        {
            errors["generalDailyUnits"] = ["Must not be negative."];
        }

        if (update?.Keys?.Any(string.IsNullOrWhiteSpace) == true)
        {
            errors["keys"] = ["Keys must not be blank."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(projects.UpsertProject(
            name.Trim(),
            update?.Keys,
            update?.DailyUnits,
            update?.GeneralDailyUnits,
            update?.ApiEnabled,
            update?.EnableAt));
    }
}
