using System.Diagnostics;

namespace YouTubeFeed.AppHost.Backends;

/// <summary>Finds out whether a container engine answers (not just whether its CLI is installed).</summary>
internal static class ContainerRuntime
{
    public static string? FindAnswering()
    {
        foreach (var cli in new[] { "docker", "podman" })
        {
            if (Answers(cli))
            {
                return cli;
            }
        }

        return null;
    }

    private static bool Answers(string cli)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(cli, "info --format {{.ID}}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return false;
            }

            if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // the CLI is not installed
        }
    }
}
