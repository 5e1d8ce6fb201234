using System.Globalization;
using System.Text;
using YouTubeFeed.Simulation.Measurement;
using YouTubeFeed.Simulation.Scenarios;

namespace YouTubeFeed.Simulation.Reporting;

/// <summary>An SVG of the measured day: calls spent (top) and videos stored (bottom), one line per policy.</summary>
internal static class DayChart
{
    private static readonly string[] Colors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"];

    public static string Render(Scenario scenario, IReadOnlyList<PolicyOutcome> outcomes)
    {
        const int width = 760, panel = 220, left = 60, top = 40, gap = 60, plotWidth = 660;
        var hours = scenario.Length.TotalHours;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{top + (2 * panel) + gap + 70}" font-family="sans-serif" font-size="12">""").AppendLine();
        svg.Append(CultureInfo.InvariantCulture, $"""<rect width="100%" height="100%" fill="white"/><text x="{left}" y="20" font-size="14">{Escape(scenario.Name)}: {Escape(scenario.Title)}</text>""").AppendLine();
        Panel(svg, "calls spent (cumulative)", top, o => o.CallCurve.Select(p => (p.Hour, (double)p.Calls)).ToList());
        Panel(svg, "videos of the day stored (cumulative)", top + panel + gap, o => o.StoredCurve.Select(p => (p.Hour, (double)p.Stored)).ToList());
        for (var i = 0; i < outcomes.Count; i++)
        {
            var y = top + (2 * panel) + gap + 40;
            var x = left + (i * 230);
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{x}" y1="{y}" x2="{x + 20}" y2="{y}" stroke="{Colors[i % Colors.Length]}" stroke-width="3"/><text x="{x + 26}" y="{y + 4}">{Escape(outcomes[i].Policy)}</text>""").AppendLine();
        }

        svg.AppendLine("</svg>");
        return svg.ToString();

        void Panel(StringBuilder target, string title, int y0, Func<PolicyOutcome, List<(double Hour, double Value)>> series)
        {
            var max = Math.Max(1, outcomes.SelectMany(o => series(o)).Max(p => p.Value));
            target.Append(CultureInfo.InvariantCulture, $"""<text x="{left}" y="{y0 - 8}">{Escape(title)}</text><rect x="{left}" y="{y0}" width="{plotWidth}" height="{panel}" fill="none" stroke="#999"/>""").AppendLine();
            for (var h = 0; h <= hours; h += 3)
            {
                var x = left + (plotWidth * h / hours);
                target.Append(CultureInfo.InvariantCulture, $"""<line x1="{x:0.#}" y1="{y0 + panel}" x2="{x:0.#}" y2="{y0 + panel + 4}" stroke="#999"/><text x="{x - 8:0.#}" y="{y0 + panel + 16}">{h:00}h</text>""").AppendLine();
            }

            target.Append(CultureInfo.InvariantCulture, $"""<text x="{left - 6}" y="{y0 + 10}" text-anchor="end">{max:0}</text><text x="{left - 6}" y="{y0 + panel}" text-anchor="end">0</text>""").AppendLine();
            for (var i = 0; i < outcomes.Count; i++)
            {
                var points = string.Join(" ", series(outcomes[i]).Select(p =>
                    string.Create(CultureInfo.InvariantCulture, $"{left + (plotWidth * p.Hour / hours):0.#},{y0 + panel - (panel * p.Value / max):0.#}")));
                target.Append(CultureInfo.InvariantCulture, $"""<polyline fill="none" stroke="{Colors[i % Colors.Length]}" stroke-width="2" points="{points}"/>""").AppendLine();
            }
        }
    }

    private static string Escape(string text) => System.Security.SecurityElement.Escape(text) ?? "";
}
